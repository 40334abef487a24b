"""reqstream infra up|down|status|env|topics: Kafka and PostgreSQL for demos and local runs."""

import logging
import shlex
import signal
import time
from pathlib import Path
from types import FrameType

import typer

from services.infra.settings import DEFAULT_STATE_DIR, InfraSettings
from services.infra.stack import (
    Infra,
    infra_status,
    load_state,
    start_infra,
    stop_infra,
)
from services.infra.topics import TOPICS_DIR, create_topics, load_topic_specs

app = typer.Typer(help="Start, stop and inspect Kafka and PostgreSQL for tests and demos")

STATE_DIR_OPTION = typer.Option(DEFAULT_STATE_DIR, "--state-dir", help="Where infra.json lives")
WATCH_INTERVAL = 1.0  # seconds between liveness checks in --foreground mode


@app.callback()
def configure_logging() -> None:
    # Logs on stderr keep stdout to the export lines, so `eval "$(reqstream infra up)"` works.
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")


def _print_exports(infra: Infra) -> None:
    for name, value in infra.env_exports().items():
        print(f"export {name}={shlex.quote(value)}")


def _raise_keyboard_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@app.command()
def up(
    foreground: bool = typer.Option(
        False, "--foreground", help="Stay attached; Ctrl-C stops everything"
    ),
    brokers: int = typer.Option(
        1, "--brokers", min=1, help="Kafka nodes; more than one starts a native KRaft cluster"
    ),
    state_dir: Path = STATE_DIR_OPTION,
) -> None:
    """Start Kafka and PostgreSQL (env → Docker → native) and print their env exports."""
    existing = load_state(state_dir)
    if existing is not None and _any_running(existing):
        typer.echo(f"infra already up ({state_dir}); run `reqstream infra down` first", err=True)
        raise typer.Exit(1)
    infra = start_infra(pdeathsig=foreground, state_dir=state_dir, brokers=brokers)
    _print_exports(infra)
    if not foreground:
        return
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        while _all_running(infra):
            time.sleep(WATCH_INTERVAL)
        typer.echo("a server exited unexpectedly; stopping the rest", err=True)
    except KeyboardInterrupt:
        typer.echo("stopping", err=True)
    finally:
        stop_infra(infra)


def _any_running(infra: Infra) -> bool:
    handles = [infra.kafka_handle, infra.database_handle]
    return any(handle.is_running() for handle in handles if handle is not None)


def _all_running(infra: Infra) -> bool:
    handles = [infra.kafka_handle, infra.database_handle]
    return all(handle.is_running() for handle in handles if handle is not None)


@app.command()
def down(state_dir: Path = STATE_DIR_OPTION) -> None:
    """Stop what `infra up` started and remove its directories."""
    infra = load_state(state_dir)
    if infra is None:
        typer.echo(f"nothing recorded in {state_dir}; nothing to stop", err=True)
        return
    stop_infra(infra)
    typer.echo("infra stopped", err=True)


@app.command()
def status(state_dir: Path = STATE_DIR_OPTION) -> None:
    """Report whether Kafka and PostgreSQL answer; exit code 1 if either does not."""
    infra = _recorded_or_env(state_dir)
    reachable = infra_status(infra)
    rows = [
        ("kafka", infra.kafka_kind, infra.kafka_bootstrap, reachable["kafka"]),
        ("database", infra.database_kind, infra.database_url, reachable["database"]),
    ]
    for name, kind, address, ok in rows:
        print(f"{name:<9} {kind:<7} {'reachable' if ok else 'UNREACHABLE':<12} {address}")
    if not all(reachable.values()):
        raise typer.Exit(1)


def _recorded_or_env(state_dir: Path) -> Infra:
    infra = load_state(state_dir)
    if infra is not None:
        return infra
    settings = InfraSettings()
    if settings.KAFKA_BOOTSTRAP_SERVERS and settings.DATABASE_URL:
        return Infra(
            kafka_bootstrap=settings.KAFKA_BOOTSTRAP_SERVERS,
            database_url=settings.DATABASE_URL,
            kafka_kind="env",
            database_kind="env",
        )
    typer.echo(f"no infra recorded in {state_dir}; run `reqstream infra up`", err=True)
    raise typer.Exit(1)


@app.command()
def env(state_dir: Path = STATE_DIR_OPTION) -> None:
    """Print export lines for the running infra: eval "$(reqstream infra env)"."""
    infra = load_state(state_dir)
    if infra is None:
        typer.echo(f"no infra recorded in {state_dir}; run `reqstream infra up`", err=True)
        raise typer.Exit(1)
    _print_exports(infra)


@app.command()
def topics(
    bootstrap: str | None = typer.Option(
        None, "--bootstrap", help="Default: KAFKA_BOOTSTRAP_SERVERS, else the recorded infra"
    ),
    topics_dir: Path = typer.Option(TOPICS_DIR, "--dir", help="Directory of topic YAML files"),
    partitions: int | None = typer.Option(None, "--partitions", help="Override every count"),
    brokers: int | None = typer.Option(
        None, "--brokers", min=1, help="Wait for this many brokers (default: those up now)"
    ),
    state_dir: Path = STATE_DIR_OPTION,
) -> None:
    """Create every topic in schemas/topics (existing topics are left alone)."""
    bootstrap = bootstrap or InfraSettings().KAFKA_BOOTSTRAP_SERVERS
    if bootstrap is None:
        bootstrap = _recorded_or_env(state_dir).kafka_bootstrap
    specs = load_topic_specs(topics_dir, partitions=partitions)
    create_topics(bootstrap, specs, brokers=brokers)
    print(f"{len(specs)} topics present on {bootstrap}: {', '.join(s.name for s in specs)}")
