"""Small read-only Kafka helpers shared by the tests."""

from __future__ import annotations

import uuid

from confluent_kafka import Consumer, TopicPartition

from schemas.contracts.topics import Topic


def end_offsets(bootstrap: str, topic: Topic) -> dict[int, int]:
    """The high watermark of every partition of ``topic`` right now."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"t-{uuid.uuid4()}"})
    try:
        partitions = consumer.list_topics(topic.value, timeout=10).topics[topic.value].partitions
        return {
            p: consumer.get_watermark_offsets(TopicPartition(topic.value, p), timeout=10)[1]
            for p in partitions
        }
    finally:
        consumer.close()


def group_lag(bootstrap: str, group: str, topics: list[str]) -> int:
    """Messages on ``topics`` that ``group`` has not committed yet (a partition it never
    committed counts from its low watermark)."""
    consumer = Consumer(
        {"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False}
    )
    try:
        metadata = consumer.list_topics(timeout=10).topics
        partitions = [TopicPartition(t, p) for t in topics for p in metadata[t].partitions]
        lag = 0
        for tp in consumer.committed(partitions, timeout=10):
            low, high = consumer.get_watermark_offsets(tp, timeout=10)
            lag += high - (tp.offset if tp.offset >= 0 else low)
        return lag
    finally:
        consumer.close()
