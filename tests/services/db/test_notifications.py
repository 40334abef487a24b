"""The notification outbox on real PostgreSQL: claims skip rows another sender holds, and a
failed row waits for its retry time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from services.db import notifications
from services.db.models import Notification
from services.db.session import transaction
from tests.pipeline_fixtures import new_tenant
from tests.services.db.scratch import scratch_database, sessions_for

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 12, 6, 4, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def sessions(prepared: tuple[str, str]) -> Iterator[sessionmaker[Session]]:
    """A database of this module's own: a running pipeline's jobwriter sweeps the shared
    database's outbox, and its claims would hide or send these tests' rows."""
    with scratch_database(prepared[1], prefix="claims") as url, sessions_for(url) as own:
        yield own


def queue(sessions: sessionmaker[Session], integration_id: int, key: str) -> None:
    with transaction(sessions) as session:
        assert notifications.add_notification(
            session,
            integration_id=integration_id,
            kind="reconnect",
            event_key=key,
            recipient="user@example.test",
            subject="Reconnect",
            body="Please reconnect.",
            now=NOW,
        )


def test_a_claimed_row_is_skipped_by_a_second_sender_until_marked_sent(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=[], provider="gmail")
    queue(sessions, ids.integration_id, "a")
    queue(sessions, ids.integration_id, "b")
    later = datetime.now(UTC) + timedelta(days=1)
    with transaction(sessions) as first:
        mine = notifications.claim_due(first, now=later, limit=10_000)
        ours = {e.id for e in mine}
        with transaction(sessions) as second:
            others = notifications.claim_due(second, now=later, limit=10_000)
        assert len(ours) >= 2 and not ours & {e.id for e in others}
        for email in mine:
            notifications.mark_sent(first, notification_id=email.id, now=NOW)
    with transaction(sessions) as session:
        again = notifications.claim_due(session, now=later, limit=10_000)
    assert not ours & {e.id for e in again}


def test_a_failed_row_waits_for_its_retry_time(sessions: sessionmaker[Session]) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=[], provider="gmail")
    queue(sessions, ids.integration_id, "a")
    with transaction(sessions) as session:
        email_id = session.scalars(
            select(Notification.id).where(Notification.integration_id == ids.integration_id)
        ).one()
    retry_at = datetime.now(UTC) + timedelta(days=30)
    with transaction(sessions) as session:
        notifications.mark_failed(
            session, notification_id=email_id, error="SMTPDataError", retry_at=retry_at
        )
    with transaction(sessions) as session:
        early = notifications.claim_due(session, now=retry_at - timedelta(seconds=1), limit=10_000)
        due = notifications.claim_due(session, now=retry_at, limit=10_000)
    assert email_id not in {e.id for e in early}
    assert [e.attempts for e in due if e.id == email_id] == [1]
