"""Readiness follows the broker: red while Kafka is down, green again once it is back."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest

from services.cli.settings import process_environment
from services.demo.processes import ServiceGroup
from services.demo.run import free_port
from services.infra.kafka_native import restart_native_kafka, start_native_kafka
from services.infra.settings import InfraSettings
from services.infra.topics import create_topics, load_topic_specs
from tests.e2e.test_ops import readiness
from tests.waiting import wait_until

pytestmark = [pytest.mark.kafka, pytest.mark.e2e]


def test_readiness_follows_the_broker(prepared: tuple[str, str], tmp_path: Path) -> None:
    settings = InfraSettings()
    libs, log4j = settings.KAFKA_LIBS_DIR, settings.KAFKA_LOG4J_CONFIG
    # a broker of this test's own: the session's shared one is never stopped
    broker = start_native_kafka(libs_dir=libs, log4j_config=log4j, pdeathsig=True, keep_dir=True)
    try:
        create_topics(broker.bootstrap, load_topic_specs(partitions=1))
        port = free_port()
        env = {
            **process_environment(),
            "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap,
            "DATABASE_URL": prepared[1],
            "JOBWRITER_OPS_PORT": str(port),
            "JOBWRITER_GROUP_ID": f"ready-{uuid.uuid4().hex[:8]}",
        }
        url = f"http://127.0.0.1:{port}"
        with ServiceGroup(env=env, log_dir=tmp_path) as group:
            group.start("jobwriter")
            wait_until(lambda: readiness(url)[0] == 200, "ready with the broker up")
            broker.stop()
            wait_until(lambda: readiness(url)[0] == 503, "not ready with the broker down")
            assert readiness(url)[1]["kafka"] is False
            broker = restart_native_kafka(broker, libs_dir=libs, log4j_config=log4j, pdeathsig=True)
            wait_until(lambda: readiness(url)[0] == 200, "ready again once the broker is back")
            group.check_alive()
    finally:
        broker.stop()
        shutil.rmtree(broker.base_dir, ignore_errors=True)
