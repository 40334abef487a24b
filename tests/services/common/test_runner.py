"""BatchRunner's order of effects: offsets are stored only after outputs are acknowledged."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from schemas.contracts.dlq import DeadLetterHeaders
from schemas.contracts.topics import Topic
from services.common.errors import DependencyUnavailable, InvalidMessage, RetryableError
from services.common.kafka import Outbound, ProducerGateway
from services.common.runner import Backoff, BatchRunner
from tests.fakes import FakeConsumer, FakeMessage, FakeProducer, Journal

SOURCE = Topic.EMAIL_RAW.value


def make_runner(
    batches: list[list[FakeMessage]], process: Any, *, fail_flush: bool = False
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
        stage="parser",
        backoff=Backoff(base=0.0, cap=0.0),
    )
    runner_box.append(runner)
    return runner, consumer, producer, journal


def out(value: bytes) -> Outbound:
    return Outbound(Topic.EMAIL_PARSED, "1", value)


def test_store_happens_after_flush_of_the_batch_outputs() -> None:
    msgs = [FakeMessage(SOURCE, 0, o, b"x") for o in (5, 6, 7)]
    runner, consumer, producer, journal = make_runner([msgs], lambda m: [out(b"y")])
    runner.run()
    kinds = journal.kinds()
    assert (
        kinds.index("store")
        > kinds.index("flush")
        > max(i for i, k in enumerate(kinds) if k == "produce")
    )
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
    assert (SOURCE, 0, 0) in consumer.seeks


def test_unexpected_exception_is_dead_lettered_not_crash_looped() -> None:
    def process(msg: FakeMessage) -> Sequence[Outbound]:
        raise KeyError("bug")

    runner, consumer, producer, _ = make_runner([[FakeMessage(SOURCE, 0, 0, b"x")]], process)
    runner.run()
    assert producer.produced[0][0] == Topic.EMAIL_RAW_DLQ.value
    assert consumer.stored == [(SOURCE, 0, 1)]
