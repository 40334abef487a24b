"""The chaos run: kill any service at any moment; no email is lost, none counted twice.

One run seeds a fresh tenant with candidates and N maildir integrations (generated mailboxes of
more than 50 matching emails, so every mailbox needs several syncs), starts the four services as
separate processes (2 fetchers, 2 parsers, 2 jobwriters, 1 scheduler) under consumer groups of
its own, and keeps requesting syncs through the scheduler's API until every mailbox is drained,
while a seeded RNG SIGKILLs (and sometimes SIGTERMs) a random service process every few seconds
and restarts it. Then it waits until the pipeline is quiescent (every sync run finished, the
ledger stable, consumer lag 0) and checks, from PostgreSQL:

* per integration, the ledger's provider message ids == the mailbox's matching emails (nothing
  lost, nothing foreign), one ledger row per email;
* no (tenant, integration, provider_message_id, job_index) twice, and the job postings == what
  the offline extractor yields for those files, email by email;
* the integration counters (emails_processed_count, jobs_created_count) == ledger / job totals.

Redeliveries are counted from the topics (the same email published to email.raw, email.parsed or
job.created more than once). A broker restart is out of scope.
"""

from __future__ import annotations

import base64
import json
import random
import signal
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from confluent_kafka import Consumer, ConsumerGroupTopicPartitions, TopicPartition
from confluent_kafka.admin import AdminClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import Provider, RawEmail
from schemas.contracts.topics import Topic
from services.db.models import (
    EmailIntegration,
    JobPosting,
    ProcessedEmail,
    SyncRun,
)
from services.db.session import build_engine, build_sessionmaker, transaction
from services.demo.processes import ServiceGroup, ServiceProcess
from services.demo.run import StackConfig, free_port, prepare, wait_http_ready
from services.demo.seed import MaildirTenant, seed_maildir_tenant
from services.fetcher.handler import search_keywords, subject_matches
from services.fetcher.providers.maildir import MaildirProvider
from services.jobwriter.handler import DEFAULT_CONFIDENCE_THRESHOLD, decide
from services.ops.mailbox_gen import ROLE_KEYWORDS, generate_mailbox
from services.parser.handler import handle_raw_email

# replicas per service: two of each consumer, so kills and restarts rebalance partitions
REPLICAS: Mapping[str, int] = {"scheduler": 1, "fetcher": 2, "parser": 2, "jobwriter": 2}
CONSUMED: Mapping[str, tuple[Topic, ...]] = {
    "fetcher": (Topic.EMAIL_SYNC_REQUESTED,),
    "parser": (Topic.EMAIL_RAW,),
    "jobwriter": (Topic.EMAIL_PARSED, Topic.INTEGRATION_ERROR),
}
SCANNED = (Topic.EMAIL_RAW, Topic.EMAIL_PARSED, Topic.JOB_CREATED)
CANDIDATES = {
    "Priya S.": ["Java Developer", "Sr Java Developer"],
    "Marcus T.": ["Data Engineer"],
    "Elena R.": ["DevOps Engineer"],
    "Wei L.": ["Python Developer"],
    "Aisha K.": ["Salesforce Developer"],
    "Tom B.": ["Business Analyst"],
}
assert {r for roles in CANDIDATES.values() for r in roles} >= set(ROLE_KEYWORDS)


@dataclass(frozen=True)
class ChaosOptions:
    integrations: int = 3
    emails: int = 200  # per mailbox
    kills: int = 8
    seed: int = 1
    kill_interval: float = 3.0  # mean seconds between two kills
    sigterm_share: float = 0.25  # the rest are SIGKILL
    sync_interval: float = 2.0  # seconds between two rounds of sync requests
    lease_seconds: float = 15.0  # a killed fetcher's integration lease expires after this
    timeout: float = 600.0  # for the whole run, quiescence included
    quiet_checks: int = 3  # consecutive stable, lag-free checks that make "quiescent"


@dataclass
class Expected:
    """One mailbox as the pipeline should see it: matching email → jobs the extractor yields."""

    path: Path
    jobs: dict[str, int]


@dataclass
class IntegrationResult:
    integration_id: int
    expected_emails: int
    processed: int
    ledger_rows: int
    lost: int
    unexpected: int
    jobs_expected: int
    jobs: int
    duplicate_jobs: int
    job_mismatches: int  # emails whose job count differs from the extractor's
    emails_processed_count: int
    jobs_created_count: int

    @property
    def counters_consistent(self) -> bool:
        return (
            self.emails_processed_count == self.ledger_rows and self.jobs_created_count == self.jobs
        )


@dataclass
class ChaosReport:
    seed: int
    integrations: int
    emails_per_mailbox: int
    emails: int = 0  # matching emails over all mailboxes (what must end in the ledger)
    kills: dict[str, dict[str, int]] = field(default_factory=dict)
    restarts: int = 0
    kills_during_work: int = -1  # kills before every mailbox was drained
    unexpected_exits: int = 0
    sync_requests: int = 0
    sync_runs: dict[str, int] = field(default_factory=dict)
    duration_s: float = 0.0
    quiescent: bool = False
    consumer_lag: int = -1
    processed: int = 0
    ledger_rows: int = 0
    jobs: int = 0
    jobs_expected: int = 0
    duplicates: int = 0
    lost: int = 0
    unexpected: int = 0
    job_mismatches: int = 0
    counters_consistent: bool = False
    redeliveries: dict[str, int] = field(default_factory=dict)
    per_integration: list[IntegrationResult] = field(default_factory=list)
    log_dir: str = ""
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "seed": self.seed,
            "integrations": self.integrations,
            "emails_per_mailbox": self.emails_per_mailbox,
            "emails": self.emails,
            "kills": self.kills,
            "kills_total": sum(sum(by.values()) for by in self.kills.values()),
            "kills_during_work": self.kills_during_work,
            "restarts": self.restarts,
            "unexpected_exits": self.unexpected_exits,
            "sync_requests": self.sync_requests,
            "sync_runs": self.sync_runs,
            "duration_s": round(self.duration_s, 1),
            "quiescent": self.quiescent,
            "consumer_lag": self.consumer_lag,
            "processed": self.processed,
            "ledger_rows": self.ledger_rows,
            "jobs": self.jobs,
            "jobs_expected": self.jobs_expected,
            "duplicates": self.duplicates,
            "lost": self.lost,
            "unexpected": self.unexpected,
            "job_mismatches": self.job_mismatches,
            "counters_consistent": self.counters_consistent,
            "redeliveries": self.redeliveries,
            "per_integration": [
                {**vars(r), "counters_consistent": r.counters_consistent}
                for r in self.per_integration
            ],
            "log_dir": self.log_dir,
            "failures": self.failures,
        }


# --- expectations (offline, no Kafka or database) ---------------------------------------------


def expected_for_mailbox(
    path: Path,
    *,
    roles: Iterable[Iterable[str]],
    threshold: float = DEFAULT_CONFIDENCE_THRESHOLD,
) -> Expected:
    """What the fetcher selects from ``path`` (its own listing and subject rule) and how many jobs
    the jobwriter must create for each email (the offline parser + the jobwriter's decision)."""
    keywords = search_keywords(roles)
    provider = MaildirProvider(path)
    jobs: dict[str, int] = {}
    try:
        for ref in provider.list_matching(keywords=keywords, cursor=None):
            if not subject_matches(ref.subject, keywords):
                continue
            raw = provider.fetch_raw(ref)
            message = RawEmail(
                sync_id=uuid.UUID(int=0),
                integration_id=1,
                user_id=1,
                tenant_id=1,
                provider=Provider.MAILDIR,
                provider_message_id=ref.provider_message_id,
                thread_id=None,
                received_at=ref.received_at,
                raw_size=len(raw),
                raw_b64=base64.b64encode(raw).decode("ascii"),
            )
            parsed = handle_raw_email(message, raw)
            jobs[ref.provider_message_id] = len(decide(parsed, threshold=threshold).jobs)
    finally:
        provider.close()
    return Expected(path, jobs)


# --- Kafka helpers ----------------------------------------------------------------------------


def end_offsets(bootstrap: str, topics: Iterable[Topic]) -> dict[tuple[str, int], int]:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"chaos-probe-{uuid.uuid4()}"})
    try:
        ends: dict[tuple[str, int], int] = {}
        for topic in topics:
            metadata = consumer.list_topics(topic.value, timeout=10).topics[topic.value]
            for partition in metadata.partitions:
                _, high = consumer.get_watermark_offsets(
                    TopicPartition(topic.value, partition), timeout=10
                )
                ends[(topic.value, partition)] = int(high)
        return ends
    finally:
        consumer.close()


def start_at_end(bootstrap: str, group_id: str, topics: Iterable[Topic]) -> None:
    """Commit the group's offsets at the end of its topics: it consumes only what comes next."""
    ends = end_offsets(bootstrap, topics)
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group_id})
    try:
        consumer.commit(
            offsets=[TopicPartition(t, p, o) for (t, p), o in ends.items()], asynchronous=False
        )
    finally:
        consumer.close()


def consumer_lag(bootstrap: str, groups: Mapping[str, Iterable[Topic]]) -> int:
    """Sum over the groups of end offset − committed offset (AdminClient); a partition the group
    never committed counts from 0."""
    admin = AdminClient({"bootstrap.servers": bootstrap})
    lag = 0
    for group_id, topics in groups.items():
        ends = end_offsets(bootstrap, topics)
        request = ConsumerGroupTopicPartitions(group_id, [TopicPartition(t, p) for (t, p) in ends])
        result = admin.list_consumer_group_offsets([request])[group_id].result(timeout=10)
        committed = {(tp.topic, tp.partition): tp.offset for tp in result.topic_partitions}
        for key, end in ends.items():
            lag += max(0, end - max(0, committed.get(key, 0)))
    return lag


def count_redeliveries(
    bootstrap: str, start: Mapping[tuple[str, int], int], integration_ids: set[int]
) -> dict[str, int]:
    """Messages beyond the first per email (per job on job.created) for our integrations, on each
    scanned topic between ``start`` and its current end."""
    ends = end_offsets(bootstrap, SCANNED)
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"chaos-scan-{uuid.uuid4()}",
            "enable.auto.commit": False,
        }
    )
    seen: dict[str, Counter[tuple[Any, ...]]] = {t.value: Counter() for t in SCANNED}
    try:
        wanted = [
            TopicPartition(t, p, start.get((t, p), 0))
            for (t, p), end in ends.items()
            if end > start.get((t, p), 0)
        ]
        if wanted:
            consumer.assign(wanted)
            remaining = {(tp.topic, tp.partition): ends[(tp.topic, tp.partition)] for tp in wanted}
            deadline = time.monotonic() + 60
            while remaining and time.monotonic() < deadline:
                for msg in consumer.consume(500, timeout=1.0):
                    topic, partition, offset = msg.topic(), msg.partition(), msg.offset()
                    value = msg.value()
                    if msg.error() or topic is None or partition is None or offset is None:
                        continue
                    if offset + 1 >= remaining.get((topic, partition), 0):
                        remaining.pop((topic, partition), None)
                    body = json.loads(value or b"{}")
                    if body.get("integration_id") not in integration_ids:
                        continue
                    ident: tuple[Any, ...] = (body["integration_id"], body["provider_message_id"])
                    if topic == Topic.JOB_CREATED.value:
                        ident = (*ident, body["job_index"])
                    seen[topic][ident] += 1
    finally:
        consumer.close()
    return {topic: sum(n - 1 for n in counts.values()) for topic, counts in seen.items()}


# --- the database side ------------------------------------------------------------------------


Seeded = MaildirTenant


def seed_tenant(sessions: sessionmaker[Session], mailboxes: list[Path]) -> Seeded:
    return seed_maildir_tenant(sessions, mailboxes, candidates=CANDIDATES, label="chaos")


def ledger_counts(
    sessions: sessionmaker[Session], integration_ids: Iterable[int]
) -> dict[int, int]:
    ids = list(integration_ids)
    with transaction(sessions) as session:
        rows = session.execute(
            select(ProcessedEmail.integration_id, func.count())
            .where(ProcessedEmail.integration_id.in_(ids))
            .group_by(ProcessedEmail.integration_id)
        ).all()
    counts = dict.fromkeys(ids, 0)
    counts.update({int(i): int(n) for i, n in rows})
    return counts


def run_statuses(sessions: sessionmaker[Session], tenant_id: int) -> dict[str, int]:
    with transaction(sessions) as session:
        rows = session.execute(
            select(SyncRun.status, func.count())
            .where(SyncRun.tenant_id == tenant_id)
            .group_by(SyncRun.status)
        ).all()
    return {str(s): int(n) for s, n in rows}


def running_integrations(sessions: sessionmaker[Session], tenant_id: int) -> set[int]:
    with transaction(sessions) as session:
        return set(
            session.scalars(
                select(SyncRun.integration_id).where(
                    SyncRun.tenant_id == tenant_id, SyncRun.status == "running"
                )
            )
        )


def verify(
    session: Session, *, tenant_id: int, integration_id: int, expected: Expected
) -> IntegrationResult:
    ledger = session.scalars(
        select(ProcessedEmail.provider_message_id).where(
            ProcessedEmail.integration_id == integration_id
        )
    ).all()
    job_rows = session.execute(
        select(JobPosting.provider_message_id, JobPosting.job_index).where(
            JobPosting.tenant_id == tenant_id, JobPosting.integration_id == integration_id
        )
    ).all()
    per_email = Counter(str(m) for m, _ in job_rows)
    integration = session.get(EmailIntegration, integration_id)
    assert integration is not None
    wanted, got = set(expected.jobs), set(ledger)
    return IntegrationResult(
        integration_id=integration_id,
        expected_emails=len(wanted),
        processed=len(got),
        ledger_rows=len(ledger),
        lost=len(wanted - got),
        unexpected=len(got - wanted),
        jobs_expected=sum(expected.jobs.values()),
        jobs=len(job_rows),
        duplicate_jobs=len(job_rows) - len({(str(m), int(i)) for m, i in job_rows}),
        job_mismatches=sum(1 for m, n in expected.jobs.items() if per_email.get(m, 0) != n),
        emails_processed_count=integration.emails_processed_count,
        jobs_created_count=integration.jobs_created_count,
    )


# --- the run ----------------------------------------------------------------------------------


class Chaos:
    """Kills and restarts service processes of one group on a seeded schedule."""

    def __init__(self, group: ServiceGroup, rng: random.Random, options: ChaosOptions) -> None:
        self.group = group
        self.rng = rng
        self.options = options
        self.kills: dict[str, dict[str, int]] = {}
        self.restarts = 0
        self.unexpected_exits = 0
        self.done = 0
        self._next = time.monotonic() + self._gap()
        self._by_us: set[int] = set()  # pids we signalled
        # name → (stopped process, restart no earlier than)
        self._pending: dict[str, tuple[ServiceProcess, float]] = {}

    def _gap(self) -> float:
        mean = self.options.kill_interval
        return self.rng.uniform(0.5 * mean, 1.5 * mean)

    def start_all(self) -> None:
        for name, count in REPLICAS.items():
            for replica in range(count):
                self.group.start(name, replica=replica)

    def step(self) -> None:
        now = time.monotonic()
        self._restart_due(now)
        self._catch_crashes(now)
        if self.done < self.options.kills and now >= self._next and not self._pending:
            self._kill_one(now)
            self._next = now + self._gap()

    def _kill_one(self, now: float) -> None:
        alive = sorted(
            (sp for sp in self.group.processes if sp.process.poll() is None),
            key=lambda sp: sp.name,
        )
        if not alive:
            return
        victim = self.rng.choice(alive)
        sig = signal.SIGTERM if self.rng.random() < self.options.sigterm_share else signal.SIGKILL
        service = victim.name.rsplit("-", 1)[0]
        by_signal = self.kills.setdefault(service, {})
        by_signal[sig.name] = by_signal.get(sig.name, 0) + 1
        self._by_us.add(victim.process.pid)
        victim.process.send_signal(sig)
        self.done += 1
        self._pending[victim.name] = (victim, now + self.rng.uniform(0.5, 2.0))

    def _restart_due(self, now: float) -> None:
        for name, (victim, not_before) in list(self._pending.items()):
            if victim.process.poll() is None:
                if now > not_before + 30:  # a SIGTERM that did not finish: make it a kill
                    victim.process.kill()
                continue
            if now < not_before:
                continue
            self._restart(victim)
            del self._pending[name]

    def _catch_crashes(self, now: float) -> None:
        for sp in list(self.group.processes):
            if sp.name in self._pending or sp.process.poll() is None:
                continue
            if sp.process.pid not in self._by_us:
                self.unexpected_exits += 1
            self._pending[sp.name] = (sp, now + 1.0)

    def _restart(self, victim: ServiceProcess) -> None:
        self.group.processes = [p for p in self.group.processes if p is not victim]
        service, replica = victim.name.rsplit("-", 1)
        self.group.start(service, replica=int(replica))
        self.restarts += 1

    def settle(self, timeout: float = 60.0) -> None:
        """Every killed process restarted and running."""
        deadline = time.monotonic() + timeout
        while (self._pending or self._dead()) and time.monotonic() < deadline:
            self._restart_due(time.monotonic())
            self._catch_crashes(time.monotonic())
            time.sleep(0.2)

    def _dead(self) -> bool:
        return any(sp.process.poll() is not None for sp in self.group.processes)


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
        }
    )
    for service in CONSUMED:
        prefix = service.upper()
        env[f"{prefix}_GROUP_ID"] = group_id(run_id, service)
        env[f"{prefix}_CLIENT_ID"] = f"chaos-{service}"
        env[f"{prefix}_OPS_PORT"] = "0"  # replicas come and go: ephemeral ports
    return env


def group_id(run_id: str, service: str) -> str:
    return f"chaos-{run_id}-{service}"


def trigger(base_url: str, integration_id: int, api_key: str) -> bool:
    try:
        response = httpx.post(
            f"{base_url}/integrations/{integration_id}/sync",
            headers={"X-API-Key": api_key},
            timeout=5,
        )
    except httpx.HTTPError:
        return False  # the scheduler is being killed: the next round asks again
    return response.status_code == 202


def run_chaos(
    *,
    kafka_bootstrap: str,
    database_url: str,
    work_dir: Path,
    base_env: dict[str, str],
    options: ChaosOptions = ChaosOptions(),
    say: Callable[[str], None] = lambda _line: None,
) -> ChaosReport:
    started = time.monotonic()
    deadline = started + options.timeout
    run_id = f"{datetime.now(UTC):%H%M%S}-{uuid.uuid4().hex[:6]}"
    rng = random.Random(options.seed)
    report = ChaosReport(options.seed, options.integrations, options.emails)
    log_dir = work_dir / "logs"
    report.log_dir = str(log_dir)

    prepare(kafka_bootstrap, database_url)
    mailboxes = []
    for k in range(options.integrations):
        folder = work_dir / "mailboxes" / f"mailbox-{k}"
        generate_mailbox(
            folder, count=options.emails, seed=options.seed, tag=f"s{options.seed}m{k}"
        )
        mailboxes.append(folder)
    roles = list(CANDIDATES.values())
    expected_by_path = {m: expected_for_mailbox(m, roles=roles) for m in mailboxes}
    report.emails = sum(len(e.jobs) for e in expected_by_path.values())
    report.jobs_expected = sum(sum(e.jobs.values()) for e in expected_by_path.values())
    say(
        f"{options.integrations} mailboxes × {options.emails} emails: {report.emails} matching, "
        f"{report.jobs_expected} jobs expected"
    )

    engine = build_engine(database_url)
    sessions = build_sessionmaker(engine)
    try:
        seeded = seed_tenant(sessions, mailboxes)
        expected = {i: expected_by_path[m] for i, m in seeded.integrations.items()}
        groups = {group_id(run_id, s): topics for s, topics in CONSUMED.items()}
        for gid, topics in groups.items():
            start_at_end(kafka_bootstrap, gid, topics)
        scan_from = end_offsets(kafka_bootstrap, SCANNED)

        config = StackConfig(kafka_bootstrap, database_url, log_dir, free_port())
        group = ServiceGroup(env=chaos_env(config, base_env, run_id, options), log_dir=log_dir)
        base_url = f"http://127.0.0.1:{config.http_port}"
        chaos = Chaos(group, rng, options)
        try:
            chaos.start_all()
            wait_http_ready(base_url, group)
            say(f"tenant {seeded.tenant_id}, integrations {sorted(seeded.integrations)}; chaos on")
            _drive(chaos, sessions, seeded, expected, base_url, report, deadline)
            chaos.settle()
            say(f"{chaos.done} kill(s) done, mailboxes drained; waiting for quiescence")
            report.quiescent, report.consumer_lag = _quiesce(
                sessions, seeded, kafka_bootstrap, groups, options, deadline
            )
        finally:
            report.kills, report.restarts = chaos.kills, chaos.restarts
            report.unexpected_exits = chaos.unexpected_exits
            group.stop()
        report.sync_runs = run_statuses(sessions, seeded.tenant_id)
        with transaction(sessions) as session:
            report.per_integration = [
                verify(session, tenant_id=seeded.tenant_id, integration_id=i, expected=e)
                for i, e in sorted(expected.items())
            ]
        report.redeliveries = count_redeliveries(kafka_bootstrap, scan_from, set(expected))
    finally:
        engine.dispose()
    _summarise(report, options)
    report.duration_s = time.monotonic() - started
    return report


def _drive(
    chaos: Chaos,
    sessions: sessionmaker[Session],
    seeded: Seeded,
    expected: Mapping[int, Expected],
    base_url: str,
    report: ChaosReport,
    deadline: float,
) -> None:
    """Sync requests until every mailbox is drained, kills until all are done."""
    last_trigger: dict[int, float] = {}
    next_round = 0.0
    while time.monotonic() < deadline:
        chaos.step()
        now = time.monotonic()
        if now >= next_round:
            next_round = now + chaos.options.sync_interval
            counts = ledger_counts(sessions, expected)
            undrained = [i for i, e in expected.items() if counts[i] < len(e.jobs)]
            if not undrained and report.kills_during_work < 0:
                report.kills_during_work = chaos.done
            if not undrained and chaos.done >= chaos.options.kills:
                return
            running = running_integrations(sessions, seeded.tenant_id)
            for integration_id in undrained:
                # one request per integration at a time, unless its run looks stuck (a killed
                # fetcher's lease, a request still queued behind a rebalance)
                stale = now - last_trigger.get(integration_id, -1e9) > 20
                if (integration_id not in running or stale) and trigger(
                    base_url, integration_id, seeded.api_key
                ):
                    last_trigger[integration_id] = now
                    report.sync_requests += 1
        time.sleep(0.1)


def _quiesce(
    sessions: sessionmaker[Session],
    seeded: Seeded,
    bootstrap: str,
    groups: Mapping[str, Iterable[Topic]],
    options: ChaosOptions,
    deadline: float,
) -> tuple[bool, int]:
    """No run running, the ledger unchanged and no lag, ``quiet_checks`` times in a row."""
    quiet, previous, lag = 0, None, -1
    while time.monotonic() < deadline:
        counts = ledger_counts(sessions, seeded.integrations)
        running = running_integrations(sessions, seeded.tenant_id)
        lag = consumer_lag(bootstrap, groups)
        quiet = quiet + 1 if (counts == previous and not running and lag == 0) else 0
        if quiet >= options.quiet_checks:
            return True, lag
        previous = counts
        time.sleep(2.0)
    return False, lag


def _summarise(report: ChaosReport, options: ChaosOptions) -> None:
    results = report.per_integration
    report.processed = sum(r.processed for r in results)
    report.ledger_rows = sum(r.ledger_rows for r in results)
    report.jobs = sum(r.jobs for r in results)
    report.duplicates = sum(r.duplicate_jobs + (r.ledger_rows - r.processed) for r in results)
    report.lost = sum(r.lost for r in results)
    report.unexpected = sum(r.unexpected for r in results)
    report.job_mismatches = sum(r.job_mismatches for r in results)
    report.counters_consistent = bool(results) and all(r.counters_consistent for r in results)
    checks = {
        "not quiescent (runs still running, ledger moving or consumer lag)": report.quiescent,
        f"{report.lost} matching email(s) never reached the ledger": report.lost == 0,
        f"{report.unexpected} ledger row(s) for emails not in the mailbox": report.unexpected == 0,
        f"{report.duplicates} duplicate ledger row(s) or job posting(s)": report.duplicates == 0,
        f"{report.job_mismatches} email(s) with a job count other than the extractor's": (
            report.job_mismatches == 0
        ),
        f"jobs {report.jobs} != expected {report.jobs_expected}": (
            report.jobs == report.jobs_expected
        ),
        "integration counters differ from the ledger / job totals": report.counters_consistent,
        f"{report.unexpected_exits} service process(es) exited without being killed": (
            report.unexpected_exits == 0
        ),
        f"only {sum(sum(b.values()) for b in report.kills.values())} of {options.kills} kills": (
            sum(sum(b.values()) for b in report.kills.values()) >= options.kills
        ),
    }
    report.failures = [message for message, passed in checks.items() if not passed]
