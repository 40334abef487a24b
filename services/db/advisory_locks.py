"""Transaction-scoped PostgreSQL advisory locks named by (tenant, text).

Taken in one order and released at commit or rollback: writers that need several of the same
locks wait for each other instead of deadlocking. The order is by group, then sorted within a
group (the jobwriter's message keys before the requirements' blocks and job ids, as when they
were two statements). A hash collision only serializes two unrelated names, never lets two
holders in at once. One statement takes them all: a function scan of the arrays yields its rows
in array order and each row's lock is taken as the row is produced, so the order holds without
a round trip per lock."""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from sqlalchemy.orm import Session

from services.db import dbapi

LockName = tuple[int, str]  # (tenant, name)

_LOCK_IN_ORDER = (
    "SELECT pg_advisory_xact_lock(t, k)"
    " FROM unnest(%(tenants)s::integer[], %(keys)s::integer[]) AS lock_names(t, k)"
)


def lock_all(session: Session, *groups: Iterable[LockName], with_next: bool = False) -> None:
    """Lock every name of every group: the groups in the order given, each one's names sorted
    (a name of an earlier group is not taken again). ``with_next``: in the round trip of the
    transaction's next statement (services.db.dbapi.send_with_next), before it."""
    keys: list[tuple[int, int]] = []
    taken: set[tuple[int, int]] = set()
    for names in groups:
        group = sorted({(tenant, _signed32(zlib.crc32(name.encode()))) for tenant, name in names})
        keys += [key for key in group if key not in taken]
        taken.update(group)
    if not keys:
        return
    params = {"tenants": [tenant for tenant, _ in keys], "keys": [key for _, key in keys]}
    if with_next:
        dbapi.send_with_next(session, _LOCK_IN_ORDER, params)
    else:
        dbapi.fetch_all(session, _LOCK_IN_ORDER, params)


def _signed32(value: int) -> int:
    return value - (1 << 32) if value >= 1 << 31 else value
