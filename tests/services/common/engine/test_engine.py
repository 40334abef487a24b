"""The engine loop's once-only warm-up hook: called after the first batch ran, never again."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from confluent_kafka import Message

from schemas.contracts.topics import Topic
from services.common.engine import RunEach
from services.common.kafka import Outbound
from tests.fakes import FakeMessage, engine_over

SOURCE = Topic.EMAIL_RAW.value


def test_warmed_is_called_once_after_the_first_batch_ran() -> None:
    order: list[str] = []

    def process(msg: Message) -> Sequence[Outbound]:
        order.append(f"process {msg.offset()}")
        return []

    batches = [[FakeMessage(SOURCE, 0, 0, b"a"), FakeMessage(SOURCE, 0, 1, b"b")]]
    batches += [[], [FakeMessage(SOURCE, 0, 2, b"c")]]
    engine, _, _, journal = engine_over(batches, RunEach(process), stop_when_empty=False)

    def warmed() -> None:
        order.append("warmed")
        journal.add("warmed")

    def stop_after_three_batches() -> bool:  # the scripted batches are consumed by then
        return len(order) >= 4

    asyncio.run(engine.run(warmed=warmed, idle_exit=stop_after_three_batches))
    assert order == ["process 0", "process 1", "warmed", "process 2"]
    kinds = journal.kinds()
    assert kinds.index("warmed") > kinds.index("store")  # the first batch was settled
