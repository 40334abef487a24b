"""Concurrent consumption: asyncio workers over confluent-kafka, committing contiguous offsets.

One event-loop thread drives the consumer and producer with non-blocking calls, so rebalance
callbacks, delivery reports and offset tracking never race. Up to ``max_in_flight`` messages are
processed at once (useful when processing awaits an LLM); a partition's offset is stored only up
to its first unfinished message, and only after the outputs of everything before it were
acknowledged. Work from a revoked partition is never stored. A transient fault of one message
moves it to a retry topic (see retry_topics); a dependency that is down is retried in place.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence

from confluent_kafka import Consumer, KafkaError, KafkaException, Message, Producer, TopicPartition

from schemas.contracts.topics import Topic
from services.common.dlq import dead_letter
from services.common.health import HealthFile
from services.common.kafka import Effects, Outbound, commit_stored, coordinates, store_positions
from services.common.logging import bind
from services.common.metrics import CONSUMED, DEAD_LETTERS, ERRORS, PROCESSING, PRODUCED, RETRIES
from services.common.offsets import ContiguousOffsets
from services.common.retry_topics import DueGate, RetryTiers, retry_later, with_retry_topics
from services.common.runner import Backoff, message_id
from services.domain.errors import (
    DependencyUnavailable,
    InvalidMessage,
    RetriesExhausted,
    RetryableError,
)

log = logging.getLogger(__name__)

AsyncProcessFn = Callable[[Message], Awaitable[Sequence[Outbound] | Effects]]
IDLE_SLEEP = 0.02  # seconds between empty polls
BUSY_SLEEP = 0.001


class AsyncRunner:
    def __init__(
        self,
        *,
        consumer: Consumer,
        producer: Producer,
        topics: Sequence[Topic],
        process: AsyncProcessFn,
        stage: str,
        max_in_flight: int = 64,
        health: HealthFile | None = None,
        backoff: Backoff = Backoff(),
        retry: RetryTiers = RetryTiers(),
    ) -> None:
        self._consumer = consumer
        self._producer = producer
        self._topics = list(topics)
        self._process = process
        self._stage = stage
        self._max_in_flight = max_in_flight
        self._health = health or HealthFile(None)
        self._backoff = backoff
        self._retry = retry
        self._gate = DueGate(consumer)
        self._tracks: dict[tuple[str, int], ContiguousOffsets] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._assigned: set[tuple[str, int]] = set()
        self._stopping = False
        self.processed = 0
        self.dead_lettered = 0
        self.max_in_flight_seen = 0

    def stop(self) -> None:
        self._stopping = True

    def assigned(self) -> bool:
        """Whether the consumer holds at least one partition (readiness)."""
        return bool(self._assigned)

    async def run(self) -> None:
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
                room = self._max_in_flight - len(self._tasks)
                messages = self._consumer.consume(min(room, 500), 0) if room > 0 else []
                for msg in messages:
                    self._dispatch(msg)
                self._producer.poll(0)
                self.max_in_flight_seen = max(self.max_in_flight_seen, len(self._tasks))
                await asyncio.sleep(BUSY_SLEEP if messages or self._tasks else IDLE_SLEEP)
        finally:
            await self._drain()

    async def _drain(self) -> None:
        # in-flight work is abandoned uncommitted: it is redelivered to the next owner
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._producer.flush(30)
        self._consumer.close()

    def _dispatch(self, msg: Message) -> None:
        err = msg.error()
        if err is not None:
            if err.fatal():
                raise KafkaException(err)
            log.warning("%s: consumer error %s", self._stage, err)
            return
        if not self._gate.admit(msg):
            return  # a retry not yet due: its partition waits, the others go on
        topic, partition, offset = coordinates(msg)
        track = self._tracks.setdefault((topic, partition), ContiguousOffsets())
        track.started(offset)
        task = asyncio.create_task(self._handle(msg, track))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, msg: Message, track: ContiguousOffsets) -> None:
        # each task runs in its own copy of the context: the id stays with this message
        with bind(message_id=message_id(msg)):
            await self._attempts(msg)
        self.processed += 1
        topic, partition, offset = coordinates(msg)
        if self._tracks.get((topic, partition)) is not track:
            return  # partition revoked meanwhile: its new owner redoes this message
        position = track.finished(offset)
        if position is not None:
            store_positions(
                self._consumer, [TopicPartition(topic, partition, position)], stage=self._stage
            )

    async def _attempts(self, msg: Message) -> None:
        """Process until the outputs are delivered, the message is dead-lettered or the task
        is cancelled."""
        topic = coordinates(msg)[0]
        CONSUMED.labels(self._stage, topic).inc()
        attempt = 0
        while True:
            started = time.perf_counter()
            try:
                try:
                    result = await self._process(msg)
                finally:
                    PROCESSING.labels(self._stage, topic).observe(time.perf_counter() - started)
                effects = result if isinstance(result, Effects) else Effects(result)
                await self._deliver(effects.outputs)
                if effects.after_delivery is not None:
                    await effects.after_delivery()
                break
            except (InvalidMessage, RetriesExhausted) as exc:  # dead-lettered with its reason
                ERRORS.labels(self._stage, type(exc).__name__).inc()
                await self._deliver([self._dlq(msg, exc.reason, type(exc).__name__, attempt + 1)])
                break
            except DependencyUnavailable as exc:
                ERRORS.labels(self._stage, type(exc).__name__).inc()
                RETRIES.labels(self._stage).inc()
                delay = self._backoff.delay(attempt, getattr(exc, "retry_after", None))
                log.warning(
                    "%s: retryable error at %s[%d]@%d (attempt %d): %s",
                    self._stage,
                    *coordinates(msg),
                    attempt + 1,
                    exc,
                )
                attempt += 1
                await asyncio.sleep(delay)
            except RetryableError as exc:
                ERRORS.labels(self._stage, type(exc).__name__).inc()
                await self._deliver([retry_later(msg, exc, stage=self._stage, policy=self._retry)])
                break
            except Exception as exc:  # noqa: BLE001  (a bug must not crash-loop the consumer)
                ERRORS.labels(self._stage, type(exc).__name__).inc()
                log.exception(
                    "%s: unexpected error at %s[%d]@%d",
                    self._stage,
                    *coordinates(msg),
                )
                reason = f"{type(exc).__name__}: {exc}"
                await self._deliver([self._dlq(msg, reason, type(exc).__name__, attempt + 1)])
                break

    def _dlq(self, msg: Message, reason: str, error_class: str, attempts: int) -> Outbound:
        self.dead_lettered += 1
        DEAD_LETTERS.labels(self._stage, coordinates(msg)[0]).inc()
        log.warning(
            "%s: dead-lettering %s[%d]@%d: %s",
            self._stage,
            *coordinates(msg),
            reason,
        )
        return dead_letter(
            msg, reason=reason, error_class=error_class, stage=self._stage, attempts=attempts
        )

    async def _deliver(self, outputs: Sequence[Outbound]) -> None:
        """Produce and wait for every acknowledgement; retry failed deliveries with backoff."""
        attempt = 0
        pending = list(outputs)
        while pending:
            loop = asyncio.get_running_loop()
            futures: list[asyncio.Future[KafkaError | None]] = []
            for out in pending:
                future: asyncio.Future[KafkaError | None] = loop.create_future()

                def report(
                    err: KafkaError | None,
                    _msg: Message,
                    f: asyncio.Future[KafkaError | None] = future,
                ) -> None:
                    if not f.done():
                        f.set_result(err)

                while True:
                    try:
                        self._producer.produce(
                            out.topic.value,
                            value=out.value,
                            key=out.key,
                            headers=out.headers,
                            on_delivery=report,
                        )
                        break
                    except BufferError:
                        self._producer.poll(0)
                        await asyncio.sleep(0.01)
                futures.append(future)
            results = await asyncio.gather(*futures)
            for out, err in zip(pending, results, strict=True):
                if err is None:
                    PRODUCED.labels(self._stage, out.topic.value).inc()
            pending = [o for o, err in zip(pending, results, strict=True) if err is not None]
            if pending:
                RETRIES.labels(self._stage).inc()
                log.warning("%s: %d output(s) not delivered; retrying", self._stage, len(pending))
                await asyncio.sleep(self._backoff.delay(attempt))
                attempt += 1

    def _on_assign(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        for p in partitions:
            self._tracks[(p.topic, p.partition)] = ContiguousOffsets()
            self._assigned.add((p.topic, p.partition))

    def _on_revoke(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        for p in partitions:
            self._tracks.pop((p.topic, p.partition), None)
            self._assigned.discard((p.topic, p.partition))
        self._gate.forget(partitions)
        commit_stored(consumer, stage=self._stage)

    def _on_lost(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        for p in partitions:
            self._tracks.pop((p.topic, p.partition), None)
            self._assigned.discard((p.topic, p.partition))
        self._gate.forget(partitions)
