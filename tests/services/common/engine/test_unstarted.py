"""UnstartedPartitions: a partition librdkafka never started (its committed-offset query
failed) is assigned again; one it reads, or that is merely quiet, is left alone."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from confluent_kafka import KafkaError, Message, TopicPartition

from schemas.contracts.topics import Topic
from services.common.engine import RunConcurrent
from services.common.engine.unstarted import (
    CHECK_EVERY,
    NO_OFFSET,
    STALL_AFTER,
    UnstartedPartitions,
    failed_offset_query,
)
from services.common.kafka import Outbound
from tests.fakes import FakeConsumer, FakeMessage, Journal, engine_over

SOURCE = Topic.EMAIL_SYNC_REQUESTED.value
QUERY_FAILED = (
    'Failed to fetch committed offsets for partitions in group "fetcher": '
    "Local: Broker transport failure"
)


@dataclass
class AssigningConsumer(FakeConsumer):
    """Records the local assignment calls; ``fetched`` partitions have a cached watermark."""

    fetched: set[tuple[str, int]] = field(default_factory=set)
    callbacks: dict[str, Callable[..., None]] = field(default_factory=dict)

    def subscribe(self, topics: list[str], **callbacks: Any) -> None:
        super().subscribe(topics)
        self.callbacks = callbacks

    def incremental_unassign(self, partitions: list[TopicPartition]) -> None:
        self.journal.add("unassign", sorted((tp.topic, tp.partition) for tp in partitions))

    def incremental_assign(self, partitions: list[TopicPartition]) -> None:
        self.journal.add("assign", sorted((tp.topic, tp.partition) for tp in partitions))

    def get_watermark_offsets(
        self, partition: TopicPartition, cached: bool = False
    ) -> tuple[int, int]:
        assert cached, "the watch never asks the broker"
        key = (partition.topic, partition.partition)
        return (0, 5) if key in self.fetched else (NO_OFFSET, NO_OFFSET)


@dataclass
class Clock:
    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


def watch() -> tuple[UnstartedPartitions, AssigningConsumer, Clock]:
    consumer = AssigningConsumer(Journal(), [])
    clock = Clock()
    unstarted = UnstartedPartitions(consumer, stage="fetcher", clock=clock)  # type: ignore[arg-type]  # fake
    unstarted.assigned([TopicPartition(SOURCE, p) for p in (0, 1, 2)])
    return unstarted, consumer, clock


class QueryFailed(FakeMessage):
    """The consumer error librdkafka raises when an assignment's offset query failed."""

    def error(self) -> KafkaError:
        return KafkaError(KafkaError._TRANSPORT, QUERY_FAILED)


def test_after_a_failed_query_every_untouched_partition_is_assigned_again_at_once() -> None:
    unstarted, consumer, _ = watch()
    read = {(SOURCE, 0)}
    unstarted.query_failed()
    again = unstarted.check(lambda key: key not in read)
    assert again == [(SOURCE, 1), (SOURCE, 2)]
    assert consumer.journal.events == [("unassign", again), ("assign", again)]


def test_a_second_failure_waits_a_check_interval_before_assigning_again() -> None:
    unstarted, consumer, clock = watch()
    unstarted.query_failed()
    assert unstarted.check(lambda _key: True)
    unstarted.query_failed()  # the fresh query failed too: the coordinator is still away
    clock.now += CHECK_EVERY / 2
    assert unstarted.check(lambda _key: True) == []
    clock.now += CHECK_EVERY / 2
    assert unstarted.check(lambda _key: True) == [(SOURCE, p) for p in (0, 1, 2)]


def test_a_long_held_partition_never_fetched_is_assigned_again_a_quiet_one_is_not() -> None:
    unstarted, consumer, clock = watch()
    consumer.fetched = {(SOURCE, 0), (SOURCE, 1)}  # fetched from, nothing in them yet
    clock.now += STALL_AFTER - CHECK_EVERY
    assert unstarted.check(lambda _key: True) == []  # not long enough
    clock.now += CHECK_EVERY
    assert unstarted.check(lambda _key: True) == [(SOURCE, 2)]
    clock.now += CHECK_EVERY
    assert unstarted.check(lambda _key: True) == []  # its clock starts again


def test_revoked_partitions_are_not_assigned_again() -> None:
    unstarted, consumer, _ = watch()
    unstarted.query_failed()
    unstarted.dropped([TopicPartition(SOURCE, 1)])
    assert unstarted.check(lambda _key: True) == [(SOURCE, 0), (SOURCE, 2)]


def test_only_offset_query_errors_count() -> None:
    assert failed_offset_query(KafkaError(KafkaError._TRANSPORT, QUERY_FAILED))
    partition_level = (
        'Failed to fetch committed offset for group "fetcher" topic email.sync.requested [2]: '
        "Broker: Coordinator load in progress"
    )
    assert failed_offset_query(KafkaError(KafkaError.COORDINATOR_LOAD_IN_PROGRESS, partition_level))
    assert not failed_offset_query(KafkaError(KafkaError._TRANSPORT, "Broker transport failure"))


def test_the_engine_assigns_again_what_a_failed_offset_query_left_unread() -> None:
    """The old engine logged the consumer error and went on: the partition stayed unread."""
    consumer = AssigningConsumer(Journal(), [])

    async def process(_msg: Message) -> list[Outbound]:
        return []

    engine, _, _, journal = engine_over(
        [], RunConcurrent(process), stop_when_empty=False, stage="fetcher", consumer=consumer
    )

    async def scenario() -> None:
        task = asyncio.create_task(engine.run())
        while not consumer.callbacks:
            await asyncio.sleep(0.001)
        consumer.callbacks["on_assign"](consumer, [TopicPartition(SOURCE, 2)])
        consumer.batches.append([QueryFailed(SOURCE, 2, -1, None)])
        while "assign" not in journal.kinds():
            await asyncio.sleep(0.001)
        engine.stop()
        await task

    asyncio.run(asyncio.wait_for(scenario(), timeout=10))
    assert ("unassign", [(SOURCE, 2)]) in journal.events
    assert ("assign", [(SOURCE, 2)]) in journal.events
