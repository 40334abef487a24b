"""The batched run step: the whole poll batch in one call; a failing batch is isolated
message by message; a dependency outage rewinds every partition of the batch."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from prometheus_client import REGISTRY

from schemas.contracts.dlq import DeadLetterHeaders
from schemas.contracts.retry import RetryHeaders
from schemas.contracts.topics import Topic
from services.common.engine import RunBatch
from services.common.kafka import Outbound
from services.domain.errors import DependencyUnavailable, InvalidMessage, RetryableError
from tests.fakes import FakeConsumer, FakeMessage, FakeProducer, Journal, engine_over

SOURCE = Topic.EMAIL_RAW.value


def run(
    batches: list[list[FakeMessage]],
    process: Any,
    process_batch: Any,
    *,
    log: list[FakeMessage] | None = None,
) -> tuple[FakeConsumer, FakeProducer, Journal]:
    engine, consumer, producer, journal = engine_over(
        batches, RunBatch(process_batch, process, stage="parser"), log=log
    )
    asyncio.run(engine.run())
    return consumer, producer, journal


def out(value: bytes) -> Outbound:
    return Outbound(Topic.EMAIL_PARSED, "1", value)


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
    consumer, producer, journal = run([msgs], not_per_message, process_batch)
    kinds = journal.kinds()
    assert kinds.index("store") > kinds.index("flush") > kinds.index("produce")
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
    consumer, producer, _ = run([msgs], process, batch_raising(InvalidMessage("one is bad")))
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
    consumer, producer, _ = run([msgs], process, batch_raising(RetryableError("lock timeout")))
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

    log = [FakeMessage(SOURCE, p, o, b"x") for p, o in ((0, 3), (1, 7), (0, 4), (1, 8))]
    consumer, _, journal = run([], not_per_message, process_batch, log=log)
    assert consumer.seeks[:2] == [(SOURCE, 0, 3), (SOURCE, 1, 7)]
    assert journal.kinds().index("store") > journal.kinds().index("seek")  # nothing stored before
    # after the wait, each partition's head alone, then the rest
    assert handed[1:] == [[(0, 3), (1, 7)], [(0, 4), (1, 8)]]
    assert sorted(consumer.stored[-2:]) == [(SOURCE, 0, 5), (SOURCE, 1, 9)]


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

    consumer, _, _ = run([], not_per_message, process_batch, log=[due, later])
    assert handed == [[0], [0]]  # the held one waits; the rewound one comes back
    assert consumer.stored == [(tier, 0, 1)]


def test_a_slow_one_by_one_run_goes_back_to_polling_once_its_budget_is_spent() -> None:
    """Each message of a failed batch may wait a whole lock timeout (5 s in production): 200
    of them one by one would keep the consumer from polling for minutes, past
    max.poll.interval.ms (it then loses its partitions and the work done). Past the budget,
    the messages not started go back to their partition for a later poll, in order, each
    processed once."""
    clock = [0.0]
    polls = [0]
    processed: list[tuple[int, int]] = []  # (poll round, offset)

    def process(msg: Any) -> Sequence[Outbound]:  # a FakeMessage
        processed.append((polls[0], msg.offset()))
        clock[0] += 4.0  # a lock wait, say
        return [out(b"ok%d" % msg.offset())]

    def process_batch(msgs: Sequence[Any]) -> Sequence[Outbound]:
        raise RetryableError("lock timeout")

    class CountingRunBatch(RunBatch):
        def poll(self, consumer: Any) -> list[Any]:
            polls[0] += 1
            return super().poll(consumer)

    log = [FakeMessage(SOURCE, 0, o, b"v%d" % o) for o in range(6)]
    run_step = CountingRunBatch(
        process_batch, process, stage="parser", one_by_one_budget=10.0, clock=lambda: clock[0]
    )
    engine, consumer, producer, _ = engine_over([], run_step, log=log)
    asyncio.run(engine.run())
    first_round = [offset for round_, offset in processed if round_ == processed[0][0]]
    assert first_round == [0, 1, 2]  # 12 s of lock waits: the rest waits for the next poll
    assert (SOURCE, 0, 3) in consumer.seeks
    assert [offset for _, offset in processed] == list(range(6))  # each once, in order
    assert [p[1] for p in producer.produced] == [b"ok%d" % o for o in range(6)]
    assert consumer.stored[-1] == (SOURCE, 0, 6)
