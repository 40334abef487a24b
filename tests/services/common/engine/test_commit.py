"""CommitOffsets: stored only what finished, never past unfinished or voided work."""

from __future__ import annotations

from confluent_kafka import KafkaError, KafkaException, TopicPartition

from schemas.contracts.topics import Topic
from services.common.engine.commit import CommitOffsets
from services.common.engine.holds import PartitionHolds
from tests.fakes import FakeConsumer, FakeMessage, Journal

SOURCE = Topic.EMAIL_RAW.value


def commit() -> tuple[CommitOffsets, FakeConsumer]:
    consumer = FakeConsumer(Journal(), [])
    step = CommitOffsets(consumer, stage="parser", holds=PartitionHolds(consumer))  # type: ignore[arg-type]  # fake
    return step, consumer


def msg(offset: int, partition: int = 0) -> FakeMessage:
    return FakeMessage(SOURCE, partition, offset, b"x")


def test_work_voided_by_a_rewind_never_moves_the_position() -> None:
    step, consumer = commit()
    tickets = {o: step.started(msg(o)) for o in range(4)}  # type: ignore[arg-type]  # fake
    step.rewound(msg(2))  # type: ignore[arg-type]  # 2 and 3 come again
    step.finished([(msg(3), tickets[3]), (msg(0), tickets[0]), (msg(1), tickets[1])])  # type: ignore[list-item]
    assert consumer.stored == [(SOURCE, 0, 2)]
    again = step.started(msg(2))  # type: ignore[arg-type]
    step.finished([(msg(2), tickets[2])])  # type: ignore[list-item]  # the voided attempt
    assert consumer.stored == [(SOURCE, 0, 2)]
    step.finished([(msg(2), again)])  # type: ignore[list-item]
    assert consumer.stored[-1] == (SOURCE, 0, 3)


def test_work_of_a_revoked_partition_is_never_stored_and_revoke_leaves_commits_to_librdkafka() -> (
    None
):
    step, consumer = commit()
    step.on_assign(consumer, [TopicPartition(SOURCE, 0), TopicPartition(SOURCE, 1)])  # type: ignore[arg-type]
    kept, revoked = step.started(msg(0, 0)), step.started(msg(0, 1))  # type: ignore[arg-type]
    step.on_revoke(consumer, [TopicPartition(SOURCE, 1)])  # type: ignore[arg-type]
    # a commit in the callback would wait on the coordinator on the loop's thread
    assert "commit" not in consumer.journal.kinds()
    step.finished([(msg(0, 0), kept), (msg(0, 1), revoked)])  # type: ignore[list-item]
    assert consumer.stored == [(SOURCE, 0, 1)]
    assert step.assigned()
    step.on_lost(consumer, [TopicPartition(SOURCE, 0)])  # type: ignore[arg-type]
    assert not step.assigned()


class LostPartitionConsumer(FakeConsumer):
    """Refuses offsets of partition 1, as librdkafka does once the partition is gone."""

    def store_offsets(self, offsets: list[TopicPartition]) -> None:
        if any(tp.partition == 1 for tp in offsets):
            raise KafkaException(KafkaError(KafkaError._STATE))
        super().store_offsets(offsets)


def test_offsets_of_a_partition_lost_meanwhile_are_skipped_not_fatal() -> None:
    consumer = LostPartitionConsumer(Journal(), [])
    step = CommitOffsets(consumer, stage="jobwriter", holds=PartitionHolds(consumer))  # type: ignore[arg-type]  # fake
    done = [(msg(5, 0), step.started(msg(5, 0))), (msg(9, 1), step.started(msg(9, 1)))]  # type: ignore[arg-type]
    step.finished(done)  # type: ignore[arg-type]
    assert consumer.stored == [(SOURCE, 0, 6)]
