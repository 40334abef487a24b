"""The batch consumer loop: poll → process → produce → flush → store offsets.

Offsets are stored only after the batch's outputs are acknowledged by the broker (and after any
database commit the process function made), so a crash at any point redelivers, never loses.
Bad input (InvalidMessage) goes to the stage's dead-letter topic and is committed; a transient
fault of one message (RetryableError) moves it to the next retry topic and the partition goes on;
a dependency that is down (DependencyUnavailable) rewinds the partition and backs off without
blocking the group heartbeat.
"""

from __future__ import annotations

import logging
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from confluent_kafka import Consumer, KafkaError, KafkaException, Message, TopicPartition

from schemas.contracts.topics import Topic
from services.common.dlq import dead_letter
from services.common.errors import DependencyUnavailable, InvalidMessage, RetryableError
from services.common.health import HealthFile
from services.common.kafka import (
    Outbound,
    ProducerGateway,
    commit_stored,
    consumed_headers,
    coordinates,
)
from services.common.logging import bind
from services.common.metrics import CONSUMED, DEAD_LETTERS, ERRORS, PROCESSING, PRODUCED, RETRIES
from services.common.retry_topics import DueGate, RetryTiers, retry_later, with_retry_topics

log = logging.getLogger(__name__)

ProcessFn = Callable[[Message], Sequence[Outbound]]


def message_id(msg: Message) -> str | None:
    """The CloudEvents id (ce_id header) of a consumed message, for log context."""
    for name, value in consumed_headers(msg):
        if name == "ce_id" and value is not None:
            return value.decode(errors="replace") if isinstance(value, bytes) else str(value)
    return None


def count_produced(stage: str, outputs: Sequence[Outbound]) -> None:
    for topic, n in Counter(o.topic.value for o in outputs).items():
        PRODUCED.labels(stage, topic).inc(n)


@dataclass(frozen=True)
class Backoff:
    base: float = 1.0  # seconds
    cap: float = 30.0  # seconds

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        jitter = random.uniform(0, self.base)  # noqa: S311  (jitter, not cryptography)
        computed: float = min(self.cap, self.base * 2**attempt) + jitter
        return max(computed, retry_after or 0.0)


@dataclass
class RunnerStats:
    processed: int = 0
    dead_lettered: int = 0
    retried: int = 0
    batches: int = 0
    attempts: dict[tuple[str, int, int], int] = field(default_factory=dict)


class BatchRunner:
    def __init__(
        self,
        *,
        consumer: Consumer,
        producer: ProducerGateway,
        topics: Sequence[Topic],
        process: ProcessFn,
        stage: str,
        health: HealthFile | None = None,
        batch_size: int = 200,
        poll_timeout: float = 0.5,
        backoff: Backoff = Backoff(),
        retry: RetryTiers = RetryTiers(),
    ) -> None:
        self._consumer = consumer
        self._producer = producer
        self._topics = list(topics)
        self._process = process
        self._stage = stage
        self._health = health or HealthFile(None)
        self._batch_size = batch_size
        self._poll_timeout = poll_timeout
        self._backoff = backoff
        self._retry = retry
        self._gate = DueGate(consumer)
        self._stopping = False
        self._assigned: set[tuple[str, int]] = set()
        self.stats = RunnerStats()

    def assigned(self) -> bool:
        """Whether the consumer holds at least one partition (readiness)."""
        return bool(self._assigned)

    def stop(self) -> None:
        """Signal-safe: the loop finishes the current batch, commits it and leaves the group."""
        self._stopping = True

    def run(self, *, idle_exit: Callable[[], bool] | None = None) -> None:
        self._consumer.subscribe(
            [t.value for t in with_retry_topics(self._topics)],
            on_assign=self._on_assign,
            on_revoke=self._on_revoke,
            on_lost=self._on_lost,
        )
        try:
            while not self._stopping:
                self._health.touch()
                self._gate.release_due()
                messages = self._consumer.consume(self._batch_size, self._poll_timeout)
                if messages:
                    self._run_batch(messages)
                elif idle_exit is not None and idle_exit():
                    break
        finally:
            self._close()

    def _close(self) -> None:
        try:
            self._producer.flush()
        except RetryableError:
            log.exception(
                "%s: undelivered messages at shutdown; their inputs stay uncommitted", self._stage
            )
        self._consumer.close()  # commits what was stored, leaves the group

    def _run_batch(self, messages: list[Message]) -> None:
        self.stats.batches += 1
        done: list[Message] = []
        produced: list[Outbound] = []
        rewound: set[tuple[str, int]] = set()
        wait = 0.0
        for msg in messages:
            err = msg.error()
            if err is not None:
                if err.fatal():
                    raise KafkaException(err)
                if err.code() != KafkaError._PARTITION_EOF:
                    log.warning("%s: consumer error %s", self._stage, err)
                continue
            topic, partition, _ = coordinates(msg)
            tp = (topic, partition)
            if tp in rewound:
                continue  # an earlier message of this partition will be redelivered first
            if not self._gate.admit(msg):
                continue  # a retry not yet due: its partition waits, the others go on
            with bind(message_id=message_id(msg)):
                outputs, delay = self._attempt(msg)
            if outputs is None:
                wait = max(wait, delay)
                rewound.add(tp)
                continue
            self._producer.produce(outputs)
            produced.extend(outputs)
            done.append(msg)
        try:
            self._producer.flush()
        except RetryableError as exc:
            ERRORS.labels(self._stage, type(exc).__name__).inc()
            for msg in done:
                wait = max(wait, self._rewind(msg, exc))
            done = []
        else:
            count_produced(self._stage, produced)
        self._store(done)
        if wait:
            self._pause_for(wait)

    def _attempt(self, msg: Message) -> tuple[Sequence[Outbound] | None, float]:
        """Outputs of one message (a dead letter for bad input), or None and the backoff delay
        when it was rewound for a retry."""
        topic, partition, offset = coordinates(msg)
        CONSUMED.labels(self._stage, topic).inc()
        started = time.perf_counter()
        try:
            return self._process(msg), 0.0
        except InvalidMessage as exc:
            ERRORS.labels(self._stage, type(exc).__name__).inc()
            self.stats.dead_lettered += 1
            return [self._dead_letter(msg, exc.reason, type(exc).__name__)], 0.0
        except DependencyUnavailable as exc:
            ERRORS.labels(self._stage, type(exc).__name__).inc()
            return None, self._rewind(msg, exc)
        except RetryableError as exc:
            ERRORS.labels(self._stage, type(exc).__name__).inc()
            self.stats.retried += 1
            return [retry_later(msg, exc, stage=self._stage, policy=self._retry)], 0.0
        except Exception as exc:  # noqa: BLE001  (a bug must not crash-loop the consumer)
            ERRORS.labels(self._stage, type(exc).__name__).inc()
            log.exception(
                "%s: unexpected error at %s[%d]@%d", self._stage, topic, partition, offset
            )
            self.stats.dead_lettered += 1
            reason = f"{type(exc).__name__}: {exc}"
            return [self._dead_letter(msg, reason, type(exc).__name__)], 0.0
        finally:
            PROCESSING.labels(self._stage, topic).observe(time.perf_counter() - started)

    def _dead_letter(self, msg: Message, reason: str, error_class: str) -> Outbound:
        key = coordinates(msg)
        DEAD_LETTERS.labels(self._stage, key[0]).inc()
        log.warning("%s: dead-lettering %s[%d]@%d: %s", self._stage, *key, reason)
        attempts = self.stats.attempts.pop(key, 0) + 1
        return dead_letter(
            msg, reason=reason, error_class=error_class, stage=self._stage, attempts=attempts
        )

    def _rewind(self, msg: Message, exc: RetryableError) -> float:
        key = coordinates(msg)
        attempt = self.stats.attempts.get(key, 0)
        self.stats.attempts[key] = attempt + 1
        self.stats.retried += 1
        RETRIES.labels(self._stage).inc()
        delay = self._backoff.delay(attempt, getattr(exc, "retry_after", None))
        log.warning(
            "%s: retryable error at %s[%d]@%d (attempt %d, retry in %.1fs): %s",
            self._stage,
            *key,
            attempt + 1,
            delay,
            exc,
        )
        self._consumer.seek(TopicPartition(*key))
        return delay

    def _store(self, done: list[Message]) -> None:
        if not done:
            return
        highest: dict[tuple[str, int], int] = {}
        for msg in done:
            topic, partition, offset = coordinates(msg)
            highest[(topic, partition)] = max(highest.get((topic, partition), -1), offset)
            self.stats.attempts.pop((topic, partition, offset), None)
        self._consumer.store_offsets(
            offsets=[TopicPartition(t, p, off + 1) for (t, p), off in highest.items()]
        )
        self.stats.processed += len(done)

    def _pause_for(self, seconds: float) -> None:
        """Back off without leaving the group: pause, keep polling for callbacks, resume."""
        assignment = self._consumer.assignment()
        self._consumer.pause(assignment)
        deadline_polls = max(1, int(seconds / 0.2))
        for _ in range(deadline_polls):
            if self._stopping:
                break
            self._consumer.poll(0.2)
        held = self._gate.held()
        self._consumer.resume(
            [tp for tp in self._consumer.assignment() if (tp.topic, tp.partition) not in held]
        )

    def _on_assign(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        self._assigned.update((p.topic, p.partition) for p in partitions)

    def _on_revoke(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        self._assigned.difference_update((p.topic, p.partition) for p in partitions)
        self._gate.forget(partitions)
        commit_stored(consumer, stage=self._stage)

    def _on_lost(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        self._assigned.difference_update((p.topic, p.partition) for p in partitions)
        self._gate.forget(partitions)
        log.warning("%s: partitions lost: %s", self._stage, partitions)
