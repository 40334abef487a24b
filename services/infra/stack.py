"""Kafka + PostgreSQL for tests, ``make demo`` and ``make up``: from env, Docker or native.

Selection per component (kafka-native.md §6): its env var if set → Docker if the daemon answers
→ native. ``start_infra`` can record what it started in ``<state_dir>/infra.json`` so that another
process (``reqstream infra down``) can stop it.
"""

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from services.infra import docker as docker_infra
from services.infra.kafka_cluster import NativeKafkaCluster, start_native_cluster
from services.infra.kafka_native import NativeKafka, kafka_answers, start_native_kafka
from services.infra.postgres_native import (
    NativePostgres,
    database_answers,
    find_pg_bindir,
    start_native_postgres,
)
from services.infra.settings import InfraSettings

logger = logging.getLogger(__name__)

Kind = Literal["env", "docker", "native"]
STATE_FILE = "infra.json"


class Handle(Protocol):
    """Something started by us: stoppable, and describable for the state file."""

    def stop(self) -> None: ...
    def is_running(self) -> bool: ...
    def to_state(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class InfraPlan:
    kafka: Kind
    database: Kind


@dataclass
class Infra:
    kafka_bootstrap: str
    database_url: str
    kafka_kind: Kind
    database_kind: Kind
    kafka_handle: Handle | None = None  # None for "env": not ours to stop
    database_handle: Handle | None = None
    state_dir: Path | None = None

    def env_exports(self) -> dict[str, str]:
        return {"KAFKA_BOOTSTRAP_SERVERS": self.kafka_bootstrap, "DATABASE_URL": self.database_url}


def plan_infra(settings: InfraSettings, *, docker_answers: bool, brokers: int = 1) -> InfraPlan:
    """env var given → "env"; else Docker if it answers and is allowed; else native. A cluster
    (``brokers`` > 1) is native: Docker runs one under compose's ``cluster`` profile instead."""
    use_docker = docker_answers and settings.TESTS_USE_DOCKER != "never"

    def pick(configured: str | None, *, docker_allowed: bool = True) -> Kind:
        if configured:
            return "env"
        return "docker" if use_docker and docker_allowed else "native"

    return InfraPlan(
        kafka=pick(settings.KAFKA_BOOTSTRAP_SERVERS, docker_allowed=brokers == 1),
        database=pick(settings.DATABASE_URL),
    )


def start_infra(
    *,
    pdeathsig: bool,
    state_dir: Path | None = None,
    settings: InfraSettings | None = None,
    pg_data_dir: Path | None = None,
    brokers: int = 1,
) -> Infra:
    """Start (or adopt from env) Kafka and PostgreSQL, both ready for clients on return;
    ``brokers`` > 1 starts a native KRaft cluster of that many nodes (kafka_cluster.py).

    ``pdeathsig=True`` ties native servers to this process (tests, foreground runs). With False
    everything is left running after we exit (detached ``infra up``), Docker containers included.
    """
    settings = settings or InfraSettings()
    needs_servers = not (settings.KAFKA_BOOTSTRAP_SERVERS and settings.DATABASE_URL)
    docker_answers = needs_servers and docker_infra.docker_daemon_answers(settings)
    plan = plan_infra(settings, docker_answers=docker_answers, brokers=brokers)
    logger.info("infra plan: kafka=%s database=%s", plan.kafka, plan.database)

    started: list[Handle] = []
    try:
        database_url, database_handle = _start_database(
            plan.database, settings, pdeathsig, pg_data_dir
        )
        if database_handle is not None:
            started.append(database_handle)
        bootstrap, kafka_handle = _start_kafka(plan.kafka, settings, pdeathsig, brokers)
    except BaseException:
        # Also on KeyboardInterrupt: nothing half-started may outlive a failed start.
        for handle in started:
            handle.stop()
        raise
    infra = Infra(
        kafka_bootstrap=bootstrap,
        database_url=database_url,
        kafka_kind=plan.kafka,
        database_kind=plan.database,
        kafka_handle=kafka_handle,
        database_handle=database_handle,
        state_dir=state_dir,
    )
    if state_dir is not None:
        save_state(infra, state_dir)
    return infra


def _start_kafka(
    kind: Kind, settings: InfraSettings, pdeathsig: bool, brokers: int
) -> tuple[str, Handle | None]:
    if kind == "env":
        assert settings.KAFKA_BOOTSTRAP_SERVERS is not None
        return settings.KAFKA_BOOTSTRAP_SERVERS, None
    if kind == "docker":
        return docker_infra.start_kafka_container(detached=not pdeathsig)
    if brokers > 1:
        cluster = start_native_cluster(
            brokers=brokers,
            libs_dir=settings.KAFKA_LIBS_DIR,
            log4j_config=settings.KAFKA_LOG4J_CONFIG,
            pdeathsig=pdeathsig,
            keep_dir=settings.KEEP_TEST_KAFKA_DIR,
        )
        return cluster.bootstrap, cluster
    broker = start_native_kafka(
        libs_dir=settings.KAFKA_LIBS_DIR,
        log4j_config=settings.KAFKA_LOG4J_CONFIG,
        pdeathsig=pdeathsig,
        keep_dir=settings.KEEP_TEST_KAFKA_DIR,
    )
    return broker.bootstrap, broker


def _start_database(
    kind: Kind, settings: InfraSettings, pdeathsig: bool, data_dir: Path | None = None
) -> tuple[str, Handle | None]:
    if kind == "env":
        assert settings.DATABASE_URL is not None
        return settings.DATABASE_URL, None
    if kind == "docker":
        return docker_infra.start_postgres_container(detached=not pdeathsig)
    pg = start_native_postgres(
        bindir=find_pg_bindir(settings.PG_BINDIR), pdeathsig=pdeathsig, data_dir=data_dir
    )
    return pg.url, pg


def stop_infra(infra: Infra) -> None:
    """Stop what we started (never env-provided servers) and forget the state file."""
    try:
        if infra.kafka_handle is not None:
            infra.kafka_handle.stop()
    finally:
        if infra.database_handle is not None:
            infra.database_handle.stop()
        if infra.state_dir is not None:
            (infra.state_dir / STATE_FILE).unlink(missing_ok=True)


def infra_status(infra: Infra) -> dict[str, bool]:
    """Whether each component answers clients right now."""
    return {
        "kafka": kafka_answers(infra.kafka_bootstrap),
        "database": database_answers(infra.database_url),
    }


def save_state(infra: Infra, state_dir: Path) -> Path:
    def component(kind: Kind, address: str, handle: Handle | None) -> dict[str, Any]:
        return {"kind": kind, "address": address, "handle": handle.to_state() if handle else None}

    state = {
        "kafka": component(infra.kafka_kind, infra.kafka_bootstrap, infra.kafka_handle),
        "database": component(infra.database_kind, infra.database_url, infra.database_handle),
    }
    state_dir.mkdir(parents=True, exist_ok=True)
    path = state_dir / STATE_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2) + "\n")
    tmp.replace(path)  # readers never see a half-written file
    return path


def load_state(state_dir: Path) -> Infra | None:
    """The infra recorded by ``start_infra(state_dir=...)``, or None if there is no state file."""
    path = state_dir / STATE_FILE
    if not path.exists():
        return None
    state = json.loads(path.read_text())
    kafka, database = state["kafka"], state["database"]
    return Infra(
        kafka_bootstrap=kafka["address"],
        database_url=database["address"],
        kafka_kind=kafka["kind"],
        database_kind=database["kind"],
        kafka_handle=_handle_from_state(kafka["kind"], kafka["handle"], NativeKafka),
        database_handle=_handle_from_state(database["kind"], database["handle"], NativePostgres),
        state_dir=state_dir,
    )


def _handle_from_state(
    kind: Kind, state: dict[str, Any] | None, native: type[NativeKafka] | type[NativePostgres]
) -> Handle | None:
    if state is None or kind == "env":
        return None
    if kind == "docker":
        return docker_infra.DockerHandle.from_state(state)
    if "nodes" in state:
        return NativeKafkaCluster.from_state(state)
    return native.from_state(state)
