"""Encrypted integration credentials.

Keyword-only functions taking a Session; callers own the transaction (services.db.session).
Stored credential shapes (what the fetcher's providers read):

- gmail:   {"refresh_token", "token" (access token), "expiry" (ISO 8601 UTC), "token_uri",
            "scopes"}
- outlook: {"token_cache" (msal.SerializableTokenCache.serialize()), "account_id"
            (MSAL home_account_id), "scopes"}
- imap:    {"password"}
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.db.models import EmailIntegration
from services.domain.credentials import Cipher
from services.domain.errors import CredentialsUnreadable


def store_credentials(
    session: Session, *, integration_id: int, cipher: Cipher, credentials: dict[str, Any]
) -> None:
    """Encrypt ``credentials`` with the newest key into the integration's row."""
    # through the ORM, so an instance the caller already holds sees the new value
    row = session.get(EmailIntegration, integration_id)
    if row is None:
        raise LookupError(f"integration {integration_id} does not exist")
    row.credentials_encrypted = cipher.encrypt(credentials)
    session.flush()


def load_credentials(
    session: Session, *, integration_id: int, cipher: Cipher, lock: bool = False
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


def rotate_all(session: Session, *, cipher: Cipher) -> int:
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
