"""Produce: a send resolves once every output is acknowledged, fails on any delivery error,
and counts what the broker acknowledged per topic."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from confluent_kafka import KafkaError

from schemas.contracts.topics import Topic
from services.common.engine.produce import Produce
from services.common.kafka import DeliveryFailed, DeliveryReport, Outbound, QueueFull
from services.common.metrics import PRODUCED


class FakeProducer:
    """Queues each message's report; ``poll`` serves them, failing the topics in ``failing``."""

    def __init__(self, failing: frozenset[str] = frozenset()) -> None:
        self.reports: list[tuple[str, DeliveryReport]] = []
        self.failing = failing

    def produce(self, topic: str, *, on_delivery: DeliveryReport, **_: Any) -> None:
        self.reports.append((topic, on_delivery))

    def poll(self, _timeout: float) -> int:
        reports, self.reports = self.reports, []
        for topic, report in reports:
            err = KafkaError(KafkaError._MSG_TIMED_OUT) if topic in self.failing else None
            report(err, None)  # type: ignore[arg-type]
        return len(reports)


def outputs(*topics: Topic) -> list[Outbound]:
    return [Outbound(topic, "1", b"{}") for topic in topics]


def produced(topic: Topic) -> float:
    return PRODUCED.labels("produce-test", topic.value)._value.get()  # type: ignore[no-any-return]


def test_acknowledged_outputs_resolve_the_send_and_are_counted_per_topic() -> None:
    async def run() -> None:
        producer = FakeProducer()
        step = Produce(producer, stage="produce-test")  # type: ignore[arg-type]
        before = produced(Topic.EMAIL_PARSED), produced(Topic.INTEGRATION_ERROR)
        sent = step.send(outputs(Topic.EMAIL_PARSED, Topic.INTEGRATION_ERROR, Topic.EMAIL_PARSED))
        assert not sent.done()
        step.poll()
        assert sent.done() and sent.exception() is None
        after = produced(Topic.EMAIL_PARSED), produced(Topic.INTEGRATION_ERROR)
        assert (after[0] - before[0], after[1] - before[1]) == (2, 1)

    asyncio.run(run())


def test_one_failed_delivery_fails_the_send_and_the_rest_are_still_counted() -> None:
    async def run() -> None:
        producer = FakeProducer(failing=frozenset({Topic.INTEGRATION_ERROR.value}))
        step = Produce(producer, stage="produce-test")  # type: ignore[arg-type]
        before = produced(Topic.EMAIL_PARSED)
        sent = step.send(outputs(Topic.EMAIL_PARSED, Topic.INTEGRATION_ERROR))
        step.poll()
        with pytest.raises(DeliveryFailed, match="integration.error"):
            sent.result()
        assert produced(Topic.EMAIL_PARSED) - before == 1

    asyncio.run(run())


class FullProducer(FakeProducer):
    """A local queue that is full until ``room`` is set; counts the polls that waited for it."""

    def __init__(self) -> None:
        super().__init__()
        self.room = False
        self.polls = 0

    def produce(self, topic: str, *, on_delivery: DeliveryReport, **kwargs: Any) -> None:
        if not self.room:
            raise BufferError("Local: Queue full")
        super().produce(topic, on_delivery=on_delivery, **kwargs)

    def poll(self, timeout: float) -> int:
        self.polls += 1
        return super().poll(timeout)

    def __len__(self) -> int:
        return len(self.reports)


def test_a_queue_that_stayed_full_fails_later_sends_without_waiting_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("services.common.engine.produce.ROOM_WAIT", 0.05)

    async def run() -> None:
        producer = FullProducer()
        step = Produce(producer, stage="produce-test")  # type: ignore[arg-type]
        with pytest.raises(QueueFull):
            step.send(outputs(Topic.EMAIL_PARSED))
        assert producer.polls > 0  # waited for room, served reports meanwhile
        waited = producer.polls
        with pytest.raises(QueueFull):
            step.send(outputs(Topic.EMAIL_PARSED))
        assert producer.polls == waited  # the next send did not wait again
        producer.room = True
        step.send(outputs(Topic.EMAIL_PARSED))  # room again: the next full queue is waited for
        producer.room = False
        with pytest.raises(QueueFull):
            step.send(outputs(Topic.EMAIL_PARSED))
        assert producer.polls > waited

    asyncio.run(run())
