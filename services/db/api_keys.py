"""Tenants' API keys: only the SHA-256 of a key is stored. Keyword-only functions taking a
Session; callers own the transaction (services.db.session)."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.db.models import ApiKey

API_KEY_PREFIX = "rqs_"
API_KEY_DISPLAY_CHARS = 8


def hash_api_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode("utf-8")).hexdigest()


def create_api_key(session: Session, *, tenant_id: int, name: str) -> tuple[str, ApiKey]:
    """A new key for ``tenant_id``: the raw key (show it once, it is not stored) and its row."""
    raw_key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(
        tenant_id=tenant_id,
        name=name,
        key_prefix=raw_key[:API_KEY_DISPLAY_CHARS],
        key_hash=hash_api_key(raw_key),
    )
    session.add(row)
    session.flush()
    return raw_key, row


def tenant_for_api_key(session: Session, *, raw_key: str) -> int | None:
    """The tenant of a live (unrevoked) key, else None.

    A lookup by SHA-256 needs no constant-time compare: timing reveals nothing about the key."""
    if not raw_key:
        return None
    return session.scalar(
        select(ApiKey.tenant_id).where(
            ApiKey.key_hash == hash_api_key(raw_key), ApiKey.revoked_at.is_(None)
        )
    )
