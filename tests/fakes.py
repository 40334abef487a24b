"""In-memory stand-ins for confluent-kafka clients, for wiring tests of the runners' order of
effects. They record every call in one shared journal so a test can assert what came first.
The real-broker behaviour is covered by the @pytest.mark.kafka tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from confluent_kafka import KafkaError, TopicPartition

from schemas.contracts.topics import Topic
from services.common.engine import NO_BACKOFF, UNLIMITED, DeadLetterLimit, Engine, RunStep
from services.common.engine.group_check import GroupSelfCheck


@dataclass
class FakeMessage:
    _topic: str
    _partition: int
    _offset: int
    _value: bytes | None
    _key: bytes | None = b"1"
    _headers: list[tuple[str, bytes]] | None = None

    def topic(self) -> str:
        return self._topic

    def partition(self) -> int:
        return self._partition

    def offset(self) -> int:
        return self._offset

    def value(self) -> bytes | None:
        return self._value

    def key(self) -> bytes | None:
        return self._key

    def headers(self) -> list[tuple[str, bytes]] | None:
        return self._headers

    def error(self) -> KafkaError | None:
        return None


@dataclass
class Journal:
    events: list[tuple[str, Any]] = field(default_factory=list)

    def add(self, kind: str, detail: Any = None) -> None:
        self.events.append((kind, detail))

    def kinds(self) -> list[str]:
        return [k for k, _ in self.events]


@dataclass
class FakeConsumer:
    journal: Journal
    batches: list[list[FakeMessage]]
    on_empty: Callable[[], None] = lambda: None
    stored: list[tuple[str, int, int]] = field(default_factory=list)
    seeks: list[tuple[str, int, int]] = field(default_factory=list)

    def subscribe(self, topics: list[str], **_callbacks: Any) -> None:
        self.journal.add("subscribe", topics)

    def consume(self, num_messages: int = 1, timeout: float = -1) -> list[FakeMessage]:
        if self.batches:
            return self.batches.pop(0)
        self.on_empty()
        return []

    def poll(self, timeout: float = -1) -> None:
        return None

    def store_offsets(self, offsets: list[TopicPartition]) -> None:
        for tp in offsets:
            self.stored.append((tp.topic, tp.partition, tp.offset))
        self.journal.add("store", [(tp.topic, tp.partition, tp.offset) for tp in offsets])

    def seek(self, tp: TopicPartition) -> None:
        self.seeks.append((tp.topic, tp.partition, tp.offset))
        self.journal.add("seek", (tp.topic, tp.partition, tp.offset))

    def assignment(self) -> list[TopicPartition]:
        return []

    def memberid(self) -> str:
        return "fake-member"

    def pause(self, partitions: list[TopicPartition]) -> None:
        self.journal.add("pause")

    def resume(self, partitions: list[TopicPartition]) -> None:
        self.journal.add("resume")

    def commit(self, **_kwargs: Any) -> None:
        self.journal.add("commit")

    def close(self) -> None:
        self.journal.add("close")


@dataclass
class LogConsumer(FakeConsumer):
    """Serves messages from per-partition logs as a broker would: from each partition's
    position, never from a paused partition; ``seek`` moves the position back."""

    logs: dict[tuple[str, int], list[FakeMessage]] = field(default_factory=dict)
    positions: dict[tuple[str, int], int] = field(default_factory=dict)
    paused: set[tuple[str, int]] = field(default_factory=set)

    def append(self, msg: FakeMessage) -> None:
        self.logs.setdefault((msg.topic(), msg.partition()), []).append(msg)

    def consume(self, num_messages: int = 1, timeout: float = -1) -> list[FakeMessage]:
        found: list[FakeMessage] = []
        for key, log in self.logs.items():
            if key in self.paused:
                continue
            position = self.positions.get(key, log[0].offset() if log else 0)
            ready = [m for m in log if m.offset() >= position][: num_messages - len(found)]
            if ready:
                self.positions[key] = ready[-1].offset() + 1
                found.extend(ready)
        if not found:
            self.on_empty()
            time.sleep(min(max(timeout, 0.0), 0.005))  # as a broker's poll would wait a little
        return found

    def seek(self, tp: TopicPartition) -> None:
        super().seek(tp)
        self.positions[(tp.topic, tp.partition)] = tp.offset

    def pause(self, partitions: list[TopicPartition]) -> None:
        super().pause(partitions)
        self.paused.update((tp.topic, tp.partition) for tp in partitions)

    def resume(self, partitions: list[TopicPartition]) -> None:
        super().resume(partitions)
        self.paused.difference_update((tp.topic, tp.partition) for tp in partitions)


@dataclass
class FakeProducer:
    """Acknowledges on flush; ``fail_next_flush`` makes the next flush report a delivery error."""

    journal: Journal
    produced: list[tuple[str, bytes | None, Any]] = field(default_factory=list)
    fail_next_flush: bool = False
    _callbacks: list[Callable[..., None]] = field(default_factory=list)

    def produce(
        self,
        topic: str,
        value: bytes | None = None,
        key: Any = None,
        headers: Any = None,
        on_delivery: Callable[..., None] | None = None,
    ) -> None:
        self.produced.append((topic, value, headers))
        self.journal.add("produce", topic)
        if on_delivery is not None:
            self._callbacks.append(on_delivery)

    def poll(self, timeout: float = 0) -> int:
        return 0

    def __len__(self) -> int:
        """Messages awaiting their acknowledgement, as librdkafka's Producer counts them."""
        return len(self._callbacks)

    def flush(self, timeout: float = -1) -> int:
        error = KafkaError(KafkaError._MSG_TIMED_OUT) if self.fail_next_flush else None
        self.fail_next_flush = False
        for cb in self._callbacks:
            cb(error, _DeliveredMessage())
        self._callbacks.clear()
        self.journal.add("flush")
        return 0


class _DeliveredMessage:
    def topic(self) -> str:
        return "delivered"


@dataclass
class AckOnPollProducer(FakeProducer):
    """Acknowledges every produced message at the next poll(), as librdkafka's callbacks do."""

    def poll(self, timeout: float = 0) -> int:
        callbacks, self._callbacks = self._callbacks, []
        for cb in callbacks:
            cb(None, _DeliveredMessage())
        return len(callbacks)


def engine_over(
    batches: list[list[FakeMessage]],
    run: RunStep,
    *,
    producer: FakeProducer | None = None,
    stop_when_empty: bool = True,
    dead_letter_limit: DeadLetterLimit | None = None,
    log: list[FakeMessage] | None = None,
    stage: str = "parser",
    consumer: FakeConsumer | None = None,
    group_check: GroupSelfCheck | None = None,
) -> tuple[Engine, FakeConsumer, FakeProducer, Journal]:
    """An engine over the fakes: scripted ``batches``, or a broker-like ``log`` that honours
    pause and seek, or the given ``consumer`` (its journal is the engine's). By default it
    stops once nothing is left to consume."""
    journal = producer.journal if producer is not None else Journal()
    box: list[Engine] = []
    on_empty = (lambda: box[0].stop()) if stop_when_empty else lambda: None
    if consumer is not None:
        consumer.journal, consumer.batches, consumer.on_empty = journal, batches, on_empty
    else:
        consumer = FakeConsumer(journal, batches, on_empty)
    if log is not None:
        consumer = LogConsumer(journal, [], on_empty)
        for msg in log:
            consumer.append(msg)
    producer = producer if producer is not None else FakeProducer(journal)
    engine = Engine(
        consumer=consumer,  # type: ignore[arg-type]  # duck-typed fake
        producer=producer,  # type: ignore[arg-type]  # duck-typed fake
        topics=[Topic.EMAIL_RAW],
        stage=stage,
        run=run,
        backoff=NO_BACKOFF,
        dead_letter_limit=dead_letter_limit or UNLIMITED,
        group_check=group_check,
    )
    box.append(engine)
    return engine, consumer, producer, journal
