"""The scheduler's reconcile of integration.imap.active against real PostgreSQL and Kafka: it
writes a record for an active IMAP integration missing from the table, a tombstone for one that
is no longer active, and nothing once the table matches."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.topics import Topic
from services.common.compacted import read_table
from services.common.kafka import build_producer
from services.db.models import EmailIntegration
from services.db.session import transaction
from services.domain.imap_watches import watch_of
from services.scheduler.imap_watches import announce, record_of
from services.scheduler.settings import SchedulerSettings
from services.scheduler.wiring import Scheduler
from tests.pipeline_fixtures import new_tenant

pytestmark = [pytest.mark.kafka, pytest.mark.postgres]
CONFIG = {"host": "imap.example.com", "port": 993, "username": "jobs@example.com"}


def imap_integration(sessions: sessionmaker[Session], *, active: bool) -> int:
    integration_id = new_tenant(
        sessions, mailbox=None, roles=["Java"], provider="imap"
    ).integration_id
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, integration_id)
        assert row is not None
        row.config, row.is_active = dict(CONFIG), active
    return integration_id


def test_reconcile_makes_the_table_match_the_active_integrations(
    kafka_bootstrap: str, database_url: str, sessions: sessionmaker[Session]
) -> None:
    producer = build_producer(bootstrap=kafka_bootstrap, client_id="tests")
    active = imap_integration(sessions, active=True)
    disabled = imap_integration(sessions, active=False)
    # published while it was active; disabled since (the jobwriter after a failed login)
    stale = record_of(integration_id=disabled, tenant_id=1, config=CONFIG, active=True)
    announce(producer, [stale], source="tests")
    settings = SchedulerSettings(kafka_bootstrap_servers=kafka_bootstrap, database_url=database_url)
    scheduler = Scheduler(sessions, producer, settings)
    ours = {str(active), str(disabled)}

    written = {r.key: r.watch for r in scheduler.reconcile_imap_watches() if r.key in ours}

    with transaction(sessions) as session:
        tenant_id = session.get(EmailIntegration, active).tenant_id  # type: ignore[union-attr]
    assert written == {
        str(active): watch_of(integration_id=active, tenant_id=tenant_id, config=CONFIG),
        str(disabled): None,
    }
    table = read_table(kafka_bootstrap, Topic.INTEGRATION_IMAP_ACTIVE, client_id="tests")
    assert str(active).encode() in table
    assert str(disabled).encode() not in table
    assert [r for r in scheduler.reconcile_imap_watches() if r.key in ours] == []
