"""The plain run step's order of effects: offsets stored only after outputs are acknowledged;
each failure routed (dead letter, retry tier, rewind)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from schemas.contracts.dlq import DeadLetterHeaders
from schemas.contracts.topics import Topic
from services.common.engine import RunEach
from services.common.kafka import Outbound
from services.domain.errors import (
    DependencyUnavailable,
    InvalidMessage,
    RetriesExhausted,
    RetryableError,
)
from tests.fakes import FakeConsumer, FakeMessage, FakeProducer, Journal, engine_over

SOURCE = Topic.EMAIL_RAW.value


def run(
    batches: list[list[FakeMessage]],
    process: Any,
    *,
    fail_flush: bool = False,
    log: list[FakeMessage] | None = None,
) -> tuple[FakeConsumer, FakeProducer, Journal]:
    journal = Journal()
    producer = FakeProducer(journal, fail_next_flush=fail_flush)
    engine, consumer, _, _ = engine_over(batches, RunEach(process), producer=producer, log=log)
    asyncio.run(engine.run())
    return consumer, producer, journal


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
    consumer, producer, journal = run([msgs], lambda m: [out(b"y")])
    assert_stored_after_flush(journal)
    assert consumer.stored == [(SOURCE, 0, 8)]
    assert len(producer.produced) == 3


def test_invalid_message_is_dead_lettered_with_reason_and_committed() -> None:
    def process(msg: FakeMessage) -> Sequence[Outbound]:
        if msg.offset() == 1:
            raise InvalidMessage("schema says no")
        return [out(b"ok")]

    msgs = [FakeMessage(SOURCE, 0, o, b"v%d" % o) for o in (0, 1, 2)]
    consumer, producer, _ = run([msgs], process)
    dlq = [p for p in producer.produced if p[0] == Topic.EMAIL_RAW_DLQ.value]
    assert len(dlq) == 1 and dlq[0][1] == b"v1"  # the original bytes, unchanged
    headers = DeadLetterHeaders.from_kafka_headers(dlq[0][2])
    assert headers.reason == "schema says no" and headers.original_offset == 1
    assert headers.stage.value == "parser"
    assert consumer.stored == [(SOURCE, 0, 3)]


def test_dependency_unavailable_rewinds_pauses_and_does_not_store_past_it() -> None:
    calls: list[int] = []

    def process(msg: FakeMessage) -> Sequence[Outbound]:
        calls.append(msg.offset())
        if msg.offset() == 1 and calls.count(1) == 1:
            raise DependencyUnavailable("db down")
        return []

    log = [FakeMessage(SOURCE, 0, o, b"x") for o in (0, 1, 2)]
    consumer, _, journal = run([], process, log=log)
    assert consumer.seeks[0] == (SOURCE, 0, 1)
    # never past 1 until it succeeded; then 1 alone, then the rest
    assert consumer.stored == [(SOURCE, 0, 1), (SOURCE, 0, 2), (SOURCE, 0, 3)]
    assert calls == [0, 1, 1, 2]  # 2 was skipped in the first batch, not processed twice
    kinds = journal.kinds()
    assert kinds.index("pause") < kinds.index("resume")  # the partition waited, then resumed


def test_a_rewound_partition_does_not_hold_up_the_others() -> None:
    calls: list[tuple[int, int]] = []

    def process(msg: FakeMessage) -> Sequence[Outbound]:
        calls.append((msg.partition(), msg.offset()))
        if msg.partition() == 0:
            raise DependencyUnavailable("tenant shard down")
        return []

    msgs = [FakeMessage(SOURCE, p, o, b"x") for p, o in ((0, 0), (1, 0), (0, 1), (1, 1))]
    consumer, _, _ = run([msgs], process)
    assert calls == [(0, 0), (1, 0), (1, 1)]
    assert consumer.stored == [(SOURCE, 1, 2)]


def test_retryable_error_moves_the_message_to_a_retry_topic_and_goes_on() -> None:
    def process(msg: FakeMessage) -> Sequence[Outbound]:
        if msg.offset() == 1:
            raise RetryableError("lock timeout")
        return [out(b"ok")]

    msgs = [FakeMessage(SOURCE, 0, o, b"v%d" % o) for o in (0, 1, 2)]
    consumer, producer, _ = run([msgs], process)
    retried = [p for p in producer.produced if p[0] == Topic.EMAIL_RAW_RETRY_10S.value]
    assert len(retried) == 1 and retried[0][1] == b"v1"
    assert consumer.seeks == []  # nothing rewound: the partition went on
    assert consumer.stored == [(SOURCE, 0, 3)]


def test_failed_delivery_stores_nothing_and_rewinds() -> None:
    msgs = [FakeMessage(SOURCE, 0, o, b"x") for o in (0, 1)]
    consumer, _, _ = run([msgs], lambda m: [out(b"y")], fail_flush=True)
    assert consumer.stored == []
    assert consumer.seeks == [(SOURCE, 0, 0)]  # back to the first, not the last, of the batch


def test_unexpected_exception_is_dead_lettered_not_crash_looped() -> None:
    def process(msg: FakeMessage) -> Sequence[Outbound]:
        raise KeyError("bug")

    consumer, producer, _ = run([[FakeMessage(SOURCE, 0, 0, b"x")]], process)
    assert producer.produced[0][0] == Topic.EMAIL_RAW_DLQ.value
    assert consumer.stored == [(SOURCE, 0, 1)]


def test_retries_exhausted_in_the_handler_is_dead_lettered_with_its_reason() -> None:
    def process(msg: FakeMessage) -> Sequence[Outbound]:
        raise RetriesExhausted("provider unavailable through the retry table")

    consumer, producer, _ = run([[FakeMessage(SOURCE, 0, 0, b"x")]], process)
    assert producer.produced[0][0] == Topic.EMAIL_RAW_DLQ.value
    headers = DeadLetterHeaders.from_kafka_headers(producer.produced[0][2])
    assert headers.reason == "provider unavailable through the retry table"
    assert headers.error_class == "RetriesExhausted"
    assert consumer.stored == [(SOURCE, 0, 1)]
