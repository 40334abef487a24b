"""Transaction-scoped PostgreSQL advisory locks named by (tenant, text).

Taken in one sorted order and released at commit or rollback: writers that need several of the
same locks wait for each other instead of deadlocking. A hash collision only serializes two
unrelated names, never lets two holders in at once."""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session


def lock_all(session: Session, names: Iterable[tuple[int, str]]) -> None:
    keys = sorted({(tenant, _signed32(zlib.crc32(name.encode()))) for tenant, name in names})
    for tenant, key in keys:
        session.execute(
            text("SELECT pg_advisory_xact_lock(:tenant, :key)"), {"tenant": tenant, "key": key}
        )


def _signed32(value: int) -> int:
    return value - (1 << 32) if value >= 1 << 31 else value
