"""``reqstream bench pipeline``: N generated emails through the four services, against the seed.

One run generates the mailboxes (``mailbox_gen``, deterministic per seed), seeds a tenant with
one maildir integration per mailbox, starts the four services and the API as separate processes
under fresh consumer groups committed at the end of their topics, requests one sync per
integration through the API and polls PostgreSQL until every matching email is in the
processed-email ledger. The sync limits that would throttle a benchmark are raised (one sync
takes a whole mailbox; the sync-start rate limit is effectively off). Then, on the same mailbox
files and a fresh tenant, the seed's one-email-at-a-time loop (``baseline.py``) for the speedup.

With ``rate`` the mailboxes start empty and are fed at that many matching emails per second
(``feed.py``), with a sync per integration as its files arrive: latency at a given load rather
than the drain time of a flood.
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.topics import Topic
from services.bench.baseline import run_baseline, seed_tenant
from services.bench.deployed import DeployedOptions, run_deployed_baseline
from services.bench.feed import (
    RETRY_AFTER,
    MailboxFeeder,
    PendingEmail,
    plan_mailboxes,
    write_email,
)
from services.bench.figures import (
    cpu_ms_per_email,
    cpu_ms_per_email_by_service,
    render_table,
    rss_peak_mb_by_service,
    scaling_row,
    speedup,
)
from services.bench.infra_cpu import (
    INFRA_NOTE,
    MachineWindow,
    infra_figures,
    listening_pids,
    server_ports,
)
from services.bench.procstats import ProcSampler
from services.bench.slow_model import slow_model
from services.bench.stages import stage_latencies, stage_offsets
from services.db.ledger import processed_message_ids
from services.db.models import ProcessedEmail, SyncRun
from services.db.session import build_engine, build_sessionmaker, transaction
from services.demo.processes import ServiceGroup
from services.demo.run import (
    STACK,
    StackConfig,
    free_port,
    ops_port_variable,
    ops_urls,
    prepare,
    wait_http_ready,
)
from services.ops.chaos import CANDIDATES, stable_members, start_at_end

CONSUMED: Mapping[str, tuple[Topic, ...]] = {
    "fetcher": (Topic.EMAIL_SYNC_REQUESTED,),
    "parser": (Topic.EMAIL_RAW,),
    "jobwriter": (Topic.EMAIL_PARSED, Topic.INTEGRATION_ERROR),
}
# limits raised for the run, and said so in the output
RAISED_LIMITS: Mapping[str, str] = {
    "FETCHER_MAX_EMAILS_PER_SYNC": "1000000",
    "FETCHER_SYNCS_PER_PERIOD": "1000000",
    "FETCHER_RATE_PERIOD_SECONDS": "1",
    "API_MANUAL_TRIGGERS_PER_MINUTE": "1000000",  # the bench triggers each mailbox's syncs
}
POLL_INTERVAL = 0.1  # seconds between two ledger counts
FEED_INTERVAL = 0.05  # seconds between two feeding steps (and ledger counts) with a rate


@dataclass(frozen=True)
class PipelineOptions:
    emails: int = 2000  # generated, over all mailboxes
    integrations: int = 4
    seed: int = 1
    timeout: float = 1800.0  # seconds for the pipeline part
    baseline: bool = True
    # The parser is the CPU-heavy stage: on a 2-core machine a second replica overlaps its
    # decoding with the other services' I/O (email.raw has 6 partitions to share).
    parsers: int = 2
    rate: float | None = (
        None  # matching emails per second fed into the mailboxes; None: all at once
    )
    deployed: bool = True  # the seed as deployed: a step invocation and a model call per email
    llm_latency_ms: float = 800.0  # the deployed baseline's model, as ``bench parser``'s
    deployed_sample: int = 0  # emails the deployed baseline times; 0: about 8 s worth


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of ``values``; 0.0 when empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def generate_mailboxes(work_dir: Path, options: PipelineOptions) -> tuple[list[Path], int]:
    """``options.emails`` emails spread over ``options.integrations`` mailboxes; returns the
    folders and how many emails match a role (what the fetcher selects)."""
    folders, pending = _plan(work_dir, options)
    for email in pending:
        write_email(email)
    return folders, sum(1 for e in pending if e.matching)


def _plan(work_dir: Path, options: PipelineOptions) -> tuple[list[Path], list[PendingEmail]]:
    return plan_mailboxes(
        work_dir, emails=options.emails, integrations=options.integrations, seed=options.seed
    )


def _ledger_counts(
    sessions: sessionmaker[Session], integration_ids: Sequence[int]
) -> dict[int, int]:
    """Processed-email ledger rows per integration."""
    with transaction(sessions) as session:
        rows = session.execute(
            select(ProcessedEmail.integration_id, func.count())
            .where(ProcessedEmail.integration_id.in_(integration_ids))
            .group_by(ProcessedEmail.integration_id)
        ).all()
    return {integration_id: int(count) for integration_id, count in rows}


def _processed(
    sessions: sessionmaker[Session], integration_id: int, message_ids: list[str]
) -> set[str]:
    with transaction(sessions) as session:
        return processed_message_ids(session, integration_id=integration_id, candidates=message_ids)


def latencies_ms(sessions: sessionmaker[Session], tenant_id: int) -> list[float]:
    """Per email: the ledger commit (processed_at) minus its sync run's fetch commit
    (fetched_at, when the run's emails were fetched and recorded, just before publishing)."""
    with transaction(sessions) as session:
        rows = session.execute(
            select(ProcessedEmail.processed_at, SyncRun.fetched_at)
            .join(SyncRun, SyncRun.id == ProcessedEmail.sync_id)
            .where(ProcessedEmail.tenant_id == tenant_id)
        ).all()
    return [(done - fetched).total_seconds() * 1000 for done, fetched in rows if fetched]


def _label(process_name: str) -> str:
    """ "parser-0" → "parser" (the figures' key), "parser-1" stays: one entry per process."""
    service, replica = process_name.rsplit("-", 1)
    return service if replica == "0" else process_name


def _trigger(client: httpx.Client, integration_id: int) -> None:
    client.post(f"/integrations/{integration_id}/sync").raise_for_status()


def _wait_for_stable_group(
    bootstrap: str, group_id: str, members: int, group: ServiceGroup, timeout: float = 60.0
) -> None:
    """Wait until every parser replica holds its partitions: one that joins after the load
    starts makes the group rebalance, which stalls every partition for seconds and showed up
    as a p99 of 3.5 s in one run of a pair and not the other."""
    deadline = time.monotonic() + timeout
    while stable_members(bootstrap, group_id) != members:
        group.check_alive()
        if time.monotonic() > deadline:
            raise TimeoutError(f"{group_id} did not settle with {members} member(s) in {timeout}s")
        time.sleep(0.2)


def _run_until_processed(
    client: httpx.Client,
    sessions: sessionmaker[Session],
    ids: Sequence[int],
    matching: int,
    group: ServiceGroup,
    timeout: float,
    feeder: MailboxFeeder | None,
) -> tuple[int, float]:
    """Requests the syncs (all at once, or as the feeder says) and polls the ledger until
    ``matching`` emails are in it; returns that count and the seconds it took."""
    started = time.monotonic()
    if feeder is None:
        for integration_id in ids:
            _trigger(client, integration_id)
    interval = POLL_INTERVAL if feeder is None else FEED_INTERVAL
    counts: dict[int, int] = {}
    done = 0
    while done < matching:
        elapsed = time.monotonic() - started
        if elapsed > timeout:
            raise TimeoutError(f"{done}/{matching} emails processed in {timeout}s")
        group.check_alive()
        if feeder is not None:
            for integration_id in feeder.step(elapsed, counts):
                _trigger(client, integration_id)
        time.sleep(interval)
        counts = _ledger_counts(sessions, ids)
        done = sum(counts.values())
    return done, time.monotonic() - started


def bench_env(config: StackConfig, base_env: dict[str, str], run_id: str) -> dict[str, str]:
    env = config.env(base_env)
    env.update(RAISED_LIMITS)
    env["PARSER_EXTRACTOR"] = "offline"  # the baseline parses with the same extractor
    for service in CONSUMED:
        env[f"{service.upper()}_GROUP_ID"] = f"bench-{run_id}-{service}"
        env[f"{service.upper()}_CLIENT_ID"] = f"bench-{service}"
    return env


def _mode_notes(options: PipelineOptions) -> list[str]:
    if options.rate is None:
        return [
            "all mailboxes written before the run, one sync request per integration: latency "
            "is mostly queueing; max_rate_hint = emails_per_s, run with --rate at half of it "
            "for latency under load"
        ]
    return [
        f"offered_rate: matching emails written into the mailboxes per second (polled every "
        f"{FEED_INTERVAL}s, non-matching files ride along); an integration's sync is requested "
        "when new files wait and its previous sync's emails are all in the ledger (the maildir "
        "provider re-lists the whole folder: an earlier sync would publish in-flight emails "
        f"again), or after {RETRY_AFTER}s without progress; before it, the files already in "
        "the ledger (and the non-matching ones) move out of the folder, so a sync reads only "
        "new files (put back for the baseline)"
    ]


def run_pipeline_bench(
    *,
    kafka_bootstrap: str,
    database_url: str,
    work_dir: Path,
    base_env: dict[str, str],
    options: PipelineOptions = PipelineOptions(),
    say: Callable[[str], None] = lambda _line: None,
) -> dict[str, Any]:
    run_id = f"{datetime.now(UTC):%H%M%S}-{uuid.uuid4().hex[:6]}"
    prepare(kafka_bootstrap, database_url)
    if options.rate is None:
        mailboxes, matching = generate_mailboxes(work_dir, options)
        pending: list[PendingEmail] = []
    else:  # written while the services run
        mailboxes, pending = _plan(work_dir, options)
        matching = sum(1 for e in pending if e.matching)
    say(f"{options.emails} emails in {len(mailboxes)} mailboxes, {matching} matching a role")
    engine = build_engine(database_url)
    sessions = build_sessionmaker(engine)
    log_dir = work_dir / "logs"
    try:
        seeded = seed_tenant(sessions, mailboxes, candidates=CANDIDATES, label="bench")
        ids = sorted(seeded.integrations)
        by_mailbox = {
            folder: integration_id for integration_id, folder in seeded.integrations.items()
        }
        config = StackConfig(kafka_bootstrap, database_url, log_dir, free_port())
        env = bench_env(config, base_env, run_id)
        for service, topics in CONSUMED.items():
            start_at_end(kafka_bootstrap, env[f"{service.upper()}_GROUP_ID"], topics)
        group = ServiceGroup(env=env, log_dir=log_dir)
        sampler = ProcSampler(lambda: {_label(sp.name): sp.process.pid for sp in group.processes})
        servers = listening_pids(server_ports(kafka_bootstrap, database_url))
        infra_sampler, machine = ProcSampler(lambda: servers), MachineWindow()
        with group:
            for name in STACK:
                group.start(name)
            for replica in range(1, options.parsers):  # the first one's ops port is taken
                group.start("parser", replica=replica, extra_env={ops_port_variable("parser"): "0"})
            for url in ops_urls(env).values():
                wait_http_ready(url, group)
            _wait_for_stable_group(kafka_bootstrap, env["PARSER_GROUP_ID"], options.parsers, group)
            stage_starts = stage_offsets(kafka_bootstrap)
            sampler.start()
            infra_sampler.start()
            feeder = None
            if options.rate is not None:
                order = [by_mailbox[folder] for folder in mailboxes]
                feeder = MailboxFeeder(
                    pending,
                    order,
                    options.rate,
                    processed=partial(_processed, sessions),
                    archive=work_dir / "archive",
                )
                say(f"services up (logs in {log_dir}); feeding {options.rate:g} emails/s")
            else:
                say(f"services up (logs in {log_dir}); {len(ids)} sync request(s)")
            with httpx.Client(
                base_url=config.api_url,
                headers={"X-API-Key": seeded.api_key},
                timeout=10,
            ) as client:
                sampler.mark()
                infra_sampler.mark()
                machine.mark()
                done, duration = _run_until_processed(
                    client, sessions, ids, matching, group, options.timeout, feeder
                )
            machine.stop()
            services = sampler.stop()
            infra = infra_sampler.stop()
        if feeder is not None:
            feeder.restore()  # the baseline reads the whole mailboxes
        lat = latencies_ms(sessions, seeded.tenant_id)
        stages = stage_latencies(kafka_bootstrap, sessions, seeded.tenant_id, stage_starts)
        say(f"pipeline: {done} emails in {duration:.1f}s")
        result: dict[str, Any] = {
            "emails": done,
            "generated_emails": options.emails,
            "integrations": len(ids),
            "seed": options.seed,
            "duration_s": round(duration, 2),
            "emails_per_s": round(done / duration, 1),
            "p50_ms": round(percentile(lat, 50), 1),
            "p95_ms": round(percentile(lat, 95), 1),
            "p99_ms": round(percentile(lat, 99), 1),
            "stage_latency": stages,
            "cpu_ms_per_email": round(cpu_ms_per_email(services, done), 3),
            "cpu_ms_per_email_by_service": cpu_ms_per_email_by_service(services, done),
            "rss_peak_mb_by_service": rss_peak_mb_by_service(services),
            "services": services,
        }
        result.update(infra_figures(infra, result["cpu_ms_per_email"], done, machine))
        if options.rate is None:
            result["max_rate_hint"] = result["emails_per_s"]
        else:
            result["offered_rate"] = options.rate
        notes = [
            f"limits raised for the run: {', '.join(f'{k}={v}' for k, v in RAISED_LIMITS.items())}"
            " (one sync per integration takes every new email of its mailbox)",
            "emails = generated emails whose subject matches a candidate role (what the fetcher "
            "selects); duration from the first sync request (or the start of feeding) to the "
            "ledger poll that saw the last one in the ledger",
            "latency per email (p50_ms, p95_ms, p99_ms): processed_emails.processed_at - "
            "sync_runs.fetched_at (the run's fetch commit, after all its emails were read); "
            "time waiting in the mailbox before a sync is not counted",
            "stage_latency: that latency cut at the broker timestamps of each email's first "
            "email.raw and email.parsed messages: fetcher (fetched_at, the sync's start, to "
            "email.raw), parser (queueing and parsing, to email.parsed), jobwriter (to the "
            "ledger commit); mean/p50/p99 in ms per stage, and each stage's share of the mean",
            *_mode_notes(options),
            "cpu_s: user+system seconds of each service process within the measured window; "
            "rss_peak_mb over the whole run (sampled every 0.2 s); cpu_ms_per_email: every "
            "service process's cpu_s (scheduler and api included) / emails x 1000, "
            "cpu_ms_per_email_by_service with replicas summed; rss_peak_mb_by_service: the "
            "largest replica's peak",
            "PARSER_EXTRACTOR=offline in both the pipeline and the baseline; one replica of "
            f"each service but the parser, which has {options.parsers} (parser, parser-1, ...)",
            INFRA_NOTE,
        ]
        if options.baseline:
            fresh = seed_tenant(sessions, mailboxes, candidates=CANDIDATES, label="bench-seed")
            say("seed baseline: one email at a time in one process ...")
            baseline = run_baseline(sessions, fresh, roles=CANDIDATES.values())
            result["baseline_emails_per_s"] = round(baseline.emails_per_s, 1)
            result["baseline_duration_s"] = round(baseline.duration_s, 2)
            result["speedup"] = speedup(result["emails_per_s"], baseline.emails_per_s)
            notes.append(
                "baseline (speedup: CPU parity): the seed's process_single_email_step loop on "
                "the same files, fresh tenant, same database: read file, offline parse, insert "
                "job(s) + commit, ledger row + commit"
            )
        if options.deployed:
            result.update(_deployed(sessions, mailboxes, options, result["emails_per_s"], say))
            notes.append(
                "deployed baseline (deployed_speedup): the seed as deployed, one step "
                "invocation per email (an HTTP call to a local step endpoint) that fetches the "
                "email from a local provider server (one HTTP round trip, no added latency), "
                "calls a local model answering after llm_latency_ms (as bench parser's), and "
                "writes job(s) + commit, ledger row + commit; timed on deployed_baseline_sample "
                "emails, one after the other, fresh tenant"
            )
        result["notes"] = notes
        result["log_dir"] = str(log_dir)
        return result
    finally:
        engine.dispose()


def run_pipeline_scaling(
    *,
    kafka_bootstrap: str,
    database_url: str,
    work_dir: Path,
    base_env: dict[str, str],
    parser_counts: Sequence[int],
    options: PipelineOptions = PipelineOptions(),
    say: Callable[[str], None] = lambda _line: None,
) -> dict[str, Any]:
    """One pipeline run per parser count, on the same generated mailboxes (a fresh tenant
    each); the baselines run with the first count only. The scaling table goes to ``say``.
    With a single count, that run's figures alone."""
    runs: dict[str, dict[str, Any]] = {}
    rows = []
    single = len(parser_counts) == 1
    for i, parsers in enumerate(parser_counts):
        if not single:
            say(f"--- {parsers} parser(s)")
        run_options = replace(
            options,
            parsers=parsers,
            baseline=options.baseline and i == 0,
            deployed=options.deployed and i == 0,
        )
        run = run_pipeline_bench(
            kafka_bootstrap=kafka_bootstrap,
            database_url=database_url,
            work_dir=work_dir if single else work_dir / f"parsers-{parsers}",
            base_env=base_env,
            options=run_options,
            say=say,
        )
        if single:
            return run
        runs[str(parsers)] = run
        rows.append(scaling_row(parsers, run))
    table = render_table(rows)
    say(table)
    return {
        "scaling": rows,
        "table": table.splitlines(),
        "runs": runs,
        "notes": [
            "one full pipeline run per parser count on the same emails, one after the other on "
            "this machine; the seed baselines ran with the first count only (see runs)",
        ],
    }


def _deployed(
    sessions: sessionmaker[Session],
    mailboxes: Sequence[Path],
    options: PipelineOptions,
    rate: float,
    say: Callable[[str], None],
) -> dict[str, Any]:
    """The deployed baseline's figures; ``rate``: the pipeline's, for the speedup."""
    fresh = seed_tenant(sessions, mailboxes, candidates=CANDIDATES, label="bench-deployed")
    say(
        f"deployed baseline: a step invocation and a {options.llm_latency_ms:g} ms model call "
        "per email ..."
    )
    deployed_options = DeployedOptions(
        llm_latency_ms=options.llm_latency_ms, sample=options.deployed_sample
    )
    with slow_model(options.llm_latency_ms / 1000) as model:
        deployed = run_deployed_baseline(
            sessions,
            fresh,
            roles=CANDIDATES.values(),
            model_url=model.url,
            options=deployed_options,
        )
    return {
        "llm_latency_ms": options.llm_latency_ms,
        "deployed_baseline_emails_per_s": round(deployed.emails_per_s, 2),
        "deployed_baseline_sample": deployed.emails,
        "deployed_speedup": speedup(rate, deployed.emails_per_s),
    }
