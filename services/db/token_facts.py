"""What is recorded about an integration's refresh token (email_integrations.token_*), and the
reads that judge it (services.domain.token_health). Keyword-only functions taking a Session;
callers own the transaction (services.db.session)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from services.db.models import EmailIntegration, IntegrationPush, PortalUser
from services.domain.health_figures import IntegrationHealthFacts
from services.domain.push import WatchFacts
from services.domain.token_health import TokenFacts


def token_facts_of(row: EmailIntegration) -> TokenFacts:
    return TokenFacts(
        provider=row.provider,
        has_credentials=row.credentials_encrypted is not None,
        granted_at=row.token_granted_at,
        refreshed_at=row.token_refreshed_at,
        failed_at=row.token_failed_at,
    )


def record_token_granted(row: EmailIntegration, *, now: datetime) -> None:
    """The user signed in (connect or reconnect): a new token, nothing failed."""
    row.token_granted_at = now
    row.token_refreshed_at = None
    row.token_failed_at = None


def record_token_refreshed(session: Session, *, integration_id: int, now: datetime) -> None:
    """A sync stored credentials its provider refreshed: the refresh token was used (and, at
    Microsoft, rotated)."""
    session.execute(
        update(EmailIntegration)
        .where(EmailIntegration.id == integration_id)
        .values(token_refreshed_at=now)
    )


def record_token_failed(session: Session, *, integration_id: int, at: datetime) -> None:
    """A sync found the token expired or revoked; the first failure's time is kept."""
    session.execute(
        update(EmailIntegration)
        .where(EmailIntegration.id == integration_id)
        .values(token_failed_at=func.coalesce(EmailIntegration.token_failed_at, at))
    )


@dataclass(frozen=True)
class ConnectedIntegrationHealth:
    """A connected integration's health facts, for the metrics and the reconnect warnings."""

    integration_id: int
    facts: IntegrationHealthFacts
    user_email: str | None


def connected_integration_health(
    session: Session, *, active_only: bool = False
) -> list[ConnectedIntegrationHealth]:
    """Every integration its user has not disconnected (active, or stopped by the pipeline)
    with its token and watch facts and its user's address; ``active_only``: active ones."""
    rows = session.execute(
        select(EmailIntegration, IntegrationPush, PortalUser.email)
        .outerjoin(IntegrationPush, IntegrationPush.integration_id == EmailIntegration.id)
        .outerjoin(PortalUser, PortalUser.id == EmailIntegration.user_id)
        .where(
            EmailIntegration.is_active.is_(True)
            if active_only
            else EmailIntegration.disconnected_at.is_(None)
        )
        .order_by(EmailIntegration.id)
    ).all()
    return [
        ConnectedIntegrationHealth(
            integration_id=row.id,
            facts=IntegrationHealthFacts(
                provider=row.provider,
                active=row.is_active,
                watch=WatchFacts(
                    pushed.watch_expires_at if pushed else None,
                    pushed.watch_renewed_at if pushed else None,
                    pushed.watch_error if pushed else None,
                ),
                token=token_facts_of(row),
                cursor_updated_at=row.cursor_updated_at,
            ),
            user_email=email,
        )
        for row, pushed, email in rows
    ]
