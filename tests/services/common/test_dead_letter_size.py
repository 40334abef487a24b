"""A dead letter too large to produce becomes a stub naming the original's coordinates."""

from __future__ import annotations

import json
import os
from typing import cast

from confluent_kafka import Message

from schemas.contracts.dlq import DeadLetterHeaders
from schemas.contracts.topics import Topic
from services.common.dlq import DEAD_LETTER_MAX_BYTES, dead_letter
from services.common.kafka import MESSAGE_MAX_BYTES
from services.common.retry_topics import RetryTiers, route_failure
from tests.fakes import FakeMessage


def _message(
    topic: str,
    partition: int,
    offset: int,
    value: bytes,
    key: bytes,
    headers: list[tuple[str, bytes]],
) -> Message:
    return cast(Message, FakeMessage(topic, partition, offset, value, key, headers))


def _size(value: bytes | None, headers: list[tuple[str, bytes]]) -> int:
    return len(value or b"") + sum(len(name) + len(raw) for name, raw in headers)


def test_an_8_mb_compressible_record_becomes_a_stub_under_the_producer_limit() -> None:
    # 8 MB of one byte: lz4 makes it small enough for email.raw, not for a copy to its DLQ
    msg = _message("email.raw", 2, 41, b"x" * 8_000_000, b"k", [("ce_id", b"abc")])

    out = dead_letter(msg, reason="too big to parse", error_class="InvalidMessage", stage="parser")

    headers = [(name, raw) for name, raw in out.headers if isinstance(raw, bytes)]
    assert _size(out.value, headers) < MESSAGE_MAX_BYTES
    stub = json.loads(out.value or b"")
    assert stub["dead_letter_stub"] is True
    assert (stub["original_topic"], stub["original_partition"], stub["original_offset"]) == (
        "email.raw",
        2,
        41,
    )
    assert stub["original_size"] > 8_000_000
    parsed = DeadLetterHeaders.from_kafka_headers(out.headers)
    assert (parsed.original_topic, parsed.original_partition, parsed.original_offset) == (
        Topic.EMAIL_RAW,
        2,
        41,
    )
    assert "left out" in parsed.reason and parsed.reason.endswith("too big to parse")
    assert out.topic == Topic.EMAIL_RAW_DLQ


def test_large_original_headers_are_left_out_too() -> None:
    msg = _message("email.raw", 0, 7, b"{}", b"k", [("x-junk", os.urandom(2_000_000))])

    out = dead_letter(msg, reason="bad", error_class="InvalidMessage", stage="parser")

    assert all(name != "x-junk" for name, _ in out.headers)
    assert json.loads(out.value or b"")["original_offset"] == 7


def test_a_dead_letter_under_the_limit_keeps_the_original_value() -> None:
    value = os.urandom(DEAD_LETTER_MAX_BYTES - 1024)
    msg = _message("email.raw", 0, 3, value, b"k", [("ce_id", b"abc")])

    out = dead_letter(msg, reason="bad", error_class="InvalidMessage", stage="parser")

    assert out.value == value
    assert ("ce_id", b"abc") in out.headers


def test_a_message_too_large_for_a_retry_copy_is_dead_lettered_as_a_stub_at_once() -> None:
    msg = _message("email.raw", 1, 9, b"y" * 3_000_000, b"k", [])

    out = route_failure(
        msg,
        reason="lock timeout",
        error_class="RetryableError",
        stage="parser",
        policy=RetryTiers((10.0, 60.0, 600.0)),
    )

    assert out.topic == Topic.EMAIL_RAW_DLQ
    assert json.loads(out.value or b"")["original_offset"] == 9
