"""AsyncRunner: concurrent work, offsets stored only up to the first unfinished message."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from schemas.contracts.topics import Topic
from services.common.async_runner import AsyncRunner
from services.common.kafka import Outbound
from services.domain.errors import InvalidMessage
from tests.fakes import AckOnPollProducer, FakeConsumer, FakeMessage, Journal

SOURCE = Topic.EMAIL_RAW.value


async def eventually(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Yield to the runner until ``condition`` holds (a wait, not a timed assertion)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "condition not reached"
        await asyncio.sleep(0.001)


def build(
    messages: list[FakeMessage], process: object, max_in_flight: int = 8
) -> tuple[AsyncRunner, FakeConsumer, AckOnPollProducer]:
    journal = Journal()
    consumer = FakeConsumer(journal, [messages])
    producer = AckOnPollProducer(journal)
    runner = AsyncRunner(
        consumer=consumer,  # type: ignore[arg-type]  # duck-typed fake
        producer=producer,  # type: ignore[arg-type]  # duck-typed fake
        topics=[Topic.EMAIL_RAW],
        process=process,  # type: ignore[arg-type]  # test double
        stage="parser",
        max_in_flight=max_in_flight,
    )
    return runner, consumer, producer


def test_out_of_order_completion_never_stores_past_an_unfinished_offset() -> None:
    gates = {o: asyncio.Event() for o in range(4)}
    finished: list[int] = []

    async def process(msg: FakeMessage) -> Sequence[Outbound]:
        await gates[msg.offset()].wait()
        finished.append(msg.offset())
        return [Outbound(Topic.EMAIL_PARSED, "1", b"p%d" % msg.offset())]

    messages = [FakeMessage(SOURCE, 0, o, b"x") for o in range(4)]
    runner, consumer, producer = build(messages, process)

    async def scenario() -> None:
        task = asyncio.create_task(runner.run())
        await eventually(lambda: runner.max_in_flight_seen == 4)  # all four in flight at once
        for offset in (3, 1, 2):  # everything but the head finishes
            gates[offset].set()
        await eventually(lambda: runner.processed == 3)
        assert consumer.stored == []  # offset 0 unfinished: nothing may be committed
        gates[0].set()
        await eventually(lambda: bool(consumer.stored))
        runner.stop()
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
    runner, consumer, producer = build(messages, process)

    async def scenario() -> None:
        task = asyncio.create_task(runner.run())
        await eventually(lambda: runner.processed == 3)
        runner.stop()
        await task

    asyncio.run(scenario())
    assert [(t, v) for t, v, _ in producer.produced] == [(Topic.EMAIL_RAW_DLQ.value, b"v1")]
    assert consumer.stored[-1] == (SOURCE, 0, 3)


def test_in_flight_work_is_abandoned_uncommitted_on_stop() -> None:
    async def process(msg: FakeMessage) -> Sequence[Outbound]:
        await asyncio.sleep(3600)
        return []

    runner, consumer, _ = build([FakeMessage(SOURCE, 0, 0, b"x")], process)

    async def scenario() -> None:
        task = asyncio.create_task(runner.run())
        await eventually(lambda: runner.max_in_flight_seen == 1)
        runner.stop()
        await task

    asyncio.run(scenario())
    assert consumer.stored == []
    assert consumer.journal.kinds()[-1] == "close"
