"""Kafka and PostgreSQL as containers, used only when a Docker daemon actually answers."""

import logging
from dataclasses import dataclass
from typing import Any

import docker
import requests
from docker.errors import DockerException, NotFound

from services.infra.process import free_ports
from services.infra.settings import InfraSettings

logger = logging.getLogger(__name__)

KAFKA_IMAGE = "apache/kafka:4.1.1"
POSTGRES_IMAGE = "postgres:15"  # bookworm's major version, as the native cluster
DATABASE = "reqstream"
PING_TIMEOUT = 3  # seconds


def docker_daemon_answers(settings: InfraSettings | None = None) -> bool:
    """True only if the daemon replies to a ping: a bare CLI or a dead socket falls through.

    TESTS_USE_DOCKER=never answers False without probing.
    """
    if (settings or InfraSettings()).TESTS_USE_DOCKER == "never":
        return False
    try:
        return bool(docker.from_env(timeout=PING_TIMEOUT).ping())
    except (DockerException, requests.RequestException, OSError) as exc:
        logger.debug("docker daemon not answering: %s", exc)
        return False


@dataclass
class DockerHandle:
    """A started container, stoppable from this or another process by id."""

    container_id: str

    def to_state(self) -> dict[str, Any]:
        return {"container_id": self.container_id}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> "DockerHandle":
        return cls(container_id=state["container_id"])

    def is_running(self) -> bool:
        try:
            container = docker.from_env(timeout=PING_TIMEOUT).containers.get(self.container_id)
        except (DockerException, requests.RequestException, OSError):
            return False
        return bool(container.status == "running")

    def stop(self) -> None:
        try:
            container = docker.from_env().containers.get(self.container_id)
            container.remove(force=True, v=True)
        except NotFound:
            logger.info("container %s already gone", self.container_id)


def _keep_after_exit(detached: bool) -> None:
    # testcontainers' Ryuk reaper removes containers when this process exits; a detached
    # `infra up` must outlive it, and `infra down` removes the containers by id instead.
    if detached:
        from testcontainers.core.config import testcontainers_config

        testcontainers_config.ryuk_disabled = True


def start_kafka_container(*, detached: bool) -> tuple[str, DockerHandle]:
    """apache/kafka in KRaft combined mode; returns (bootstrap, handle).

    The container listens on the same port number as the host side, so the advertised address
    127.0.0.1:<port> is right both for clients and for the broker's own inter-broker calls
    (transaction markers). Assumes a local daemon, as the fixtures do.
    """
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.wait_strategies import LogMessageWaitStrategy

    _keep_after_exit(detached)
    (port,) = free_ports(1)
    env = {
        "KAFKA_NODE_ID": "1",
        "KAFKA_PROCESS_ROLES": "broker,controller",
        "KAFKA_LISTENERS": f"PLAINTEXT://:{port},CONTROLLER://:9093",
        "KAFKA_ADVERTISED_LISTENERS": f"PLAINTEXT://127.0.0.1:{port}",
        "KAFKA_CONTROLLER_LISTENER_NAMES": "CONTROLLER",
        "KAFKA_CONTROLLER_QUORUM_VOTERS": "1@localhost:9093",
        "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "KAFKA_INTER_BROKER_LISTENER_NAME": "PLAINTEXT",
        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR": "1",
        "KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS": "1",
        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR": "1",
        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR": "1",
        "KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS": "1",
        "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR": "1",
        "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR": "1",
        "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS": "0",
        "KAFKA_AUTO_CREATE_TOPICS_ENABLE": "false",
    }
    container = DockerContainer(KAFKA_IMAGE).with_envs(**env).with_bind_ports(port, port)
    container.waiting_for(LogMessageWaitStrategy("Kafka Server started"))
    container.start()
    return f"127.0.0.1:{port}", DockerHandle(container.get_container_id())


def start_postgres_container(*, detached: bool) -> tuple[str, DockerHandle]:
    """postgres:15 with a ``reqstream`` database; returns (SQLAlchemy URL, handle)."""
    from testcontainers.community.postgres import PostgresContainer

    _keep_after_exit(detached)
    container = PostgresContainer(POSTGRES_IMAGE, dbname=DATABASE, driver="psycopg2")
    container.start()
    return str(container.get_connection_url()), DockerHandle(container.get_container_id())
