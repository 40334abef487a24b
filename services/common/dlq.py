"""Dead letters: the original key, value and headers, plus dlq_* headers saying why and where."""

from __future__ import annotations

from datetime import UTC, datetime

from confluent_kafka import Message

from schemas.contracts.dlq import DeadLetterHeaders
from schemas.contracts.topics import Topic
from services.common.kafka import Outbound, coordinates


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
    consumed = msg.headers() or []
    # consumed headers are always a list; the dict form exists only for producing
    pairs = consumed.items() if isinstance(consumed, dict) else consumed
    original = tuple(
        (k, v.encode() if isinstance(v, str) else v) for k, v in pairs if v is not None
    )
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
    return Outbound(
        topic=headers.dead_letter_topic,
        key=raw_key.decode(errors="replace") if isinstance(raw_key, bytes) else raw_key,
        value=msg.value(),
        headers=headers.to_kafka_headers(),
    )
