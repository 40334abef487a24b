"""The runners' Kafka-side metrics, counted with the in-memory fakes."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from confluent_kafka import TopicPartition
from prometheus_client import REGISTRY

from schemas.contracts.topics import Topic
from services.common.async_runner import AsyncRunner
from services.common.kafka import Outbound, ProducerGateway
from services.common.metrics import METRIC_NAMES, render, skip_reason_label
from services.common.runner import Backoff, BatchRunner
from services.domain.errors import DependencyUnavailable, InvalidMessage
from tests.fakes import AckOnPollProducer, FakeConsumer, FakeMessage, FakeProducer, Journal

SOURCE = Topic.EMAIL_RAW.value
PARSED = Topic.EMAIL_PARSED.value


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@contextmanager
def changes(name: str, by: float, **labels: str) -> Iterator[None]:
    """Assert that one series grows by exactly ``by`` inside the block."""
    before = sample(name, **labels)
    yield
    assert sample(name, **labels) - before == by, (name, labels)


def batch_runner(batches: list[list[FakeMessage]], process: object) -> BatchRunner:
    journal = Journal()
    box: list[BatchRunner] = []
    consumer = FakeConsumer(journal, batches, on_empty=lambda: box[0].stop())
    runner = BatchRunner(
        consumer=consumer,  # type: ignore[arg-type]  # duck-typed fake
        producer=ProducerGateway(FakeProducer(journal)),  # type: ignore[arg-type]  # duck-typed fake
        topics=[Topic.EMAIL_RAW],
        process=process,  # type: ignore[arg-type]  # test double
        stage="parser",
        backoff=Backoff(base=0.0, cap=0.0),
    )
    box.append(runner)
    return runner


def out() -> Outbound:
    return Outbound(Topic.EMAIL_PARSED, "1", b"parsed")


def test_batch_runner_counts_consumed_produced_and_processing_time() -> None:
    msgs = [FakeMessage(SOURCE, 0, o, b"x") for o in range(3)]
    runner = batch_runner([msgs], lambda m: [out()])
    with (
        changes("reqstream_messages_consumed_total", 3, service="parser", topic=SOURCE),
        changes("reqstream_messages_produced_total", 3, service="parser", topic=PARSED),
        changes("reqstream_processing_seconds_count", 3, service="parser", topic=SOURCE),
    ):
        runner.run()


def test_batch_runner_counts_dead_letters_errors_and_retries() -> None:
    calls: dict[int, int] = {}

    def process(msg: FakeMessage) -> Sequence[Outbound]:
        calls[msg.offset()] = calls.get(msg.offset(), 0) + 1
        if msg.offset() == 0:
            raise InvalidMessage("bad")
        if msg.offset() == 1 and calls[1] == 1:
            raise DependencyUnavailable("database down")
        return [out()]

    first = [FakeMessage(SOURCE, 0, 0, b"x"), FakeMessage(SOURCE, 1, 1, b"x")]
    redelivered = [FakeMessage(SOURCE, 1, 1, b"x")]
    runner = batch_runner([first, redelivered], process)
    with (
        changes("reqstream_dead_letters_total", 1, service="parser", topic=SOURCE),
        changes("reqstream_errors_total", 1, service="parser", error_class="InvalidMessage"),
        changes("reqstream_errors_total", 1, service="parser", error_class="DependencyUnavailable"),
        changes("reqstream_retries_total", 1, service="parser"),
        changes("reqstream_messages_consumed_total", 3, service="parser", topic=SOURCE),
        changes("reqstream_messages_produced_total", 1, service="parser", topic=PARSED),
    ):
        runner.run()


def test_batch_runner_unexpected_error_is_counted_by_class() -> None:
    def process(msg: FakeMessage) -> Sequence[Outbound]:
        raise KeyError("bug")

    runner = batch_runner([[FakeMessage(SOURCE, 0, 0, b"x")]], process)
    with (
        changes("reqstream_errors_total", 1, service="parser", error_class="KeyError"),
        changes("reqstream_dead_letters_total", 1, service="parser", topic=SOURCE),
    ):
        runner.run()


def test_batch_runner_assigned_follows_assign_and_revoke() -> None:
    runner = batch_runner([], lambda m: [])
    consumer = FakeConsumer(Journal(), [])
    assert not runner.assigned()
    runner._on_assign(consumer, [TopicPartition(SOURCE, 0), TopicPartition(SOURCE, 1)])  # type: ignore[arg-type]  # duck-typed fake
    assert runner.assigned()
    runner._on_revoke(consumer, [TopicPartition(SOURCE, 0)])  # type: ignore[arg-type]  # duck-typed fake
    assert runner.assigned()
    runner._on_lost(consumer, [TopicPartition(SOURCE, 1)])  # type: ignore[arg-type]  # duck-typed fake
    assert not runner.assigned()


def async_runner(messages: list[FakeMessage], process: object) -> AsyncRunner:
    journal = Journal()
    return AsyncRunner(
        consumer=FakeConsumer(journal, [messages]),  # type: ignore[arg-type]  # duck-typed fake
        producer=AckOnPollProducer(journal),  # type: ignore[arg-type]  # duck-typed fake
        topics=[Topic.EMAIL_RAW],
        process=process,  # type: ignore[arg-type]  # test double
        stage="parser",
        backoff=Backoff(base=0.0, cap=0.0),
    )


def test_async_runner_counts_every_path() -> None:
    attempts: dict[int, int] = {}

    async def process(msg: FakeMessage) -> Sequence[Outbound]:
        attempts[msg.offset()] = attempts.get(msg.offset(), 0) + 1
        if msg.offset() == 1:
            raise InvalidMessage("bad")
        if msg.offset() == 2 and attempts[2] == 1:
            raise DependencyUnavailable("later")
        return [out()]

    messages = [FakeMessage(SOURCE, 0, o, b"x") for o in range(3)]
    runner = async_runner(messages, process)

    async def scenario() -> None:
        task = asyncio.create_task(runner.run())
        while runner.processed < 3:
            await asyncio.sleep(0.001)
        runner.stop()
        await task

    with (
        changes("reqstream_messages_consumed_total", 3, service="parser", topic=SOURCE),
        changes("reqstream_messages_produced_total", 2, service="parser", topic=PARSED),
        changes("reqstream_processing_seconds_count", 4, service="parser", topic=SOURCE),
        changes("reqstream_dead_letters_total", 1, service="parser", topic=SOURCE),
        changes("reqstream_errors_total", 1, service="parser", error_class="DependencyUnavailable"),
        changes("reqstream_retries_total", 1, service="parser"),
    ):
        asyncio.run(asyncio.wait_for(scenario(), 10))


def test_async_runner_assigned_follows_assign_and_revoke() -> None:
    runner = async_runner([], None)
    consumer = FakeConsumer(Journal(), [])
    assert not runner.assigned()
    runner._on_assign(consumer, [TopicPartition(SOURCE, 0)])  # type: ignore[arg-type]  # duck-typed fake
    assert runner.assigned()
    runner._on_revoke(consumer, [TopicPartition(SOURCE, 0)])  # type: ignore[arg-type]  # duck-typed fake
    assert not runner.assigned()


def test_only_the_closed_set_of_names_is_exposed() -> None:
    exposed = {
        line.split()[2]
        for line in render().decode().splitlines()
        if line.startswith("# TYPE reqstream_")
    }
    assert exposed == METRIC_NAMES


def test_skip_reason_drops_the_score() -> None:
    assert skip_reason_label("low_confidence_0.42") == "low_confidence"
    assert skip_reason_label("not_job") == "not_job"
    assert skip_reason_label(None) == ""
