"""Two scheduler replicas ticking at once on real PostgreSQL (producer faked): whatever order
each reads the active integrations in, they claim the slots without a deadlock and emit each
(integration, slot) once between them."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import SyncRequested
from services.common.kafka import ProducerGateway
from services.db import integrations
from services.db.models import SyncSlotClaim
from services.domain.integrations import IntegrationSnapshot
from services.scheduler import handler
from services.scheduler.settings import SchedulerSettings
from services.scheduler.wiring import Scheduler
from tests.fakes import FakeProducer, Journal
from tests.lock_waits import backends_waiting_for_a_lock
from tests.pipeline_fixtures import new_tenant
from tests.waiting import wait_until

pytestmark = pytest.mark.postgres


def replica(
    sessions: sessionmaker[Session], database_url: str, name: str, now: datetime
) -> Scheduler:
    settings = SchedulerSettings(
        kafka_bootstrap_servers="unused:9092",
        database_url=database_url,
        instance_id=name,
        due_slack_seconds=0,
    )
    producer = ProducerGateway(FakeProducer(Journal()))  # type: ignore[arg-type]  # duck-typed fake
    return Scheduler(sessions, producer, settings, clock=lambda: now)


def read_in_order(monkeypatch: pytest.MonkeyPatch, orders: dict[str, list[int]]) -> None:
    """Each replica's tick (run in a thread named after it) reads our integrations in its
    order, as two scans of a table without ORDER BY may."""
    read = integrations.active_integrations

    def active_in_order(session: Session) -> list[IntegrationSnapshot]:
        by_id = {s.id: s for s in read(session)}
        return [by_id[i] for i in orders[threading.current_thread().name]]

    monkeypatch.setattr(integrations, "active_integrations", active_in_order)


class Ticks:
    """Replicas' ticks, each in a thread named after its replica."""

    def __init__(self) -> None:
        self.emitted: dict[str, list[SyncRequested]] = {}
        self.failed: dict[str, Exception] = {}
        self._threads: list[threading.Thread] = []

    def start(self, scheduler: Scheduler, barrier: threading.Barrier | None = None) -> None:
        name = scheduler.settings.instance_id

        def tick() -> None:
            if barrier is not None:
                barrier.wait(timeout=30)
            try:
                self.emitted[name] = scheduler.tick()
            except Exception as exc:  # noqa: BLE001  (the test reports it)
                self.failed[name] = exc

        thread = threading.Thread(target=tick, name=name)
        self._threads.append(thread)
        thread.start()

    def join(self) -> list[int]:
        """The integrations emitted, by either replica, in id order."""
        for thread in self._threads:
            thread.join(timeout=60)
        return sorted(r.integration_id for rs in self.emitted.values() for r in rs)


def integration_ids(sessions: sessionmaker[Session], count: int) -> list[int]:
    return sorted(
        new_tenant(sessions, mailbox=None, roles=["x"]).integration_id for _ in range(count)
    )


def test_replicas_reading_in_opposite_orders_claim_without_a_deadlock(
    sessions: sessionmaker[Session], database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A third replica's claim of b, not yet committed, holds both ticks until it rolls back
    (its produce failed). Claimed row by row in the order read, replica-a would hold a and
    replica-b c by then; whichever took b next would wait for the other's row: 40P01."""
    now = datetime.now(UTC) + timedelta(days=10950)  # a slot no other test uses
    a, b, c = integration_ids(sessions, 3)
    read_in_order(monkeypatch, {"replica-a": [a, b, c], "replica-b": [c, b, a]})
    first, second = (replica(sessions, database_url, n, now) for n in ("replica-a", "replica-b"))
    slot = handler.current_slot(first.settings.cron, now)
    ticks = Ticks()

    with sessions() as blocker:
        blocker.add(
            SyncSlotClaim(
                integration_id=b,
                slot=slot,
                sync_id=handler.sync_id_for(b, slot),
                claimed_by="replica-c",
            )
        )
        blocker.flush()
        try:
            ticks.start(first)
            wait_until(
                lambda: backends_waiting_for_a_lock(sessions, on="sync_slot_claims") == 1,
                "replica-a's claims",
                timeout=30,
            )
            ticks.start(second)
            wait_until(
                lambda: backends_waiting_for_a_lock(sessions, on="sync_slot_claims") == 2,
                "replica-b's claims",
                timeout=30,
            )
        finally:
            blocker.rollback()
    assert ticks.join() == [a, b, c]
    assert ticks.failed == {}


def test_replicas_racing_over_many_integrations_emit_each_once(
    sessions: sessionmaker[Session], database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = datetime.now(UTC) + timedelta(days=11000)
    ours = integration_ids(sessions, 40)
    read_in_order(monkeypatch, {"replica-a": ours, "replica-b": ours[::-1]})
    barrier = threading.Barrier(2)
    ticks = Ticks()
    for name in ("replica-a", "replica-b"):
        ticks.start(replica(sessions, database_url, name, now), barrier)
    assert ticks.join() == ours
    assert ticks.failed == {}
