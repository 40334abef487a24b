"""Small read-only Kafka helpers shared by the tests."""

from __future__ import annotations

import shutil
import signal
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition

from schemas.contracts.topics import Topic
from services.infra.kafka_native import NativeKafka, start_native_kafka
from services.infra.settings import InfraSettings
from services.infra.stack import start_infra, stop_infra
from services.infra.topics import create_topics, load_topic_specs


@contextmanager
def own_kafka(database_url: str, *, with_topics: bool = False) -> Iterator[str]:
    """A broker of the caller's own (Docker or native, as the session's), stopped afterwards:
    for tests whose topics the session's running services must not consume."""
    infra = start_infra(
        pdeathsig=True,
        settings=InfraSettings(KAFKA_BOOTSTRAP_SERVERS=None, DATABASE_URL=database_url),
    )
    try:
        if with_topics:
            create_topics(infra.kafka_bootstrap, load_topic_specs())
        yield infra.kafka_bootstrap
    finally:
        stop_infra(infra)


@contextmanager
def own_native_broker() -> Iterator[NativeKafka]:
    """A native broker of the caller's own, to SIGSTOP or SIGKILL; SIGKILLed afterwards (a
    stopped process too) and its directory removed."""
    settings = InfraSettings()
    broker = start_native_kafka(
        libs_dir=settings.KAFKA_LIBS_DIR, log4j_config=settings.KAFKA_LOG4J_CONFIG, pdeathsig=True
    )
    try:
        yield broker
    finally:
        assert broker.process is not None  # started here, not re-attached
        broker.process.kill()
        broker.process.wait()
        shutil.rmtree(broker.base_dir, ignore_errors=True)


@contextmanager
def hung(broker: NativeKafka) -> Iterator[None]:
    """The broker SIGSTOPped (connections open, nothing answered) until the block ends."""
    assert broker.process is not None
    broker.process.send_signal(signal.SIGSTOP)
    try:
        yield
    finally:
        broker.process.send_signal(signal.SIGCONT)


def end_offsets(bootstrap: str, topic: Topic) -> dict[int, int]:
    """The high watermark of every partition of ``topic`` right now."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"t-{uuid.uuid4()}"})
    try:
        partitions = consumer.list_topics(topic.value, timeout=10).topics[topic.value].partitions
        return {p: _high_watermark(consumer, TopicPartition(topic.value, p)) for p in partitions}
    finally:
        consumer.close()


_TRANSIENT = {
    KafkaError.NOT_LEADER_FOR_PARTITION,
    KafkaError.LEADER_NOT_AVAILABLE,
    KafkaError._TRANSPORT,
    KafkaError._TIMED_OUT,
}


def _high_watermark(consumer: Consumer, partition: TopicPartition) -> int:
    # a freshly created or just restarted broker answers "not leader" for a moment
    deadline = time.monotonic() + 30
    while True:
        try:
            return int(consumer.get_watermark_offsets(partition, timeout=10)[1])
        except KafkaException as exc:
            if exc.args[0].code() not in _TRANSIENT or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def committed_offsets(bootstrap: str, group: str, topic: Topic) -> dict[int, int]:
    """The committed position of ``group`` on every partition of ``topic``."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group})
    try:
        ends = end_offsets(bootstrap, topic)
        found = consumer.committed([TopicPartition(topic.value, p) for p in ends], timeout=10)
        return {tp.partition: tp.offset for tp in found}
    finally:
        consumer.close()


def produce_values(bootstrap: str, topic: Topic, records: list[tuple[int, bytes]]) -> None:
    """(partition, value) records, acknowledged before returning."""
    producer = Producer({"bootstrap.servers": bootstrap, "client.id": "test"})
    for partition, value in records:
        producer.produce(topic.value, value=value, partition=partition)
    assert producer.flush(30) == 0
