"""Which source each component comes from; no servers needed."""

from pathlib import Path
from typing import Any

import pytest
import requests

from services.infra import docker as docker_infra
from services.infra.kafka_cluster import NativeKafkaCluster
from services.infra.kafka_native import NativeKafka
from services.infra.settings import InfraSettings
from services.infra.stack import Infra, load_state, plan_infra, save_state, start_infra


def settings(**values: Any) -> InfraSettings:
    """Settings as given, whatever the environment of the test run holds."""
    unset = {"KAFKA_BOOTSTRAP_SERVERS": None, "DATABASE_URL": None, "TESTS_USE_DOCKER": "auto"}
    return InfraSettings.model_validate({**unset, **values})


def test_env_vars_win_over_docker() -> None:
    plan = plan_infra(
        settings(KAFKA_BOOTSTRAP_SERVERS="kafka:9092", DATABASE_URL="postgresql://db/x"),
        docker_answers=True,
    )
    assert (plan.kafka, plan.database) == ("env", "env")


def test_docker_used_when_it_answers() -> None:
    plan = plan_infra(settings(), docker_answers=True)
    assert (plan.kafka, plan.database) == ("docker", "docker")


def test_docker_not_answering_falls_through_to_native() -> None:
    plan = plan_infra(settings(), docker_answers=False)
    assert (plan.kafka, plan.database) == ("native", "native")


def test_each_component_is_chosen_on_its_own() -> None:
    plan = plan_infra(settings(DATABASE_URL="postgresql://db/x"), docker_answers=False)
    assert (plan.kafka, plan.database) == ("native", "env")


def test_opt_out_of_docker_even_if_it_answers() -> None:
    plan = plan_infra(settings(TESTS_USE_DOCKER="never"), docker_answers=True)
    assert (plan.kafka, plan.database) == ("native", "native")


def test_settings_read_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1")
    monkeypatch.setenv("KEEP_TEST_KAFKA_DIR", "1")
    loaded = InfraSettings()
    assert loaded.KAFKA_BOOTSTRAP_SERVERS == "127.0.0.1:1"
    assert loaded.KEEP_TEST_KAFKA_DIR is True


def test_docker_probe_skipped_when_opted_out(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_probe(**_: Any) -> None:
        raise AssertionError("docker probed despite TESTS_USE_DOCKER=never")

    monkeypatch.setattr("docker.from_env", must_not_probe)
    assert docker_infra.docker_daemon_answers(settings(TESTS_USE_DOCKER="never")) is False


def test_dead_docker_socket_means_no_docker(monkeypatch: pytest.MonkeyPatch) -> None:
    class DeadClient:
        def ping(self) -> bool:
            raise requests.ConnectionError("connection refused")

    monkeypatch.setattr("docker.from_env", lambda **_: DeadClient())
    assert docker_infra.docker_daemon_answers(settings()) is False


def test_env_only_starts_nothing_and_skips_docker_probe(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_probe(_: InfraSettings) -> bool:
        raise AssertionError("docker probed although both env vars are set")

    monkeypatch.setattr(docker_infra, "docker_daemon_answers", must_not_probe)
    given = settings(KAFKA_BOOTSTRAP_SERVERS="kafka:9092", DATABASE_URL="postgresql://db/x")
    infra = start_infra(pdeathsig=True, settings=given)
    assert infra.kafka_bootstrap == "kafka:9092"
    assert infra.database_url == "postgresql://db/x"
    assert infra.kafka_handle is None and infra.database_handle is None


def test_state_file_round_trip(tmp_path: Path) -> None:
    broker = NativeKafka(
        bootstrap="127.0.0.1:1234",
        port=1234,
        controller_port=1235,
        base_dir=tmp_path / "kafka",
        pid=42,
    )
    infra = Infra(
        kafka_bootstrap=broker.bootstrap,
        database_url="postgresql://db/x",
        kafka_kind="native",
        database_kind="env",
        kafka_handle=broker,
    )
    save_state(infra, tmp_path)
    loaded = load_state(tmp_path)
    assert loaded is not None
    assert loaded.kafka_handle == broker
    assert loaded.database_handle is None
    assert (loaded.kafka_kind, loaded.database_kind) == ("native", "env")
    assert loaded.env_exports() == infra.env_exports()


def test_no_state_file_means_nothing_recorded(tmp_path: Path) -> None:
    assert load_state(tmp_path) is None


def test_a_cluster_is_native_even_where_docker_answers() -> None:
    plan = plan_infra(settings(), docker_answers=True, brokers=3)
    assert (plan.kafka, plan.database) == ("native", "docker")
    env = settings(KAFKA_BOOTSTRAP_SERVERS="a:9092,b:9092,c:9092")
    assert plan_infra(env, docker_answers=True, brokers=3).kafka == "env"


def test_a_clusters_state_round_trips_node_by_node(tmp_path: Path) -> None:
    nodes = [
        NativeKafka(
            bootstrap=f"127.0.0.1:{port}",
            port=port,
            controller_port=port + 10,
            base_dir=tmp_path / f"kafka-{port}",
            pid=port,
        )
        for port in (1001, 1002, 1003)
    ]
    cluster = NativeKafkaCluster(nodes)
    assert cluster.bootstrap == "127.0.0.1:1001,127.0.0.1:1002,127.0.0.1:1003"
    infra = Infra(
        kafka_bootstrap=cluster.bootstrap,
        database_url="postgresql://db/x",
        kafka_kind="native",
        database_kind="env",
        kafka_handle=cluster,
    )
    save_state(infra, tmp_path)
    loaded = load_state(tmp_path)
    assert loaded is not None
    assert isinstance(loaded.kafka_handle, NativeKafkaCluster)
    assert loaded.kafka_handle.nodes == nodes
    assert loaded.kafka_bootstrap == cluster.bootstrap
