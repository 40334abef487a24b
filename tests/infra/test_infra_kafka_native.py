"""The broker from the session fixture, and the native broker's own life cycle."""

import uuid
from pathlib import Path

import pytest
from confluent_kafka import Consumer, Producer

from services.infra.kafka_native import KafkaStartError, NativeKafka, start_native_kafka
from services.infra.process import pid_alive
from services.infra.settings import InfraSettings
from services.infra.stack import Infra
from services.infra.topics import TopicSpec, create_topics


def jars_or_skip() -> InfraSettings:
    settings = InfraSettings()
    if not any(settings.KAFKA_LIBS_DIR.glob("kafka_2.13-*.jar")):
        pytest.skip(f"no Kafka jars in {settings.KAFKA_LIBS_DIR} (run the mvn command)")
    return settings


@pytest.mark.kafka
def test_produce_and_consume_round_trip(kafka_bootstrap: str) -> None:
    topic = f"test-{uuid.uuid4()}"
    create_topics(kafka_bootstrap, [TopicSpec(name=topic, partitions=1)])

    producer = Producer({"bootstrap.servers": kafka_bootstrap, "enable.idempotence": True})
    producer.produce(topic, key=b"k", value=b"hello")
    assert producer.flush(10) == 0

    consumer = Consumer(
        {
            "bootstrap.servers": kafka_bootstrap,
            "group.id": f"test-{uuid.uuid4()}",
            "auto.offset.reset": "earliest",
        }
    )
    try:
        consumer.subscribe([topic])
        message = None
        for _ in range(30):  # up to 30 s, returns as soon as the message arrives
            message = consumer.poll(1.0)
            if message is not None:
                break
        assert message is not None, "no message within 30 s"
        assert message.error() is None
        assert (message.key(), message.value()) == (b"k", b"hello")
    finally:
        consumer.close()


@pytest.mark.kafka
def test_native_broker_logs_its_start(infra: Infra) -> None:
    if not isinstance(infra.kafka_handle, NativeKafka):
        pytest.skip(f"kafka comes from {infra.kafka_kind}, not the native broker")
    assert "Kafka Server started" in infra.kafka_handle.log_path.read_text()


@pytest.mark.kafka
def test_stop_ends_process_and_removes_dir() -> None:
    settings = jars_or_skip()
    broker = start_native_kafka(
        libs_dir=settings.KAFKA_LIBS_DIR, log4j_config=settings.KAFKA_LOG4J_CONFIG, pdeathsig=True
    )
    assert broker.is_running()
    broker.stop()
    assert not pid_alive(broker.pid, broker.process)
    assert not broker.base_dir.exists()


def test_missing_jars_name_the_maven_command(tmp_path: Path) -> None:
    with pytest.raises(KafkaStartError, match="dependency:copy-dependencies"):
        start_native_kafka(libs_dir=tmp_path, log4j_config=tmp_path / "x", pdeathsig=True)
