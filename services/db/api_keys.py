"""Tenants' API keys: only the SHA-256 of a key is stored. Keyword-only functions taking a
Session; callers own the transaction (services.db.session)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, delete, func, or_, select
from sqlalchemy.orm import Session

from services.db.models import ApiKey, ApiSession
from services.db.tokens import hash_token, new_token

API_KEY_PREFIX = "rqs_"
API_KEY_DISPLAY_CHARS = 8


def hash_api_key(raw_key: str) -> str:
    return hash_token(raw_key)


def create_api_key(
    session: Session, *, tenant_id: int, name: str, expires_at: datetime | None = None
) -> tuple[str, ApiKey]:
    """A new key for ``tenant_id``: the raw key (show it once, it is not stored) and its row."""
    raw_key = new_token(API_KEY_PREFIX)
    row = ApiKey(
        tenant_id=tenant_id,
        name=name,
        key_prefix=raw_key[:API_KEY_DISPLAY_CHARS],
        key_hash=hash_api_key(raw_key),
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    return raw_key, row


def key_is_live(now: datetime | None = None) -> ColumnElement[bool]:
    """The SQL condition for a usable key: not revoked, not expired (at ``now``, else the
    database's clock)."""
    at = now if now is not None else func.now()
    return and_(
        ApiKey.revoked_at.is_(None), or_(ApiKey.expires_at.is_(None), ApiKey.expires_at > at)
    )


def live_api_key(session: Session, *, raw_key: str, now: datetime | None = None) -> ApiKey | None:
    """The row of a live key, else None (unknown, revoked or expired)."""
    if not raw_key:
        return None
    return session.scalar(
        select(ApiKey).where(ApiKey.key_hash == hash_api_key(raw_key), key_is_live(now))
    )


def tenant_for_api_key(
    session: Session, *, raw_key: str, now: datetime | None = None
) -> int | None:
    """The tenant of a live key, else None."""
    row = live_api_key(session, raw_key=raw_key, now=now)
    return None if row is None else row.tenant_id


def list_api_keys(session: Session, *, tenant_id: int | None = None) -> list[ApiKey]:
    """Keys oldest first, revoked ones included; one tenant's, or everyone's (operators)."""
    stmt = select(ApiKey).order_by(ApiKey.id)
    if tenant_id is not None:
        stmt = stmt.where(ApiKey.tenant_id == tenant_id)
    return list(session.scalars(stmt))


def revoke_api_key(
    session: Session, *, key_id: int, now: datetime, tenant_id: int | None = None
) -> ApiKey | None:
    """Revoke a key (once: a second revoke keeps the first time) and end its browser sessions.
    None when there is no such key, or it belongs to another tenant than ``tenant_id``."""
    row = session.get(ApiKey, key_id, with_for_update=True)
    if row is None or (tenant_id is not None and row.tenant_id != tenant_id):
        return None
    if row.revoked_at is None:
        row.revoked_at = now
    session.execute(delete(ApiSession).where(ApiSession.api_key_id == key_id))
    session.flush()
    return row
