"""Retry tiers: where a transiently failed message goes next, and when a tier's head is due."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import cast

import pytest
from confluent_kafka import Message, TopicPartition

from schemas.contracts.dlq import DeadLetterHeaders
from schemas.contracts.retry import RetryHeaders
from schemas.contracts.topics import Topic
from services.common.dlq import dead_letter
from services.common.kafka import Outbound
from services.common.retry_topics import DueGate, RetryTiers, route_failure, with_retry_topics
from tests.fakes import FakeConsumer, FakeMessage, Journal

T0 = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
TIERS = RetryTiers((10.0, 60.0, 600.0))
ORIGINAL_HEADERS = [("ce_id", b"evt-1"), ("content-type", b"application/json")]


def message(
    topic: str,
    partition: int,
    offset: int,
    value: bytes | None,
    key: bytes | None = b"1",
    headers: Sequence[tuple[str, str | bytes | None]] | None = None,
) -> Message:
    """A consumed message (the in-memory fake stands in for confluent-kafka's)."""
    as_bytes = [(n, v.encode() if isinstance(v, str) else v) for n, v in headers or () if v]
    return cast(Message, FakeMessage(topic, partition, offset, value, key, as_bytes))


def fail(msg: Message, now: datetime, retry_after: float | None = None) -> Outbound:
    return route_failure(
        msg,
        reason="lock timeout",
        error_class="RetryableError",
        stage="jobwriter",
        policy=TIERS,
        retry_after=retry_after,
        now=now,
    )


def consumed(out: Outbound, offset: int) -> Message:
    """The message as the stage reads it back from the topic it was routed to."""
    key = out.key.encode() if out.key is not None else None
    return message(out.topic.value, 2, offset, out.value, key, out.headers)


def test_each_failure_moves_to_the_next_tier_then_to_the_dead_letter_topic() -> None:
    msg = message(Topic.EMAIL_PARSED.value, 2, 41, b"payload", b"7", ORIGINAL_HEADERS)
    hops: list[Outbound] = []
    now = T0
    for offset in range(4):
        out = fail(msg, now)
        hops.append(out)
        msg, now = consumed(out, offset), now + timedelta(minutes=15)
    assert [h.topic for h in hops] == [
        Topic.EMAIL_PARSED_RETRY_10S,
        Topic.EMAIL_PARSED_RETRY_1M,
        Topic.EMAIL_PARSED_RETRY_10M,
        Topic.EMAIL_PARSED_DLQ,
    ]
    assert all(h.key == "7" and h.value == b"payload" for h in hops)
    second = RetryHeaders.from_kafka_headers(hops[1].headers)
    assert second is not None
    assert second.attempt == 2 and second.first_failure_time == T0
    assert second.due_at == T0 + timedelta(minutes=15, seconds=60)
    assert (second.original_topic, second.original_partition, second.original_offset) == (
        Topic.EMAIL_PARSED,
        2,
        41,
    )
    dead = DeadLetterHeaders.from_kafka_headers(hops[3].headers)
    assert dead.attempts == 4 and dead.first_failure_time == T0
    assert (dead.original_topic, dead.original_partition, dead.original_offset) == (
        Topic.EMAIL_PARSED,
        2,
        41,
    )
    # a re-drive starts a fresh round: no retry state travels into the dead letter
    assert dead.original_headers == tuple(ORIGINAL_HEADERS)


def test_one_set_of_retry_headers_per_message() -> None:
    msg = message(Topic.EMAIL_RAW.value, 0, 5, b"x", b"1", ORIGINAL_HEADERS)
    again = fail(consumed(fail(msg, T0), 0), T0)
    names = [name for name, _ in again.headers]
    assert names.count("retry_attempt") == 1 and names.count("ce_id") == 1


def test_retry_after_longer_than_the_tier_delay_wins() -> None:
    msg = message(Topic.EMAIL_RAW.value, 0, 5, b"x")
    state = RetryHeaders.from_kafka_headers(fail(msg, T0, retry_after=45.0).headers)
    assert state is not None and state.due_at == T0 + timedelta(seconds=45)


def test_invalid_message_from_a_retry_topic_names_its_original_topic() -> None:
    msg = message(Topic.EMAIL_RAW.value, 3, 9, b"x", b"1", ORIGINAL_HEADERS)
    retried = consumed(fail(msg, T0), 0)
    out = dead_letter(retried, reason="schema", error_class="InvalidMessage", stage="parser")
    dead = DeadLetterHeaders.from_kafka_headers(out.headers)
    assert out.topic is Topic.EMAIL_RAW_DLQ
    assert (dead.original_topic, dead.original_partition, dead.original_offset) == (
        Topic.EMAIL_RAW,
        3,
        9,
    )
    assert dead.attempts == 2 and dead.first_failure_time == T0


def test_subscription_adds_the_tiers_of_consumed_topics_only() -> None:
    assert with_retry_topics([Topic.EMAIL_RAW, Topic.JOB_CREATED]) == [
        Topic.EMAIL_RAW,
        Topic.EMAIL_RAW_RETRY_10S,
        Topic.EMAIL_RAW_RETRY_1M,
        Topic.EMAIL_RAW_RETRY_10M,
        Topic.JOB_CREATED,
    ]


@pytest.mark.parametrize("delays", [(1.0, 2.0), (1.0, -1.0, 2.0)])
def test_tiers_need_one_non_negative_delay_each(delays: tuple[float, ...]) -> None:
    with pytest.raises(ValueError, match="retry delays"):
        RetryTiers(delays)


class Clock:
    def __init__(self) -> None:
        self.now = T0.timestamp()

    def __call__(self) -> float:
        return self.now


def test_gate_holds_a_tier_partition_until_its_head_is_due() -> None:
    journal = Journal()
    consumer = FakeConsumer(journal, [])
    clock = Clock()
    gate = DueGate(consumer, clock)  # type: ignore[arg-type]  # duck-typed fake
    head = consumed(fail(message(Topic.EMAIL_RAW.value, 0, 5, b"x"), T0), 7)
    behind = consumed(fail(message(Topic.EMAIL_RAW.value, 0, 6, b"y"), T0), 8)

    assert gate.admit(message(Topic.EMAIL_RAW.value, 2, 1, b"main"))  # main topic: always
    assert not gate.admit(head)
    assert consumer.seeks == [(Topic.EMAIL_RAW_RETRY_10S.value, 2, 7)]
    assert not gate.admit(behind)  # prefetched before the seek: left for later
    assert gate.held() == {(Topic.EMAIL_RAW_RETRY_10S.value, 2)}

    gate.release_due()
    assert "resume" not in journal.kinds()
    clock.now += 10
    gate.release_due()
    assert journal.kinds().count("resume") == 1 and gate.held() == set()
    gate.release_due()
    assert journal.kinds().count("resume") == 1  # resumed once
    assert gate.admit(head)  # delivered again after the seek, now due
    assert gate.admit(behind)


def test_gate_forgets_revoked_partitions() -> None:
    consumer = FakeConsumer(Journal(), [])
    gate = DueGate(consumer, Clock())  # type: ignore[arg-type]  # duck-typed fake
    head = consumed(fail(message(Topic.EMAIL_RAW.value, 0, 5, b"x"), T0), 7)
    assert not gate.admit(head)
    gate.forget([TopicPartition(Topic.EMAIL_RAW_RETRY_10S.value, 2)])
    assert gate.held() == set()


def test_gate_admits_a_retry_message_without_a_readable_due_time() -> None:
    gate = DueGate(FakeConsumer(Journal(), []), Clock())  # type: ignore[arg-type]  # duck-typed fake
    broken = message(Topic.EMAIL_RAW_RETRY_1M.value, 0, 0, b"x", b"1", [("retry_due_at", b"?")])
    assert gate.admit(broken)
