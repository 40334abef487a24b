"""reqstream chaos: kill services at random while mailboxes drain; verify nothing is lost or
duplicated. Exits 1 when an invariant fails."""

from __future__ import annotations

import json
import logging
import signal
import sys
import tempfile
import time
from pathlib import Path
from types import FrameType

import typer

from services.cli.settings import process_environment
from services.demo.run import REPO_ROOT
from services.infra.stack import start_infra, stop_infra
from services.ops.chaos import ChaosOptions, ChaosReport, run_chaos

CHAOS_DIR = REPO_ROOT / ".reqstream" / "chaos"


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def chaos_command(
    integrations: int = typer.Option(3, "--integrations", min=1, help="Maildir integrations"),
    emails: int = typer.Option(200, "--emails", min=1, help="Generated emails per mailbox"),
    kills: int = typer.Option(8, "--kills", min=0, help="Service processes to kill"),
    seed: int = typer.Option(1, "--seed", help="Mailbox contents and the kill schedule"),
    kill_interval: float = typer.Option(3.0, "--kill-interval", help="Mean seconds between kills"),
    timeout: float = typer.Option(600.0, "--timeout", help="Seconds for the whole run"),
    work_dir: Path | None = typer.Option(
        None, "--work-dir", help=f"Mailboxes and service logs (default: a new dir in {CHAOS_DIR})"
    ),
    json_output: bool = typer.Option(False, "--json", help="Print only the JSON report"),
) -> None:
    """Kill any service at any moment: every matching email ends in exactly one processed-email
    record and no job is duplicated.

    Uses KAFKA_BOOTSTRAP_SERVERS / DATABASE_URL when set, else starts Kafka and PostgreSQL.
    Runs 1 scheduler, 2 fetchers, 2 parsers and 2 jobwriters under consumer groups of its own.
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    signal.signal(signal.SIGTERM, _interrupt)

    def say(line: str) -> None:
        print(line, file=sys.stderr if json_output else sys.stdout, flush=True)

    if work_dir is None:
        CHAOS_DIR.mkdir(parents=True, exist_ok=True)
        work_dir = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%d-%H%M%S-"), dir=CHAOS_DIR))
    options = ChaosOptions(
        integrations=integrations,
        emails=emails,
        kills=kills,
        seed=seed,
        kill_interval=kill_interval,
        timeout=timeout,
    )
    say("starting Kafka and PostgreSQL (or using KAFKA_BOOTSTRAP_SERVERS / DATABASE_URL) ...")
    infra = start_infra(pdeathsig=True)
    try:
        report = run_chaos(
            kafka_bootstrap=infra.kafka_bootstrap,
            database_url=infra.database_url,
            work_dir=work_dir,
            base_env=process_environment(),
            options=options,
            say=say,
        )
    finally:
        stop_infra(infra)
    print(json.dumps(report.to_json(), indent=2))
    if not json_output:
        print(_verdict(report))
    if not report.ok:
        raise typer.Exit(1)


def _verdict(report: ChaosReport) -> str:
    if report.ok:
        return (
            f"OK: {report.processed} emails in the ledger exactly once, {report.jobs} jobs, "
            "no duplicates, nothing lost, counters consistent"
        )
    return "FAILED:\n" + "\n".join(f"  - {f}" for f in report.failures)


if __name__ == "__main__":
    typer.run(chaos_command)
