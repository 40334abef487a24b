"""PartitionHolds: a rewound partition waits, then its head is tried alone."""

from __future__ import annotations

from confluent_kafka import TopicPartition

from schemas.contracts.topics import Topic
from services.common.engine.holds import PartitionHolds
from tests.fakes import FakeConsumer, FakeMessage, Journal

SOURCE = Topic.EMAIL_RAW.value


class Clock:
    now = 100.0

    def __call__(self) -> float:
        return self.now


def holds() -> tuple[PartitionHolds, FakeConsumer, Clock]:
    consumer, clock = FakeConsumer(Journal(), []), Clock()
    return PartitionHolds(consumer, clock=clock), consumer, clock  # type: ignore[arg-type]  # fake


def msg(partition: int, offset: int) -> FakeMessage:
    return FakeMessage(SOURCE, partition, offset, b"x")


def test_a_rewound_partition_waits_then_tries_its_head_alone() -> None:
    gate, consumer, clock = holds()
    gate.rewind(msg(0, 5), delay=2.0)  # type: ignore[arg-type]  # fake message
    assert consumer.journal.events[-2:] == [("pause", None), ("seek", (SOURCE, 0, 5))]
    assert gate.waiting((SOURCE, 0))
    assert not gate.admit(msg(0, 6))  # type: ignore[arg-type]  # fetched before the rewind
    assert gate.admit(msg(1, 0))  # type: ignore[arg-type]  # other partitions go on
    clock.now += 1.9
    gate.release_due()
    assert gate.waiting((SOURCE, 0))
    clock.now += 0.2
    gate.release_due()
    assert not gate.waiting((SOURCE, 0))
    assert consumer.journal.kinds()[-1] == "resume"
    assert gate.admit(msg(0, 5))  # type: ignore[arg-type]  # the head, alone
    assert consumer.journal.events[-2:] == [("pause", None), ("seek", (SOURCE, 0, 6))]
    assert not gate.admit(msg(0, 6))  # type: ignore[arg-type]  # behind the head on trial
    gate.settled(msg(0, 5))  # type: ignore[arg-type]
    assert consumer.journal.kinds()[-1] == "resume"
    assert gate.admit(msg(0, 6))  # type: ignore[arg-type]


def test_a_head_that_fails_again_waits_again() -> None:
    gate, _, clock = holds()
    gate.rewind(msg(0, 5), delay=1.0)  # type: ignore[arg-type]
    clock.now += 1.0
    gate.release_due()
    assert gate.admit(msg(0, 5))  # type: ignore[arg-type]
    gate.rewind(msg(0, 5), delay=1.0)  # type: ignore[arg-type]
    assert gate.waiting((SOURCE, 0))
    assert not gate.admit(msg(0, 5))  # type: ignore[arg-type]


def test_revoked_partitions_are_forgotten() -> None:
    gate, _, _ = holds()
    gate.rewind(msg(0, 5), delay=60.0)  # type: ignore[arg-type]
    gate.forget([TopicPartition(SOURCE, 0)])
    assert not gate.waiting((SOURCE, 0))
    assert gate.admit(msg(0, 5))  # type: ignore[arg-type]
