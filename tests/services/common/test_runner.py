"""BatchRunner's order of effects: offsets are stored only after outputs are acknowledged."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from confluent_kafka import KafkaError, KafkaException, TopicPartition
from prometheus_client import REGISTRY

from schemas.contracts.dlq import DeadLetterHeaders
from schemas.contracts.retry import RetryHeaders
from schemas.contracts.topics import Topic
from services.common.kafka import Outbound, ProducerGateway, store_positions
from services.common.runner import Backoff, BatchRunner
from services.domain.errors import DependencyUnavailable, InvalidMessage, RetryableError
from tests.fakes import FakeConsumer, FakeMessage, FakeProducer, Journal

SOURCE = Topic.EMAIL_RAW.value


def make_runner(
    batches: list[list[FakeMessage]],
    process: Any,
    *,
    fail_flush: bool = False,
    process_batch: Any = None,
) -> tuple[BatchRunner, FakeConsumer, FakeProducer, Journal]:
    journal = Journal()
    runner_box: list[BatchRunner] = []
    consumer = FakeConsumer(journal, batches, on_empty=lambda: runner_box[0].stop())
    producer = FakeProducer(journal, fail_next_flush=fail_flush)
    runner = BatchRunner(
        consumer=consumer,  # type: ignore[arg-type]  # duck-typed fake
        producer=ProducerGateway(producer),  # type: ignore[arg-type]  # duck-typed fake
        topics=[Topic.EMAIL_RAW],
        process=process,
        process_batch=process_batch,
        stage="parser",
        backoff=Backoff(base=0.0, cap=0.0),
    )
    runner_box.append(runner)
    return runner, consumer, producer, journal


def out(value: bytes) -> Outbound:
    return Outbound(Topic.EMAIL_PARSED, "1", value)


def assert_stored_after_flush(journal: Journal) -> None:
    kinds = journal.kinds()
    assert (
        kinds.index("store")
        > kinds.index("flush")
        > max(i for i, k in enumerate(kinds) if k == "produce")
    )


def test_store_happens_after_flush_of_the_batch_outputs() -> None:
    msgs = [FakeMessage(SOURCE, 0, o, b"x") for o in (5, 6, 7)]
    runner, consumer, producer, journal = make_runner([msgs], lambda m: [out(b"y")])
    runner.run()
    assert_stored_after_flush(journal)
    assert consumer.stored == [(SOURCE, 0, 8)]
    assert len(producer.produced) == 3


def test_invalid_message_is_dead_lettered_with_reason_and_committed() -> None:
    def process(msg: FakeMessage) -> Sequence[Outbound]:
        if msg.offset() == 1:
            raise InvalidMessage("schema says no")
        return [out(b"ok")]

    msgs = [FakeMessage(SOURCE, 0, o, b"v%d" % o) for o in (0, 1, 2)]
    runner, consumer, producer, _ = make_runner([msgs], process)
    runner.run()
    dlq = [p for p in producer.produced if p[0] == Topic.EMAIL_RAW_DLQ.value]
    assert len(dlq) == 1 and dlq[0][1] == b"v1"  # the original bytes, unchanged
    headers = DeadLetterHeaders.from_kafka_headers(dlq[0][2])
    assert headers.reason == "schema says no" and headers.original_offset == 1
    assert headers.stage.value == "parser"
    assert consumer.stored == [(SOURCE, 0, 3)]


def test_dependency_unavailable_rewinds_and_does_not_store_past_it() -> None:
    calls: list[int] = []

    def process(msg: FakeMessage) -> Sequence[Outbound]:
        calls.append(msg.offset())
        if msg.offset() == 1 and calls.count(1) == 1:
            raise DependencyUnavailable("db down")
        return []

    first = [FakeMessage(SOURCE, 0, o, b"x") for o in (0, 1, 2)]
    redelivered = [FakeMessage(SOURCE, 0, o, b"x") for o in (1, 2)]
    runner, consumer, _, _ = make_runner([first, redelivered], process)
    runner.run()
    assert consumer.seeks == [(SOURCE, 0, 1)]
    assert consumer.stored == [(SOURCE, 0, 1), (SOURCE, 0, 3)]  # never past 1 until it succeeded
    assert calls == [0, 1, 1, 2]  # 2 was skipped in the first batch, not processed twice


def test_retryable_error_moves_the_message_to_a_retry_topic_and_goes_on() -> None:
    def process(msg: FakeMessage) -> Sequence[Outbound]:
        if msg.offset() == 1:
            raise RetryableError("lock timeout")
        return [out(b"ok")]

    msgs = [FakeMessage(SOURCE, 0, o, b"v%d" % o) for o in (0, 1, 2)]
    runner, consumer, producer, _ = make_runner([msgs], process)
    runner.run()
    retried = [p for p in producer.produced if p[0] == Topic.EMAIL_RAW_RETRY_10S.value]
    assert len(retried) == 1 and retried[0][1] == b"v1"
    assert consumer.seeks == []  # nothing rewound: the partition went on
    assert consumer.stored == [(SOURCE, 0, 3)]


def test_failed_delivery_stores_nothing_and_rewinds() -> None:
    msgs = [FakeMessage(SOURCE, 0, o, b"x") for o in (0, 1)]
    runner, consumer, _, _ = make_runner([msgs], lambda m: [out(b"y")], fail_flush=True)
    runner.run()
    assert consumer.stored == []
    assert consumer.seeks == [(SOURCE, 0, 0)]  # back to the first, not the last, of the batch


def test_unexpected_exception_is_dead_lettered_not_crash_looped() -> None:
    def process(msg: FakeMessage) -> Sequence[Outbound]:
        raise KeyError("bug")

    runner, consumer, producer, _ = make_runner([[FakeMessage(SOURCE, 0, 0, b"x")]], process)
    runner.run()
    assert producer.produced[0][0] == Topic.EMAIL_RAW_DLQ.value
    assert consumer.stored == [(SOURCE, 0, 1)]


# --- process_batch: the whole poll batch in one call ---------------------------------------------


def not_per_message(msg: FakeMessage) -> Sequence[Outbound]:
    raise AssertionError(f"processed alone: offset {msg.offset()}")


def consumed_count() -> float:
    labels = {"service": "parser", "topic": SOURCE}
    return REGISTRY.get_sample_value("reqstream_messages_consumed_total", labels) or 0.0


def test_batch_outputs_are_stored_after_their_flush() -> None:
    handed: list[list[int]] = []

    def process_batch(msgs: Sequence[FakeMessage]) -> Sequence[Outbound]:
        handed.append([m.offset() for m in msgs])
        return [out(b"y%d" % m.offset()) for m in msgs]

    msgs = [FakeMessage(SOURCE, p, o, b"x") for p, o in ((0, 5), (1, 9), (0, 6))]
    consumed_before = consumed_count()
    runner, consumer, producer, journal = make_runner(
        [msgs], not_per_message, process_batch=process_batch
    )
    runner.run()
    assert_stored_after_flush(journal)
    assert handed == [[5, 9, 6]]
    assert [p[1] for p in producer.produced] == [b"y5", b"y9", b"y6"]
    assert sorted(consumer.stored) == [(SOURCE, 0, 7), (SOURCE, 1, 10)]
    assert consumed_count() - consumed_before == 3


def batch_raising(exc: Exception) -> Callable[[Sequence[FakeMessage]], Sequence[Outbound]]:
    def process_batch(msgs: Sequence[FakeMessage]) -> Sequence[Outbound]:
        raise exc

    return process_batch


def test_a_failed_batch_is_processed_one_message_at_a_time() -> None:
    def process(msg: FakeMessage) -> Sequence[Outbound]:
        if msg.offset() == 1:
            raise InvalidMessage("poison")
        return [out(b"ok%d" % msg.offset())]

    msgs = [FakeMessage(SOURCE, 0, o, b"v%d" % o) for o in (0, 1, 2)]
    consumed_before = consumed_count()
    runner, consumer, producer, _ = make_runner(
        [msgs], process, process_batch=batch_raising(InvalidMessage("one of them is bad"))
    )
    runner.run()
    dlq = [p for p in producer.produced if p[0] == Topic.EMAIL_RAW_DLQ.value]
    assert [p[1] for p in dlq] == [b"v1"]  # the poison alone
    assert DeadLetterHeaders.from_kafka_headers(dlq[0][2]).reason == "poison"
    assert [p[1] for p in producer.produced if p[0] == Topic.EMAIL_PARSED.value] == [
        b"ok0",
        b"ok2",
    ]
    assert consumer.stored == [(SOURCE, 0, 3)]
    assert consumed_count() - consumed_before == 3  # once each, not once per attempt


def test_a_lock_timeout_in_a_batch_moves_only_that_message_to_a_retry_topic() -> None:
    def process(msg: FakeMessage) -> Sequence[Outbound]:
        if msg.offset() == 0:
            raise RetryableError("lock timeout")
        return [out(b"ok")]

    msgs = [FakeMessage(SOURCE, 0, o, b"v%d" % o) for o in (0, 1)]
    runner, consumer, producer, _ = make_runner(
        [msgs], process, process_batch=batch_raising(RetryableError("lock timeout"))
    )
    runner.run()
    assert [p[:2] for p in producer.produced] == [
        (Topic.EMAIL_RAW_RETRY_10S.value, b"v0"),
        (Topic.EMAIL_PARSED.value, b"ok"),
    ]
    assert consumer.seeks == [] and consumer.stored == [(SOURCE, 0, 2)]


def test_dependency_unavailable_in_a_batch_rewinds_every_partition_to_its_first() -> None:
    handed: list[list[tuple[int, int]]] = []

    def process_batch(msgs: Sequence[FakeMessage]) -> Sequence[Outbound]:
        handed.append([(m.partition(), m.offset()) for m in msgs])
        if len(handed) == 1:
            raise DependencyUnavailable("db down")
        return []

    first = [FakeMessage(SOURCE, p, o, b"x") for p, o in ((0, 3), (1, 7), (0, 4), (1, 8))]
    redelivered = [FakeMessage(SOURCE, p, o, b"x") for p, o in ((0, 3), (0, 4), (1, 7), (1, 8))]
    runner, consumer, _, journal = make_runner(
        [first, redelivered], not_per_message, process_batch=process_batch
    )
    runner.run()
    assert consumer.seeks == [(SOURCE, 0, 3), (SOURCE, 1, 7)]
    assert journal.kinds().index("store") > journal.kinds().index("seek")  # nothing stored before
    assert sorted(consumer.stored) == [(SOURCE, 0, 5), (SOURCE, 1, 9)]
    assert len(handed) == 2


def test_a_rewind_releases_the_hold_on_a_later_retry_not_yet_due() -> None:
    """A due retry that hits an outage is rewound; the next one of its tier, not yet due, had
    been held: the rewound one must be admitted again when it comes back."""
    tier = Topic.EMAIL_RAW_RETRY_10S.value
    now = datetime.now(UTC)

    def retry_copy(offset: int, due_at: datetime) -> FakeMessage:
        headers = RetryHeaders(
            attempt=1,
            due_at=due_at,
            first_failure_time=now,
            original_topic=Topic.EMAIL_RAW,
            original_partition=0,
            original_offset=offset,
            error_class="RetryableError",
            reason="lock timeout",
        ).to_kafka_headers()
        return FakeMessage(tier, 0, offset, b"v%d" % offset, _headers=headers)  # type: ignore[arg-type]  # str header values, as a producer gives them

    due, later = retry_copy(0, now - timedelta(seconds=1)), retry_copy(1, now + timedelta(hours=1))
    handed: list[list[int]] = []

    def process_batch(msgs: Sequence[FakeMessage]) -> Sequence[Outbound]:
        handed.append([m.offset() for m in msgs])
        if len(handed) == 1:
            raise DependencyUnavailable("db down")
        return []

    runner, consumer, _, _ = make_runner(
        [[due, later], [due]], not_per_message, process_batch=process_batch
    )
    runner.run()
    assert handed == [[0], [0]]  # the held one waits; the rewound one comes back
    assert consumer.stored == [(tier, 0, 1)]


class LostPartitionConsumer(FakeConsumer):
    """Refuses offsets of partition 1, as librdkafka does once the partition is gone."""

    def store_offsets(self, offsets: list[TopicPartition]) -> None:
        if any(tp.partition == 1 for tp in offsets):
            raise KafkaException(KafkaError(KafkaError._STATE))
        super().store_offsets(offsets)


def test_offsets_of_a_partition_lost_meanwhile_are_skipped_not_fatal() -> None:
    consumer = LostPartitionConsumer(Journal(), [])
    positions = [TopicPartition(SOURCE, 0, 5), TopicPartition(SOURCE, 1, 9)]
    store_positions(consumer, positions, stage="jobwriter")  # type: ignore[arg-type]  # fake
    assert consumer.stored == [(SOURCE, 0, 5)]
