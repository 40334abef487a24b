"""The plain run step: a poll batch processed one message at a time by a blocking function,
its outputs acknowledged by one flush before any offset of the batch is stored."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from confluent_kafka import Consumer, Message, TopicPartition

from services.common.engine.deliver import Unit, settle_together
from services.common.engine.route import Result, Rewind, message_id
from services.common.engine.steps import Steps
from services.common.kafka import coordinates, partition_names
from services.common.logging import bind

log = logging.getLogger(__name__)

ProcessFn = Callable[[Message], Result]


@dataclass(frozen=True)
class PollBatches:
    """How a sequential run step polls: what is already fetched, up to ``size``; else the first
    message to arrive within ``timeout`` and what follows it within ``linger`` seconds.

    consume(n, timeout) waits until n messages or the timeout: at a low rate every message
    would wait the whole poll timeout for company. A short linger keeps batches (one
    transaction each) from shrinking to single messages at moderate rates."""

    size: int = 200
    timeout: float = 0.5  # seconds
    linger: float = 0.05  # seconds

    def poll(self, consumer: Consumer) -> list[Message]:
        messages = consumer.consume(self.size, 0)
        if messages:
            return list(messages)
        first = consumer.consume(1, self.timeout)
        if not first or self.size == 1:
            return list(first)
        return list(first) + list(consumer.consume(self.size - 1, self.linger))


class RunEach:
    def __init__(self, process: ProcessFn, *, polling: PollBatches = PollBatches()) -> None:
        self._process = process
        self._polling = polling

    def poll(self, consumer: Consumer) -> list[Message]:
        return self._polling.poll(consumer)

    def in_flight(self) -> int:
        return 0

    async def submit(self, ready: Sequence[Message], steps: Steps) -> None:
        for msg in ready:
            steps.route.consumed(msg)
        await settle_together(each(ready, self._process, steps), steps)

    async def pace(self, polled: bool) -> None:
        return None  # the poll itself waited

    async def close(self) -> None:
        return None


def each(
    ready: Sequence[Message],
    process: ProcessFn,
    steps: Steps,
    *,
    spent: Callable[[], bool] = lambda: False,
) -> list[Unit]:
    """Run ``process`` on each message in turn; a message that must wait rewinds its
    partition, and the later messages of that partition in this batch are left alone (they
    come again after it).

    Once ``spent()`` says the time allowed is over, the messages not started yet go back to their
    partitions (sought back, no wait) for a later poll: one message at a time, each may wait
    a whole lock timeout, and a consumer that does not poll for max.poll.interval.ms loses its
    partitions and the work it did. At least one message runs per call."""
    units: list[Unit] = []
    started = False
    for position, msg in enumerate(ready):
        if steps.holds.waiting(coordinates(msg)[:2]):
            continue
        if started and spent():
            put_back(ready[position:], steps)
            break
        started = True
        ticket = steps.commit.started(msg)
        with bind(message_id=message_id(msg)):
            outcome = steps.route.run(msg, process)
        if isinstance(outcome, Rewind):
            steps.rewind(msg, ticket, outcome.delay)
        else:
            units.append(Unit([(msg, ticket)], outcome))
    return units


def put_back(rest: Sequence[Message], steps: Steps) -> None:
    """Messages not started: each partition sought back to its first of them, to be polled
    again at once (a rewind without a wait; its head comes alone first, as after any)."""
    heads: list[TopicPartition] = []
    for msg in rest:
        topic, partition, _ = coordinates(msg)
        if not steps.holds.waiting((topic, partition)):
            steps.holds.rewind(msg, 0.0)
            steps.commit.rewound(msg)
            heads.append(TopicPartition(topic, partition))
    log.warning(
        "one message at a time: budget spent, %d message(s) of %s left for the next poll",
        len(rest),
        partition_names(heads),
    )
