"""Transaction-scoped PostgreSQL advisory locks named by (tenant, text).

Taken in one sorted order and released at commit or rollback: writers that need several of the
same locks wait for each other instead of deadlocking. A hash collision only serializes two
unrelated names, never lets two holders in at once. One statement takes them all: a function
scan of the sorted arrays yields its rows in array order and each row's lock is taken as the
row is produced, so the order holds without a round trip per lock."""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session

_LOCK_IN_ORDER = text(
    "SELECT pg_advisory_xact_lock(t, k)"
    " FROM unnest(CAST(:tenants AS integer[]), CAST(:keys AS integer[])) AS lock_names(t, k)"
)


def lock_all(session: Session, names: Iterable[tuple[int, str]]) -> None:
    keys = sorted({(tenant, _signed32(zlib.crc32(name.encode()))) for tenant, name in names})
    if keys:
        session.execute(
            _LOCK_IN_ORDER,
            {"tenants": [tenant for tenant, _ in keys], "keys": [key for _, key in keys]},
        )


def _signed32(value: int) -> int:
    return value - (1 << 32) if value >= 1 << 31 else value
