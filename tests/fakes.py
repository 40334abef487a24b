"""In-memory stand-ins for confluent-kafka clients, for wiring tests of the runners' order of
effects. They record every call in one shared journal so a test can assert what came first.
The real-broker behaviour is covered by the @pytest.mark.kafka tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from confluent_kafka import KafkaError, TopicPartition


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

    def pause(self, partitions: list[TopicPartition]) -> None:
        self.journal.add("pause")

    def resume(self, partitions: list[TopicPartition]) -> None:
        self.journal.add("resume")

    def commit(self, **_kwargs: Any) -> None:
        self.journal.add("commit")

    def close(self) -> None:
        self.journal.add("close")


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
