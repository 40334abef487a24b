"""The same message in several mailboxes of one tenant: which emails another mailbox already
recorded, inside the caller's transaction.

Each email's (tenant, message key) is locked for the rest of the transaction (advisory, in one
order), so two jobwriters that get the same blast from two mailboxes at once cannot both take
it for jobs: the second waits, then finds the first one's ledger row. Never across tenants: the
key is looked up within the email's tenant only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy.orm import Session

from schemas.contracts.models import ParsedEmail
from services.db import dbapi
from services.db.advisory_locks import LockName, lock_all
from services.domain.messages import message_key

# an email: (integration, provider message id)
EmailRef = tuple[int, str]


def seen_in_other_mailboxes(
    session: Session, *, emails: Sequence[ParsedEmail], also_lock: Iterable[LockName] = ()
) -> set[EmailRef]:
    """The emails whose message another mailbox of their tenant recorded before, or an earlier
    email of ``emails`` from another mailbox carries. The first mailbox's ledger row wins, so a
    redelivery gets the same answer as the first time. ``also_lock``: names the caller's
    transaction will lock next, taken after the message keys in the same statement; the
    locks go in the lookup's round trip (one instead of two), before it."""
    keyed = [
        (parsed, key)
        for parsed in emails
        if (key := message_key(parsed.message_id, parsed.body_digest)) is not None
    ]
    lock_all(
        session,
        ((parsed.tenant_id, f"msg|{key}") for parsed, key in keyed),
        also_lock,
        with_next=True,
    )
    recorded = _first_recorded(session, {(parsed.tenant_id, key) for parsed, key in keyed})
    dbapi.send_pending(session)  # held when there was nothing to look up
    seen: set[EmailRef] = set()
    first_mailbox: dict[tuple[int, str], int] = {}
    for parsed, key in keyed:
        ref = (parsed.integration_id, parsed.provider_message_id)
        earlier = first_mailbox.setdefault((parsed.tenant_id, key), parsed.integration_id)
        # another mailbox recorded the message before this one did (or this one has not yet):
        # the same answer on a redelivery as the first time
        first = recorded.get((parsed.tenant_id, key))
        if earlier != parsed.integration_id or (first is not None and first != ref):
            seen.add(ref)
    return seen


# every batch asks (services.db.dbapi: the keys render as the IN's row list)
_FIRST_RECORDED = (
    "SELECT DISTINCT ON (tenant_id, message_key)"
    " tenant_id, message_key, integration_id, provider_message_id"
    " FROM processed_emails WHERE (tenant_id, message_key) IN %(keys)s"
    " ORDER BY tenant_id, message_key, id"
)


def _first_recorded(
    session: Session, keys: set[tuple[int, str]]
) -> dict[tuple[int, str], EmailRef]:
    """The first ledger row's email of each (tenant, message key), one query for all."""
    if not keys:
        return {}
    rows = dbapi.fetch_all(session, _FIRST_RECORDED, {"keys": tuple(sorted(keys))})
    return {
        (tenant, key): (integration, message)
        for tenant, key, integration, message in rows
        if key is not None
    }
