"""Raw emails too large for email.raw, stored by key until the parser reads them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.db.models import RawEmailBlob


def store_raw_blobs(
    session: Session, *, tenant_id: int, blobs: Sequence[tuple[str, bytes]]
) -> None:
    """Each (key, raw) once: a key already stored keeps its row (the key is the bytes' hash)."""
    if blobs:
        session.execute(
            insert(RawEmailBlob).on_conflict_do_nothing(),
            [{"key": key, "tenant_id": tenant_id, "raw": raw} for key, raw in blobs],
        )


def load_raw_blob(session: Session, *, key: str) -> bytes | None:
    return session.scalar(select(RawEmailBlob.raw).where(RawEmailBlob.key == key))
