"""Non-blocking retries: a message that failed transiently moves to the next retry tier of its
topic; the stage consumes each tier, holding a tier's partition while its head is not yet due.

Tiers are FIFO with one delay each, so the head of a partition is always the earliest due: holding
it (pause + seek back) delays nothing that could run sooner, and the main topic never waits.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from confluent_kafka import Consumer, Message, TopicPartition

from schemas.contracts.retry import RetryHeaders, due_at, without_retry_headers
from schemas.contracts.topics import (
    DEFAULT_RETRY_DELAYS_S,
    RETRY_ORIGIN,
    RETRY_TIERS,
    RETRY_TOPICS,
    Topic,
    origin_topic,
)
from services.common.dlq import dead_letter, too_large_to_copy
from services.common.kafka import Outbound, consumed_headers, coordinates
from services.common.metrics import DEAD_LETTERS, RETRIES
from services.domain.errors import RetryableError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryTiers:
    """Seconds to wait before each retry tier's attempt (one per tier; tests shorten them)."""

    delays_s: tuple[float, ...] = DEFAULT_RETRY_DELAYS_S

    def __post_init__(self) -> None:
        if len(self.delays_s) != len(RETRY_TIERS) or min(self.delays_s) < 0:
            raise ValueError(
                f"retry delays: {len(RETRY_TIERS)} non-negative seconds expected "
                f"(tiers {', '.join(RETRY_TIERS)}), got {self.delays_s}"
            )


def with_retry_topics(topics: Iterable[Topic]) -> list[Topic]:
    """The topics a stage subscribes to: its inputs and their retry tiers."""
    subscribed: list[Topic] = []
    for topic in topics:
        subscribed.append(topic)
        subscribed.extend(RETRY_TOPICS.get(topic, ()))
    return subscribed


def route_failure(
    msg: Message,
    *,
    reason: str,
    error_class: str,
    stage: str,
    policy: RetryTiers,
    retry_after: float | None = None,
    now: datetime | None = None,
) -> Outbound:
    """Where a transiently failed message goes: the next retry tier, or the dead-letter topic
    when every tier has been tried."""
    topic, partition, offset = coordinates(msg)
    state = RetryHeaders.from_kafka_headers(consumed_headers(msg))
    failures = state.attempt if state is not None else 0
    now = now or datetime.now(UTC)
    first_failure = state.first_failure_time if state is not None else now
    if too_large_to_copy(msg):  # a retry copy would fail its own write: a stub dead letter
        return dead_letter(
            msg,
            reason=f"too large to retry; {reason}",
            error_class=error_class,
            stage=stage,
            first_failure_time=first_failure,
        )
    if failures >= len(policy.delays_s):
        return dead_letter(
            msg,
            reason=reason,
            error_class=error_class,
            stage=stage,
            first_failure_time=first_failure,
        )
    origin = origin_topic(topic)
    delay = max(policy.delays_s[failures], retry_after or 0.0)
    headers = RetryHeaders(
        attempt=failures + 1,
        due_at=now + timedelta(seconds=delay),
        first_failure_time=first_failure,
        original_topic=state.original_topic if state is not None else origin,
        original_partition=state.original_partition if state is not None else partition,
        original_offset=state.original_offset if state is not None else offset,
        error_class=error_class,
        reason=reason,
    )
    raw_key = msg.key()
    return Outbound(
        topic=RETRY_TOPICS[origin][failures],
        key=raw_key.decode(errors="replace") if isinstance(raw_key, bytes) else raw_key,
        value=msg.value(),
        headers=without_retry_headers(consumed_headers(msg)) + headers.to_kafka_headers(),
    )


def retry_later(msg: Message, exc: RetryableError, *, stage: str, policy: RetryTiers) -> Outbound:
    """``route_failure`` for a consumer's retryable error, logged and counted."""
    out = route_failure(
        msg,
        reason=str(exc) or type(exc).__name__,
        error_class=type(exc).__name__,
        stage=stage,
        policy=policy,
        retry_after=getattr(exc, "retry_after", None),
    )
    topic, partition, offset = coordinates(msg)
    if out.topic in RETRY_ORIGIN:
        RETRIES.labels(stage).inc()
        log.warning(
            "%s: retryable error at %s[%d]@%d, retrying via %s: %s",
            stage,
            topic,
            partition,
            offset,
            out.topic.value,
            exc,
        )
    else:
        DEAD_LETTERS.labels(stage, topic).inc()
        log.warning(
            "%s: retries exhausted at %s[%d]@%d, dead-lettered: %s",
            stage,
            topic,
            partition,
            offset,
            exc,
        )
    return out


@dataclass
class _Held:
    offset: int
    due: float  # epoch seconds
    resumed: bool = False


@dataclass
class DueGate:
    """Admits a retry-topic message only once it is due; otherwise pauses its partition and
    seeks back to it, so it is delivered again after the partition is resumed."""

    consumer: Consumer
    clock: Callable[[], float] = time.time
    _held: dict[tuple[str, int], _Held] = field(default_factory=dict)

    def admit(self, msg: Message) -> bool:
        topic, partition, offset = coordinates(msg)
        key = (topic, partition)
        held = self._held.get(key)
        if held is not None:
            if offset != held.offset or held.due > self.clock():
                return False  # prefetched before the seek, or not due yet: delivered again later
            del self._held[key]
            return True
        if Topic(topic) not in RETRY_ORIGIN:
            return True
        due = due_at(consumed_headers(msg))
        # no readable due time: process now rather than wedge the partition
        if due is None or due.timestamp() <= self.clock():
            return True
        self._held[key] = _Held(offset, due.timestamp())
        position = TopicPartition(topic, partition, offset)
        self.consumer.pause([position])
        self.consumer.seek(position)
        return False

    def release_due(self) -> None:
        """Resume the held partitions whose head message is now due."""
        now = self.clock()
        due = [
            TopicPartition(topic, partition)
            for (topic, partition), held in self._held.items()
            if not held.resumed and held.due <= now
        ]
        if due:
            self.consumer.resume(due)
            for tp in due:
                self._held[(tp.topic, tp.partition)].resumed = True

    def held(self) -> set[tuple[str, int]]:
        """Partitions paused until due (a back-off in place must not resume them early)."""
        return {key for key, held in self._held.items() if not held.resumed}

    def forget(self, partitions: Sequence[TopicPartition]) -> None:
        """Revoked partitions: their next owner holds them again if still not due."""
        for tp in partitions:
            self._held.pop((tp.topic, tp.partition), None)
