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

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import Provider
from schemas.contracts.topics import Topic
from services.bench.freshness_feed import feed_deliveries
from services.bench.freshness_figures import (
    PROVIDERS,
    cron_expression,
    cron_figures,
    provider_figures,
)
from services.bench.freshness_ledger import missing_sample, syncs_by_reason, wait_committed
from services.bench.freshness_mailboxes import (
    PUBSUB_TOPIC,
    LocalMailboxes,
    local_mailboxes,
)
from services.bench.freshness_notes import NOTES
from services.bench.freshness_setup import seed_tenant, wait_warm
from services.common.crypto import CredentialCipher, parse_keys
from services.db.session import build_engine, build_sessionmaker
from services.demo.processes import ServiceGroup
from services.demo.run import STACK, StackConfig, free_port, ops_urls, prepare, wait_http_ready
from services.ops.chaos import start_at_end

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
    tenant_id, integrations = seed_tenant(
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
        wait_warm(
            sessions,
            integrations,
            push=mode == "push",
            watcher_log=log_dir / "imapwatcher-0.log",
            group=group,
        )
        say(f"{mode}: delivering {options.rate:g} emails/s for {options.duration:g} s ...")
        feed_started = time.monotonic()
        deliveries = feed_deliveries(
            integrations,
            rate=options.rate,
            duration=options.duration,
            seed=options.seed,
            tag=f"{mode}-{run}",
        )
        # the last delivery is due at (n - 1) / rate: n deliveries span n intervals
        feed_seconds = time.monotonic() - feed_started + 1 / options.rate
        drain = options.drain_timeout + (options.cron_seconds if mode == "cron" else 0)
        committed = wait_committed(sessions, tenant_id, deliveries, drain, group)
    figures = provider_figures(deliveries, committed)
    result: dict[str, Any] = {
        "cron": cron,
        "delivered": len(deliveries),
        "offered_rate": options.rate,
        "achieved_rate": round(len(deliveries) / feed_seconds, 2) if feed_seconds else 0.0,
        "providers": figures,
        "syncs_by_reason": syncs_by_reason(sessions, list(integrations)),
        "missing_sample": missing_sample(sessions, deliveries, committed),
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
