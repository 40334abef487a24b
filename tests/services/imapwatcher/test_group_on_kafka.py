"""The watcher's group member against a broker of the test's own that stops answering
(SIGSTOP) while its partitions load: one round asks for one partition's end, not for each."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from confluent_kafka import Consumer, TopicPartition
from confluent_kafka.admin import AdminClient
from confluent_kafka.cimpl import NewTopic  # typed here; the admin re-export is not

from services.imapwatcher.group import TOPIC, GroupMember
from services.imapwatcher.watches import Watches
from services.infra.kafka_native import NativeKafka
from tests.kafka_helpers import end_offsets, hung, own_native_broker

pytestmark = pytest.mark.kafka
PARTITIONS = 6  # as integration.imap.active


@pytest.fixture
def broker() -> Iterator[NativeKafka]:
    with own_native_broker() as broker:
        admin = AdminClient({"bootstrap.servers": broker.bootstrap})
        admin.create_topics([NewTopic(TOPIC.value, PARTITIONS, 1)])[TOPIC.value].result(30)
        yield broker


class CountingConsumer:
    """A real consumer that counts the partition-end queries made through it."""

    def __init__(self, consumer: Consumer) -> None:
        self.consumer = consumer
        self.end_queries = 0

    def get_watermark_offsets(self, *args: Any, **kwargs: Any) -> Any:
        self.end_queries += 1
        return self.consumer.get_watermark_offsets(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.consumer, name)


def test_a_round_stops_asking_for_partition_ends_once_the_broker_does_not_answer(
    broker: NativeKafka,
) -> None:
    consumer = CountingConsumer(
        Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "test-watch-ends"})
    )
    member = GroupMember(consumer, Watches(lambda _watch, _stop: None))  # type: ignore[arg-type]
    partitions = [TopicPartition(TOPIC.value, p) for p in range(PARTITIONS)]
    try:
        end_offsets(broker.bootstrap, TOPIC)  # the partitions have their leader
        consumer.consumer.list_topics(TOPIC.value, timeout=30)  # connected to it
        with hung(broker):
            member._assigned(consumer, partitions)  # type: ignore[arg-type]  # what the group does
            member._check_loaded()  # one round of the loop, its ends asked for
            # the first query timed out; the other five wait for the next round instead of
            # each waiting its own timeout (the loop does not poll or touch its health file)
            assert consumer.end_queries == 1
    finally:
        consumer.consumer.close()
