"""The API's integration reads and writes (the template's crud.py): keyword-only, a Session
first, the caller owns the transaction. Every lookup is scoped to the caller's tenant."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.common.crypto import CredentialCipher
from services.db.credentials import store_credentials, wipe_credentials
from services.db.models import EmailIntegration, PortalUser


def user_in_tenant(session: Session, *, user_id: int, tenant_id: int) -> bool:
    user = session.get(PortalUser, user_id)
    return user is not None and user.tenant_id == tenant_id


def get_integration(
    session: Session, *, tenant_id: int, integration_id: int
) -> EmailIntegration | None:
    row = session.get(EmailIntegration, integration_id)
    if row is None or row.tenant_id != tenant_id:
        return None
    return row


def list_integrations(session: Session, *, tenant_id: int) -> list[EmailIntegration]:
    stmt = (
        select(EmailIntegration)
        .where(EmailIntegration.tenant_id == tenant_id)
        .order_by(EmailIntegration.id)
    )
    return list(session.scalars(stmt))


def connect_integration(
    session: Session,
    *,
    tenant_id: int,
    user_id: int,
    provider: str,
    account_email: str | None,
    config: dict[str, Any],
    cipher: CredentialCipher,
    credentials: dict[str, Any],
) -> EmailIntegration:
    """Create the integration with its encrypted credentials, or revive the same mailbox's.

    Reconnecting a mailbox (after a disconnect or an expired token) reuses its integration, so
    its ledger and cursor carry over and old emails do not become jobs a second time."""
    account_email = account_email.strip().lower() if account_email else None
    row = _same_mailbox(
        session,
        tenant_id=tenant_id,
        user_id=user_id,
        provider=provider,
        account_email=account_email,
    )
    if row is None:
        row = EmailIntegration(
            tenant_id=tenant_id,
            user_id=user_id,
            provider=provider,
            account_email=account_email,
            config=config,
            is_active=True,
        )
        session.add(row)
    else:
        row.account_email = account_email
        row.config = config
        row.is_active = True
        row.disconnected_at = None
        row.last_sync_error = None
    session.flush()
    store_credentials(session, integration_id=row.id, cipher=cipher, credentials=credentials)
    return row


def disconnect_integration(
    session: Session, *, integration: EmailIntegration, now: datetime
) -> None:
    """Stop syncing and forget the secrets; the row stays for its history and stats."""
    integration.is_active = False
    if integration.disconnected_at is None:
        integration.disconnected_at = now
    session.flush()
    wipe_credentials(session, integration_id=integration.id)


def _same_mailbox(
    session: Session, *, tenant_id: int, user_id: int, provider: str, account_email: str | None
) -> EmailIntegration | None:
    if account_email is None:
        return None  # an unknown address cannot be matched; connect a new integration
    stmt = (
        select(EmailIntegration)
        .where(
            EmailIntegration.tenant_id == tenant_id,
            EmailIntegration.user_id == user_id,
            EmailIntegration.provider == provider,
            EmailIntegration.account_email == account_email,
        )
        .order_by(EmailIntegration.id.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()
