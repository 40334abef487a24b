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
    for name in (*SERVICES, "api"):
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
    assert services["topics"]["command"] == ["reqstream", "infra", "topics"]


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
