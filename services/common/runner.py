"""The batch consumer loop: poll → process → produce → flush → store offsets.

Offsets are stored only after the batch's outputs are acknowledged by the broker (and after any
database commit the process function made), so a crash at any point redelivers, never loses.
Bad input (InvalidMessage) goes to the stage's dead-letter topic and is committed; a transient
fault of one message (RetryableError) moves it to the next retry topic and the partition goes on;
a dependency that is down (DependencyUnavailable) rewinds the partition and backs off without
blocking the group heartbeat.

A stage may also process a whole poll batch in one call (``process_batch``, e.g. one database
transaction for all of it). When that call fails for any other reason than a dependency outage,
the batch is processed again one message at a time, so the failing message alone is
dead-lettered or retried and the rest go on as if the batch call had never been made.
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
from services.common.health import HealthFile
from services.common.kafka import (
    Outbound,
    ProducerGateway,
    commit_stored,
    consumed_headers,
    coordinates,
    store_positions,
)
from services.common.logging import bind
from services.common.metrics import CONSUMED, DEAD_LETTERS, ERRORS, PROCESSING, PRODUCED, RETRIES
from services.common.retry_topics import DueGate, RetryTiers, retry_later, with_retry_topics
from services.domain.errors import (
    DependencyUnavailable,
    InvalidMessage,
    RetriesExhausted,
    RetryableError,
)

log = logging.getLogger(__name__)

ProcessFn = Callable[[Message], Sequence[Outbound]]
# every ready message of a poll batch at once; when it raises, whatever it did must be safe to
# do again message by message (a rolled-back transaction, an idempotent write)
BatchProcessFn = Callable[[Sequence[Message]], Sequence[Outbound]]


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
        process_batch: BatchProcessFn | None = None,
        health: HealthFile | None = None,
        batch_size: int = 200,
        poll_timeout: float = 0.5,
        batch_linger: float = 0.05,
        backoff: Backoff = Backoff(),
        retry: RetryTiers = RetryTiers(),
    ) -> None:
        self._consumer = consumer
        self._producer = producer
        self._topics = list(topics)
        self._process = process
        self._process_batch = process_batch
        self._stage = stage
        self._health = health or HealthFile(None)
        self._batch_size = batch_size
        self._poll_timeout = poll_timeout
        self._batch_linger = batch_linger
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
                messages = self._next_batch()
                if messages:
                    self._run_batch(messages)
                elif idle_exit is not None and idle_exit():
                    break
        finally:
            self._close()

    def _next_batch(self) -> list[Message]:
        """What is already fetched, up to a batch; else the first message to arrive and what
        follows it within ``batch_linger`` seconds.

        consume(n, timeout) waits until n messages or the timeout: at a low rate every message
        would wait the whole poll timeout for company. A short linger keeps batches (one
        transaction each) from shrinking to single messages at moderate rates."""
        messages = self._consumer.consume(self._batch_size, 0)
        if messages:
            return messages
        first = self._consumer.consume(1, self._poll_timeout)
        if not first or self._batch_size == 1:
            return first
        return first + self._consumer.consume(self._batch_size - 1, self._batch_linger)

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
        ready = [msg for msg in messages if self._admit(msg)]
        if not ready:
            return
        if self._process_batch is None:
            done, produced, wait = self._process_each(ready)
        else:
            done, produced, wait = self._process_together(self._process_batch, ready)
        self._deliver_then_store(done, produced, wait)

    def _admit(self, msg: Message) -> bool:
        """Whether a polled message is to be processed now: not a consumer error, not a retry
        that is not yet due."""
        err = msg.error()
        if err is not None:
            if err.fatal():
                raise KafkaException(err)
            if err.code() != KafkaError._PARTITION_EOF:
                log.warning("%s: consumer error %s", self._stage, err)
            return False
        # a retry not yet due: its partition waits, the others go on
        return self._gate.admit(msg)

    def _process_together(
        self, process_batch: BatchProcessFn, ready: list[Message]
    ) -> tuple[list[Message], list[Outbound], float]:
        """The ready messages in one call. A dependency outage rewinds them all; any other
        failure processes them again one by one, which isolates the message that caused it."""
        for msg in ready:  # counted here once, whichever way they are processed
            CONSUMED.labels(self._stage, coordinates(msg)[0]).inc()
        started = time.perf_counter()
        try:
            outputs = list(process_batch(ready))
        except DependencyUnavailable as exc:
            ERRORS.labels(self._stage, type(exc).__name__).inc()
            return [], [], self._rewind_partitions(ready, exc)
        except Exception as exc:  # noqa: BLE001  (isolated message by message below)
            log.warning(
                "%s: batch of %d failed (%s: %s); processing it one message at a time",
                self._stage,
                len(ready),
                type(exc).__name__,
                exc,
                # a bug gets its traceback; bad data and transient faults are routine
                exc_info=not isinstance(exc, InvalidMessage | RetriesExhausted | RetryableError),
            )
            return self._process_each(ready, consumed_counted=True)
        share = (time.perf_counter() - started) / len(ready)
        for msg in ready:  # the histogram is per input message: each gets an equal share
            PROCESSING.labels(self._stage, coordinates(msg)[0]).observe(share)
        self._producer.produce(outputs)
        return ready, outputs, 0.0

    def _process_each(
        self, ready: list[Message], *, consumed_counted: bool = False
    ) -> tuple[list[Message], list[Outbound], float]:
        done: list[Message] = []
        produced: list[Outbound] = []
        rewound: set[tuple[str, int]] = set()
        wait = 0.0
        for msg in ready:
            topic, partition, _ = coordinates(msg)
            tp = (topic, partition)
            if tp in rewound:
                continue  # an earlier message of this partition will be redelivered first
            if not consumed_counted:
                CONSUMED.labels(self._stage, topic).inc()
            with bind(message_id=message_id(msg)):
                outputs, delay = self._attempt(msg)
            if outputs is None:
                wait = max(wait, delay)
                rewound.add(tp)
                continue
            self._producer.produce(outputs)
            produced.extend(outputs)
            done.append(msg)
        return done, produced, wait

    def _deliver_then_store(
        self, done: list[Message], produced: list[Outbound], wait: float
    ) -> None:
        """Store the offsets of ``done`` only once every output was acknowledged."""
        try:
            self._producer.flush()
        except RetryableError as exc:
            ERRORS.labels(self._stage, type(exc).__name__).inc()
            wait = max(wait, self._rewind_partitions(done, exc))
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
        started = time.perf_counter()
        try:
            return self._process(msg), 0.0
        except (InvalidMessage, RetriesExhausted) as exc:  # dead-lettered with its reason
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

    def _rewind_partitions(self, msgs: list[Message], exc: RetryableError) -> float:
        """Rewind each partition to its earliest message among ``msgs`` (a seek per message
        would leave the partition at its latest one); the longest backoff delay."""
        earliest: dict[tuple[str, int], Message] = {}
        for msg in msgs:  # in offset order within each partition, as polled
            earliest.setdefault(coordinates(msg)[:2], msg)
        return max((self._rewind(msg, exc) for msg in earliest.values()), default=0.0)

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
        # a hold the gate put on a later message of this partition would refuse this one when
        # it comes back: the gate decides afresh from the rewound position
        if key[:2] in self._gate.held():
            self._consumer.resume([TopicPartition(key[0], key[1])])
        self._gate.forget([TopicPartition(key[0], key[1])])
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
        store_positions(
            self._consumer,
            [TopicPartition(t, p, off + 1) for (t, p), off in highest.items()],
            stage=self._stage,
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
