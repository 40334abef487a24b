"""The lag exporter against the real broker: a group committed at 20 of 50 lags by 30."""

from __future__ import annotations

import urllib.request
import uuid
from collections.abc import Iterator

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient
from prometheus_client import CollectorRegistry

from services.common.ops_server import OpsServer
from services.infra.topics import TopicSpec, create_topics
from services.lagexporter import wiring
from services.lagexporter.settings import LagExporterSettings

pytestmark = [pytest.mark.kafka]


def make_lagging_group(
    bootstrap: str, *, messages: int = 50, committed: int = 20
) -> tuple[str, str]:
    """A new ``test-<uuid>`` topic of ``messages`` records; a group committed at ``committed``."""
    topic, group = f"test-{uuid.uuid4()}", f"test-{uuid.uuid4()}"
    create_topics(bootstrap, [TopicSpec(topic, 1)])
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True})
    for i in range(messages):
        producer.produce(topic, key=b"k", value=str(i).encode())
    assert producer.flush(30) == 0
    commit_group(bootstrap, group, topic, committed)
    return topic, group


def commit_group(bootstrap: str, group: str, topic: str, offset: int) -> None:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group})
    try:
        consumer.commit(offsets=[TopicPartition(topic, 0, offset)], asynchronous=False)
    finally:
        consumer.close()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def settings(bootstrap: str, **overrides: object) -> LagExporterSettings:
    return LagExporterSettings.model_validate(
        {"kafka_bootstrap_servers": bootstrap, "host": "127.0.0.1", "port": 0, **overrides}
    )


@pytest.fixture
def lagging(kafka_bootstrap: str) -> tuple[str, str]:
    return make_lagging_group(kafka_bootstrap)


def test_collector_reports_kafka_exporter_lag_for_a_group_committed_at_20_of_50(
    kafka_bootstrap: str, lagging: tuple[str, str]
) -> None:
    topic, group = lagging
    clock = FakeClock()
    collector = wiring.build_collector(
        settings(kafka_bootstrap), AdminClient({"bootstrap.servers": kafka_bootstrap})
    )
    collector._clock = clock  # a frozen clock makes the consume rate exact
    registry = CollectorRegistry()
    registry.register(collector)
    at_partition = {"consumergroup": group, "topic": topic, "partition": "0"}

    assert registry.get_sample_value("kafka_consumergroup_lag", at_partition) == 30
    assert registry.get_sample_value("kafka_consumergroup_current_offset", at_partition) == 20
    at_topic = {"consumergroup": group, "topic": topic}
    assert registry.get_sample_value("kafka_consumergroup_lag_sum", at_topic) == 30
    assert registry.get_sample_value("kafka_consumergroup_current_offset_sum", at_topic) == 20
    assert registry.get_sample_value("kafka_consumergroup_members", {"consumergroup": group}) == 0
    log = {"topic": topic, "partition": "0"}
    assert registry.get_sample_value("kafka_topic_partition_current_offset", log) == 50
    assert registry.get_sample_value("kafka_topic_partition_oldest_offset", log) == 0
    # every replica in sync (the three-broker chaos sees it rise while a broker is down)
    assert registry.get_sample_value("kafka_topic_partition_under_replicated_partition", log) == 0
    assert registry.get_sample_value("reqstream_lagexporter_up") == 1

    # each get_sample_value is a scrape; 5 s later, the group has made no progress: never drains
    seconds = {"consumergroup": group}
    clock.now += 5.0
    assert registry.get_sample_value("reqstream_consumergroup_lag_seconds", seconds) == float("inf")

    commit_group(kafka_bootstrap, group, topic, 40)
    clock.now += 10.0  # 20 messages in 15 s since the first scrape → 4/3 per s; 10 left → 7.5 s
    assert registry.get_sample_value("reqstream_consumergroup_lag_seconds", seconds) == 7.5
    assert registry.get_sample_value("kafka_consumergroup_lag", at_partition) == 10


def test_group_filter_leaves_other_groups_out(
    kafka_bootstrap: str, lagging: tuple[str, str]
) -> None:
    topic, group = lagging
    collector = wiring.build_collector(
        settings(kafka_bootstrap, group_filter="^reqstream-none$"),
        AdminClient({"bootstrap.servers": kafka_bootstrap}),
    )
    registry = CollectorRegistry()
    registry.register(collector)
    labels = {"consumergroup": group, "topic": topic, "partition": "0"}
    assert registry.get_sample_value("kafka_consumergroup_lag", labels) is None
    assert (
        registry.get_sample_value(
            "kafka_topic_partition_current_offset", {"topic": topic, "partition": "0"}
        )
        == 50
    )


@pytest.fixture
def served(kafka_bootstrap: str) -> Iterator[OpsServer]:
    server = wiring.build(settings(kafka_bootstrap))
    with server:
        yield server


def test_ops_server_serves_metrics_and_healthz(served: OpsServer, lagging: tuple[str, str]) -> None:
    topic, group = lagging
    base = f"http://127.0.0.1:{served.port}"
    with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
        assert response.status == 200
    with urllib.request.urlopen(f"{base}/metrics", timeout=30) as response:
        text = response.read().decode()
    line = f'kafka_consumergroup_lag{{consumergroup="{group}",partition="0",topic="{topic}"}} 30.0'
    assert line in text
