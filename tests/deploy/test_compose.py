"""docker-compose.yml cannot run here (no Docker engine), so its shape is checked as data."""

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from services.demo.processes import SERVICES

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"
ONE_SHOT = {"migrate", "topics"}


def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    services: dict[str, Any] = data["services"]
    return services


def test_every_pipeline_service_runs_its_module_and_waits_for_healthy_dependencies() -> None:
    services = compose()
    for name in (*SERVICES, "api", "imapwatcher"):
        spec = services[name]
        assert spec["command"] == ["python", "-m", f"services.{name}"]
        assert "healthcheck" in spec
        depends = spec["depends_on"]
        assert depends["kafka"]["condition"] == "service_healthy"
        assert depends["postgres"]["condition"] == "service_healthy"
        for job in ONE_SHOT:
            assert depends[job]["condition"] == "service_completed_successfully"


def test_infrastructure_has_healthchecks_and_kafka_is_kraft_4x() -> None:
    services = compose()
    assert services["kafka"]["image"].startswith("apache/kafka:4.")
    assert services["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"
    for name in ("kafka", "postgres"):
        assert "healthcheck" in services[name]
    assert services["migrate"]["command"] == ["reqstream", "db", "upgrade"]
    assert services["topics"]["command"][:3] == ["reqstream", "infra", "topics"]


def test_no_fixed_container_names_so_every_service_scales() -> None:
    for name, spec in compose().items():
        assert "container_name" not in spec, name


def test_compose_file_validates_with_docker_compose() -> None:
    """`docker compose config` needs no engine; Debian's docker-compose (v1) checks the file."""
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.fail(
            "docker-compose is not installed; as root run: apt-get install -y docker-compose"
        )
    checked = subprocess.run(
        [binary, "-f", str(COMPOSE), "config", "-q"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "TOKEN_ENCRYPTION_KEYS": "placeholder-for-validation"},
    )
    assert checked.returncode == 0, checked.stderr


CLUSTER_ENV = COMPOSE.parent / "deploy" / "kafka" / "cluster.env"


def compose_config(*args: str) -> str:
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.fail(
            "docker-compose is not installed; as root run: apt-get install -y docker-compose"
        )
    checked = subprocess.run(
        [binary, "-f", str(COMPOSE), *args, "config"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "TOKEN_ENCRYPTION_KEYS": "placeholder-for-validation"},
    )
    assert checked.returncode == 0, checked.stderr
    return checked.stdout


def test_cluster_profile_runs_three_kraft_voters_and_replicates_topics_three_times() -> None:
    """The three-broker profile, validated by `docker-compose config` with its env file."""
    single: dict[str, Any] = yaml.safe_load(compose_config())["services"]
    assert single["kafka-2"]["profiles"] == single["kafka-3"]["profiles"] == ["cluster"]
    assert "profiles" not in single["kafka"]
    assert single["kafka"]["environment"]["KAFKA_CONTROLLER_QUORUM_VOTERS"] == "1@kafka:9093"
    assert single["topics"]["command"][-2:] == ["--brokers", "1"]

    services: dict[str, Any] = yaml.safe_load(compose_config("--env-file", str(CLUSTER_ENV)))[
        "services"
    ]
    nodes = {name: services[name]["environment"] for name in ("kafka", "kafka-2", "kafka-3")}
    voters = "1@kafka:9093,2@kafka-2:9093,3@kafka-3:9093"
    assert {str(env["KAFKA_NODE_ID"]) for env in nodes.values()} == {"1", "2", "3"}
    assert len({env["CLUSTER_ID"] for env in nodes.values()}) == 1
    for name, env in nodes.items():
        assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
        assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == voters
        assert env["KAFKA_ADVERTISED_LISTENERS"] == f"PLAINTEXT://{name}:9092"
        assert str(env["KAFKA_DEFAULT_REPLICATION_FACTOR"]) == "3"
        assert str(env["KAFKA_MIN_INSYNC_REPLICAS"]) == "2"
        assert "healthcheck" in services[name]
    assert services["topics"]["command"][-2:] == ["--brokers", "3"]
    bootstrap = "kafka:9092,kafka-2:9092,kafka-3:9092"
    for name in (*SERVICES, "lag-exporter", "imapwatcher"):
        assert services[name]["environment"]["KAFKA_BOOTSTRAP_SERVERS"] == bootstrap, name
