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
            await steps.produce.send(outcome.outputs)
            if outcome.after_delivery is not None:
                await outcome.after_delivery()
        except Exception as exc:  # noqa: BLE001  (routed like a processing failure)
            outcome = steps.route.failed(msg, exc)
            continue
        steps.settled([(msg, ticket)])
        return


async def settle_together(units: Sequence[Unit], steps: Steps) -> None:
    """Many units, acknowledged by one flush (sequential modes: one wait per poll batch)."""
    sent: list[tuple[Unit, asyncio.Future[None]]] = []
    for unit in units:
        try:
            sent.append((unit, steps.produce.send(unit.outcome.outputs)))
        except DeliveryFailed as exc:
            _rewind_unit(unit, exc, steps)
    if sent:
        steps.produce.flush()
    done: list[tuple[Message, Ticket]] = []
    for unit, delivered in sent:
        if not delivered.done():
            delivered.cancel()
            failure = DeliveryFailed(f"not acknowledged within {FLUSH_TIMEOUT}s")
            _rewind_unit(unit, failure, steps)
        elif (error := delivered.exception()) is not None:
            _rewind_unit(unit, error, steps)
        elif await _after_delivery(unit, steps):
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


def _rewind_unit(unit: Unit, exc: BaseException, steps: Steps) -> None:
    """Each partition of the unit back to its earliest message (a seek per message would
    leave the partition at its latest one)."""
    earliest: dict[tuple[str, int], tuple[Message, Ticket]] = {}
    for msg, ticket in unit.messages:  # in offset order within each partition, as polled
        earliest.setdefault(coordinates(msg)[:2], (msg, ticket))
    for msg, ticket in earliest.values():
        failure = exc if isinstance(exc, DeliveryFailed) else DeliveryFailed(str(exc))
        steps.rewind(msg, ticket, steps.route.waits(msg, failure).delay)
