"""Replay a time range of a data topic onto the same topic, for the live pipeline to reprocess.

Start offsets come from ``offsets_for_times(since)``; each partition is read up to the end offset
captured when the replay starts (or the first offset at/after ``until``), so the replay never
reads its own output. Messages are decoded with the topic's codec (undecodable ones are counted
and left alone: re-driving bad input is ``reqstream dlq redrive``'s job), optionally filtered by
tenant, and produced with their key, value and headers plus ``reqstream_replay: <replay id>``.

Downstream stays idempotent: the jobwriter's ledger makes a replayed email a no-op, except that
an extraction by a newer extractor version updates the email's job postings (the previous
values go to ``job_posting_history``).
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from confluent_kafka import KafkaError, KafkaException, Message, Producer, TopicPartition

from schemas.contracts.codec import ValidationError, get_codec
from schemas.contracts.topics import DERIVED_TOPICS, Topic
from services.common.kafka import build_producer_config, consumed_headers
from services.ops.errors import OpsError
from services.ops.topic_reader import ops_consumer, partitions_of, read_range

REPLAY_HEADER = "reqstream_replay"
FLUSH_EVERY = 500  # messages between waits for acknowledgements
ACK_TIMEOUT = 60.0  # seconds

WireHeaders = list[tuple[str, str | bytes | None]]


def replayable_topic(name: str) -> Topic:
    """A data topic with a codec; OpsError for dead-letter and retry topics and unknown names."""
    try:
        topic = Topic(name)
        if topic in DERIVED_TOPICS:
            raise ValueError
        get_codec(topic)
    except (ValueError, KeyError):
        names = ", ".join(sorted(t.value for t in Topic if t not in DERIVED_TOPICS))
        raise OpsError(f"cannot replay {name}: not a data topic (one of: {names})") from None
    return topic


@dataclass
class PartitionRange:
    partition: int
    start: int
    end: int

    @property
    def size(self) -> int:
        return max(0, self.end - self.start)


@dataclass
class ReplayResult:
    replay_id: str
    topic: str
    since: datetime
    until: datetime | None
    tenant: int | None
    dry_run: bool
    ranges: list[PartitionRange] = field(default_factory=list)
    scanned: int = 0
    replayed: int = 0
    other_tenants: int = 0
    undecodable: int = 0
    by_partition: Counter[int] = field(default_factory=Counter)

    def summary(self) -> dict[str, Any]:
        return {
            "replay_id": self.replay_id,
            "topic": self.topic,
            "since": self.since.isoformat(),
            "until": self.until.isoformat() if self.until else None,
            "tenant": self.tenant,
            "dry_run": self.dry_run,
            "scanned": self.scanned,
            "replayed": self.replayed,
            "other_tenants": self.other_tenants,
            "undecodable": self.undecodable,
            "partitions": {
                str(r.partition): {
                    "start": r.start,
                    "end": r.end,
                    "replayed": self.by_partition.get(r.partition, 0),
                }
                for r in self.ranges
            },
        }


def _ms(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("replay times must carry a time zone")
    return int(moment.timestamp() * 1000)


def _offsets_at(
    consumer: Any, topic: str, partitions: list[int], moment: datetime
) -> dict[int, int]:
    """The first offset with a timestamp >= moment per partition; -1 when there is none."""
    wanted = [TopicPartition(topic, p, _ms(moment)) for p in partitions]
    try:
        found = consumer.offsets_for_times(wanted, timeout=10.0)
    except KafkaException as exc:
        raise OpsError(f"offsets_for_times on {topic} failed: {exc}") from exc
    return {tp.partition: tp.offset for tp in found}


def plan(
    consumer: Any, topic: Topic, *, since: datetime, until: datetime | None
) -> list[PartitionRange]:
    """Per partition: [first offset at/after since, end captured now or first at/after until)."""
    partitions = partitions_of(consumer, topic.value)
    starts = _offsets_at(consumer, topic.value, partitions, since)
    stops = _offsets_at(consumer, topic.value, partitions, until) if until else {}
    ranges = []
    for p in partitions:
        _low, high = consumer.get_watermark_offsets(TopicPartition(topic.value, p), timeout=10.0)
        start = starts.get(p, -1)
        start = high if start < 0 else start
        stop = stops.get(p, -1)
        end = min(high, stop) if stop >= 0 else high
        ranges.append(PartitionRange(p, start, max(start, end)))
    return ranges


def _headers(msg: Message, replay_id: str) -> WireHeaders:
    headers: WireHeaders = [(k, v) for k, v in consumed_headers(msg) if k != REPLAY_HEADER]
    headers.append((REPLAY_HEADER, replay_id.encode()))
    return headers


def replay(
    bootstrap: str,
    topic: Topic,
    *,
    since: datetime,
    until: datetime | None = None,
    tenant: int | None = None,
    dry_run: bool = False,
    replay_id: str | None = None,
) -> ReplayResult:
    """Re-produce ``topic``'s messages from ``since`` (to ``until``) onto ``topic``."""
    if until is not None and _ms(until) <= _ms(since):
        raise OpsError("--until must be after --since")
    result = ReplayResult(
        replay_id or str(uuid.uuid4()), topic.value, since, until, tenant, dry_run
    )
    codec = get_codec(topic)
    consumer = ops_consumer(bootstrap, f"reqstream-replay-{result.replay_id}")
    producer = Producer(build_producer_config(bootstrap=bootstrap, client_id="reqstream-replay"))
    errors: list[str] = []

    def on_delivery(err: KafkaError | None, msg: Message) -> None:
        if err is not None:
            errors.append(err.str())

    def wait_for_acks() -> None:
        remaining = producer.flush(ACK_TIMEOUT)
        if remaining or errors:
            problem = "; ".join(errors[:5]) or f"{remaining} not acknowledged"
            raise OpsError(f"replay {result.replay_id}: delivery failed: {problem}")

    try:
        result.ranges = plan(consumer, topic, since=since, until=until)
        spans = {(topic.value, r.partition): (r.start, r.end) for r in result.ranges}
        pending = 0
        for msg in read_range(consumer, spans):
            result.scanned += 1
            try:
                message = codec.decode(msg.value())
            except ValidationError:
                result.undecodable += 1
                continue
            if tenant is not None and getattr(message, "tenant_id", None) != tenant:
                result.other_tenants += 1
                continue
            result.replayed += 1
            result.by_partition[msg.partition() or 0] += 1
            if dry_run:
                continue
            producer.produce(
                topic.value,
                key=msg.key(),
                value=msg.value(),
                headers=_headers(msg, result.replay_id),
                on_delivery=on_delivery,
            )
            producer.poll(0)
            pending += 1
            if pending >= FLUSH_EVERY:
                wait_for_acks()
                pending = 0
        if not dry_run:
            wait_for_acks()
        return result
    finally:
        consumer.close()
