"""Read-only looks at Kafka: end offsets, consumer lag, and a scan of what a run produced."""

from __future__ import annotations

import functools
import json
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from confluent_kafka import (
    Consumer,
    ConsumerGroupState,
    ConsumerGroupTopicPartitions,
    KafkaError,
    KafkaException,
    Message,
    TopicPartition,
)
from confluent_kafka.admin import AdminClient
from confluent_kafka.admin._group import MemberAssignment  # not re-exported for mypy

from schemas.contracts.topics import Topic
from services.ops.topic_reader import ops_consumer, read_range

Offsets = dict[tuple[str, int], int]
# the topics whose repeated messages count as redeliveries
REDELIVERY_TOPICS = (Topic.EMAIL_RAW, Topic.EMAIL_PARSED, Topic.JOB_CREATED)
SCAN_TIMEOUT = 120.0  # seconds to read a run's messages up to the end offsets


def high_watermarks(bootstrap: str, partitions: Iterable[tuple[str, int]]) -> Offsets:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"chaos-probe-{uuid.uuid4()}"})
    try:
        return {
            (topic, partition): int(
                consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)[1]
            )
            for topic, partition in partitions
        }
    finally:
        consumer.close()


@functools.cache
def _admin(bootstrap: str) -> AdminClient:
    """One admin client per cluster for the run: librdkafka may run an admin result callback
    on its own thread, and a garbage collection there that frees an earlier, dropped client
    destroys a handle from inside librdkafka (confluent-kafka-python#2129): the probe, called
    every second, crashed a 10,000-email chaos run with SIGSEGV."""
    return AdminClient({"bootstrap.servers": bootstrap})


def partitions_of(bootstrap: str, topics: Iterable[Topic]) -> list[tuple[str, int]]:
    admin = _admin(bootstrap)
    names = [t.value for t in topics]
    metadata = admin.list_topics(timeout=10).topics
    return [(name, p) for name in names for p in sorted(metadata[name].partitions)]


def end_offsets(bootstrap: str, topics: Iterable[Topic]) -> Offsets:
    return high_watermarks(bootstrap, partitions_of(bootstrap, topics))


def start_at_end(bootstrap: str, group_id: str, topics: Iterable[Topic]) -> None:
    """Commit the group's offsets at the end of its topics: it consumes only what comes next."""
    ends = end_offsets(bootstrap, topics)
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group_id})
    try:
        consumer.commit(
            offsets=[TopicPartition(t, p, o) for (t, p), o in ends.items()], asynchronous=False
        )
    finally:
        consumer.close()


def stable_members(bootstrap: str, group_id: str) -> int | None:
    """How many members a consumer group has once it is stable; None while it rebalances (a
    replica that joins late revokes every partition for a moment)."""
    described = _admin(bootstrap).describe_consumer_groups([group_id])[group_id].result(timeout=10)
    if described.state != ConsumerGroupState.STABLE:
        return None
    return len(described.members)


def describe_groups(bootstrap: str, groups: Mapping[str, Iterable[Topic]]) -> list[dict[str, Any]]:
    """What each group looks like now, for a run that did not come to rest: its state and
    coordinator, each member's assignment (what it acknowledged) and target assignment (what
    the coordinator wants it to hold), and every partition that lags. A member's id matches
    the one its replica logs with each assignment. A group that cannot be described says why."""
    admin = _admin(bootstrap)
    found: list[dict[str, Any]] = []
    for group_id, topics in groups.items():
        try:
            described = admin.describe_consumer_groups([group_id])[group_id].result(timeout=10)
            listing = admin.list_consumer_group_offsets([ConsumerGroupTopicPartitions(group_id)])
            committed = {
                (tp.topic, tp.partition): tp.offset
                for tp in listing[group_id].result(timeout=10).topic_partitions
            }
            ends = high_watermarks(bootstrap, partitions_of(bootstrap, topics))
        except KafkaException as exc:
            found.append({"group": group_id, "error": str(exc)})
            continue
        found.append(
            {
                "group": group_id,
                "state": str(described.state),
                "coordinator": described.coordinator.id,
                "members": [
                    {
                        "member_id": member.member_id,
                        "client_id": member.client_id,
                        "assignment": _names(member.assignment),
                        "target_assignment": _names(member.target_assignment),
                    }
                    for member in described.members
                ],
                "lag": {
                    f"{t}[{p}]": end - max(0, committed.get((t, p), 0))
                    for (t, p), end in sorted(ends.items())
                    if end > max(0, committed.get((t, p), 0))
                },
            }
        )
    return found


def _names(assignment: MemberAssignment | None) -> list[str]:
    if assignment is None:
        return []
    return sorted(f"{tp.topic}[{tp.partition}]" for tp in assignment.topic_partitions)


# a group's coordinator still loading its offsets or moving (as right after a broker restart):
# the committed offsets are not known yet, which is not an error of the run
_COORDINATOR_NOT_READY = frozenset(
    {
        KafkaError.COORDINATOR_LOAD_IN_PROGRESS,
        KafkaError.COORDINATOR_NOT_AVAILABLE,
        KafkaError.NOT_COORDINATOR,
    }
)


def coordinator_not_ready(exc: KafkaException) -> bool:
    """Whether ``exc`` only says the group's coordinator cannot answer yet."""
    error = exc.args[0] if exc.args else None
    return isinstance(error, KafkaError) and error.code() in _COORDINATOR_NOT_READY


def consumer_lag(bootstrap: str, groups: Mapping[str, Iterable[Topic]]) -> int | None:
    """Sum over the groups of end offset − committed offset. Counted over the group's topics
    (a partition it never committed counts from 0) and over every other partition it committed
    on (a retry topic, say), so what a stage feeds back to itself counts too. None while a
    group's coordinator is not ready: the lag is unknown, ask again later."""
    admin = _admin(bootstrap)
    lag = 0
    for group_id, topics in groups.items():
        listing = admin.list_consumer_group_offsets([ConsumerGroupTopicPartitions(group_id)])
        try:
            result = listing[group_id].result(timeout=10)
        except KafkaException as exc:
            if coordinator_not_ready(exc):
                return None
            raise
        committed = {(tp.topic, tp.partition): tp.offset for tp in result.topic_partitions}
        ends = high_watermarks(bootstrap, set(partitions_of(bootstrap, topics)) | set(committed))
        for key, end in ends.items():
            lag += max(0, end - max(0, committed.get(key, 0)))
    return lag


def scan(
    bootstrap: str, start: Mapping[tuple[str, int], int], topics: Iterable[Topic]
) -> Iterator[Message]:
    """Every message of ``topics`` from ``start`` (0 where absent) up to the current ends."""
    ends = end_offsets(bootstrap, topics)
    ranges = {tp: (start.get(tp, 0), end) for tp, end in ends.items()}
    consumer = ops_consumer(bootstrap, f"chaos-scan-{uuid.uuid4()}")
    try:
        yield from read_range(consumer, ranges, timeout=SCAN_TIMEOUT)
    finally:
        consumer.close()


def json_object(value: bytes | None) -> dict[str, Any]:
    """The message value as a JSON object; {} for anything else (poison included)."""
    try:
        body = json.loads(value or b"{}")
    except (UnicodeDecodeError, ValueError):
        return {}
    return body if isinstance(body, dict) else {}


def count_redeliveries(
    bootstrap: str, start: Mapping[tuple[str, int], int], integration_ids: set[int]
) -> dict[str, int]:
    """Messages beyond the first per email (per job on job.created) for our integrations, on each
    of REDELIVERY_TOPICS since ``start``."""
    seen: dict[str, Counter[tuple[Any, ...]]] = {t.value: Counter() for t in REDELIVERY_TOPICS}
    for msg in scan(bootstrap, start, REDELIVERY_TOPICS):
        body = json_object(msg.value())
        if body.get("integration_id") not in integration_ids:
            continue  # another run's, or poison
        ident: tuple[Any, ...] = (body["integration_id"], body["provider_message_id"])
        if msg.topic() == Topic.JOB_CREATED.value:
            ident = (*ident, body["job_index"])
        seen[msg.topic() or ""][ident] += 1
    return {topic: sum(n - 1 for n in counts.values()) for topic, counts in seen.items()}
