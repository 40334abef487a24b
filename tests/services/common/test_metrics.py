"""The runners' Kafka-side metrics, counted with the in-memory fakes."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from confluent_kafka import TopicPartition
from prometheus_client import REGISTRY

from schemas.contracts.topics import Topic
from services.common.engine import RunConcurrent, RunEach
from services.common.kafka import Outbound
from services.common.metrics import (
    CONNECTION_HEALTH_NAMES,
    METRIC_NAMES,
    render,
    skip_reason_label,
)
from services.domain.errors import DependencyUnavailable, InvalidMessage
from services.domain.health_figures import HealthFigures
from services.scheduler.health_metrics import gauges
from tests.fakes import AckOnPollProducer, FakeConsumer, FakeMessage, Journal, engine_over

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


def run_each(process: object, *, log: list[FakeMessage]) -> None:
    engine, _, _, _ = engine_over([], RunEach(process), log=log)  # type: ignore[arg-type]  # test double
    asyncio.run(engine.run())


def out() -> Outbound:
    return Outbound(Topic.EMAIL_PARSED, "1", b"parsed")


def test_engine_counts_consumed_produced_and_processing_time() -> None:
    msgs = [FakeMessage(SOURCE, 0, o, b"x") for o in range(3)]
    with (
        changes("reqstream_messages_consumed_total", 3, service="parser", topic=SOURCE),
        changes("reqstream_messages_produced_total", 3, service="parser", topic=PARSED),
        changes("reqstream_processing_seconds_count", 3, service="parser", topic=SOURCE),
    ):
        run_each(lambda m: [out()], log=msgs)


def test_engine_counts_dead_letters_errors_and_retries() -> None:
    calls: dict[int, int] = {}

    def process(msg: FakeMessage) -> Sequence[Outbound]:
        calls[msg.offset()] = calls.get(msg.offset(), 0) + 1
        if msg.offset() == 0:
            raise InvalidMessage("bad")
        if msg.offset() == 1 and calls[1] == 1:
            raise DependencyUnavailable("database down")
        return [out()]

    log = [FakeMessage(SOURCE, 0, 0, b"x"), FakeMessage(SOURCE, 1, 1, b"x")]
    with (
        changes("reqstream_dead_letters_total", 1, service="parser", topic=SOURCE),
        changes("reqstream_errors_total", 1, service="parser", error_class="InvalidMessage"),
        changes("reqstream_errors_total", 1, service="parser", error_class="DependencyUnavailable"),
        changes("reqstream_retries_total", 1, service="parser"),
        changes("reqstream_messages_consumed_total", 3, service="parser", topic=SOURCE),
        changes("reqstream_messages_produced_total", 1, service="parser", topic=PARSED),
    ):
        run_each(process, log=log)


def test_engine_unexpected_error_is_counted_by_class() -> None:
    def process(msg: FakeMessage) -> Sequence[Outbound]:
        raise KeyError("bug")

    with (
        changes("reqstream_errors_total", 1, service="parser", error_class="KeyError"),
        changes("reqstream_dead_letters_total", 1, service="parser", topic=SOURCE),
    ):
        run_each(process, log=[FakeMessage(SOURCE, 0, 0, b"x")])


def test_engine_assigned_follows_assign_revoke_and_lost() -> None:
    engine, _, _, _ = engine_over([], RunEach(lambda m: []))
    commit = engine._steps.commit
    consumer = FakeConsumer(Journal(), [])
    assert not engine.assigned()
    commit.on_assign(consumer, [TopicPartition(SOURCE, 0), TopicPartition(SOURCE, 1)])  # type: ignore[arg-type]  # duck-typed fake
    assert engine.assigned()
    commit.on_revoke(consumer, [TopicPartition(SOURCE, 0)])  # type: ignore[arg-type]  # duck-typed fake
    assert engine.assigned()
    commit.on_lost(consumer, [TopicPartition(SOURCE, 1)])  # type: ignore[arg-type]  # duck-typed fake
    assert not engine.assigned()


def test_concurrent_engine_counts_every_path() -> None:
    attempts: dict[int, int] = {}

    async def process(msg: FakeMessage) -> Sequence[Outbound]:
        attempts[msg.offset()] = attempts.get(msg.offset(), 0) + 1
        if msg.offset() == 1:
            raise InvalidMessage("bad")
        if msg.offset() == 2 and attempts[2] == 1:
            raise DependencyUnavailable("later")
        return [out()]

    log = [FakeMessage(SOURCE, 0, o, b"x") for o in range(3)]
    engine, _, _, _ = engine_over(
        [],
        RunConcurrent(process),  # type: ignore[arg-type]  # test double
        producer=AckOnPollProducer(Journal()),
        log=log,
    )

    async def scenario() -> None:
        task = asyncio.create_task(engine.run())
        while engine.processed < 3:
            await asyncio.sleep(0.001)
        engine.stop()
        await task

    with (
        changes("reqstream_messages_consumed_total", 4, service="parser", topic=SOURCE),
        changes("reqstream_messages_produced_total", 2, service="parser", topic=PARSED),
        changes("reqstream_processing_seconds_count", 4, service="parser", topic=SOURCE),
        changes("reqstream_dead_letters_total", 1, service="parser", topic=SOURCE),
        changes("reqstream_errors_total", 1, service="parser", error_class="DependencyUnavailable"),
        changes("reqstream_retries_total", 1, service="parser"),
    ):
        asyncio.run(asyncio.wait_for(scenario(), 10))


def test_only_the_closed_set_of_names_is_exposed() -> None:
    exposed = {
        line.split()[2]
        for line in render().decode().splitlines()
        if line.startswith("# TYPE reqstream_")
    }
    # the connection-health gauges come from a scheduler's collector, registered (or not, in
    # this test process) apart from the module-level metrics
    assert METRIC_NAMES - CONNECTION_HEALTH_NAMES <= exposed <= METRIC_NAMES


def test_the_scheduler_collector_exposes_the_connection_health_names() -> None:
    assert {family.name for family in gauges(HealthFigures())} == CONNECTION_HEALTH_NAMES


def test_skip_reason_drops_the_score() -> None:
    assert skip_reason_label("low_confidence_0.42") == "low_confidence"
    assert skip_reason_label("not_job") == "not_job"
    assert skip_reason_label(None) == ""
