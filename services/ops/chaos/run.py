"""One chaos run from start to verdict (see the package docstring for what it proves)."""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.topics import DEAD_LETTER_TOPIC, Topic
from services.common.retry_topics import with_retry_topics
from services.db.session import build_engine, build_sessionmaker
from services.demo.processes import ServiceGroup
from services.demo.run import StackConfig, free_port, prepare, wait_http_ready
from services.ops.chaos.broker import BrokerControl
from services.ops.chaos.disruptions import (
    ClusterKiller,
    Disruption,
    PostgresControl,
    UnderReplicationMonitor,
    plan_disruptions,
)
from services.ops.chaos.driver import Driver
from services.ops.chaos.fleet import WatchedIntegration, generate_mailboxes, seed_fleet
from services.ops.chaos.killer import ServiceKiller
from services.ops.chaos.ledger import ledger_counts, run_statuses, running_integrations, verify_all
from services.ops.chaos.options import CONSUMED, ChaosOptions, group_id
from services.ops.chaos.poison import DeadLetterTally, PoisonInjector, tally_dead_letters
from services.ops.chaos.probe import (
    REDELIVERY_TOPICS,
    Offsets,
    consumer_lag,
    count_redeliveries,
    describe_groups,
    end_offsets,
    start_at_end,
)
from services.ops.chaos.report import ChaosReport
from services.ops.chaos.sightings import tenant_expectations, verify_tenants

# moments as shares of the expected emails already in the ledger
POISON_WINDOW = (0.05, 0.9)
IDLE_CHECK_INTERVAL = 2.0  # seconds
# once the pipeline is otherwise idle, seconds to wait for the poison's dead letters
DEAD_LETTER_GRACE = 120.0


def chaos_env(
    config: StackConfig, base_env: dict[str, str], run_id: str, options: ChaosOptions
) -> dict[str, str]:
    env = config.env(base_env)
    env.update(
        {
            "LOG_LEVEL": "INFO",
            "PARSER_EXTRACTOR": "offline",  # the expectation is the offline extractor's
            "FETCHER_LEASE_SECONDS": str(options.lease_seconds),
            # the sync rate limit is not what this run exercises
            "FETCHER_SYNCS_PER_PERIOD": "10000",
            "FETCHER_RATE_PERIOD_SECONDS": "1",
            "API_MANUAL_TRIGGERS_PER_MINUTE": "1000000",  # the driver triggers every round
        }
    )
    for service in CONSUMED:
        prefix = service.upper()
        env[f"{prefix}_GROUP_ID"] = group_id(run_id, service)
        env[f"{prefix}_CLIENT_ID"] = f"chaos-{service}"
        env[f"{prefix}_OPS_PORT"] = "0"  # replicas come and go: ephemeral ports
    return env


@dataclass(frozen=True)
class RunScope:
    """What identifies one run's traffic: its consumer groups, integrations and start offsets."""

    run_id: str
    bootstrap: str
    groups: dict[str, tuple[Topic, ...]]
    watched: dict[int, WatchedIntegration]
    scan_from: Offsets  # where the redelivery and dead-letter scans start
    deadline: float

    def dead_letters(self) -> DeadLetterTally:
        return tally_dead_letters(
            self.bootstrap, self.scan_from, run_id=self.run_id, integration_ids=self.watched
        )


def run_chaos(
    *,
    kafka_bootstrap: str,
    database_url: str,
    work_dir: Path,
    base_env: dict[str, str],
    options: ChaosOptions = ChaosOptions(),
    broker: BrokerControl | None = None,
    cluster: ClusterKiller | None = None,
    database: PostgresControl | None = None,
    say: Callable[[str], None] = lambda _line: None,
) -> ChaosReport:
    started = time.monotonic()
    report = ChaosReport(options, log_dir=str(work_dir / "logs"))
    controls = Controls(broker, cluster, database)
    report.broker_restart_skipped = controls.skipped(options.broker_restarts, broker)
    report.broker_kill_skipped = controls.skipped(options.broker_kills, cluster)
    report.postgres_restart_skipped = controls.skipped(options.postgres_restarts, database)
    for what, why in report.skipped.items():
        say(f"no {what}: {why}")
    prepare(kafka_bootstrap, database_url)
    # vendor copies are dated now: the matching window counts back from the jobwriter's clock
    fleet = generate_mailboxes(options, work_dir / "mailboxes", sent=datetime.now(UTC))
    mailboxes = fleet.mailboxes
    report.emails_generated = sum(m.expected.generated for m in mailboxes)
    report.emails_in = sum(len(m.expected.jobs) for m in mailboxes)
    say(
        f"{report.emails_generated} emails in {len(mailboxes)} mailboxes of {options.tenants} "
        f"tenants ({len(fleet.copy_clusters)} vendor copies of {options.vendor_requirements} "
        f"requirements): {report.emails_in} matching"
    )
    engine = build_engine(database_url)
    sessions = build_sessionmaker(engine)
    try:
        watched = seed_fleet(sessions, mailboxes)
        expectations = tenant_expectations(watched.values())
        # a message in several mailboxes of a tenant makes its jobs once
        report.jobs_expected = sum(e.jobs for e in expectations)
        report.shared_messages = sum(len(e.shared) for e in expectations)
        report.integrations = sorted(watched)
        report.tenants = sorted({w.tenant_id for w in watched.values()})
        run_id = f"{datetime.now(UTC):%H%M%S}-{uuid.uuid4().hex[:6]}"
        # a stage consumes its retry tiers in the same group: those start at their end too
        groups = {
            group_id(run_id, s): tuple(with_retry_topics(topics)) for s, topics in CONSUMED.items()
        }
        for gid, topics in groups.items():
            start_at_end(kafka_bootstrap, gid, topics)
        scan_from = end_offsets(kafka_bootstrap, (*REDELIVERY_TOPICS, *DEAD_LETTER_TOPIC.values()))
        scope = RunScope(
            run_id, kafka_bootstrap, groups, watched, scan_from, started + options.timeout
        )
        config = StackConfig(kafka_bootstrap, database_url, work_dir / "logs", free_port())
        group = ServiceGroup(
            env=chaos_env(config, base_env, run_id, options), log_dir=work_dir / "logs"
        )
        _run_stack(scope, group, config, sessions, controls, report, say)
        report.sync_runs = run_statuses(sessions, watched)
        shared = {e.tenant_id: e.shared for e in expectations}
        report.per_integration = verify_all(sessions, watched.values(), shared)
        report.per_tenant = verify_tenants(sessions, expectations, fleet.copy_clusters)
        report.dead_letters = scope.dead_letters()
        report.redeliveries = count_redeliveries(kafka_bootstrap, scan_from, set(watched))
    finally:
        engine.dispose()
    report.seconds = time.monotonic() - started
    return report


def _run_stack(
    scope: RunScope,
    group: ServiceGroup,
    config: StackConfig,
    sessions: sessionmaker[Session],
    controls: Controls,
    report: ChaosReport,
    say: Callable[[str], None],
) -> None:
    """Start the services, drive the chaos until the work is done, wait until idle, stop."""
    options = report.options
    killer = ServiceKiller(group, random.Random(f"{options.seed}:kills"), options)
    rng = random.Random(f"{options.seed}:moments")
    points = [rng.uniform(*POISON_WINDOW) for _ in range(options.poison)]
    injector = PoisonInjector(scope.bootstrap, scope.run_id, points)
    disruptions = [d for d in plan_disruptions(options, rng) if d.kind not in report.skipped_kinds]
    monitor = UnderReplicationMonitor(scope.bootstrap)
    if controls.cluster is not None:
        controls.cluster.monitor = monitor
    base_url = config.api_url
    monitor.start()
    try:
        killer.start_all()
        wait_http_ready(base_url, group)
        say(f"tenants {report.tenants}, integrations {report.integrations}; chaos on")
        driver = Driver(
            killer=killer,
            injector=injector,
            sessions=sessions,
            watched=scope.watched,
            base_url=base_url,
            options=options,
            deadline=scope.deadline,
        )
        _drive(driver, controls, disruptions, report, say)
        injector.finish()
        killer.settle()
        say(f"{killer.done} kill(s) done, mailboxes drained; waiting until idle")
        report.idle, report.consumer_lag = wait_until_idle(
            sessions,
            scope,
            lambda: len(scope.dead_letters().poison) >= len(injector.acknowledged),
            options=options,
        )
        if not report.idle:  # who holds what, while the services still run
            report.groups = describe_groups(scope.bootstrap, scope.groups)
    finally:
        report.kills_by_service, report.restarts = killer.kills_by_service, killer.restarts
        report.unexpected_exits = killer.unexpected_exits
        report.poison_injected = len(injector.acknowledged)
        report.poison_failed = len(injector.failed)
        monitor.stop()
        report.max_under_replicated_partitions = monitor.maximum
        group.stop()


@dataclass(frozen=True)
class Controls:
    """What may be taken away mid-run; None where the caller gave no control."""

    broker: BrokerControl | None
    cluster: ClusterKiller | None
    database: PostgresControl | None

    @staticmethod
    def skipped(
        wanted: int, control: BrokerControl | ClusterKiller | PostgresControl | None
    ) -> str | None:
        if wanted == 0:
            return None
        if control is None:
            return "no control given"
        return control.skipped_reason

    def carry_out(self, disruption: Disruption, report: ChaosReport) -> str:
        """Do one disruption (blocking) and record it; returns what happened, for the log."""
        if disruption.kind == "broker_restart":
            assert self.broker is not None
            report.broker_downtime_s.append(self.broker.restart())
            report.broker_restarts += 1
            return f"broker back after {report.broker_downtime_s[-1]:.1f} s"
        if disruption.kind == "broker_kill":
            assert self.cluster is not None
            kill = self.cluster.kill(disruption)
            report.broker_kill_records.append(kill)
            role = " (the active controller)" if kill.was_controller else ""
            return f"node {kill.node_id}{role} SIGKILLed, back after {kill.downtime:.1f} s"
        assert self.database is not None
        report.postgres_downtime_s.append(self.database.restart())
        return f"PostgreSQL back after {report.postgres_downtime_s[-1]:.1f} s"


def _drive(
    driver: Driver,
    controls: Controls,
    disruptions: list[Disruption],
    report: ChaosReport,
    say: Callable[[str], None],
) -> None:
    """Run the driver's thread; carry out each disruption here when progress passes its point."""
    thread = threading.Thread(target=driver.run, name="chaos-driver", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            if disruptions and driver.progress >= disruptions[0].at:
                disruption = disruptions.pop(0)
                say(f"{disruption.kind} at {driver.progress:.0%} of the emails")
                say(controls.carry_out(disruption, report))
            if not disruptions:
                driver.broker_done.set()
            thread.join(0.2)
    finally:
        driver.stop.set()
        thread.join()
        report.sync_requests = driver.sync_requests
        report.kills_during_work = driver.kills_during_work
    if driver.error is not None:
        raise driver.error


def wait_until_idle(
    sessions: sessionmaker[Session],
    scope: RunScope,
    poison_dead_lettered: Callable[[], bool],
    *,
    options: ChaosOptions,
) -> tuple[bool, int]:
    """Idle: no sync run running, the ledger unchanged and no consumer lag ``quiet_checks``
    times in a row, and every poison message dead-lettered (waited for at most
    DEAD_LETTER_GRACE once the rest is idle; the report then shows the shortfall)."""
    ids = list(scope.watched)
    quiet, previous, quiet_since = 0, None, None
    lag: int | None = None  # None: not known yet (never asked, or a coordinator not ready)
    while time.monotonic() < scope.deadline:
        counts = ledger_counts(sessions, ids)
        running = running_integrations(sessions, ids)
        lag = consumer_lag(scope.bootstrap, scope.groups)
        quiet = quiet + 1 if (counts == previous and not running and lag == 0) else 0
        previous = counts
        if quiet >= options.quiet_checks:
            quiet_since = quiet_since or time.monotonic()
            waited = time.monotonic() - quiet_since
            if poison_dead_lettered() or waited > DEAD_LETTER_GRACE:
                return True, 0
        else:
            quiet_since = None
        time.sleep(IDLE_CHECK_INTERVAL)
    return False, -1 if lag is None else lag
