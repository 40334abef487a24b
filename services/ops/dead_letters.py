"""Dead letters as the ops tools see them: a message on a DLQ topic with its dlq_* headers
decoded (or the reason they are unreadable), and a listing of a DLQ topic with counts by reason
and the re-drive group's position. Listing reads with a throwaway group and commits nothing.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from confluent_kafka import (
    Message,
)

from schemas.contracts.codec import ValidationError
from schemas.contracts.dlq import (
    DeadLetterHeaders,
)
from schemas.contracts.topics import DEAD_LETTER_TOPIC, Topic
from services.common.kafka import consumed_headers
from services.ops.errors import OpsError
from services.ops.topic_reader import (
    committed_offsets,
    ops_consumer,
    partitions_of,
    read_range,
    watermarks,
)

REDRIVE_HEADER = "reqstream_redrive"
REDRIVE_GROUP_PREFIX = "reqstream-redrive-"

RawHeaders = list[tuple[str, bytes]]


def dead_letter_topic(name: str) -> Topic:
    """The DLQ topic called ``name``; OpsError for anything else."""
    dlqs = {t.value: t for t in DEAD_LETTER_TOPIC.values()}
    topic = dlqs.get(name)
    if topic is None:
        raise OpsError(f"{name} is not a dead-letter topic (one of: {', '.join(sorted(dlqs))})")
    return topic


def redrive_group(topic: Topic) -> str:
    return f"{REDRIVE_GROUP_PREFIX}{topic.value}"


def _raw_headers(msg: Message) -> RawHeaders:
    return [
        (k, v.encode() if isinstance(v, str) else v)
        for k, v in consumed_headers(msg)
        if v is not None
    ]


def _header(headers: RawHeaders, name: str) -> str | None:
    value = None
    for key, raw in headers:
        if key == name:
            value = raw.decode(errors="replace")  # the last one wins, as for dlq_* headers
    return value


def redrive_count(headers: RawHeaders) -> int:
    value = _header(headers, REDRIVE_HEADER)
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return 0


@dataclass(frozen=True)
class DeadLetter:
    """One message on a DLQ topic; ``headers`` is None when its dlq_* headers are unreadable."""

    topic: str
    partition: int
    offset: int
    timestamp: datetime | None
    key: bytes | None
    value: bytes | None
    raw_headers: RawHeaders
    headers: DeadLetterHeaders | None
    header_error: str | None = None

    @classmethod
    def of(cls, msg: Message) -> DeadLetter:
        topic, partition, offset = msg.topic(), msg.partition(), msg.offset()
        assert topic is not None and partition is not None and offset is not None
        raw = _raw_headers(msg)
        kind, ts_ms = msg.timestamp()
        timestamp = datetime.fromtimestamp(ts_ms / 1000, UTC) if ts_ms > 0 else None
        try:
            headers, error = DeadLetterHeaders.from_kafka_headers(raw), None
        except ValidationError as exc:
            headers, error = None, str(exc)
        return cls(topic, partition, offset, timestamp, msg.key(), msg.value(), raw, headers, error)

    @property
    def key_text(self) -> str | None:
        return self.key.decode(errors="replace") if self.key is not None else None

    @property
    def reason(self) -> str:
        return self.headers.reason if self.headers else f"(unreadable headers: {self.header_error})"

    @property
    def redrives(self) -> int:
        return redrive_count(self.raw_headers)

    def as_dict(self, *, show_value: bool = False) -> dict[str, Any]:
        """The JSON view: coordinates, key and dlq_* headers; the value only when asked."""
        view: dict[str, Any] = {
            "partition": self.partition,
            "offset": self.offset,
            "timestamp": self.timestamp.isoformat() if self.timestamp else None,
            "key": self.key_text,
            "redrives": self.redrives,
        }
        if self.headers is not None:
            h = self.headers
            view.update(
                reason=h.reason,
                error_class=h.error_class,
                stage=h.stage.value,
                original_topic=h.original_topic.value,
                original_partition=h.original_partition,
                original_offset=h.original_offset,
                attempts=h.attempts,
                first_failure_time=h.first_failure_time.isoformat(),
            )
        else:
            view["header_error"] = self.header_error
        if show_value:
            view["value"] = self.value.decode(errors="replace") if self.value is not None else None
        return view


@dataclass(frozen=True)
class Listing:
    topic: str
    dead_letters: list[DeadLetter]  # at most the limit, oldest first
    total: int
    counts_by_reason: dict[str, int]
    redrive_position: dict[int, int]  # partition -> the redrive group's committed offset


def list_dead_letters(bootstrap: str, topic: Topic, *, limit: int | None = None) -> Listing:
    """Every dead letter on ``topic`` (read with a throwaway group; nothing is committed)."""
    consumer = ops_consumer(bootstrap, f"reqstream-dlq-list-{uuid.uuid4()}")
    position_reader = ops_consumer(bootstrap, redrive_group(topic))
    try:
        partitions = partitions_of(consumer, topic.value)
        marks = watermarks(consumer, topic.value, partitions)
        position = committed_offsets(position_reader, topic.value, partitions)
        shown: list[DeadLetter] = []
        reasons: Counter[str] = Counter()
        total = 0
        ranges = {(topic.value, p): marks[p] for p in partitions}
        for msg in read_range(consumer, ranges):
            letter = DeadLetter.of(msg)
            total += 1
            reasons[letter.reason] += 1
            if limit is None or len(shown) < limit:
                shown.append(letter)
        return Listing(topic.value, shown, total, dict(reasons.most_common()), position)
    finally:
        consumer.close()
        position_reader.close()
