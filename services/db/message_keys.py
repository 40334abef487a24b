"""The same message in several mailboxes of one tenant: which emails another mailbox already
recorded, inside the caller's transaction.

Each email's (tenant, message key) is locked for the rest of the transaction (advisory, in one
order), so two jobwriters that get the same blast from two mailboxes at once cannot both take
it for jobs: the second waits, then finds the first one's ledger row. Never across tenants: the
key is looked up within the email's tenant only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
    return look_up(session, emails=emails, also_lock=also_lock).seen


@dataclass(frozen=True)
class Lookup:
    seen: set[EmailRef]  # as ``seen_in_other_mailboxes``
    owners: dict[int, tuple[int, int]]  # (tenant, user) of each existing integration asked


def look_up(
    session: Session,
    *,
    emails: Sequence[ParsedEmail],
    also_lock: Iterable[LockName] = (),
    owners_of: Iterable[int] = (),
) -> Lookup:
    """``seen_in_other_mailboxes``, and the owners of the integrations ``owners_of`` read in
    the same statement: a batch's checks in one round trip (its locks ahead of it)."""
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
    recorded, owners = _first_recorded(
        session, {(parsed.tenant_id, key) for parsed, key in keyed}, sorted(set(owners_of))
    )
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
    return Lookup(seen, owners)


# every batch asks (services.db.dbapi: the keys render as the IN's row list); the owners' rows
# ride along, told apart by their first column
_FIRST_RECORDED = (
    "SELECT DISTINCT ON (tenant_id, message_key)"
    " tenant_id, message_key, integration_id, provider_message_id"
    " FROM processed_emails WHERE (tenant_id, message_key) IN %(keys)s"
    " ORDER BY tenant_id, message_key, id"
)
_FIRST_RECORDED_AND_OWNERS = (
    "SELECT false, tenant_id, message_key, integration_id, provider_message_id, NULL::integer"
    f" FROM ({_FIRST_RECORDED}) AS recorded"
    " UNION ALL SELECT true, tenant_id, NULL, id, NULL, user_id"
    " FROM email_integrations WHERE id = ANY(%(ids)s::integer[])"
)


def _first_recorded(
    session: Session, keys: set[tuple[int, str]], owners_of: Sequence[int]
) -> tuple[dict[tuple[int, str], EmailRef], dict[int, tuple[int, int]]]:
    """The first ledger row's email of each (tenant, message key), and the (tenant, user) of
    each integration of ``owners_of`` that exists: one query for all."""
    if not keys and not owners_of:
        return {}, {}
    rows = dbapi.fetch_all(
        session,
        _FIRST_RECORDED_AND_OWNERS,
        {"keys": dbapi.in_rows(sorted(keys), width=2), "ids": list(owners_of)},
    )
    recorded: dict[tuple[int, str], EmailRef] = {}
    owners: dict[int, tuple[int, int]] = {}
    for owner, tenant, key, integration, message, user in rows:
        if owner:
            owners[integration] = (tenant, user)
        elif key is not None:
            recorded[(tenant, key)] = (integration, message)
    return recorded, owners
