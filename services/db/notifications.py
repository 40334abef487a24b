"""The notification outbox: rows written with the decision to email, claimed and marked sent
by the sender after commit. Keyword-only functions taking a Session; callers own the
transaction (services.db.session)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.db.models import Notification


@dataclass(frozen=True)
class PendingEmail:
    """An outbox row claimed for sending."""

    id: int
    recipient: str
    subject: str
    body: str
    attempts: int


def add_notification(
    session: Session,
    *,
    integration_id: int,
    kind: str,
    event_key: str,
    recipient: str,
    subject: str,
    body: str,
    now: datetime,
) -> bool:
    """Queue an email; False when (integration, kind, event) is already queued or sent."""
    stmt = (
        insert(Notification)
        .values(
            integration_id=integration_id,
            kind=kind,
            event_key=event_key,
            recipient=recipient,
            subject=subject,
            body=body,
            created_at=now,
        )
        .on_conflict_do_nothing()
        .returning(Notification.id)
    )
    return session.execute(stmt).first() is not None


def claim_due(session: Session, *, now: datetime, limit: int) -> list[PendingEmail]:
    """Up to ``limit`` unsent emails whose retry time has come, oldest first, each row locked
    until the transaction ends. Rows another sender holds are skipped (SKIP LOCKED): two
    replicas never send the same row at once."""
    stmt = (
        select(Notification)
        .where(
            Notification.sent_at.is_(None),
            Notification.recipient.is_not(None),
            or_(Notification.next_attempt_at.is_(None), Notification.next_attempt_at <= now),
        )
        .order_by(Notification.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return [
        PendingEmail(row.id, row.recipient or "", row.subject or "", row.body or "", row.attempts)
        for row in session.scalars(stmt)
    ]


def mark_sent(session: Session, *, notification_id: int, now: datetime) -> None:
    session.execute(
        update(Notification)
        .where(Notification.id == notification_id)
        .values(sent_at=now, attempts=Notification.attempts + 1, last_error=None)
    )


def mark_failed(session: Session, *, notification_id: int, error: str, retry_at: datetime) -> None:
    session.execute(
        update(Notification)
        .where(Notification.id == notification_id)
        .values(
            attempts=Notification.attempts + 1, last_error=error[:500], next_attempt_at=retry_at
        )
    )
