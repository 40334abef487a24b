"""reqstream bench: throughput figures as JSON (``pipeline`` end to end, ``parser`` against a
slow model, ``handler``: the parser's CPU per email, ``handler-profile``: where it goes (regex
engine, other C, Python) per stage, ``jobwriter``: the jobwriter's CPU per
batch and email on PostgreSQL, ``files``: seconds per given .eml file,
``freshness``: seconds from a mailbox to the job, with push and with the cron alone).
Benchmarks, not tests: nothing is asserted about the numbers.

``pipeline``, ``parser``, ``jobwriter`` and ``freshness`` use KAFKA_BOOTSTRAP_SERVERS /
DATABASE_URL when set, else start Kafka and PostgreSQL; ``handler`` and ``files`` need neither.
"""

from __future__ import annotations

import json
import logging
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import typer

from services.bench.files import FilesOptions, run_files_bench
from services.bench.handler import HandlerOptions, run_handler_bench
from services.bench.handler_profile import ProfileOptions, run_handler_profile
from services.bench.jobwriter import JobwriterBenchOptions, run_jobwriter_bench
from services.bench.parser import ParserOptions, run_parser_bench
from services.bench.pipeline import PipelineOptions, run_pipeline_scaling
from services.cli.settings import process_environment
from services.demo.run import REPO_ROOT
from services.infra.stack import start_infra, stop_infra

BENCH_DIR = REPO_ROOT / ".reqstream" / "bench"

app = typer.Typer(help="Benchmarks that print JSON figures", no_args_is_help=True)


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _work_dir(work_dir: Path | None, kind: str) -> Path:
    if work_dir is not None:
        work_dir.mkdir(parents=True, exist_ok=True)
        return work_dir
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=time.strftime(f"{kind}-%Y%m%d-%H%M%S-"), dir=BENCH_DIR))


def _run(
    json_output: bool, body: Callable[[str, str, Callable[[str], None]], dict[str, Any]]
) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    signal.signal(signal.SIGTERM, _interrupt)

    def say(line: str) -> None:
        print(line, file=sys.stderr if json_output else sys.stdout, flush=True)

    say("starting Kafka and PostgreSQL (or using KAFKA_BOOTSTRAP_SERVERS / DATABASE_URL) ...")
    infra = start_infra(pdeathsig=True)
    try:
        result = body(infra.kafka_bootstrap, infra.database_url, say)
    finally:
        stop_infra(infra)
    print(json.dumps(result, indent=2), flush=True)


def _run_stack_bench(
    json_output: bool, work_dir: Path, bench: Callable[..., dict[str, Any]], **arguments: Any
) -> None:
    """``bench`` on the servers of ``_run``, with the work dir and the process environment."""
    _run(
        json_output,
        lambda bootstrap, url, say: bench(
            kafka_bootstrap=bootstrap,
            database_url=url,
            work_dir=work_dir,
            base_env=process_environment(),
            say=say,
            **arguments,
        ),
    )


@app.command("pipeline")
def pipeline_command(
    emails: int = typer.Option(2000, "--emails", min=1, help="Generated emails, all mailboxes"),
    seed: int = typer.Option(1, "--seed", help="Mailbox contents"),
    integrations: int = typer.Option(4, "--integrations", min=1, help="Maildir integrations"),
    timeout: float = typer.Option(1800.0, "--timeout", help="Seconds for the pipeline part"),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline", help="Run the seed loop"),
    parsers: str = typer.Option(
        "2",
        "--parsers",
        help="Parser processes (replicas); a list (1,2,4) runs once per count: a scaling table",
    ),
    rate: float | None = typer.Option(
        None,
        "--rate",
        min=0.1,
        help="Feed the mailboxes at this many matching emails/s (default: all at once)",
    ),
    deployed: bool = typer.Option(
        True, "--deployed/--no-deployed", help="Time the seed as deployed (model call per email)"
    ),
    llm_latency_ms: float = typer.Option(
        800.0, "--llm-latency-ms", min=0, help="The deployed baseline's model latency"
    ),
    deployed_sample: int = typer.Option(
        0, "--deployed-sample", min=0, help="Emails the deployed baseline times (0: ~8 s worth)"
    ),
    work_dir: Path | None = typer.Option(
        None, "--work-dir", help=f"Mailboxes and logs (default: a new dir in {BENCH_DIR})"
    ),
    json_output: bool = typer.Option(False, "--json", help="Progress on stderr, JSON only"),
) -> None:
    """The four services as processes on N generated emails, and the seed's loop on the same."""
    counts = parser_counts(parsers)
    options = PipelineOptions(
        emails=emails,
        integrations=integrations,
        seed=seed,
        timeout=timeout,
        baseline=baseline,
        parsers=counts[0],
        rate=rate,
        deployed=deployed,
        llm_latency_ms=llm_latency_ms,
        deployed_sample=deployed_sample,
    )
    folder = _work_dir(work_dir, "pipeline")
    _run_stack_bench(
        json_output, folder, run_pipeline_scaling, parser_counts=counts, options=options
    )


def parser_counts(text: str) -> list[int]:
    """ "2" → [2]; "1,2,4" → [1, 2, 4] (each at least 1)."""
    try:
        counts = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise typer.BadParameter(
            f"--parsers: a count or a comma-separated list, not {text!r}"
        ) from None
    if not counts or min(counts) < 1:
        raise typer.BadParameter(f"--parsers: counts of at least 1, not {text!r}")
    return counts


@app.command("parser")
def parser_command(
    emails: int = typer.Option(3000, "--emails", min=1, help="Emails to parse"),
    llm_latency_ms: float = typer.Option(800.0, "--llm-latency-ms", min=0, help="Model latency"),
    max_in_flight: int = typer.Option(512, "--max-in-flight", min=1, help="PARSER_MAX_IN_FLIGHT"),
    llm_max_concurrency: int = typer.Option(
        512, "--llm-max-concurrency", min=1, help="PARSER_LLM_MAX_CONCURRENCY"
    ),
    seed: int = typer.Option(1, "--seed", help="Email contents"),
    baseline_sample: int = typer.Option(
        0, "--baseline-sample", min=0, help="Emails for the sequential baseline (0: ~8 s worth)"
    ),
    timeout: float = typer.Option(900.0, "--timeout", help="Seconds for the parallel part"),
    work_dir: Path | None = typer.Option(
        None, "--work-dir", help=f"Logs (default: a new dir in {BENCH_DIR})"
    ),
    json_output: bool = typer.Option(False, "--json", help="Progress on stderr, JSON only"),
) -> None:
    """The parser process against a local model answering after --llm-latency-ms."""
    options = ParserOptions(
        emails=emails,
        llm_latency_ms=llm_latency_ms,
        max_in_flight=max_in_flight,
        llm_max_concurrency=llm_max_concurrency,
        seed=seed,
        baseline_sample=baseline_sample,
        timeout=timeout,
    )
    _run_stack_bench(json_output, _work_dir(work_dir, "parser"), run_parser_bench, options=options)


@app.command("freshness")
def freshness_command(
    mailboxes: int = typer.Option(50, "--mailboxes", min=3, help="Split over Gmail, Outlook, IMAP"),
    rate: float = typer.Option(20.0, "--rate", min=0.1, help="Emails/s over all mailboxes"),
    duration: float = typer.Option(60.0, "--duration", min=1, help="Seconds of delivery per phase"),
    cron_seconds: int = typer.Option(
        30,
        "--cron-seconds",
        min=1,
        help="The cron-only baseline's interval (divides 60 s or 60 min)",
    ),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline", help="Run the cron-only phase"),
    seed: int = typer.Option(1, "--seed", help="Email contents"),
    drain_timeout: float = typer.Option(
        120.0, "--drain-timeout", help="Seconds to wait for the last emails after delivery"
    ),
    work_dir: Path | None = typer.Option(
        None, "--work-dir", help=f"Provider state and logs (default: a new dir in {BENCH_DIR})"
    ),
    json_output: bool = typer.Option(False, "--json", help="Progress on stderr, JSON only"),
) -> None:
    """Seconds from delivery into Gmail, Outlook and IMAP mailboxes to the job in PostgreSQL:
    p50/p95/p99 per provider with push, then with the cron alone (needs Dovecot and the dev
    extras: the local providers run pytest-httpserver and trustme)."""
    # imported here: the local providers need the dev extras, the other benches do not
    from services.bench.freshness import FreshnessOptions, run_freshness_bench
    from services.bench.freshness_figures import cron_expression

    try:
        cron_expression(cron_seconds)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    options = FreshnessOptions(
        mailboxes=mailboxes,
        rate=rate,
        duration=duration,
        cron_seconds=cron_seconds,
        baseline=baseline,
        seed=seed,
        drain_timeout=drain_timeout,
    )
    _run_stack_bench(
        json_output, _work_dir(work_dir, "freshness"), run_freshness_bench, options=options
    )


@app.command("handler")
def handler_command(
    emails: int = typer.Option(2000, "--emails", min=1, help="Generated emails"),
    seed: int = typer.Option(1, "--seed", help="Email contents"),
    rounds: int = typer.Option(3, "--rounds", min=1, help="Best of this many rounds per stage"),
    json_output: bool = typer.Option(False, "--json", help="JSON only (the default prints it too)"),
    compiled: bool = typer.Option(
        True, "--compiled/--no-compiled", help="Also time the mypyc-compiled tree when built"
    ),
) -> None:
    """The parser's hot path in this process, stage by stage: CPU milliseconds per email."""
    del json_output  # the figures are JSON either way; accepted for symmetry with the others
    options = HandlerOptions(emails=emails, seed=seed, rounds=rounds, compiled=compiled)
    result = run_handler_bench(options)
    print(json.dumps(result, indent=2), flush=True)


@app.command("handler-profile")
def handler_profile_command(
    emails: int = typer.Option(2000, "--emails", min=1, help="Generated emails"),
    seed: int = typer.Option(1, "--seed", help="Email contents"),
    count_emails: int = typer.Option(
        500, "--count-emails", min=1, help="Emails regex calls are counted on"
    ),
    sampling: bool = typer.Option(True, "--sampling/--no-sampling", help="py-spy --native view"),
    hyperscan: bool = typer.Option(
        True, "--hyperscan/--no-hyperscan", help="Classify on Hyperscan"
    ),
) -> None:
    """Where handle_raw_email's CPU goes per stage: regex engine, other C, Python (JSON)."""
    options = ProfileOptions(
        emails=emails, seed=seed, count_emails=count_emails, sampling=sampling, hyperscan=hyperscan
    )
    print(json.dumps(run_handler_profile(options), indent=2), flush=True)


@app.command("jobwriter")
def jobwriter_command(
    emails: int = typer.Option(3000, "--emails", min=1, help="Generated emails"),
    seed: int = typer.Option(3, "--seed", help="Email contents"),
    batch_sizes: str = typer.Option("5,50,200", "--batch-sizes", help="Comma-separated sizes"),
    json_output: bool = typer.Option(False, "--json", help="Progress on stderr, JSON only"),
) -> None:
    """The jobwriter's batch path in this process on PostgreSQL: CPU ms per batch and email."""
    sizes = tuple(int(size) for size in batch_sizes.split(",") if size.strip())
    if not sizes or min(sizes) < 1:
        typer.echo("error: --batch-sizes takes sizes of 1 or more", err=True)
        raise typer.Exit(2)
    options = JobwriterBenchOptions(emails=emails, seed=seed, batch_sizes=sizes)
    _run(json_output, lambda _bootstrap, url, _say: run_jobwriter_bench(url, options))


@app.command("files")
def files_command(
    paths: list[Path] = typer.Argument(..., help=".eml files, or directories searched for them"),
    rounds: int = typer.Option(3, "--rounds", min=1, help="Best of this many rounds per file"),
) -> None:
    """Seconds per file through the offline parse path: max, p99, p50 and the slowest files."""
    # broken attachments in fixture mail make pypdf warn per file: noise next to the JSON
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        typer.echo(f"error: no such file: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    try:
        result = run_files_bench(paths, FilesOptions(rounds=rounds))
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    print(json.dumps(result, indent=2), flush=True)


if __name__ == "__main__":
    app()
