"""Raw emails too large for email.raw, stored by key until the parser reads them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.db.models import RawEmailBlob


def store_raw_blob(session: Session, *, key: str, tenant_id: int, raw: bytes) -> None:
    session.execute(
        insert(RawEmailBlob).values(key=key, tenant_id=tenant_id, raw=raw).on_conflict_do_nothing()
    )


def load_raw_blob(session: Session, *, key: str) -> bytes | None:
    return session.scalar(select(RawEmailBlob.raw).where(RawEmailBlob.key == key))
