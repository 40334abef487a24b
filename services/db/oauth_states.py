"""OAuth connect states: single use, short-lived, bound to tenant, user and provider. Keyword-only
functions taking a Session; callers own the transaction (services.db.session)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from services.db.models import OAuthState

OAUTH_STATE_TTL = timedelta(minutes=10)
# states are deleted this long after they expired: kept a while only to explain a late callback
OAUTH_STATE_RETENTION = timedelta(days=1)


@dataclass(frozen=True)
class ConsumedState:
    tenant_id: int
    user_id: int
    provider: str
    flow: dict[str, Any] | None


def new_state_token() -> str:
    return secrets.token_urlsafe(32)


def create_oauth_state(
    session: Session,
    *,
    tenant_id: int,
    user_id: int,
    provider: str,
    now: datetime,
    state: str | None = None,
    flow: dict[str, Any] | None = None,
) -> str:
    """Store a connect state (a fresh random token unless ``state`` is given); returns it."""
    session.execute(delete(OAuthState).where(OAuthState.created_at < now - OAUTH_STATE_RETENTION))
    token = state or new_state_token()
    session.add(
        OAuthState(
            state=token,
            tenant_id=tenant_id,
            user_id=user_id,
            provider=provider,
            flow=flow,
            created_at=now,
        )
    )
    session.flush()
    return token


def consume_oauth_state(
    session: Session, *, state: str, provider: str, now: datetime
) -> ConsumedState | None:
    """Mark the state used and return what it is bound to; None if unknown, used, expired or
    for another provider. One UPDATE … RETURNING, so two racing callbacks cannot both win."""
    row = session.execute(
        update(OAuthState)
        .where(
            OAuthState.state == state,
            OAuthState.provider == provider,
            OAuthState.used_at.is_(None),
            OAuthState.created_at > now - OAUTH_STATE_TTL,
        )
        .values(used_at=now)
        .returning(OAuthState.tenant_id, OAuthState.user_id, OAuthState.provider, OAuthState.flow)
    ).first()
    if row is None:
        return None
    return ConsumedState(tenant_id=row[0], user_id=row[1], provider=row[2], flow=row[3])
