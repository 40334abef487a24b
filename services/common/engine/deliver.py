"""From an outcome to stored offsets: produce the outputs, wait for the broker's
acknowledgement, run the after-delivery effect, then store. Anything failing on the way is
routed again like a processing failure (an unacknowledged output rewinds the partition)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from confluent_kafka import Message

from services.common.engine.commit import Ticket
from services.common.engine.route import Deliver, Outcome, Rewind
from services.common.engine.steps import Steps
from services.common.kafka import FLUSH_TIMEOUT, DeliveryFailed, coordinates

# seconds one message's outputs may wait for the broker's acknowledgement (concurrent mode), as
# long as the sequential modes' flush. librdkafka reports a failure only when the messages
# expire (message.timeout.ms, 300 s): with the broker hung, every in-flight slot stayed taken
# that long, and a run step with no room does not poll, as long as max.poll.interval.ms (300 s)
ACK_WAIT = FLUSH_TIMEOUT


@dataclass(frozen=True)
class Unit:
    """Messages whose offsets move together, and what they produce (one message, or a whole
    batch processed in one call)."""

    messages: Sequence[tuple[Message, Ticket]]
    outcome: Deliver


async def settle(msg: Message, ticket: Ticket, outcome: Outcome, steps: Steps) -> None:
    """One message, delivered on its own (concurrent mode: the engine loop serves the
    acknowledgements)."""
    while True:
        if isinstance(outcome, Rewind):
            steps.rewind(msg, ticket, outcome.delay)
            return
        try:
            await _acknowledged(steps.produce.send(outcome.outputs))
            if outcome.after_delivery is not None:
                await outcome.after_delivery()
        except Exception as exc:  # noqa: BLE001  (routed like a processing failure)
            if not steps.commit.current(msg, ticket):
                # voided meanwhile: an earlier message's failure rewound the partition past
                # this one (a broker outage fails them all), or it was revoked; it comes again,
                # so it neither waits nor counts a wait of its own
                return
            outcome = steps.route.failed(msg, exc)
            continue
        steps.settled([(msg, ticket)])
        return


async def _acknowledged(delivered: asyncio.Future[None]) -> None:
    try:
        await asyncio.wait_for(delivered, ACK_WAIT)
    except TimeoutError as exc:  # the report, if it ever comes, finds the future cancelled
        raise DeliveryFailed(f"not acknowledged within {ACK_WAIT:.0f}s") from exc


async def settle_together(units: Sequence[Unit], steps: Steps) -> None:
    """Many units, acknowledged by one flush (sequential modes: one wait per poll batch). A
    partition with an unacknowledged output is rewound once, to its earliest such message:
    one wait, one log line and one attempt per partition, not one per message of the batch."""
    unacknowledged = _Unacknowledged()
    sent: list[tuple[Unit, asyncio.Future[None]]] = []
    for unit in units:
        try:
            sent.append((unit, steps.produce.send(unit.outcome.outputs)))
        except DeliveryFailed as exc:
            unacknowledged.add(unit, exc, steps)
    if sent:
        steps.produce.flush()
    acknowledged: list[Unit] = []
    for unit, delivered in sent:
        if not delivered.done():
            delivered.cancel()
            timeout = DeliveryFailed(f"not acknowledged within {FLUSH_TIMEOUT}s")
            unacknowledged.add(unit, timeout, steps)
        elif (error := delivered.exception()) is not None:
            unacknowledged.add(unit, error, steps)
        else:
            acknowledged.append(unit)
    unacknowledged.rewind(steps)
    done: list[tuple[Message, Ticket]] = []
    for unit in acknowledged:
        if await _after_delivery(unit, steps):
            done.extend(unit.messages)
    steps.settled(done)  # one store per partition for the whole poll batch


async def _after_delivery(unit: Unit, steps: Steps) -> bool:
    """Run the unit's after-delivery effect; whether its offsets may be stored now (a failure
    was routed on its own)."""
    if unit.outcome.after_delivery is None:
        return True
    try:
        await unit.outcome.after_delivery()
    except Exception as exc:  # noqa: BLE001  (routed like a processing failure)
        for msg, ticket in unit.messages:
            outcome = steps.route.failed(msg, exc)
            if isinstance(outcome, Rewind):
                steps.rewind(msg, ticket, outcome.delay)
            else:
                await settle_together([Unit([(msg, ticket)], outcome)], steps)
        return False
    return True


@dataclass
class _Earliest:
    """A partition's earliest unacknowledged message (where it is rewound to), its failure, and
    how many of the partition's messages were left unacknowledged."""

    msg: Message
    ticket: Ticket
    failure: BaseException
    count: int = 1


class _Unacknowledged:
    """The messages of a flush whose outputs the broker did not acknowledge, per partition."""

    def __init__(self) -> None:
        self._partitions: dict[tuple[str, int], _Earliest] = {}

    def add(self, unit: Unit, failure: BaseException, steps: Steps) -> None:
        for msg, ticket in unit.messages:
            if not steps.commit.current(msg, ticket):
                continue  # voided meanwhile (rewound or revoked): it comes again anyway
            topic, partition, offset = coordinates(msg)
            earliest = self._partitions.get((topic, partition))
            if earliest is None:
                self._partitions[(topic, partition)] = _Earliest(msg, ticket, failure)
                continue
            earliest.count += 1
            if offset < coordinates(earliest.msg)[2]:  # a send that failed before the flush
                earliest.msg, earliest.ticket, earliest.failure = msg, ticket, failure

    def rewind(self, steps: Steps) -> None:
        """Each partition back to its earliest unacknowledged message, and paused: the broker
        is a dependency that is down, so the partition waits and the rest comes again."""
        for earliest in self._partitions.values():
            failure = DeliveryFailed(
                f"{earliest.failure} ({earliest.count} message(s) of the partition unacknowledged)"
            )
            delay = steps.route.waits(earliest.msg, failure).delay
            steps.rewind(earliest.msg, earliest.ticket, delay)
