"""reqstream chaos: kill services at random, restart the broker and feed poison while mailboxes
drain; verify nothing is lost, duplicated or wrongly dead-lettered. Exits 1 when a check fails."""

from __future__ import annotations

import faulthandler
import json
import logging
import random
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
from services.ops.chaos import BrokerControl, ChaosOptions, ChaosReport, run_chaos
from services.ops.chaos.disruptions import ClusterKiller, PostgresControl

CHAOS_DIR = REPO_ROOT / ".reqstream" / "chaos"


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def chaos_command(
    emails: int = typer.Option(500, "--emails", min=1, help="Generated emails in total"),
    tenants: int = typer.Option(3, "--tenants", min=1, help="Tenants sharing the emails"),
    integrations: int = typer.Option(
        2, "--integrations", min=1, help="Maildir integrations per tenant"
    ),
    kills: int = typer.Option(5, "--kills", min=0, help="Service processes to SIGKILL"),
    broker_restarts: int | None = typer.Option(
        None,
        "--broker-restarts",
        min=0,
        help="Clean broker restarts (native single broker; default 1, 0 with --brokers 3)",
    ),
    brokers: int = typer.Option(
        1, "--brokers", min=1, help="Kafka nodes to start (3: a native KRaft cluster)"
    ),
    broker_kills: int = typer.Option(
        0, "--broker-kills", min=0, help="SIGKILLs of a cluster node, each restarted"
    ),
    postgres_restarts: int = typer.Option(
        0, "--postgres-restarts", min=0, help="Fast stops of PostgreSQL, each restarted"
    ),
    fetchers: int = typer.Option(2, "--fetchers", min=1, help="Fetcher processes"),
    parsers: int = typer.Option(2, "--parsers", min=1, help="Parser processes"),
    jobwriters: int = typer.Option(2, "--jobwriters", min=1, help="Jobwriter processes"),
    vendor_requirements: int = typer.Option(
        4, "--vendor-requirements", min=0, help="Requirements each sent by several vendors"
    ),
    copies_per_requirement: int = typer.Option(
        3, "--copies-per-requirement", min=2, max=4, help="Vendors per such requirement"
    ),
    poison: int = typer.Option(6, "--poison", min=0, help="Poison messages to inject"),
    seed: int = typer.Option(1, "--seed", help="Mailbox contents and the chaos schedule"),
    kill_interval: float = typer.Option(3.0, "--kill-interval", help="Mean seconds between kills"),
    timeout: float = typer.Option(900.0, "--timeout", help="Seconds for the whole run"),
    work_dir: Path | None = typer.Option(
        None, "--work-dir", help=f"Mailboxes and service logs (default: a new dir in {CHAOS_DIR})"
    ),
    json_output: bool = typer.Option(False, "--json", help="Print only the JSON report"),
) -> None:
    """Kill any service at any moment and restart the broker: every matching email ends in
    exactly one processed-email record, no job is duplicated, exactly the poison is
    dead-lettered; the copies of one requirement from several vendors (and the same messages
    in several mailboxes of a tenant) end as one requirement with every sighting.

    Uses KAFKA_BOOTSTRAP_SERVERS / DATABASE_URL when set, else starts Kafka and PostgreSQL (the
    broker is restarted only when this command started it natively). ``--brokers 3`` starts a
    native three-node KRaft cluster whose nodes ``--broker-kills`` SIGKILLs (the active
    controller at least once); ``--postgres-restarts`` fast-stops a native PostgreSQL. Runs 1
    scheduler and 2 fetchers, parsers and jobwriters (or as many as asked) under consumer groups
    of its own.
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    signal.signal(signal.SIGTERM, _interrupt)

    def say(line: str) -> None:
        print(line, file=sys.stderr if json_output else sys.stdout, flush=True)

    if work_dir is None:
        CHAOS_DIR.mkdir(parents=True, exist_ok=True)
        work_dir = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%d-%H%M%S-"), dir=CHAOS_DIR))
    try:
        options = ChaosOptions(
            emails=emails,
            tenants=tenants,
            integrations_per_tenant=integrations,
            kills=kills,
            broker_restarts=(1 if brokers == 1 else 0)
            if broker_restarts is None
            else broker_restarts,
            poison=poison,
            seed=seed,
            kill_interval=kill_interval,
            timeout=timeout,
            brokers=brokers,
            broker_kills=broker_kills,
            postgres_restarts=postgres_restarts,
            fetchers=fetchers,
            parsers=parsers,
            jobwriters=jobwriters,
            vendor_requirements=vendor_requirements,
            copies_per_requirement=copies_per_requirement,
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    faulthandler.enable()  # a crash in a native client library still shows where it was
    say("starting Kafka and PostgreSQL (or using KAFKA_BOOTSTRAP_SERVERS / DATABASE_URL) ...")
    infra = start_infra(pdeathsig=True, brokers=brokers)
    try:
        report = run_chaos(
            kafka_bootstrap=infra.kafka_bootstrap,
            database_url=infra.database_url,
            work_dir=work_dir,
            base_env=process_environment(),
            options=options,
            broker=BrokerControl(infra),
            cluster=ClusterKiller(infra, random.Random(f"{seed}:broker-kills")),
            database=PostgresControl(infra, random.Random(f"{seed}:postgres")),
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
            f"OK: {report.emails_in} emails in the ledger exactly once, {report.jobs} jobs, "
            f"{report.dead_lettered} poison message(s) dead-lettered, nothing lost, "
            f"no duplicates, counters consistent, {report.sightings} sightings of "
            f"{report.vendor_copy_requirements} vendor-copied requirement(s) in one piece each"
        )
    return "FAILED:\n" + "\n".join(f"  - {f}" for f in report.failures)


if __name__ == "__main__":
    typer.run(chaos_command)
