"""Scheduler assembly: the cron loop (due integrations → claimed slots → email.sync.requested),
and the loop that keeps integration.imap.active in step with PostgreSQL (``imap_watches``).

Per tick, in one database transaction: claim (integration, slot) rows (one statement, in
integration id order, so replicas ticking at once cannot deadlock), produce the requests,
wait for the broker's acknowledgement, commit. A replica that loses the claim emits nothing; a
produce failure rolls the claims back so the next tick or another replica retries. Sync ids are
derived from (integration, slot), so even a request emitted twice is one run downstream.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import SyncRequested
from schemas.contracts.topics import Topic
from services.common.compacted import read_table
from services.common.kafka import Outbound, ProducerGateway, build_producer
from services.common.metrics import PRODUCED
from services.db import integrations, sync_runs
from services.db.session import build_engine, build_sessionmaker, transaction
from services.domain.imap_watches import WatchRecord
from services.scheduler import handler
from services.scheduler.health_metrics import ConnectionHealthCollector
from services.scheduler.imap_watches import reconcile_imap_watches
from services.scheduler.reconnect_warnings import queue_reconnect_warnings
from services.scheduler.settings import SchedulerSettings

log = logging.getLogger(__name__)
SOURCE = "/reqstream/scheduler"
Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def count_requests(n: int) -> None:
    PRODUCED.labels("scheduler", Topic.EMAIL_SYNC_REQUESTED.value).inc(n)


def sync_request_outbound(request: SyncRequested) -> Outbound:
    return Outbound.of(
        Topic.EMAIL_SYNC_REQUESTED, request, key=str(request.integration_id), source=SOURCE
    )


@dataclass
class Scheduler:
    sessions: sessionmaker[Session]
    producer: ProducerGateway
    settings: SchedulerSettings
    clock: Clock = _utcnow

    def tick(self) -> list[SyncRequested]:
        """Emit one request per due integration for the current slot; returns what this replica
        emitted."""
        now = self.clock()
        slot = handler.current_slot(self.settings.cron, now)
        horizon = now + timedelta(seconds=self.settings.due_slack_seconds)
        log.info("Started")
        with transaction(self.sessions) as session:
            active = integrations.active_integrations(session)
            log.info("Found %d active integrations", len(active))
            planned = handler.plan_sync_requests(active, now=horizon, slot=slot)
            won = sync_runs.claim_slots(
                session,
                slot=slot,
                sync_ids={r.integration_id: r.sync_id for r in planned},
                claimed_by=self.settings.instance_id,
            )
            claimed = [r for r in planned if r.integration_id in won]
            emitted = [r.model_copy(update={"requested_at": now}) for r in claimed]
            self.producer.send(sync_request_outbound(r) for r in emitted)
        count_requests(len(emitted))
        log.info(
            "slot %s: %d active, %d due, %d emitted by %s",
            slot.isoformat(),
            len(active),
            len(planned),
            len(emitted),
            self.settings.instance_id,
        )
        return emitted

    def warn_reconnects(self) -> int:
        """Queue the reconnect warnings due now (services.scheduler.reconnect_warnings)."""
        return queue_reconnect_warnings(
            self.sessions, now=self.clock(), policy=self.settings.token_lapse_policy()
        )

    def health_collector(self) -> ConnectionHealthCollector:
        """The connection-health gauges for /metrics (services.scheduler.health_metrics)."""
        return ConnectionHealthCollector(
            self.sessions, policy=self.settings.token_lapse_policy(), clock=self.clock
        )

    def reconcile_imap_watches(self) -> list[WatchRecord]:
        """Make integration.imap.active say which IMAP integrations are active; returns the
        records written (none when it already did)."""
        bootstrap, client_id = self.settings.kafka_bootstrap_servers, self.settings.client_id
        written = reconcile_imap_watches(
            self.sessions,
            self.producer,
            read_table=lambda: read_table(
                bootstrap, Topic.INTEGRATION_IMAP_ACTIVE, client_id=client_id
            ),
            source=SOURCE,
        )
        PRODUCED.labels("scheduler", Topic.INTEGRATION_IMAP_ACTIVE.value).inc(len(written))
        if written:
            log.info("integration.imap.active: %d record(s) reconciled", len(written))
        return written


class RepeatLoop:
    """Runs ``action`` at start-up and again after each ``wait()`` seconds, until stopped; a
    failed round is logged and retried at the next."""

    def __init__(self, name: str, action: Callable[[], object], wait: Callable[[], float]) -> None:
        self._action, self._wait = action, wait
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._action()
            except Exception:  # noqa: BLE001  (retried at the next round)
                log.exception("%s failed", self._thread.name)
            self._stop.wait(max(self._wait(), 0.0))


def cron_loop(scheduler: Scheduler) -> RepeatLoop:
    """Runs ``tick``, then ``warn_reconnects``, at start-up and at every cron fire time until
    stopped; a failed tick does not hold the warnings back."""

    def tick_and_warn() -> None:
        try:
            scheduler.tick()
        except Exception:  # noqa: BLE001  (a failed tick is retried at the next slot)
            log.exception("scheduler tick failed")
        scheduler.warn_reconnects()  # retried at the next tick; once per lapse anyway

    def until_next_fire() -> float:
        now = scheduler.clock()
        return (handler.next_fire(scheduler.settings.cron, now) - now).total_seconds()

    return RepeatLoop("cron", tick_and_warn, until_next_fire)


def imap_watch_loop(scheduler: Scheduler) -> RepeatLoop:
    """Runs ``reconcile_imap_watches`` at start-up and every ``imap_reconcile_seconds``."""
    return RepeatLoop(
        "imap-watches",
        scheduler.reconcile_imap_watches,
        lambda: scheduler.settings.imap_reconcile_seconds,
    )


def build(settings: SchedulerSettings) -> tuple[Scheduler, Engine]:
    engine = build_engine(settings.database_url)
    producer = build_producer(
        bootstrap=settings.kafka_bootstrap_servers, client_id=settings.client_id
    )
    return Scheduler(build_sessionmaker(engine), producer, settings), engine
