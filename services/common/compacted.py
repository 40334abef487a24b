"""Read a compacted topic whole, as a table: every key's latest value."""

from __future__ import annotations

import time
import uuid

from confluent_kafka import Consumer, KafkaException, TopicPartition

from schemas.contracts.topics import Topic
from services.domain.errors import DependencyUnavailable

READ_TIMEOUT = 30.0  # seconds for the whole read
METADATA_TIMEOUT = 10.0  # seconds


def read_table(
    bootstrap: str, topic: Topic, *, client_id: str, timeout: float = READ_TIMEOUT
) -> dict[bytes, bytes]:
    """The latest value of every key that has one (a tombstoned key is absent), reading each
    partition from its beginning to where it ended when the read started. Commits nothing
    (a throwaway group id, never joined: partitions are assigned directly).
    DependencyUnavailable when the broker does not answer within ``timeout``."""
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "client.id": client_id,
            "group.id": f"{client_id}-table-{uuid.uuid4()}",
            "enable.auto.commit": False,
            "enable.partition.eof": False,
        }
    )
    deadline = time.monotonic() + timeout
    try:
        ends = _ends(consumer, topic)
        pending = {p: end for p, (low, end) in ends.items() if end > low}
        consumer.assign([TopicPartition(topic.value, p, ends[p][0]) for p in sorted(pending)])
        table: dict[bytes, bytes] = {}
        while pending:
            if time.monotonic() > deadline:
                raise DependencyUnavailable(f"{topic.value}: not read whole within {timeout}s")
            for msg in consumer.consume(500, timeout=0.5):
                key = msg.key()
                if msg.error() is not None or key is None:
                    continue
                value = msg.value()
                if value is None:
                    table.pop(key, None)
                else:
                    table[key] = value
            # the position, not the last offset seen: compaction leaves gaps in the offsets
            positions = consumer.position([TopicPartition(topic.value, p) for p in pending])
            for position in positions:
                if position.offset >= pending[position.partition]:
                    del pending[position.partition]
        return table
    except KafkaException as exc:
        raise DependencyUnavailable(f"{topic.value}: {exc}") from exc
    finally:
        consumer.close()


def _ends(consumer: Consumer, topic: Topic) -> dict[int, tuple[int, int]]:
    metadata = consumer.list_topics(topic.value, timeout=METADATA_TIMEOUT).topics[topic.value]
    if metadata.error is not None:
        raise DependencyUnavailable(f"{topic.value}: {metadata.error}")
    return {
        p: consumer.get_watermark_offsets(TopicPartition(topic.value, p), timeout=METADATA_TIMEOUT)
        for p in metadata.partitions
    }
