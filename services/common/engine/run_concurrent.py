"""The concurrent run step: up to ``max_in_flight`` messages processed at once by asyncio tasks
(useful when processing awaits a model or a mailbox). A partition's offset is stored only up
to its first unfinished message; a message that must wait rewinds and pauses its partition,
and the work already running for later messages of it no longer counts (they come again).

When no task needs the event loop (none in flight, or every one only waits for its outputs'
acknowledgement), the poll waits in librdkafka for the next message instead of the loop
sleeping a millisecond at a time: a wake-up costs about 0.1 ms of CPU on a busy machine, and a
trickle of emails cost six of them per email, polling for the next message and the
acknowledgement; now one, when the message arrives (acknowledgements are served on the way, at
most ``IDLE_SLEEP`` late, which only delays storing the offset). With no task at all there is
no acknowledgement to serve: the poll waits up to ``IDLE_WAIT``, as the sequential run steps'
polls do (an idle fetcher woke 50 times a second, ~7 ms CPU a second; a partition's due
retry or end of outage is then resumed up to that much later)."""

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
IDLE_SLEEP = 0.02  # seconds between empty polls while outputs await acknowledgement, at most
IDLE_WAIT = 0.5  # seconds an empty poll waits with no task in flight (PollBatches' timeout)
BUSY_SLEEP = 0.001  # seconds: yield to the tasks between polls
MAX_POLL = 500  # messages per consume call


class RunConcurrent:
    def __init__(self, process: AsyncProcessFn, *, max_in_flight: int = 64) -> None:
        self._process = process
        self._max_in_flight = max_in_flight
        self._tasks: set[asyncio.Task[None]] = set()
        self._settling = 0  # tasks whose outcome only waits for acknowledgement (or its effect)
        self._wait = BUSY_SLEEP
        self._waited = False  # the last poll waited in the consumer: the pace need not sleep

    def poll(self, consumer: Consumer) -> list[Message]:
        room = self._max_in_flight - len(self._tasks)
        if room <= 0:
            return []
        if len(self._tasks) > self._settling:  # work runs on the loop: only look
            return list(consumer.consume(min(room, MAX_POLL), 0))
        # consume(n, timeout) waits for n messages: wait for the first, then take what is there
        self._waited = True
        first = consumer.consume(1, IDLE_SLEEP if self._tasks else IDLE_WAIT)
        if not first or room == 1:
            return list(first)
        return [*first, *consumer.consume(min(room, MAX_POLL) - 1, 0)]

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
                self._settling += 1
                try:
                    await settle(msg, ticket, outcome, steps)
                finally:
                    self._settling -= 1
        except DeadLetterLimitExceeded as exc:
            steps.stop_with(exc)

    async def pace(self, polled: bool) -> None:
        """Between two polls: a millisecond while messages come or outputs await their
        acknowledgement, then twice as long after each quiet poll up to ``IDLE_SLEEP``. Tasks
        waiting on a model or a mailbox wake the loop themselves (their sockets are in it), so
        they need no polling: spinning every millisecond for them cost about 50 ms CPU per
        second with 200 calls in flight. After a poll that waited in the consumer, only a yield
        to the tasks."""
        self._wait = BUSY_SLEEP if polled else min(self._wait * 2, IDLE_SLEEP)
        if self._waited:
            self._waited = False
            await asyncio.sleep(0)
            return
        await asyncio.sleep(self._wait)

    async def close(self) -> None:
        # in-flight work is abandoned uncommitted: it is redelivered to the next owner
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
