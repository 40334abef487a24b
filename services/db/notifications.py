"""Emails sent about integration events, each claimed once by its unique key."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.db.models import Notification


def claim_notification(
    session: Session, *, integration_id: int, kind: str, event_key: str, now: datetime
) -> bool:
    """True the first time (integration, kind, event) is claimed; the caller then sends."""
    stmt = (
        insert(Notification)
        .values(integration_id=integration_id, kind=kind, event_key=event_key, sent_at=now)
        .on_conflict_do_nothing()
        .returning(Notification.id)
    )
    return session.execute(stmt).first() is not None
