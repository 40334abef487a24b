"""Reading Kafka for the ops tools (DLQ listing and re-drive, replay, chaos probes).

``ops_consumer`` never commits or stores offsets by itself: a caller commits only what it has
finished. ``read_range`` reads each partition from a start offset up to an end captured before
reading, so messages written meanwhile are left for the next run; it raises ``OpsError`` when the
ends are not reached in time, as every function here does for a topic or broker an operator must
fix.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from confluent_kafka import (
    Consumer,
    KafkaError,
    KafkaException,
    Message,
    TopicPartition,
)

from services.ops.errors import OpsError

READ_TIMEOUT = 60.0  # seconds to reach the end offsets captured at the start


def ops_consumer(bootstrap: str, group_id: str) -> Consumer:
    return Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": group_id,
            "client.id": "reqstream-ops",
            "enable.auto.commit": False,
            "enable.auto.offset.store": False,
            "auto.offset.reset": "earliest",
            "enable.partition.eof": False,
        }
    )


def partitions_of(consumer: Consumer, topic: str, *, timeout: float = 10.0) -> list[int]:
    try:
        metadata = consumer.list_topics(topic, timeout=timeout)
    except KafkaException as exc:
        raise OpsError(f"cannot reach Kafka for {topic}: {exc}") from exc
    described = metadata.topics.get(topic)
    if described is None or described.error is not None or not described.partitions:
        raise OpsError(f"topic {topic} does not exist")
    return sorted(described.partitions)


def read_range(
    consumer: Consumer,
    ranges: dict[tuple[str, int], tuple[int, int]],
    *,
    timeout: float = READ_TIMEOUT,
) -> Iterator[Message]:
    """Messages of each (topic, partition) from its start offset up to (excluding) its end.

    Ranges with start >= end are skipped. Raises OpsError when the ends are not reached in time.
    """
    pending = {tp: (s, e) for tp, (s, e) in ranges.items() if s < e}
    if not pending:
        return
    consumer.assign([TopicPartition(t, p, s) for (t, p), (s, _e) in pending.items()])
    deadline = time.monotonic() + timeout
    while pending:
        if time.monotonic() > deadline:
            raise OpsError(f"did not reach the end offsets in {timeout:.0f}s: {sorted(pending)}")
        msg = consumer.poll(0.5)
        if msg is None:
            continue
        err = msg.error()
        if err is not None:
            if err.fatal():
                raise KafkaException(err)
            if err.code() != KafkaError._PARTITION_EOF:
                raise OpsError(f"consumer error: {err}")
            continue
        tp = (msg.topic() or "", msg.partition() or 0)
        offset = msg.offset() or 0
        span = pending.get(tp)
        if span is None or offset >= span[1]:
            continue
        yield msg
        if offset + 1 >= span[1]:
            del pending[tp]
            consumer.pause([TopicPartition(*tp)])  # done; later messages stay unread


def watermarks(consumer: Consumer, topic: str, partitions: list[int]) -> dict[int, tuple[int, int]]:
    try:
        return {
            p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10.0)
            for p in partitions
        }
    except KafkaException as exc:
        raise OpsError(f"cannot read the offsets of {topic}: {exc}") from exc


def committed_offsets(consumer: Consumer, topic: str, partitions: list[int]) -> dict[int, int]:
    """The redrive group's committed offset per partition; -1 where it never committed."""
    found = consumer.committed([TopicPartition(topic, p) for p in partitions], timeout=10.0)
    return {tp.partition: tp.offset if tp.offset >= 0 else -1 for tp in found}
