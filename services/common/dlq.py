"""Dead letters: the original key, value and headers, plus headers saying why and where it
failed."""

from __future__ import annotations

from datetime import UTC, datetime

from confluent_kafka import Message

from schemas.contracts.codec import Headers
from schemas.contracts.dlq import DeadLetterHeaders
from schemas.contracts.topics import DEAD_LETTER_TOPIC, Topic
from services.common.kafka import Outbound, coordinates

MAX_REASON = 1000  # characters; a reason is a diagnosis, not a payload dump


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
    source = Topic(topic)
    headers = DeadLetterHeaders(
        reason=reason[:MAX_REASON],
        error_class=error_class,
        stage=stage,
        original_topic=source.value,
        original_partition=partition,
        original_offset=offset,
        attempts=attempts,
        first_failure_time=first_failure_time or datetime.now(UTC),
    )
    raw_key = msg.key()
    consumed = msg.headers() or []
    # consumed headers are always a list; the dict form exists only for producing
    pairs = consumed.items() if isinstance(consumed, dict) else consumed
    original: Headers = [(k, v) for k, v in pairs if v is not None]
    return Outbound(
        topic=DEAD_LETTER_TOPIC[source],
        key=raw_key.decode(errors="replace") if isinstance(raw_key, bytes) else raw_key,
        value=msg.value(),
        headers=original + headers.to_kafka_headers(),
    )
