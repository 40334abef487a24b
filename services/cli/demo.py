"""reqstream demo and reqstream up: the whole stack as separate processes."""

import hashlib
import logging
import shutil
import signal
import time
from pathlib import Path
from types import FrameType

import typer

from services.cli.settings import process_environment
from services.demo.processes import ServiceGroup
from services.demo.run import REPO_ROOT, StackConfig, prepare, run_demo, start_services
from services.infra.stack import start_infra, stop_infra

LOG_DIR = REPO_ROOT / ".reqstream" / "logs"
# the demo's database outlives the run, so a second `make demo` meets the first one's jobs;
# outside the repository because the postgres user must be able to reach it
DEMO_PG_DIR = (
    Path("/var/tmp/reqstream-demo")
    / hashlib.sha1(  # noqa: S324  (a name, not security)
        str(REPO_ROOT).encode()
    ).hexdigest()[:10]
)


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def demo_command(
    log_dir: Path = typer.Option(LOG_DIR, "--log-dir", help="Where service logs go"),
    fresh: bool = typer.Option(False, "--fresh", help="Forget the previous demo's database"),
) -> None:
    """Run the pipeline on the bundled sample mailbox and print the jobs it created."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    signal.signal(signal.SIGTERM, _interrupt)
    started = time.monotonic()
    print("starting Kafka and PostgreSQL ...")
    if fresh:
        shutil.rmtree(DEMO_PG_DIR, ignore_errors=True)
    infra = start_infra(pdeathsig=True, pg_data_dir=DEMO_PG_DIR)
    try:
        print(
            f"kafka={infra.kafka_bootstrap} ({infra.kafka_kind}), "
            f"postgres ({infra.database_kind}) ready in {time.monotonic() - started:.1f}s"
        )
        run_demo(
            kafka_bootstrap=infra.kafka_bootstrap,
            database_url=infra.database_url,
            log_dir=log_dir,
            base_env=process_environment(),
            say=print,
        )
    finally:
        stop_infra(infra)
    print(f"\ndemo finished in {time.monotonic() - started:.1f}s; everything stopped")


def up_command(
    log_dir: Path = typer.Option(LOG_DIR, "--log-dir"),
    http_port: int = typer.Option(8080, "--http-port", help="the scheduler's /healthz port"),
    api_port: int = typer.Option(8000, "--api-port", help="the API: manual syncs, status"),
    cron: str = typer.Option("*/15 * * * *", "--cron"),
) -> None:
    """Run Kafka, PostgreSQL, the four services and the API until Ctrl-C."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    signal.signal(signal.SIGTERM, _interrupt)
    infra = start_infra(pdeathsig=True)
    group: ServiceGroup | None = None
    try:
        prepare(infra.kafka_bootstrap, infra.database_url)
        config = StackConfig(
            infra.kafka_bootstrap,
            infra.database_url,
            log_dir,
            http_port,
            cron_enabled=True,
            cron=cron,
            api_port=api_port,
        )
        group = start_services(config, process_environment())
        print(f"export KAFKA_BOOTSTRAP_SERVERS={infra.kafka_bootstrap}")
        print(f"export DATABASE_URL={infra.database_url}")
        print(f"API on {config.api_url}; logs in {log_dir}; Ctrl-C stops")
        while True:
            group.check_alive()
            time.sleep(1)
    except KeyboardInterrupt:
        print("stopping ...")
    finally:
        if group is not None:
            group.stop()
        stop_infra(infra)
