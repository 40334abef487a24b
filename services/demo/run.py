"""The whole pipeline on the bundled sample mailbox, as separate processes on real Kafka."""

from __future__ import annotations

import logging
import socket
import time
import uuid
from collections.abc import Callable, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from services.common.crypto import generate_key
from services.db.migrate import upgrade
from services.db.models import EmailIntegration, JobPosting, SyncRun
from services.db.requirement_search import export_requirements
from services.db.session import build_engine, build_sessionmaker, transaction
from services.demo.processes import SERVICES, ServiceGroup
from services.demo.seed import DemoIds, seed_demo
from services.domain.requirement_filters import RequirementFilters
from services.infra.topics import create_topics, load_topic_specs

log = logging.getLogger(__name__)
REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_MAILBOX = REPO_ROOT / "samples" / "mailbox"
# a colleague's mailbox at the demo agency: other vendors' copies, and a blast both received
COLLEAGUE_MAILBOX = REPO_ROOT / "samples" / "mailbox-colleague"
RUN_TIMEOUT = 180.0  # seconds for one sync run to complete
# consumers serve /healthz, /readyz and /metrics on <NAME>_OPS_PORT; the scheduler on its HTTP
# port, the API on its own
CONSUMERS = ("fetcher", "parser", "jobwriter")
# a stack's processes: the four pipeline services, and the API that takes manual sync requests
STACK = (*SERVICES, "api")


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def ops_port_variable(service: str) -> str:
    return f"{service.upper()}_OPS_PORT"


def ops_urls(env: Mapping[str, str]) -> dict[str, str]:
    """Base URLs of every service's /healthz, /readyz and /metrics in a stack environment
    (e.g. ``ServiceGroup.env``); replicas beyond the first fall back to ephemeral ports."""
    urls = {
        name: f"http://127.0.0.1:{env[ops_port_variable(name)]}"
        for name in CONSUMERS
        if env.get(ops_port_variable(name), "0") != "0"
    }
    if "SCHEDULER_HTTP_PORT" in env:
        urls["scheduler"] = f"http://127.0.0.1:{env['SCHEDULER_HTTP_PORT']}"
    if "API_HTTP_PORT" in env:
        urls["api"] = f"http://127.0.0.1:{env['API_HTTP_PORT']}"
    return urls


@dataclass(frozen=True)
class StackConfig:
    kafka_bootstrap: str
    database_url: str
    log_dir: Path
    http_port: int  # the scheduler's /healthz, /readyz and /metrics
    cron_enabled: bool = False
    cron: str = "*/15 * * * *"
    ops_ports: Mapping[str, int] = field(
        default_factory=lambda: {name: free_port() for name in CONSUMERS}
    )
    api_port: int = field(default_factory=free_port)  # POST /integrations/{id}/sync and status
    # used when the environment brings no TOKEN_ENCRYPTION_KEYS: the API refuses to start
    # without keys, and maildir mailboxes store no credentials
    token_keys: str = field(default_factory=generate_key)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    def env(self, base: dict[str, str]) -> dict[str, str]:
        return {
            **base,
            **{ops_port_variable(name): str(port) for name, port in self.ops_ports.items()},
            "KAFKA_BOOTSTRAP_SERVERS": self.kafka_bootstrap,
            "DATABASE_URL": self.database_url,
            "SCHEDULER_HTTP_PORT": str(self.http_port),
            "SCHEDULER_CRON_ENABLED": "true" if self.cron_enabled else "false",
            "SCHEDULER_CRON": self.cron,
            "API_HTTP_PORT": str(self.api_port),
            "TOKEN_ENCRYPTION_KEYS": base.get("TOKEN_ENCRYPTION_KEYS") or self.token_keys,
            "PYTHONUNBUFFERED": "1",
        }


def prepare(kafka_bootstrap: str, database_url: str) -> None:
    """Topics and schema, both idempotent."""
    create_topics(kafka_bootstrap, load_topic_specs())
    upgrade(database_url)


def start_services(config: StackConfig, base_env: dict[str, str]) -> ServiceGroup:
    group = ServiceGroup(env=config.env(base_env), log_dir=config.log_dir)
    for name in STACK:
        group.start(name)
    return group


def wait_http_ready(base_url: str, group: ServiceGroup, *, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        group.check_alive()
        try:
            if httpx.get(f"{base_url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{base_url}/readyz did not answer 200 within {timeout}s")


def trigger_sync(base_url: str, *, integration_id: int, api_key: str) -> uuid.UUID:
    response = httpx.post(
        f"{base_url}/integrations/{integration_id}/sync",
        headers={"X-API-Key": api_key},
        timeout=10,
    )
    response.raise_for_status()
    return uuid.UUID(response.json()["sync_id"])


def wait_for_run(
    sessions: sessionmaker[Session],
    sync_id: uuid.UUID,
    *,
    check_alive: Callable[[], None] = lambda: None,
    timeout: float = RUN_TIMEOUT,
) -> SyncRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        check_alive()
        with transaction(sessions) as session:
            run = session.get(SyncRun, sync_id)
            if run is not None and run.status != "running":
                return run
        time.sleep(0.2)
    raise TimeoutError(f"sync run {sync_id} did not complete within {timeout}s")


def jobs_table(session: Session, *, tenant_id: int) -> str:
    jobs = session.scalars(
        select(JobPosting).where(JobPosting.tenant_id == tenant_id).order_by(JobPosting.id)
    ).all()
    header = f"{'#':>3}  {'title':34} {'client':18} {'location':18} {'type':9} {'rate':16} visa"
    lines = [header, "-" * len(header)]
    for job in jobs:
        rate = ""
        if job.rate_min is not None or job.rate_max is not None:
            bounds = {f"{v:g}" for v in (job.rate_min, job.rate_max) if v is not None}
            rate = f"${'-'.join(sorted(bounds, key=float))}/{job.rate_unit}"
        lines.append(
            f"{job.id:>3}  {job.title[:34]:34} {(job.client or '-')[:18]:18} "
            f"{(job.location or '-')[:18]:18} {','.join(job.employment_types)[:9]:9} "
            f"{rate[:16]:16} {','.join(job.visa) or '-'}"
        )
    return "\n".join(lines)


def requirements_table(session: Session, *, tenant_id: int) -> str:
    """The tenant's requirements, most vendors first: one row however many vendors and
    mailboxes sent it."""
    rows = export_requirements(
        session,
        tenant_id=tenant_id,
        filters=RequirementFilters(sort="vendors"),
        now=datetime.now(UTC),
    ).rows
    header = f"{'#':>3}  {'title':34} {'location':22} {'vendors':>7} {'sightings':>9}  status"
    lines = [header, "-" * len(header)]
    for row in rows:
        req = row.requirement
        lines.append(
            f"{req.id:>3}  {req.title[:34]:34} {(req.location or '-')[:22]:22} "
            f"{row.vendors:>7} {req.sightings:>9}  {req.status}"
        )
    return "\n".join(lines)


def _job_count(session: Session, tenant_id: int) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(JobPosting).where(JobPosting.tenant_id == tenant_id)
        )
        or 0
    )


def integration_stats(session: Session, *, integration_id: int) -> str:
    row = session.get(EmailIntegration, integration_id)
    assert row is not None
    return (
        f"integration {row.id} ({row.provider}): active={row.is_active} "
        f"last_sync_status={row.last_sync_status} last_synced_at={row.last_synced_at} "
        f"emails_processed={row.emails_processed_count} jobs_created={row.jobs_created_count}"
    )


def run_summary(run: SyncRun) -> str:
    return (
        f"sync {run.id}: status={run.status} keywords={run.keywords_searched} "
        f"emails_found={run.emails_found} processed={run.emails_processed} "
        f"jobs_created={run.jobs_created} failed={run.emails_failed}"
        + (f" message={run.message!r}" if run.message else "")
    )


def run_demo(
    *,
    kafka_bootstrap: str,
    database_url: str,
    log_dir: Path,
    base_env: dict[str, str],
    say: Callable[[str], None],
) -> DemoIds:
    prepare(kafka_bootstrap, database_url)
    engine = build_engine(database_url)
    sessions = build_sessionmaker(engine)
    with transaction(sessions) as session:
        ids = seed_demo(session, mailbox=SAMPLE_MAILBOX, colleague_mailbox=COLLEAGUE_MAILBOX)
        jobs_before = _job_count(session, ids.tenant_id)
    mailboxes = {ids.integration_id: SAMPLE_MAILBOX}
    if ids.colleague_integration_id is not None:
        mailboxes[ids.colleague_integration_id] = COLLEAGUE_MAILBOX
    for integration_id, mailbox in mailboxes.items():
        say(f"seeded tenant {ids.tenant_id}, maildir integration {integration_id} → {mailbox}")
    config = StackConfig(kafka_bootstrap, database_url, log_dir, free_port())
    base_url = config.api_url
    try:
        with start_services(config, base_env) as group:
            wait_http_ready(f"http://127.0.0.1:{config.http_port}", group)
            wait_http_ready(base_url, group)
            say(f"services up (logs in {log_dir}); triggering a sync through {base_url}")
            for attempt in ("first", "second (must create nothing new)"):
                for integration_id in mailboxes:
                    sync_id = trigger_sync(
                        base_url, integration_id=integration_id, api_key=ids.api_key
                    )
                    run = wait_for_run(sessions, sync_id, check_alive=group.check_alive)
                    say(f"{attempt} sync of {integration_id} → {run_summary(run)}")
    finally:
        with transaction(sessions) as session:
            say("\nJobs created:\n" + jobs_table(session, tenant_id=ids.tenant_id))
            say(
                "\nRequirements (one per requirement, however many vendors and mailboxes "
                "sent it):\n" + requirements_table(session, tenant_id=ids.tenant_id)
            )
            for integration_id in mailboxes:
                say("\n" + integration_stats(session, integration_id=integration_id))
            jobs_after = _job_count(session, ids.tenant_id)
            say(
                f"job postings in the database: {jobs_after} "
                f"({jobs_after - jobs_before} created by this run)"
            )
        engine.dispose()
    return ids
