"""A delivery failure (the broker did not acknowledge a flush): each partition with an
unacknowledged output is rewound once, to its earliest such message, and waits once (one log
line, one counted retry, one attempt), however many messages of the batch it left unsettled."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from confluent_kafka import KafkaError, KafkaException

from schemas.contracts.topics import Topic
from services.common.engine import RunConcurrent, RunEach
from services.common.engine.engine import Engine
from services.common.kafka import Outbound
from services.common.metrics import RETRIES
from tests.fakes import (
    AckOnPollProducer,
    FakeConsumer,
    FakeMessage,
    FakeProducer,
    Journal,
    engine_over,
)

SOURCE = Topic.EMAIL_RAW.value
WAITS = "the partition waits"


@dataclass
class UnacknowledgedFlushProducer(FakeProducer):
    """Its next flush times out with nothing acknowledged (a broker restarting under the
    batch); the reports it holds back are served, too late, by the flush after. The outputs
    whose value is in ``refused`` are refused at the produce call itself."""

    time_out_next_flush: bool = True
    refused: frozenset[bytes] = frozenset()

    def produce(self, topic: str, value: bytes | None = None, *args: Any, **kwargs: Any) -> None:
        if value in self.refused:
            raise KafkaException(KafkaError(KafkaError._TRANSPORT))
        super().produce(topic, value, *args, **kwargs)

    def flush(self, timeout: float = -1) -> int:
        if not self.time_out_next_flush:
            return super().flush(timeout)
        self.time_out_next_flush = False
        self.journal.add("flush")
        return len(self._callbacks)


def output(msg: FakeMessage) -> Sequence[Outbound]:
    return [Outbound(Topic.EMAIL_PARSED, "1", b"out%d" % msg.offset())]


def batch() -> list[FakeMessage]:
    """Five messages of partition 0 and four of partition 1, interleaved as a poll returns them."""
    zero = [FakeMessage(SOURCE, 0, o, b"x") for o in range(10, 15)]
    one = [FakeMessage(SOURCE, 1, o, b"x") for o in range(20, 24)]
    return [*zero[:2], *one, *zero[2:]]


def retries() -> float:
    return RETRIES.labels("parser")._value.get()  # type: ignore[no-any-return]


def run_once(producer: FakeProducer) -> tuple[Engine, FakeConsumer]:
    run = RunEach(output)  # type: ignore[arg-type]  # the fakes' messages
    engine, consumer, _, _ = engine_over([batch()], run, producer=producer)
    asyncio.run(engine.run())
    return engine, consumer


def waits_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if WAITS in r.getMessage()]


@pytest.mark.parametrize(
    "make_producer",
    [
        pytest.param(lambda: UnacknowledgedFlushProducer(Journal()), id="flush-timed-out"),
        pytest.param(lambda: FakeProducer(Journal(), fail_next_flush=True), id="delivery-error"),
    ],
)
def test_an_unacknowledged_flush_rewinds_and_counts_one_wait_per_partition(
    make_producer: Callable[[], FakeProducer], caplog: pytest.LogCaptureFixture
) -> None:
    before = retries()
    with caplog.at_level(logging.WARNING):
        engine, consumer = run_once(make_producer())
    assert consumer.stored == []  # nothing past an unacknowledged message
    assert consumer.seeks == [(SOURCE, 0, 10), (SOURCE, 1, 20)]  # each to its earliest, once
    assert engine.stats.retried == 2 and retries() - before == 2
    # the next attempt's backoff is the partition's, not a later message's
    assert engine.stats.attempts == {(SOURCE, 0, 10): 1, (SOURCE, 1, 20): 1}
    lines = waits_logged(caplog)
    assert len(lines) == 2, lines
    assert "email.raw[0]@10" in lines[0] and "5 message(s) of the partition" in lines[0]
    assert "email.raw[1]@20" in lines[1] and "4 message(s) of the partition" in lines[1]


def test_a_send_refused_late_in_the_batch_still_rewinds_to_the_earliest_unacknowledged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Offset 13 is refused at once, before the flush that then times out for 10..12: the
    partition goes back to 10, not 13, and waits once."""
    producer = UnacknowledgedFlushProducer(Journal(), refused=frozenset({b"out13"}))
    with caplog.at_level(logging.WARNING):
        engine, consumer = run_once(producer)
    assert consumer.stored == []
    assert (SOURCE, 0, 10) in consumer.seeks and (SOURCE, 0, 13) not in consumer.seeks
    assert engine.stats.attempts == {(SOURCE, 0, 10): 1, (SOURCE, 1, 20): 1}
    assert len(waits_logged(caplog)) == 2


def test_after_the_wait_the_whole_batch_comes_again_and_is_stored() -> None:
    calls: list[tuple[int, int]] = []

    def process(msg: FakeMessage) -> Sequence[Outbound]:
        calls.append((msg.partition(), msg.offset()))
        return output(msg)

    producer = UnacknowledgedFlushProducer(Journal())
    run = RunEach(process)  # type: ignore[arg-type]  # the fakes' messages
    engine, consumer, _, _ = engine_over([], run, producer=producer, log=batch())
    asyncio.run(engine.run())
    for partition, first, end in ((0, 10, 15), (1, 20, 24)):
        # every message of the partition ran again after its rewind, in order
        again = [o for p, o in calls if p == partition][end - first :]
        assert again == list(range(first, end))
        stored = [o for _, p, o in consumer.stored if p == partition]
        assert stored and stored[-1] == end
    assert engine.stats.attempts == {}  # forgotten once delivered


@dataclass
class FailOnPollProducer(AckOnPollProducer):
    """Its first poll with reports to serve fails them all (the broker went away), then it
    acknowledges at each poll."""

    failed_once: bool = False

    def poll(self, timeout: float = 0) -> int:
        if self.failed_once or not self._callbacks:
            return super().poll(timeout)
        self.failed_once = True
        callbacks, self._callbacks = self._callbacks, []
        for cb in callbacks:
            cb(KafkaError(KafkaError._MSG_TIMED_OUT), None)
        return len(callbacks)


def test_concurrent_delivery_failures_wait_once_per_partition(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def process(msg: FakeMessage) -> Sequence[Outbound]:
        return output(msg)

    log = [FakeMessage(SOURCE, 0, o, b"x") for o in range(4)]
    producer = FailOnPollProducer(Journal())
    run = RunConcurrent(process)  # type: ignore[arg-type]  # the fakes' messages
    engine, consumer, _, _ = engine_over([], run, producer=producer, log=log, stop_when_empty=False)

    async def scenario() -> None:
        task = asyncio.create_task(engine.run())
        while not consumer.stored or consumer.stored[-1] != (SOURCE, 0, 4):
            await asyncio.sleep(0.001)
        engine.stop()
        await task

    with caplog.at_level(logging.WARNING):
        asyncio.run(asyncio.wait_for(scenario(), 10))
    assert consumer.seeks[0] == (SOURCE, 0, 0)
    assert engine.stats.retried == 1
    assert len(waits_logged(caplog)) == 1


def test_a_concurrent_send_the_broker_never_acknowledges_rewinds_its_partition(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """librdkafka reports an unacknowledged message only when it expires (300 s); meanwhile the
    task held its in-flight slot. It now waits as long as a flush, then the partition waits."""
    monkeypatch.setattr("services.common.engine.deliver.ACK_WAIT", 0.05)

    async def process(msg: FakeMessage) -> Sequence[Outbound]:
        return output(msg)

    log = [FakeMessage(SOURCE, 0, 0, b"x")]
    producer = FakeProducer(Journal())  # acknowledges only on flush: never, while running
    run = RunConcurrent(process)  # type: ignore[arg-type]  # the fakes' messages
    engine, consumer, _, _ = engine_over([], run, producer=producer, log=log, stop_when_empty=False)

    async def scenario() -> None:
        task = asyncio.create_task(engine.run())
        while engine.stats.retried == 0:
            await asyncio.sleep(0.001)
        engine.stop()
        await task

    asyncio.run(asyncio.wait_for(scenario(), 10))
    assert consumer.seeks[0] == (SOURCE, 0, 0)
    assert run.in_flight() == 0
