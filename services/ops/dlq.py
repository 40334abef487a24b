"""Dead-letter topics: list what is on them, and re-drive dead letters to their original topic.

A re-drive produces each selected dead letter's original key, value and original headers to the
topic it was consumed from, plus:

- ``reqstream_redrive``: how many times this message has been re-driven (1, 2, ...);
- ``dlq_attempts`` and ``dlq_first_failure_time`` from the dead letter, so a stage that fails
  it again writes a dead letter with attempts + 1 and the first failure time kept
  (``services.common.dlq.dead_letter``).

Progress is the committed offset of the consumer group ``reqstream-redrive-<dlq topic>``,
committed after each re-driven message is acknowledged by the broker: a second run starts where
the first stopped and re-drives nothing twice. Every dead letter a run examines is passed,
including those a filter did not select and unreadable ones (a tenant's re-drive, with
``hold_at_skipped``, never passes a letter of its own that its filter skipped);
``from_beginning`` re-examines the whole topic (re-driving again what matches). A run reads up
to the end offsets captured when it starts, so dead letters written meanwhile wait for the next
run.
"""

from __future__ import annotations

import re
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from confluent_kafka import (
    Consumer,
    KafkaError,
    KafkaException,
    Message,
    Producer,
    TopicPartition,
)

from schemas.contracts.codec import ValidationError
from schemas.contracts.dlq import (
    HEADER_ATTEMPTS,
    HEADER_FIRST_FAILURE_TIME,
    DeadLetterHeaders,
)
from schemas.contracts.topics import DEAD_LETTER_TOPIC, Topic
from services.common.kafka import build_producer_config, consumed_headers
from services.domain.errors import ReqstreamError

REDRIVE_HEADER = "reqstream_redrive"
REDRIVE_GROUP_PREFIX = "reqstream-redrive-"
READ_TIMEOUT = 60.0  # seconds to reach the end offsets captured at the start
ACK_TIMEOUT = 30.0  # seconds for the broker to acknowledge one re-driven message

RawHeaders = list[tuple[str, bytes]]


class OpsError(ReqstreamError):
    """A problem an operator must fix (wrong topic, unreachable broker); the CLI prints it."""


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


def _watermarks(
    consumer: Consumer, topic: str, partitions: list[int]
) -> dict[int, tuple[int, int]]:
    try:
        return {
            p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10.0)
            for p in partitions
        }
    except KafkaException as exc:
        raise OpsError(f"cannot read the offsets of {topic}: {exc}") from exc


def _committed(consumer: Consumer, topic: str, partitions: list[int]) -> dict[int, int]:
    """The redrive group's committed offset per partition; -1 where it never committed."""
    found = consumer.committed([TopicPartition(topic, p) for p in partitions], timeout=10.0)
    return {tp.partition: tp.offset if tp.offset >= 0 else -1 for tp in found}


def list_dead_letters(bootstrap: str, topic: Topic, *, limit: int | None = None) -> Listing:
    """Every dead letter on ``topic`` (read with a throwaway group; nothing is committed)."""
    consumer = ops_consumer(bootstrap, f"reqstream-dlq-list-{uuid.uuid4()}")
    position_reader = ops_consumer(bootstrap, redrive_group(topic))
    try:
        partitions = partitions_of(consumer, topic.value)
        marks = _watermarks(consumer, topic.value, partitions)
        position = _committed(position_reader, topic.value, partitions)
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


@dataclass(frozen=True)
class Selection:
    """Which dead letters a re-drive takes: all when both filters are None."""

    reason: re.Pattern[str] | None = None  # operators only: a tenant's pattern could be a ReDoS
    key: str | None = None
    keys: frozenset[str] | None = None  # e.g. one tenant's integration ids
    reason_contains: str | None = None  # case-insensitive plain text, for tenants

    def owns(self, letter: DeadLetter) -> bool:
        """The letter is within this caller's scope (its keys), whatever the reason filters say."""
        if self.keys is not None and letter.key_text not in self.keys:
            return False
        return self.key is None or letter.key_text == self.key

    def matches(self, letter: DeadLetter) -> bool:
        # the scope first: no reason filter ever runs over another caller's letters
        if letter.headers is None or not self.owns(letter):
            return False
        if self.reason is not None and not self.reason.search(letter.headers.reason):
            return False
        wanted = self.reason_contains
        return wanted is None or wanted.casefold() in letter.headers.reason.casefold()


@dataclass
class RedriveResult:
    topic: str
    group: str
    dry_run: bool
    examined: int = 0
    owned: int = 0  # examined letters within the selection's keys (a tenant's own)
    redriven: list[DeadLetter] = field(default_factory=list)
    filtered_out: int = 0
    unreadable: int = 0
    by_original_topic: Counter[str] = field(default_factory=Counter)

    def summary(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "group": self.group,
            "dry_run": self.dry_run,
            "examined": self.examined,
            "redriven": len(self.redriven),
            "filtered_out": self.filtered_out,
            "unreadable": self.unreadable,
            "by_original_topic": dict(self.by_original_topic),
        }


def redrive_headers(letter: DeadLetter) -> RawHeaders:
    """The original headers, the redrive count and the attempts/first failure so far."""
    assert letter.headers is not None
    dlq = letter.headers
    headers = [(k, v) for k, v in dlq.original_headers if k != REDRIVE_HEADER]
    headers.append((REDRIVE_HEADER, str(letter.redrives + 1).encode()))
    headers.append((HEADER_ATTEMPTS, str(dlq.attempts).encode()))
    headers.append((HEADER_FIRST_FAILURE_TIME, dlq.first_failure_time.isoformat().encode()))
    return headers


class _Acks:
    """Delivery reports of the re-drive producer."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def __call__(self, err: KafkaError | None, msg: Message) -> None:
        if err is not None:
            self.errors.append(f"{msg.topic()}: {err.str()}")


def redrive(
    bootstrap: str,
    topic: Topic,
    *,
    selection: Selection = Selection(),
    dry_run: bool = False,
    from_beginning: bool = False,
    on_redrive: Callable[[DeadLetter], None] | None = None,
    group: str | None = None,
    hold_at_skipped: bool = False,
    result: RedriveResult | None = None,
) -> RedriveResult:
    """Re-drive the selected dead letters past the redrive group's position (see the module doc).

    Each message is produced, acknowledged, then its offset committed, one at a time, so a crash
    re-drives at most the one message whose commit was lost. A dry run produces and commits
    nothing and reports what would be re-driven.

    ``hold_at_skipped`` (a tenant's re-drive): the position of a partition stops before the
    first letter of the caller's own that the reason filter skipped, so a later re-drive still
    finds it; letters re-driven after it in this run may be re-driven again then (the pipeline
    is at-least-once and absorbs a repeat). ``result`` is filled in as the run goes (progress).
    """
    # a caller that re-drives only its own letters (a tenant) keeps a position of its own, so it
    # never moves past another caller's letters
    group = group or redrive_group(topic)
    consumer = ops_consumer(bootstrap, group)
    producer = Producer(build_producer_config(bootstrap=bootstrap, client_id="reqstream-redrive"))
    acks = _Acks()
    result = result or RedriveResult(topic.value, group, dry_run)
    held: set[int] = set()  # partitions whose position must not pass a skipped letter
    try:
        partitions = partitions_of(consumer, topic.value)
        marks = _watermarks(consumer, topic.value, partitions)
        committed = {} if from_beginning else _committed(consumer, topic.value, partitions)
        ranges: dict[tuple[str, int], tuple[int, int]] = {}
        for p in partitions:
            low, high = marks[p]
            start = committed.get(p, -1)
            ranges[(topic.value, p)] = (max(low, start) if start >= 0 else low, high)
        for msg in read_range(consumer, ranges):
            letter = DeadLetter.of(msg)
            result.examined += 1
            owned = selection.owns(letter)
            result.owned += owned
            if letter.headers is None or letter.headers.dead_letter_topic is not topic:
                result.unreadable += 1
            elif not selection.matches(letter):
                result.filtered_out += 1
                if hold_at_skipped and owned:
                    held.add(letter.partition)
            else:
                if not dry_run:
                    _produce_acknowledged(producer, acks, letter)
                result.redriven.append(letter)
                result.by_original_topic[letter.headers.original_topic.value] += 1
                if on_redrive is not None:
                    on_redrive(letter)
            if not dry_run and letter.partition not in held:
                consumer.commit(
                    offsets=[TopicPartition(topic.value, letter.partition, letter.offset + 1)],
                    asynchronous=False,
                )
        return result
    finally:
        consumer.close()


def _wire(headers: RawHeaders) -> list[tuple[str, str | bytes | None]]:
    return [(k, v) for k, v in headers]


def _produce_acknowledged(producer: Producer, acks: _Acks, letter: DeadLetter) -> None:
    assert letter.headers is not None
    producer.produce(
        letter.headers.original_topic.value,
        key=letter.key,
        value=letter.value,
        headers=_wire(redrive_headers(letter)),
        on_delivery=acks,
    )
    remaining = producer.flush(ACK_TIMEOUT)
    errors, acks.errors = acks.errors, []
    if remaining or errors:
        problem = "; ".join(errors) or f"not acknowledged within {ACK_TIMEOUT:.0f}s"
        raise OpsError(
            f"re-drive of {letter.topic}[{letter.partition}]@{letter.offset} failed: {problem}; "
            "nothing after it was committed, run again to continue"
        )
