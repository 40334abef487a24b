"""The Alembic migrations build exactly the schema the models declare."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from services.db import notifications
from services.db.migrate import check, downgrade, upgrade
from services.db.session import normalise_url
from tests.services.db.scratch import scratch_database

pytestmark = pytest.mark.postgres


def test_migrations_match_models(prepared: tuple[str, str]) -> None:
    check(prepared[1])


@pytest.fixture
def database_at_0003(prepared: tuple[str, str]) -> Iterator[str]:
    with scratch_database(prepared[1], prefix="outbox", revision="0003") as url:
        yield url


def test_migration_0004_keeps_earlier_emails_sent_and_downgrades(database_at_0003: str) -> None:
    engine = create_engine(normalise_url(database_at_0003))
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO tenants (id, name) VALUES (1, 't');"
                "INSERT INTO portal_users (id, tenant_id, email) VALUES (1, 1, 'u@example.test');"
                "INSERT INTO email_integrations (id, tenant_id, user_id, provider, config,"
                " is_active, sync_frequency_minutes, emails_processed_count, jobs_created_count)"
                " VALUES (1, 1, 1, 'gmail', '{}', false, 15, 0, 0);"
                "INSERT INTO notifications (integration_id, kind, event_key, sent_at)"
                " VALUES (1, 'reconnect', 'old', '2026-11-01T00:00:00Z')"
            )
        )
    try:
        upgrade(database_at_0003)
        with engine.begin() as conn:
            row = conn.execute(text("SELECT sent_at, created_at, attempts FROM notifications"))
            assert row.one() == (
                datetime(2026, 11, 1, tzinfo=UTC),
                datetime(2026, 11, 1, tzinfo=UTC),
                0,
            )
        with Session(engine) as session:
            assert (
                notifications.claim_due(session, now=datetime(2026, 12, 6, tzinfo=UTC), limit=10)
                == []
            )
        downgrade(database_at_0003, "0003")
        upgrade(database_at_0003)
    finally:
        engine.dispose()
