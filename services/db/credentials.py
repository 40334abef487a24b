"""Secrets in the database: encrypted integration credentials, API keys, OAuth connect states.

Keyword-only functions taking a Session; callers own the transaction (services.db.session).
Stored credential shapes (what the fetcher's providers read):

- gmail:   {"refresh_token", "token" (access token), "expiry" (ISO 8601 UTC), "token_uri",
            "scopes"}
- outlook: {"token_cache" (msal.SerializableTokenCache.serialize()), "account_id"
            (MSAL home_account_id), "scopes"}
- imap:    {"password"}
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from services.common.crypto import CredentialCipher, CredentialsUnreadable
from services.db.models import ApiKey, EmailIntegration, OAuthState

API_KEY_PREFIX = "rqs_"
API_KEY_DISPLAY_CHARS = 8
OAUTH_STATE_TTL = timedelta(minutes=10)
# states are deleted this long after they expired: kept a while only to explain a late callback
OAUTH_STATE_RETENTION = timedelta(days=1)


# --- integration credentials ---------------------------------------------------------------------


def store_credentials(
    session: Session, *, integration_id: int, cipher: CredentialCipher, credentials: dict[str, Any]
) -> None:
    """Encrypt ``credentials`` with the newest key into the integration's row."""
    # through the ORM, so an instance the caller already holds sees the new value
    row = session.get(EmailIntegration, integration_id)
    if row is None:
        raise LookupError(f"integration {integration_id} does not exist")
    row.credentials_encrypted = cipher.encrypt(credentials)
    session.flush()


def load_credentials(
    session: Session, *, integration_id: int, cipher: CredentialCipher, lock: bool = False
) -> dict[str, Any] | None:
    """The decrypted credentials, or None when there are none (or no such integration).

    ``lock=True`` takes the row lock (SELECT … FOR UPDATE) until the transaction ends: refresh
    and persist under it, so two syncs never overwrite each other's rotated refresh token.
    Raises CredentialsUnreadable when no configured key opens them."""
    stmt = select(EmailIntegration.credentials_encrypted).where(
        EmailIntegration.id == integration_id
    )
    if lock:
        stmt = stmt.with_for_update()
    token = session.scalar(stmt)
    if token is None:
        return None
    return cipher.decrypt(token)


def wipe_credentials(session: Session, *, integration_id: int) -> None:
    row = session.get(EmailIntegration, integration_id)
    if row is not None:
        row.credentials_encrypted = None
        session.flush()


def rotate_all(session: Session, *, cipher: CredentialCipher) -> int:
    """Re-encrypt every stored credential with the newest key; returns how many rows.

    Locks the rows so a concurrent refresh cannot be overwritten with an older token. One
    unreadable row aborts the whole rotation (CredentialsUnreadable naming it): ops must not
    drop the old key believing every row moved."""
    rows = session.execute(
        select(EmailIntegration.id, EmailIntegration.credentials_encrypted)
        .where(EmailIntegration.credentials_encrypted.is_not(None))
        .order_by(EmailIntegration.id)
        .with_for_update()
    ).all()
    for integration_id, token in rows:
        assert token is not None  # selected by IS NOT NULL
        try:
            rotated = cipher.rotate(token)
        except CredentialsUnreadable as exc:
            raise CredentialsUnreadable(f"integration {integration_id}: {exc}") from None
        session.execute(
            update(EmailIntegration)
            .where(EmailIntegration.id == integration_id)
            .values(credentials_encrypted=rotated)
        )
    return len(rows)


# --- API keys ------------------------------------------------------------------------------------


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


# --- OAuth connect states ------------------------------------------------------------------------


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
