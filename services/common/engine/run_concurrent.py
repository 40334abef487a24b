"""The concurrent run step: up to ``max_in_flight`` messages processed at once by asyncio tasks
(useful when processing awaits a model or a mailbox). A partition's offset is stored only up
to its first unfinished message; a message that must wait rewinds and pauses its partition,
and the work already running for later messages of it no longer counts (they come again)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from confluent_kafka import Consumer, Message

from services.common.engine.breaker import DeadLetterLimitExceeded
from services.common.engine.commit import Ticket
from services.common.engine.deliver import settle
from services.common.engine.route import Result, message_id
from services.common.engine.steps import Steps
from services.common.logging import bind

AsyncProcessFn = Callable[[Message], Awaitable[Result]]
IDLE_SLEEP = 0.02  # seconds between empty polls, at most
BUSY_SLEEP = 0.001  # seconds: yield to the tasks between polls
MAX_POLL = 500  # messages per consume call


class RunConcurrent:
    def __init__(self, process: AsyncProcessFn, *, max_in_flight: int = 64) -> None:
        self._process = process
        self._max_in_flight = max_in_flight
        self._tasks: set[asyncio.Task[None]] = set()
        self._wait = BUSY_SLEEP

    def poll(self, consumer: Consumer) -> list[Message]:
        room = self._max_in_flight - len(self._tasks)
        return list(consumer.consume(min(room, MAX_POLL), 0)) if room > 0 else []

    def in_flight(self) -> int:
        return len(self._tasks)

    async def submit(self, ready: Sequence[Message], steps: Steps) -> None:
        for msg in ready:
            steps.route.consumed(msg)
            # started before any task runs: the track knows every dispatched offset
            task = asyncio.create_task(self._handle(msg, steps.commit.started(msg), steps))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        stats = steps.route.stats
        stats.max_in_flight_seen = max(stats.max_in_flight_seen, len(self._tasks))

    async def _handle(self, msg: Message, ticket: Ticket, steps: Steps) -> None:
        # each task runs in its own copy of the context: the id stays with this message
        try:
            with bind(message_id=message_id(msg)):
                outcome = await steps.route.run_async(msg, self._process)
                await settle(msg, ticket, outcome, steps)
        except DeadLetterLimitExceeded as exc:
            steps.stop_with(exc)

    async def pace(self, polled: bool) -> None:
        """Between two polls: a millisecond while messages come or outputs await their
        acknowledgement, then twice as long after each quiet poll up to ``IDLE_SLEEP``. Tasks
        waiting on a model or a mailbox wake the loop themselves (their sockets are in it), so
        they need no polling: spinning every millisecond for them cost about 50 ms CPU per
        second with 200 calls in flight."""
        self._wait = BUSY_SLEEP if polled else min(self._wait * 2, IDLE_SLEEP)
        await asyncio.sleep(self._wait)

    async def close(self) -> None:
        # in-flight work is abandoned uncommitted: it is redelivered to the next owner
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
