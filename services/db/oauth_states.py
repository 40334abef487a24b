"""OAuth connect states: single use, short-lived, bound to tenant, user and provider, then to the
one browser that opened the start URL. Keyword-only functions taking a Session; callers own the
transaction (services.db.session).

Only hashes of the state and of the browser's nonce are stored, so a leaked table cannot be
replayed; the PKCE secrets are stored encrypted by the caller. Expired states are refused and
deleted whenever a new one is created; a consumed state is deleted at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session

from services.db.models import OAuthState
from services.db.tokens import hash_token, new_token

OAUTH_STATE_TTL = timedelta(minutes=10)


@dataclass(frozen=True)
class ConsumedState:
    tenant_id: int
    user_id: int
    provider: str
    secrets_encrypted: str | None


def create_oauth_state(
    session: Session, *, tenant_id: int, user_id: int, provider: str, now: datetime
) -> str:
    """Store a new connect state, not yet bound to a browser; returns the raw state token."""
    purge_expired_oauth_states(session, now=now)
    token = new_token()
    session.add(
        OAuthState(
            state_hash=hash_token(token),
            tenant_id=tenant_id,
            user_id=user_id,
            provider=provider,
            created_at=now,
            expires_at=now + OAUTH_STATE_TTL,
        )
    )
    session.flush()
    return token


def purge_expired_oauth_states(session: Session, *, now: datetime) -> None:
    session.execute(delete(OAuthState).where(OAuthState.expires_at <= now))


def oauth_state_is_unbound(session: Session, *, state: str, provider: str, now: datetime) -> bool:
    """Whether the start endpoint may still bind this state to a browser."""
    return bool(
        session.scalar(
            select(
                exists().where(
                    OAuthState.state_hash == hash_token(state),
                    OAuthState.provider == provider,
                    OAuthState.browser_hash.is_(None),
                    OAuthState.expires_at > now,
                )
            )
        )
    )


def bind_oauth_state(
    session: Session,
    *,
    state: str,
    provider: str,
    browser_nonce: str,
    secrets_encrypted: str,
    now: datetime,
) -> bool:
    """Bind an unbound, unexpired state to the browser holding ``browser_nonce``; False when it
    is unknown, expired or already bound (the start URL works once). One UPDATE, so two
    browsers racing for the same start URL cannot both win."""
    bound = session.execute(
        update(OAuthState)
        .where(
            OAuthState.state_hash == hash_token(state),
            OAuthState.provider == provider,
            OAuthState.browser_hash.is_(None),
            OAuthState.expires_at > now,
        )
        .values(browser_hash=hash_token(browser_nonce), secrets_encrypted=secrets_encrypted)
        .returning(OAuthState.state_hash)
    ).first()
    return bound is not None


def consume_oauth_state(
    session: Session, *, state: str, provider: str, browser_nonce: str | None, now: datetime
) -> ConsumedState | None:
    """Delete the state and return what it is bound to; None if unknown, used, expired, for
    another provider, or bound to another browser (which leaves it for the right one). One
    DELETE … RETURNING, so two racing callbacks cannot both win."""
    if not state or not browser_nonce:
        return None
    row = session.execute(
        delete(OAuthState)
        .where(
            OAuthState.state_hash == hash_token(state),
            OAuthState.provider == provider,
            OAuthState.browser_hash == hash_token(browser_nonce),
            OAuthState.expires_at > now,
        )
        .returning(
            OAuthState.tenant_id,
            OAuthState.user_id,
            OAuthState.provider,
            OAuthState.secrets_encrypted,
        )
    ).first()
    if row is None:
        return None
    return ConsumedState(
        tenant_id=row[0], user_id=row[1], provider=row[2], secrets_encrypted=row[3]
    )
