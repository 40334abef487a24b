"""The steps one consumer's run step hands each message to, built once per engine."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from confluent_kafka import Message

from services.common.engine.commit import CommitOffsets, Ticket
from services.common.engine.holds import PartitionHolds
from services.common.engine.produce import Produce
from services.common.engine.route import FailureRouting


@dataclass(frozen=True)
class Steps:
    route: FailureRouting
    produce: Produce
    commit: CommitOffsets
    holds: PartitionHolds
    stop_with: Callable[[BaseException], None]  # the engine stops and re-raises it

    def settled(self, done: Sequence[tuple[Message, Ticket]]) -> None:
        """Outcomes durable: store their offsets, let partitions that waited on them go on."""
        self.commit.finished(done)
        for msg, _ in done:
            self.route.delivered(msg)
            self.holds.settled(msg)

    def rewind(self, msg: Message, ticket: Ticket, delay: float) -> None:
        """``msg`` waits: seek its partition back to it and pause it. Work that a rewind or a
        revocation already voided must not move the partition (it would skip messages)."""
        if self.commit.current(msg, ticket):
            self.holds.rewind(msg, delay)
            self.commit.rewound(msg)
