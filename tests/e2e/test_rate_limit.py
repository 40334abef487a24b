"""At most N syncs start in any window, across two fetcher processes, counted in PostgreSQL."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from confluent_kafka import Producer
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import Provider, SyncRequested
from schemas.contracts.topics import Topic
from services.common.kafka import Outbound, ProducerGateway, build_producer_config
from services.db.models import SyncRun
from services.db.session import transaction
from services.demo.processes import ServiceGroup
from tests.pipeline_fixtures import RATE_LIMIT, RATE_PERIOD, new_tenant

pytestmark = [pytest.mark.kafka, pytest.mark.e2e]
REQUESTS = 30


def most_starts_in_any_window(starts: list[datetime], period: timedelta) -> int:
    ordered = sorted(starts)
    return max(sum(1 for t in ordered[i:] if t < start + period) for i, start in enumerate(ordered))


def test_thirty_requests_through_two_fetchers_respect_the_limit(
    pipeline: tuple[ServiceGroup, str],
    sessions: sessionmaker[Session],
    kafka_bootstrap: str,
    tmp_path: Path,
) -> None:
    group, _ = pipeline
    assert sum(p.name.startswith("fetcher") for p in group.processes) == 2
    tmp_path.chmod(0o755)
    tenants = [
        new_tenant(sessions, mailbox=tmp_path, roles=["Java Developer"]) for _ in range(REQUESTS)
    ]
    requests = [
        SyncRequested(
            sync_id=uuid.uuid4(),
            integration_id=t.integration_id,
            user_id=t.user_id,
            tenant_id=t.tenant_id,
            provider=Provider.MAILDIR,
            requested_at=datetime.now(UTC),
        )
        for t in tenants
    ]
    gateway = ProducerGateway(
        Producer(build_producer_config(bootstrap=kafka_bootstrap, client_id="rate-test"))
    )
    gateway.send(
        Outbound.of(Topic.EMAIL_SYNC_REQUESTED, r, key=str(r.integration_id), source="/test")
        for r in requests
    )
    ids = [r.sync_id for r in requests]

    def finished() -> list[SyncRun]:
        with transaction(sessions) as session:
            return list(
                session.scalars(
                    select(SyncRun).where(SyncRun.id.in_(ids), SyncRun.status != "running")
                )
            )

    deadline = time.monotonic() + 120
    while len(done := finished()) < REQUESTS:
        group.check_alive()
        assert time.monotonic() < deadline, f"only {len(done)} of {REQUESTS} runs finished"
        time.sleep(0.2)
    assert {r.status for r in done} == {"success"}  # none dropped: over-limit requests waited
    with transaction(sessions) as session:
        every_start = list(session.scalars(select(SyncRun.started_at)))
    window = timedelta(seconds=RATE_PERIOD)
    assert most_starts_in_any_window([r.started_at for r in done], window) <= RATE_LIMIT
    assert most_starts_in_any_window(every_start, window) <= RATE_LIMIT
