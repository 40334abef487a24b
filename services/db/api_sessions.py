"""Read-only browser sessions for the run-history page, signed in with an API key.

The browser holds a random token in a cookie; only its SHA-256 is stored, tied to the key that
signed in. A session is accepted only while its key is live, so revoking the key ends it at
once. Keyword-only functions taking a Session; callers own the transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from services.db.api_keys import key_is_live
from services.db.models import ApiKey, ApiSession
from services.db.tokens import hash_token, new_token

API_SESSION_TTL = timedelta(hours=1)
SESSION_TOKEN_PREFIX = "rqss_"


def create_api_session(session: Session, *, api_key_id: int, now: datetime) -> str:
    """A new session for the key; returns the raw token (for the cookie, not stored)."""
    session.execute(delete(ApiSession).where(ApiSession.expires_at <= now))
    token = new_token(SESSION_TOKEN_PREFIX)
    session.add(
        ApiSession(
            token_hash=hash_token(token),
            api_key_id=api_key_id,
            created_at=now,
            expires_at=now + API_SESSION_TTL,
        )
    )
    session.flush()
    return token


def tenant_for_api_session(session: Session, *, token: str, now: datetime) -> int | None:
    """The tenant of an unexpired session whose key is still live, else None."""
    if not token:
        return None
    return session.scalar(
        select(ApiKey.tenant_id)
        .join(ApiSession, ApiSession.api_key_id == ApiKey.id)
        .where(
            ApiSession.token_hash == hash_token(token),
            ApiSession.expires_at > now,
            key_is_live(now),
        )
    )


def end_api_session(session: Session, *, token: str) -> None:
    session.execute(delete(ApiSession).where(ApiSession.token_hash == hash_token(token)))
