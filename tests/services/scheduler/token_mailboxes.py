"""Integrations with sign-in facts, for the scheduler's health and warning tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from services.db.models import EmailIntegration
from services.db.session import transaction
from services.demo.seed import DemoIds
from tests.pipeline_fixtures import new_tenant


def signed_in_mailbox(
    sessions: sessionmaker[Session],
    provider: str,
    *,
    now: datetime,
    granted_days_ago: float,
    refreshed_days_ago: float | None = None,
    cursor_minutes_ago: float | None = None,
    active: bool = True,
    token_failed: bool = False,
) -> DemoIds:
    """A new tenant's integration with stored credentials, granted (and refreshed, its cursor
    stored) that long before ``now``."""

    def ago(delta: timedelta | None) -> datetime | None:
        return None if delta is None else now - delta

    ids = new_tenant(sessions, mailbox=None, roles=[], provider=provider)
    with transaction(sessions) as session:
        session.execute(
            update(EmailIntegration)
            .where(EmailIntegration.id == ids.integration_id)
            .values(
                is_active=active,
                credentials_encrypted="sealed",  # stands for stored credentials
                token_granted_at=ago(timedelta(days=granted_days_ago)),
                token_refreshed_at=ago(
                    None if refreshed_days_ago is None else timedelta(days=refreshed_days_ago)
                ),
                token_failed_at=now if token_failed else None,
                cursor_updated_at=ago(
                    None if cursor_minutes_ago is None else timedelta(minutes=cursor_minutes_ago)
                ),
            )
        )
    return ids
