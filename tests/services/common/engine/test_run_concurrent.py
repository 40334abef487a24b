"""The concurrent run step: work in flight at once, offsets stored only up to the first
unfinished message, and a dependency outage that makes its partition wait."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

import pytest

from schemas.contracts.topics import Topic
from services.common.engine import RunConcurrent
from services.common.engine.run_concurrent import BUSY_SLEEP, IDLE_SLEEP, IDLE_WAIT
from services.common.kafka import Outbound
from services.domain.errors import DependencyUnavailable, InvalidMessage
from tests.fakes import AckOnPollProducer, FakeMessage, Journal, LogConsumer, engine_over

SOURCE = Topic.EMAIL_RAW.value


async def eventually(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Yield to the engine until ``condition`` holds (a wait, not a timed assertion)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "condition not reached"
        await asyncio.sleep(0.001)


def build(messages: list[FakeMessage], process: object, max_in_flight: int = 8):  # type: ignore[no-untyped-def]  # test helper
    producer = AckOnPollProducer(Journal())
    engine, consumer, _, _ = engine_over(
        [messages],
        RunConcurrent(process, max_in_flight=max_in_flight),  # type: ignore[arg-type]  # test double
        producer=producer,
        stop_when_empty=False,
    )
    return engine, consumer, producer


def test_out_of_order_completion_never_stores_past_an_unfinished_offset() -> None:
    gates = {o: asyncio.Event() for o in range(4)}
    finished: list[int] = []

    async def process(msg: FakeMessage) -> Sequence[Outbound]:
        await gates[msg.offset()].wait()
        finished.append(msg.offset())
        return [Outbound(Topic.EMAIL_PARSED, "1", b"p%d" % msg.offset())]

    messages = [FakeMessage(SOURCE, 0, o, b"x") for o in range(4)]
    engine, consumer, producer = build(messages, process)

    async def scenario() -> None:
        task = asyncio.create_task(engine.run())
        await eventually(lambda: engine.stats.max_in_flight_seen == 4)  # all four at once
        for offset in (3, 1, 2):  # everything but the head finishes
            gates[offset].set()
        await eventually(lambda: engine.processed == 3)
        assert consumer.stored == []  # offset 0 unfinished: nothing may be committed
        gates[0].set()
        await eventually(lambda: bool(consumer.stored))
        engine.stop()
        await task

    asyncio.run(scenario())
    assert finished == [3, 1, 2, 0]
    assert consumer.stored[-1] == (SOURCE, 0, 4)
    assert len(producer.produced) == 4


def test_bad_message_is_dead_lettered_and_the_rest_committed() -> None:
    async def process(msg: FakeMessage) -> Sequence[Outbound]:
        if msg.offset() == 1:
            raise InvalidMessage("undecodable")
        return []

    messages = [FakeMessage(SOURCE, 0, o, b"v%d" % o) for o in range(3)]
    engine, consumer, producer = build(messages, process)

    async def scenario() -> None:
        task = asyncio.create_task(engine.run())
        await eventually(lambda: engine.processed == 3)
        engine.stop()
        await task

    asyncio.run(scenario())
    assert [(t, v) for t, v, _ in producer.produced] == [(Topic.EMAIL_RAW_DLQ.value, b"v1")]
    assert consumer.stored[-1] == (SOURCE, 0, 3)


def test_in_flight_work_is_abandoned_uncommitted_on_stop() -> None:
    async def process(msg: FakeMessage) -> Sequence[Outbound]:
        await asyncio.sleep(3600)
        return []

    engine, consumer, _ = build([FakeMessage(SOURCE, 0, 0, b"x")], process)

    async def scenario() -> None:
        task = asyncio.create_task(engine.run())
        await eventually(lambda: engine.stats.max_in_flight_seen == 1)
        engine.stop()
        await task

    asyncio.run(scenario())
    assert consumer.stored == []
    assert consumer.journal.kinds()[-1] == "close"


class ShardDown(DependencyUnavailable):
    retry_after = 0.02  # seconds: the partition waits, then tries its head again


def test_a_dependency_outage_makes_its_partition_wait_while_others_go_on() -> None:
    """Before: the task slept and the partition's later messages kept being dispatched."""
    down = True
    calls: list[tuple[int, int, bool]] = []  # partition, offset, whether the shard was down

    async def process(msg: FakeMessage) -> Sequence[Outbound]:
        calls.append((msg.partition(), msg.offset(), down))
        if msg.partition() == 0 and msg.offset() == 1 and down:
            raise ShardDown("shard of partition 0 down")
        return []

    log = [FakeMessage(SOURCE, p, o, b"x") for p, o in ((0, 0), (0, 1), (1, 0))]
    engine, consumer, _, _ = engine_over(
        [],
        RunConcurrent(process),  # type: ignore[arg-type]  # test double
        producer=AckOnPollProducer(Journal()),
        log=log,
        stop_when_empty=False,
    )
    assert isinstance(consumer, LogConsumer)

    def failures() -> int:
        return sum(1 for p, o, d in calls if (p, o) == (0, 1) and d)

    async def scenario() -> None:
        nonlocal down
        task = asyncio.create_task(engine.run())
        await eventually(lambda: failures() >= 1)
        for p, o in ((0, 2), (0, 3), (1, 1)):  # arrive while partition 0 waits
            consumer.append(FakeMessage(SOURCE, p, o, b"x"))
        await eventually(lambda: (1, 1, True) in calls)  # partition 1 goes on
        await eventually(lambda: failures() >= 3)  # several waits, head tried each time
        assert not any(p == 0 and o > 1 for p, o, _ in calls)  # nothing later dispatched
        down = False
        await eventually(lambda: (SOURCE, 0, 4) in consumer.stored)
        engine.stop()
        await task

    asyncio.run(asyncio.wait_for(scenario(), 10))
    after = [o for p, o, d in calls if p == 0 and not d]
    assert after == [1, 2, 3]  # in order once it recovered
    assert "pause" in consumer.journal.kinds()


def test_quiet_polls_back_off_and_work_brings_the_pace_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # tasks waiting on a model wake the loop themselves: no millisecond spin for them
    slept: list[float] = []

    async def record(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(asyncio, "sleep", record)
    run = RunConcurrent(lambda _msg: None, max_in_flight=8)  # type: ignore[arg-type,return-value]  # never called

    async def paces(busy: list[bool]) -> None:
        for polled in busy:
            await run.pace(polled)

    asyncio.run(paces([True, False, False, False, False, False, False, False, True]))
    assert slept == [
        BUSY_SLEEP,
        2 * BUSY_SLEEP,
        4 * BUSY_SLEEP,
        8 * BUSY_SLEEP,
        16 * BUSY_SLEEP,
        IDLE_SLEEP,
        IDLE_SLEEP,
        IDLE_SLEEP,
        BUSY_SLEEP,
    ]


class RecordingConsumer:
    """Records each consume(n, timeout) call; holds ``queued`` messages."""

    def __init__(self, queued: list[FakeMessage]) -> None:
        self.queued = queued
        self.calls: list[tuple[int, float]] = []

    def consume(self, num_messages: int = 1, timeout: float = -1) -> list[FakeMessage]:
        self.calls.append((num_messages, timeout))
        taken, self.queued = self.queued[:num_messages], self.queued[num_messages:]
        return taken


def test_with_nothing_running_on_the_loop_the_poll_waits_in_the_consumer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: the loop looked (timeout 0) and slept a millisecond at a time, waking about six
    times per email at a trickle; now it waits in librdkafka for the first message, then takes
    what is there, and the pace only yields to the tasks."""
    slept: list[float] = []
    real_sleep = asyncio.sleep

    async def record(seconds: float) -> None:
        slept.append(seconds)
        await real_sleep(0)

    monkeypatch.setattr(asyncio, "sleep", record)
    run = RunConcurrent(lambda _msg: None, max_in_flight=8)  # type: ignore[arg-type,return-value]  # never called
    consumer = RecordingConsumer([FakeMessage(SOURCE, 0, o, b"x") for o in range(3)])

    got = run.poll(consumer)  # type: ignore[arg-type]  # duck-typed fake
    assert [m.offset() for m in got] == [0, 1, 2]
    assert consumer.calls == [(1, IDLE_WAIT), (7, 0)]
    asyncio.run(run.pace(True))
    assert slept == [0]  # the wait happened in the poll
    assert run.poll(consumer) == []  # type: ignore[arg-type]  # duck-typed fake
    assert consumer.calls[-1] == (1, IDLE_WAIT)


def test_an_idle_poll_waits_long_and_one_with_outputs_unacknowledged_briefly() -> None:
    """With no task in flight nothing needs the loop: the poll waits ``IDLE_WAIT`` (an idle
    fetcher used to wake 50 times a second). While an output awaits its acknowledgement, which
    the loop serves after each poll, it waits at most ``IDLE_SLEEP``."""

    async def process(msg: FakeMessage) -> Sequence[Outbound]:
        return [Outbound(Topic.EMAIL_PARSED, "1", b"p")]

    engine, consumer, _ = build([FakeMessage(SOURCE, 0, 0, b"x")], process)
    waits: list[tuple[float, int]] = []  # a first-message poll's timeout, the tasks in flight
    original = consumer.consume

    def consume(num_messages: int = 1, timeout: float = -1) -> list[FakeMessage]:
        if num_messages == 1:
            waits.append((timeout, engine.stats.processed))
        found: list[FakeMessage] = original(num_messages, timeout)
        return found

    consumer.consume = consume  # spy on the fake

    async def scenario() -> None:
        task = asyncio.create_task(engine.run())
        await eventually(lambda: engine.processed == 1 and waits[-1][1] == 1)
        engine.stop()
        await task

    asyncio.run(asyncio.wait_for(scenario(), 10))
    assert waits[0] == (IDLE_WAIT, 0)  # no task in flight yet
    assert (IDLE_SLEEP, 0) in waits  # its output awaited the acknowledgement
    assert waits[-1] == (IDLE_WAIT, 1)  # settled: idle again


def test_while_work_runs_on_the_loop_the_poll_only_looks() -> None:
    started = asyncio.Event()

    async def process(msg: FakeMessage) -> Sequence[Outbound]:
        started.set()
        await asyncio.sleep(3600)  # a model call, say: the loop must keep serving it
        return []

    engine, consumer, _ = build([FakeMessage(SOURCE, 0, 0, b"x")], process)
    waits: list[float] = []
    original = consumer.consume

    def consume(num_messages: int = 1, timeout: float = -1) -> list[FakeMessage]:
        if started.is_set():
            waits.append(timeout)
        found: list[FakeMessage] = original(num_messages, timeout)
        return found

    consumer.consume = consume  # spy on the fake

    async def scenario() -> None:
        task = asyncio.create_task(engine.run())
        await eventually(lambda: len(waits) >= 3)
        engine.stop()
        await task

    asyncio.run(asyncio.wait_for(scenario(), 10))
    assert set(waits) == {0}
