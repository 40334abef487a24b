"""Dead letters: the original key, value and headers, plus dlq_* headers saying why and where.

A message re-driven from a dead-letter topic (``reqstream dlq redrive``) carries its previous
``dlq_attempts`` and ``dlq_first_failure_time``; when it fails again, its new dead letter counts
on from those attempts and keeps the first failure time. A message dead-lettered from a retry
topic names its original topic and coordinates and counts its retry attempts too.

A dead letter too large to produce (an 8 MB record that reached its topic compressed) would fail
its own write and wedge the partition; it becomes a stub instead: a small JSON value naming the
original topic, partition, offset, size and reason (the original stays readable there until
retention), and the reason says the value was left out.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from confluent_kafka import Message

from schemas.contracts.codec import Headers, ValidationError
from schemas.contracts.dlq import HEADER_ATTEMPTS, HEADER_FIRST_FAILURE_TIME, DeadLetterHeaders
from schemas.contracts.retry import RetryHeaders, without_retry_headers
from schemas.contracts.topics import Topic
from services.common.kafka import MESSAGE_MAX_BYTES, Outbound, consumed_headers, coordinates

# room left under the producer's limit for the dlq_* headers and the record's own overhead
DEAD_LETTER_MAX_BYTES = MESSAGE_MAX_BYTES - 64 * 1024


def dead_letter(
    msg: Message,
    *,
    reason: str,
    error_class: str,
    stage: str,
    attempts: int = 1,
    first_failure_time: datetime | None = None,
) -> Outbound:
    topic, partition, offset = coordinates(msg)
    consumed = consumed_headers(msg)
    try:
        retried = RetryHeaders.from_kafka_headers(consumed)
    except ValidationError:
        retried = None  # unreadable retry headers must not stop the dead letter
    if retried is not None:
        topic, partition, offset = (
            retried.original_topic.value,
            retried.original_partition,
            retried.original_offset,
        )
        attempts += retried.attempt
        first_failure_time = first_failure_time or retried.first_failure_time
    original = tuple(without_retry_headers(consumed))
    previous_attempts, previous_first = _previous_failure(original)
    attempts += previous_attempts
    first_failure_time = previous_first or first_failure_time
    headers = DeadLetterHeaders(
        reason=reason,
        error_class=error_class,
        stage=stage,  # validated into the Service enum
        original_topic=Topic(topic),
        original_partition=partition,
        original_offset=offset,
        attempts=attempts,
        first_failure_time=first_failure_time or datetime.now(UTC),
        original_headers=original,
    )
    raw_key = msg.key()
    key = raw_key.decode(errors="replace") if isinstance(raw_key, bytes) else raw_key
    value = msg.value()
    size = _size(key, value, headers.to_kafka_headers())
    if size > DEAD_LETTER_MAX_BYTES:
        headers = DeadLetterHeaders.model_validate(
            {
                **dict(headers),
                "reason": f"dead letter of {size} bytes left out (over {DEAD_LETTER_MAX_BYTES});"
                f" {reason}",
                "original_headers": (),  # they may be what is large
            }
        )
        value = _stub(headers, size)
        key = key if key is None or len(key) <= 1024 else key[:1024]
    return Outbound(
        topic=headers.dead_letter_topic,
        key=key,
        value=value,
        headers=headers.to_kafka_headers(),
    )


def too_large_to_copy(msg: Message) -> bool:
    """Whether a consumed message is too large to produce again as it is (to a retry tier)."""
    raw_key = msg.key()
    key = raw_key.decode(errors="replace") if isinstance(raw_key, bytes) else raw_key
    return _size(key, msg.value(), list(consumed_headers(msg))) > DEAD_LETTER_MAX_BYTES


def _size(key: str | None, value: bytes | None, headers: Headers) -> int:
    """Bytes the producer counts for a message (key, value and headers, uncompressed)."""
    total = len((key or "").encode()) + len(value or b"")
    for name, raw in headers:
        if isinstance(raw, str):
            raw = raw.encode()
        total += len(name) + len(raw or b"")
    return total


def _stub(headers: DeadLetterHeaders, size: int) -> bytes:
    """The value of a dead letter whose original was too large to copy."""
    return json.dumps(
        {
            "dead_letter_stub": True,
            "original_topic": headers.original_topic.value,
            "original_partition": headers.original_partition,
            "original_offset": headers.original_offset,
            "original_size": size,
            "reason": headers.reason,
        }
    ).encode()


def _previous_failure(headers: tuple[tuple[str, bytes], ...]) -> tuple[int, datetime | None]:
    """Attempts and first failure time a re-driven message carries; (0, None) when none (or
    unreadable: a bad header must not stop the dead letter)."""
    attempts, first = 0, None
    for name, raw in headers:
        try:
            if name == HEADER_ATTEMPTS:
                attempts = max(0, int(raw.decode()))
            elif name == HEADER_FIRST_FAILURE_TIME:
                parsed = datetime.fromisoformat(raw.decode())
                first = parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
        except (UnicodeDecodeError, ValueError):
            continue
    return attempts, first
