"""Infrastructure taken away mid-run, one thing at a time: clean broker restarts (one broker),
SIGKILLed cluster nodes, PostgreSQL fast stops.

``plan_disruptions`` is pure: a seeded schedule of what happens at which share of the work. The
controls carry them out on the main thread (a restarted server's parent-death signal is tied to
the thread that starts it), so two never overlap: a cluster never misses two nodes, and the
database is never down while a broker is.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient

from services.infra.kafka_cluster import NativeKafkaCluster
from services.infra.postgres_native import NativePostgres, find_pg_bindir, restart_native_postgres
from services.infra.settings import InfraSettings
from services.infra.stack import Infra
from services.lagexporter.handler import under_replicated_count
from services.lagexporter.wiring import replication_of
from services.ops.chaos.options import ChaosOptions

log = logging.getLogger(__name__)

Kind = Literal["broker_restart", "broker_kill", "postgres_restart"]

# moments as shares of the expected emails already in the ledger
WINDOWS: dict[Kind, tuple[float, float]] = {
    "broker_restart": (0.15, 0.6),
    "broker_kill": (0.1, 0.8),
    "postgres_restart": (0.2, 0.7),
}
BROKER_PAUSE = (1.0, 8.0)  # seconds a killed node stays down once noticed, drawn uniformly
POSTGRES_PAUSE = (1.0, 5.0)  # seconds PostgreSQL stays down
HEAL_TIMEOUT = 180.0  # seconds to wait for full replication before the next node is killed
SAMPLE_INTERVAL = 1.0  # seconds between two under-replication samples
# a SIGKILLed node is fenced after broker.session.timeout.ms (9 s) and its replicas leave the
# ISRs; a node back before that would be an absence nobody noticed
NOTICE_TIMEOUT = 45.0


@dataclass(frozen=True, order=True)
class Disruption:
    at: float  # share of the work done when it happens
    kind: Kind
    controller: bool = False  # a broker kill aimed at the active controller


def plan_disruptions(options: ChaosOptions, rng: random.Random) -> list[Disruption]:
    """Every restart and kill the options ask for, at seeded moments, in order; one broker kill
    (a random one of them) is aimed at the active controller."""
    counts: dict[Kind, int] = {
        "broker_restart": options.broker_restarts,
        "broker_kill": options.broker_kills,
        "postgres_restart": options.postgres_restarts,
    }
    planned = [
        Disruption(rng.uniform(*WINDOWS[kind]), kind)
        for kind, n in counts.items()
        for _ in range(n)
    ]
    kills = [d for d in planned if d.kind == "broker_kill"]
    if kills:
        aimed = rng.choice(kills)
        planned[planned.index(aimed)] = Disruption(aimed.at, aimed.kind, controller=True)
    return sorted(planned)


def choose_victim(
    disruption: Disruption, *, node_ids: list[int], controller: int | None, rng: random.Random
) -> int:
    """The active controller when aimed at it and known, else any node."""
    if disruption.controller and controller in node_ids:
        assert controller is not None
        return controller
    return rng.choice(node_ids)


@dataclass(frozen=True)
class BrokerKill:
    node_id: int
    was_controller: bool
    downtime: float  # seconds from SIGKILL until the node served clients again


@dataclass
class UnderReplicationMonitor:
    """Samples the cluster's under-replicated partitions on a thread; keeps the maximum."""

    bootstrap: str
    maximum: int = 0
    last: int = -1  # -1 until a sample succeeded
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)  # two threads sample
    _waits_admin: AdminClient | None = None  # the main thread's, kept (see probe._admin)

    def sample(self, admin: AdminClient) -> int:
        count = under_replicated_count(replication_of(admin.list_topics(timeout=5)))
        with self._lock:
            self.maximum = max(self.maximum, count)
            self.last = count
        return count

    def _run(self) -> None:
        admin = _admin(self.bootstrap)
        while not self._stop.wait(SAMPLE_INTERVAL):
            try:
                self.sample(admin)
            except KafkaException as exc:  # no node answered this time: the next sample will
                log.info("under-replication sample failed: %s", exc)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="chaos-urp", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def wait_healed(self, timeout: float = HEAL_TIMEOUT) -> bool:
        """Until a sample finds every replica in sync (a rolling restart's pace)."""
        return self._wait_until(lambda count: count == 0, timeout)

    def wait_noticed(self, timeout: float = NOTICE_TIMEOUT) -> bool:
        """Until a sample finds a partition under-replicated: the cluster saw a node go."""
        return self._wait_until(lambda count: count > 0, timeout)

    def _wait_until(self, wanted: Callable[[int], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        if self._waits_admin is None:
            self._waits_admin = _admin(self.bootstrap)
        admin = self._waits_admin
        while time.monotonic() < deadline:
            try:
                if wanted(self.sample(admin)):
                    return True
            except KafkaException as exc:
                log.info("under-replication sample failed: %s", exc)
            time.sleep(SAMPLE_INTERVAL)
        return False


def _admin(bootstrap: str) -> AdminClient:
    # librdkafka's own log lines (a killed node refusing connections) go to logging
    config: dict[str, Any] = {"bootstrap.servers": bootstrap, "logger": log}
    return AdminClient(config)


@dataclass
class ClusterKiller:
    """SIGKILLs one node of a native cluster, waits a random pause, starts it again."""

    infra: Infra
    rng: random.Random
    monitor: UnderReplicationMonitor | None = None  # the run's: kills wait for it to read 0
    sleep: Callable[[float], None] = time.sleep

    @property
    def skipped_reason(self) -> str | None:
        if isinstance(self.infra.kafka_handle, NativeKafkaCluster):
            return None
        if self.infra.kafka_kind == "env":
            return "external Kafka (KAFKA_BOOTSTRAP_SERVERS): not this run's to kill"
        return "Kafka is not a native cluster of this run (start it with --brokers 3)"

    def kill(self, disruption: Disruption) -> BrokerKill:
        cluster = self.infra.kafka_handle
        if not isinstance(cluster, NativeKafkaCluster):
            raise RuntimeError(f"cannot kill a broker: {self.skipped_reason}")
        if self.monitor is not None and not self.monitor.wait_healed():
            log.warning("partitions still under-replicated; killing a node anyway")
        controller = cluster.active_controller()
        victim = choose_victim(
            disruption, node_ids=cluster.node_ids, controller=controller, rng=self.rng
        )
        killed_at = time.monotonic()
        cluster.kill(victim)
        if self.monitor is not None and not self.monitor.wait_noticed():
            log.warning("node %d is down but no partition reads under-replicated", victim)
        self.sleep(self.rng.uniform(*BROKER_PAUSE))
        cluster.restart(victim)
        return BrokerKill(victim, victim == controller, time.monotonic() - killed_at)


@dataclass
class PostgresControl:
    """Stops the native PostgreSQL ``infra`` runs (fast) and starts it again on its data."""

    infra: Infra
    rng: random.Random
    settings: InfraSettings = field(default_factory=InfraSettings)

    @property
    def skipped_reason(self) -> str | None:
        if isinstance(self.infra.database_handle, NativePostgres):
            return None
        if self.infra.database_kind == "env":
            return "external database (DATABASE_URL): not this run's to restart"
        return f"PostgreSQL runs as {self.infra.database_kind}; only a native one is restarted"

    def restart(self) -> float:
        """Returns the seconds the database was away."""
        pg = self.infra.database_handle
        if not isinstance(pg, NativePostgres):
            raise RuntimeError(f"cannot restart PostgreSQL: {self.skipped_reason}")
        stopped_at = time.monotonic()
        self.infra.database_handle = restart_native_postgres(
            pg,
            bindir=find_pg_bindir(self.settings.PG_BINDIR),
            pdeathsig=True,
            pause=self.rng.uniform(*POSTGRES_PAUSE),
        )
        return time.monotonic() - stopped_at
