"""``reqstream bench freshness``: seconds from an email's delivery into a mailbox to its job
committed in PostgreSQL, per provider, with push and with the cron alone.

One run starts the local providers (``freshness_mailboxes``: Gmail, Pub/Sub, Microsoft's
identity platform and Graph, Dovecot) and, per phase, a fresh tenant with ``mailboxes``
integrations split over Gmail, Outlook and IMAP, and the services as processes (scheduler,
fetcher, parser, jobwriter, API; with push the IMAP watcher too) under fresh consumer groups.
Once every integration has synced once (and, with push, is watched), requirement emails that
match the tenant's roles are delivered at ``rate`` per second over all mailboxes, round-robin,
for ``duration`` seconds; then the run waits until each is in the processed-email ledger.

- ``push``: the deployment's push paths (Gmail watch + Pub/Sub push, Graph subscriptions, IMAP
  IDLE) with the production cron (``*/15 * * * *``) as the safety net.
- ``cron``: no push at all (no Pub/Sub topic, no notification URL, no IMAP watcher); the
  scheduler ticks every ``cron_seconds`` instead of 15 minutes and every integration is due at
  each tick, so a delivery waits for the next tick: on average half the interval. The figures
  for the real 15-minute cron follow by scaling that wait (see ``cron_expectation``).
"""

from __future__ import annotations

import itertools
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import Provider
from schemas.contracts.topics import Topic
from services.bench.freshness_figures import (
    PROVIDERS,
    Committed,
    Delivery,
    cron_expression,
    cron_figures,
    provider_figures,
)
from services.bench.freshness_mailboxes import (
    PUBSUB_TOPIC,
    Account,
    LocalMailboxes,
    local_mailboxes,
)
from services.bench.freshness_notes import NOTES
from services.common.crypto import CredentialCipher, parse_keys
from services.db.api_keys import create_api_key
from services.db.credentials import store_credentials
from services.db.models import (
    Candidate,
    EmailIntegration,
    IntegrationPush,
    PortalUser,
    ProcessedEmail,
    SyncRun,
    Tenant,
)
from services.db.session import build_engine, build_sessionmaker, transaction
from services.demo.processes import ServiceGroup
from services.demo.run import STACK, StackConfig, free_port, ops_urls, prepare, wait_http_ready
from services.ops.chaos import CANDIDATES, start_at_end
from services.ops.mailbox_gen import REQUIREMENT_KINDS, build_email

Mode = Literal["push", "cron"]
CONSUMED = {
    "fetcher": (Topic.EMAIL_SYNC_REQUESTED,),
    "parser": (Topic.EMAIL_RAW,),
    "jobwriter": (Topic.EMAIL_PARSED, Topic.INTEGRATION_ERROR),
}
PRODUCTION_CRON = "*/15 * * * *"
# the cron and manual start budget, raised so the first syncs of every mailbox start at once
# (push syncs are not in it; their per-mailbox limit stays the deployment's)
RAISED_LIMITS = {"FETCHER_SYNCS_PER_PERIOD": "1000000"}
POLL_INTERVAL = 0.5  # seconds between two looks at the database while waiting
WARM_TIMEOUT = 180.0  # seconds for every mailbox's first sync (and watch)


@dataclass(frozen=True)
class FreshnessOptions:
    mailboxes: int = 50  # over all three providers, as evenly as they split
    rate: float = 20.0  # emails delivered per second, over all mailboxes
    duration: float = 60.0  # seconds of delivery per phase
    cron_seconds: int = 30  # the baseline's cron interval (a divisor of 60, or minutes)
    baseline: bool = True  # the cron-only phase after the push one
    seed: int = 1  # email contents
    drain_timeout: float = 120.0  # seconds after the last delivery (plus one cron interval)


def split_mailboxes(total: int) -> dict[Provider, int]:
    per, extra = divmod(total, len(PROVIDERS))
    return {p: per + (1 if i < extra else 0) for i, p in enumerate(PROVIDERS)}


def _seed(
    sessions: sessionmaker[Session],
    cipher: CredentialCipher,
    accounts: Sequence[Account],
    *,
    label: str,
    frequency_minutes: int,
) -> tuple[int, dict[int, Account]]:
    """A tenant whose candidates want the generated roles, one integration per account."""
    with transaction(sessions) as session:
        tenant = Tenant(name=f"{label}-{uuid.uuid4().hex[:8]}")
        session.add(tenant)
        session.flush()
        user = PortalUser(tenant_id=tenant.id, email=f"{label}@bench.example.test", name=label)
        session.add(user)
        session.flush()
        for name, roles in CANDIDATES.items():
            session.add(Candidate(tenant_id=tenant.id, name=name, preferred_roles=roles))
        create_api_key(session, tenant_id=tenant.id, name=label)
        integrations: dict[int, Account] = {}
        for account in accounts:
            row = EmailIntegration(
                tenant_id=tenant.id,
                user_id=user.id,
                provider=account.provider.value,
                account_email=account.address.lower(),
                config=account.config,
                is_active=True,
                sync_frequency_minutes=frequency_minutes,
            )
            session.add(row)
            session.flush()
            store_credentials(
                session, integration_id=row.id, cipher=cipher, credentials=account.credentials
            )
            integrations[row.id] = account
        return tenant.id, integrations


def _phase_env(
    mode: Mode, config: StackConfig, base_env: dict[str, str], mailboxes: LocalMailboxes, run: str
) -> dict[str, str]:
    env = config.env(base_env) | mailboxes.service_env() | RAISED_LIMITS
    env["PARSER_EXTRACTOR"] = "offline"
    env["LOG_LEVEL"] = "INFO"  # the IMAP watcher says when it idles
    for service in CONSUMED:
        env[f"{service.upper()}_GROUP_ID"] = f"freshness-{run}-{mode}-{service}"
    if mode == "push":
        env["FETCHER_GMAIL_PUBSUB_TOPIC"] = PUBSUB_TOPIC
        env["FETCHER_GRAPH_NOTIFICATION_URL"] = f"{config.api_url}/push/graph"
        env["IMAPWATCHER_REFRESH_SECONDS"] = "2"  # watch the new integrations soon
    return env


def _warm(
    sessions: sessionmaker[Session],
    integrations: dict[int, Account],
    *,
    push: bool,
    watcher_log: Path,
    group: ServiceGroup,
) -> None:
    """Every integration synced once (its cursor set) and, with push, watched."""
    deadline = time.monotonic() + WARM_TIMEOUT
    waiting: list[int] = list(integrations)
    while time.monotonic() < deadline:
        group.check_alive()
        with transaction(sessions) as session:
            rows = {
                r.id: r
                for r in session.scalars(
                    select(EmailIntegration).where(EmailIntegration.id.in_(integrations))
                )
            }
            watches = {
                p.integration_id: p
                for p in session.scalars(
                    select(IntegrationPush).where(IntegrationPush.integration_id.in_(integrations))
                )
            }
        idling = watcher_log.read_text(errors="replace") if push and watcher_log.exists() else ""
        waiting = [
            i
            for i, account in integrations.items()
            if rows[i].last_synced_at is None
            or (push and not _watched(account.provider, i, watches.get(i), idling))
        ]
        if not waiting:
            return
        time.sleep(POLL_INTERVAL)
    raise TimeoutError(f"integrations {waiting} not synced and watched in {WARM_TIMEOUT}s")


def _watched(
    provider: Provider, integration_id: int, push: IntegrationPush | None, log: str
) -> bool:
    if provider is Provider.IMAP:
        return f"integration {integration_id} idling" in log
    if push is None:
        return False
    if provider is Provider.OUTLOOK:
        return push.graph_subscription_id is not None
    return push.watch_expires_at is not None and push.watch_error is None


def _emails(account_tag: str, seed: int) -> Iterator[tuple[str, str, bytes]]:
    """The mailbox's requirement emails (the generator's requirement layouts) whose subject
    names a role: (message key, subject, raw), endlessly."""
    for index in itertools.count():
        described, raw = build_email(index, seed=seed, tag=account_tag)
        if described.matching and described.kind in REQUIREMENT_KINDS:
            yield "mid:" + described.message_id.lower(), described.subject, raw


def _feed(integrations: dict[int, Account], options: FreshnessOptions, tag: str) -> list[Delivery]:
    """Open loop: email n goes out at n / rate seconds, to the mailboxes in turn."""
    order = sorted(integrations, key=lambda i: (_index_in_provider(integrations, i), i))
    streams = {i: _emails(f"{tag}-{i}", options.seed) for i in order}
    total = max(1, round(options.rate * options.duration))
    started = time.monotonic()
    deliveries = []
    for n in range(total):
        pause = started + n / options.rate - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        integration_id = order[n % len(order)]
        key, subject, raw = next(streams[integration_id])
        account = integrations[integration_id]
        account.deliver(raw, subject)
        deliveries.append(Delivery(account.provider, key, datetime.now(UTC), integration_id))
    return deliveries


def _index_in_provider(integrations: dict[int, Account], integration_id: int) -> int:
    """Position among the same provider's mailboxes: sorting by it interleaves providers."""
    provider = integrations[integration_id].provider
    same = sorted(i for i, a in integrations.items() if a.provider is provider)
    return same.index(integration_id)


def _committed(sessions: sessionmaker[Session], tenant_id: int) -> dict[str, Committed]:
    """The tenant's ledger rows by message key, with their sync run's fetch time."""
    with transaction(sessions) as session:
        rows = session.execute(
            select(
                ProcessedEmail.message_key,
                ProcessedEmail.processed_at,
                ProcessedEmail.result,
                SyncRun.fetched_at,
            )
            .outerjoin(SyncRun, SyncRun.id == ProcessedEmail.sync_id)
            .where(ProcessedEmail.tenant_id == tenant_id)
        ).all()
    return {key: Committed(at, result, fetched) for key, at, result, fetched in rows if key}


def _drain(
    sessions: sessionmaker[Session],
    tenant_id: int,
    deliveries: Sequence[Delivery],
    timeout: float,
    group: ServiceGroup,
) -> dict[str, Committed]:
    deadline = time.monotonic() + timeout
    wanted = {d.message_key for d in deliveries}
    while True:
        group.check_alive()
        committed = _committed(sessions, tenant_id)
        if wanted <= committed.keys() or time.monotonic() > deadline:
            return committed
        time.sleep(POLL_INTERVAL)


def _missing(
    sessions: sessionmaker[Session],
    deliveries: Sequence[Delivery],
    committed: dict[str, Committed],
    *,
    limit: int = 5,
) -> list[dict[str, Any]]:
    """The first ``limit`` emails not in the ledger, each with its mailbox's sync runs since
    the delivery (why did none of them read it?)."""
    lost = [d for d in deliveries if d.message_key not in committed][:limit]
    found = []
    with transaction(sessions) as session:
        for d in lost:
            runs = session.scalars(
                select(SyncRun)
                .where(SyncRun.integration_id == d.integration_id)
                .where(SyncRun.started_at >= d.delivered_at - timedelta(seconds=5))
                .order_by(SyncRun.started_at)
            ).all()
            found.append(
                {
                    "provider": d.provider.value,
                    "integration_id": d.integration_id,
                    "message_key": d.message_key,
                    "delivered_at": d.delivered_at.isoformat(),
                    "syncs_since": [
                        {
                            "reason": r.reason,
                            "status": r.status,
                            "started_after_s": round(
                                (r.started_at - d.delivered_at).total_seconds(), 2
                            ),
                            "emails_found": r.emails_found,
                        }
                        for r in runs
                    ],
                }
            )
    return found


def _syncs_by_reason(sessions: sessionmaker[Session], ids: list[int]) -> dict[str, int]:
    """The phase's sync runs by why they were requested (push, cron, manual)."""
    with transaction(sessions) as session:
        rows = session.execute(
            select(SyncRun.reason, func.count())
            .where(SyncRun.integration_id.in_(ids))
            .group_by(SyncRun.reason)
        ).all()
    return {str(reason): int(count) for reason, count in rows}


def run_phase(
    mode: Mode,
    *,
    kafka_bootstrap: str,
    database_url: str,
    sessions: sessionmaker[Session],
    mailboxes: LocalMailboxes,
    base_env: dict[str, str],
    log_dir: Path,
    options: FreshnessOptions,
    say: Callable[[str], None],
) -> dict[str, Any]:
    run = f"{datetime.now(UTC):%H%M%S}-{uuid.uuid4().hex[:6]}"
    cron = PRODUCTION_CRON if mode == "push" else cron_expression(options.cron_seconds)
    config = StackConfig(
        kafka_bootstrap, database_url, log_dir, free_port(), cron_enabled=True, cron=cron
    )
    env = _phase_env(mode, config, base_env, mailboxes, run)
    cipher = CredentialCipher(parse_keys(env["TOKEN_ENCRYPTION_KEYS"]))
    accounts = [
        mailboxes.add(provider, f"{mode}-{provider.value}-{k}-{run}")
        for provider, count in split_mailboxes(options.mailboxes).items()
        for k in range(count)
    ]
    # with the cron alone every integration is due at every tick (sync frequency 1 minute,
    # within the scheduler's 60 s due slack)
    tenant_id, integrations = _seed(
        sessions,
        cipher,
        accounts,
        label=f"freshness-{mode}",
        frequency_minutes=15 if mode == "push" else 1,
    )
    for service, topics in CONSUMED.items():
        start_at_end(kafka_bootstrap, env[f"{service.upper()}_GROUP_ID"], topics)
    group = ServiceGroup(env=env, log_dir=log_dir)
    with group:
        for name in STACK:
            group.start(name)
        if mode == "push":
            group.start("imapwatcher")
        for url in ops_urls(env).values():
            wait_http_ready(url, group)
        mailboxes.api_url = config.api_url
        say(f"{mode}: services up (logs in {log_dir}); first syncs ...")
        _warm(
            sessions,
            integrations,
            push=mode == "push",
            watcher_log=log_dir / "imapwatcher-0.log",
            group=group,
        )
        say(f"{mode}: delivering {options.rate:g} emails/s for {options.duration:g} s ...")
        feed_started = time.monotonic()
        deliveries = _feed(integrations, options, tag=f"{mode}-{run}")
        # the last delivery is due at (n - 1) / rate: n deliveries span n intervals
        feed_seconds = time.monotonic() - feed_started + 1 / options.rate
        drain = options.drain_timeout + (options.cron_seconds if mode == "cron" else 0)
        committed = _drain(sessions, tenant_id, deliveries, drain, group)
    figures = provider_figures(deliveries, committed)
    result: dict[str, Any] = {
        "cron": cron,
        "delivered": len(deliveries),
        "offered_rate": options.rate,
        "achieved_rate": round(len(deliveries) / feed_seconds, 2) if feed_seconds else 0.0,
        "providers": figures,
        "syncs_by_reason": _syncs_by_reason(sessions, list(integrations)),
        "missing_sample": _missing(sessions, deliveries, committed),
    }
    if mode == "cron":
        result.update(cron_figures(figures, options.cron_seconds))
    return result


def run_freshness_bench(
    *,
    kafka_bootstrap: str,
    database_url: str,
    work_dir: Path,
    base_env: dict[str, str],
    options: FreshnessOptions = FreshnessOptions(),
    say: Callable[[str], None] = lambda _line: None,
) -> dict[str, Any]:
    """The push phase, then (with ``baseline``) the cron-only phase, on the same providers,
    broker and database; the JSON figures."""
    cron_expression(options.cron_seconds)  # refuse a bad interval before starting anything
    prepare(kafka_bootstrap, database_url)
    engine = build_engine(database_url)
    sessions = build_sessionmaker(engine)
    phases: dict[str, Any] = {}
    try:
        with local_mailboxes(work_dir) as mailboxes:
            modes: tuple[Mode, ...] = ("push", "cron") if options.baseline else ("push",)
            for mode in modes:
                phases[mode] = run_phase(
                    mode,
                    kafka_bootstrap=kafka_bootstrap,
                    database_url=database_url,
                    sessions=sessions,
                    mailboxes=mailboxes,
                    base_env=base_env,
                    log_dir=work_dir / "logs" / mode,
                    options=options,
                    say=say,
                )
            failures = mailboxes.notification_failures
    finally:
        engine.dispose()
    return {
        "mailboxes": {p.value: n for p, n in split_mailboxes(options.mailboxes).items()},
        "rate": options.rate,
        "duration_s": options.duration,
        "seed": options.seed,
        **phases,
        "notification_failures": failures,
        "notes": NOTES,
        "log_dir": str(work_dir / "logs"),
    }
