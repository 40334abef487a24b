"""Produce: a send resolves once every output is acknowledged, fails on any delivery error,
and counts what the broker acknowledged per topic."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from confluent_kafka import KafkaError

from schemas.contracts.topics import Topic
from services.common.engine.produce import Produce
from services.common.kafka import DeliveryFailed, DeliveryReport, Outbound
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
