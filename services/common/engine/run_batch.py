"""The batched run step: every ready message of a poll batch in one call (e.g. one database
transaction for all of them). A dependency outage rewinds them all; any other failure runs
the batch again one message at a time, so the message that caused it alone is dead-lettered
or retried and the rest go on as if the batch call had never been made. That run stops
starting messages once the batch's time budget is spent; the rest comes again at the next
poll, so the consumer keeps polling however long each message waits."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

from confluent_kafka import Consumer, Message

from services.common.engine.deliver import Unit, settle_together
from services.common.engine.route import Deliver
from services.common.engine.run_each import PollBatches, ProcessFn, each
from services.common.engine.steps import Steps
from services.common.kafka import Outbound, coordinates
from services.domain.errors import (
    DependencyUnavailable,
    InvalidMessage,
    RetriesExhausted,
    RetryableError,
)

log = logging.getLogger(__name__)

# when it raises, whatever it did must be safe to do again message by message (a rolled-back
# transaction, an idempotent write)
BatchProcessFn = Callable[[Sequence[Message]], Sequence[Outbound]]

# seconds a failed batch may spend on its messages one at a time before the rest waits for the
# next poll: each may wait a whole lock timeout (5 s by default), and 200 of them would keep the
# consumer from polling past max.poll.interval.ms (300 s), which costs it its partitions
ONE_BY_ONE_BUDGET_S = 30.0


class RunBatch:
    def __init__(
        self,
        process_batch: BatchProcessFn,
        process: ProcessFn,
        *,
        polling: PollBatches = PollBatches(),
        stage: str,
        one_by_one_budget: float = ONE_BY_ONE_BUDGET_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._process_batch = process_batch
        self._process = process
        self._polling = polling
        self._stage = stage
        self._budget = one_by_one_budget
        self._clock = clock

    def poll(self, consumer: Consumer) -> list[Message]:
        return self._polling.poll(consumer)

    def in_flight(self) -> int:
        return 0

    async def submit(self, ready: Sequence[Message], steps: Steps) -> None:
        ready = [m for m in ready if not steps.holds.waiting(coordinates(m)[:2])]
        for msg in ready:  # counted here once, whichever way they are processed
            steps.route.consumed(msg)
        tickets = [(msg, steps.commit.started(msg)) for msg in ready]
        until = self._clock() + self._budget  # the batch's own attempt counts too
        started = time.perf_counter()
        try:
            outputs = list(self._process_batch(ready))
        except DependencyUnavailable as exc:
            earliest: dict[tuple[str, int], int] = {}
            for i, (msg, _) in enumerate(tickets):
                earliest.setdefault(coordinates(msg)[:2], i)
            for i in earliest.values():
                msg, ticket = tickets[i]
                steps.rewind(msg, ticket, steps.route.waits(msg, exc).delay)
            return
        except Exception as exc:  # noqa: BLE001  (isolated message by message below)
            log.warning(
                "%s: batch of %d failed (%s: %s); processing it one message at a time",
                self._stage,
                len(ready),
                type(exc).__name__,
                exc,
                # a bug gets its traceback; bad data and transient faults are routine
                exc_info=not isinstance(exc, InvalidMessage | RetriesExhausted | RetryableError),
            )
            await settle_together(self._one_by_one(ready, steps, until), steps)
            return
        share = (time.perf_counter() - started) / max(1, len(ready))
        for msg in ready:  # the histogram is per input message: each gets an equal share
            steps.route.timed(msg, share)
            steps.route.passed()
        await settle_together([Unit(tickets, Deliver(outputs))], steps)

    def _one_by_one(self, ready: Sequence[Message], steps: Steps, until: float) -> list[Unit]:
        for msg in ready:
            steps.commit.rewound(msg)  # their batch tickets no longer count
        return each(ready, self._process, steps, spent=lambda: self._clock() >= until)

    async def pace(self, polled: bool) -> None:
        return None

    async def close(self) -> None:
        return None
