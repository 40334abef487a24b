"""The connection-health gauges on real PostgreSQL, as the scheduler's /metrics renders them:
active integrations by push state and token health per provider, and the oldest cursor."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.orm import Session, sessionmaker

from services.db import push
from services.db.models import EmailIntegration
from services.db.session import transaction
from services.domain.token_health import TokenLapsePolicy
from services.scheduler.health_metrics import ConnectionHealthCollector
from tests.services.db.scratch import scratch_database, sessions_for
from tests.services.scheduler.token_mailboxes import signed_in_mailbox

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def sessions(prepared: tuple[str, str]) -> Iterator[sessionmaker[Session]]:
    """A database of this module's own, so the counts are this test's integrations only."""
    with scratch_database(prepared[1], prefix="healthmetrics") as url, sessions_for(url) as own:
        yield own


def samples(registry: CollectorRegistry) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = generate_latest(registry).decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_the_scrape_counts_active_integrations_by_state_and_takes_the_oldest_cursor(
    sessions: sessionmaker[Session],
) -> None:
    registry = CollectorRegistry()
    registry.register(
        ConnectionHealthCollector(
            sessions, policy=TokenLapsePolicy(google_testing=True), clock=lambda: NOW
        )
    )
    assert samples(registry) == {}  # no integrations yet: no series

    watched = signed_in_mailbox(
        sessions, now=NOW, provider="gmail", granted_days_ago=1, cursor_minutes_ago=5
    ).integration_id
    failing = signed_in_mailbox(
        sessions, now=NOW, provider="gmail", granted_days_ago=6, cursor_minutes_ago=130
    ).integration_id
    signed_in_mailbox(
        sessions, now=NOW, provider="imap", granted_days_ago=900, cursor_minutes_ago=20
    )
    signed_in_mailbox(
        sessions,
        now=NOW,
        provider="gmail",
        granted_days_ago=9,
        cursor_minutes_ago=9000,
        active=False,
        token_failed=True,  # stopped by the pipeline: waiting for a reconnect
    )
    disconnected = signed_in_mailbox(
        sessions, now=NOW, provider="gmail", granted_days_ago=9, active=False
    )
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, disconnected.integration_id)
        assert row is not None
        row.disconnected_at = NOW  # its user disconnected it: not counted at all
    with transaction(sessions) as session:
        push.record_watch(
            session,
            integration_id=watched,
            expires_at=NOW + timedelta(days=6),
            error=None,
            now=NOW - timedelta(hours=1),
        )
        push.record_watch(
            session, integration_id=failing, expires_at=None, error="AuthRevoked", now=NOW
        )

    found = samples(registry)

    def gauge(name: str, **labels: str) -> float:
        return found[(name, tuple(sorted(labels.items())))]

    assert gauge("reqstream_integrations_push_state", provider="gmail", state="active") == 1
    assert gauge("reqstream_integrations_push_state", provider="gmail", state="failed") == 1
    assert gauge("reqstream_integrations_push_state", provider="gmail", state="expiring") == 0
    assert gauge("reqstream_integrations_push_state", provider="imap", state="off") == 1
    assert gauge("reqstream_integrations_token_health", provider="gmail", health="expiring") == 1
    assert gauge("reqstream_integrations_token_health", provider="gmail", health="ok") == 1
    assert gauge("reqstream_integrations_token_health", provider="imap", health="ok") == 1
    assert gauge("reqstream_integrations_token_health", provider="gmail", health="failed") == 1
    # the stopped integration's week-old cursor is not counted
    assert gauge("reqstream_integration_cursor_age_max_seconds", provider="gmail") == 130 * 60
    assert gauge("reqstream_integration_cursor_age_max_seconds", provider="imap") == 20 * 60
