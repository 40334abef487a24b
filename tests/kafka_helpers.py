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
