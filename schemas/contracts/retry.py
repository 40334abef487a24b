"""Retry-topic headers: why a message is waiting in a retry tier, since when, and until when.

A message moved to a retry topic keeps its original key, value and headers; the ``retry_*``
headers below are added (replacing those of an earlier tier). When it finally fails for good, its
dead letter names the original topic and coordinates, counts every attempt and keeps the first
failure time; the ``retry_*`` headers are dropped there, so a re-drive starts a fresh round.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator
from pydantic import ValidationError as PydanticValidationError

from schemas.contracts.codec import Headers, ValidationError
from schemas.contracts.topics import DEAD_LETTER_TOPIC, Topic

HEADER_ATTEMPT = "retry_attempt"
HEADER_DUE_AT = "retry_due_at"
HEADER_FIRST_FAILURE_TIME = "retry_first_failure_time"
HEADER_ORIGINAL_TOPIC = "retry_original_topic"
HEADER_ORIGINAL_PARTITION = "retry_original_partition"
HEADER_ORIGINAL_OFFSET = "retry_original_offset"
HEADER_ERROR_CLASS = "retry_error_class"
HEADER_REASON = "retry_reason"
RETRY_PREFIX = "retry_"

_FIELD_BY_HEADER: dict[str, str] = {
    HEADER_ATTEMPT: "attempt",
    HEADER_DUE_AT: "due_at",
    HEADER_FIRST_FAILURE_TIME: "first_failure_time",
    HEADER_ORIGINAL_TOPIC: "original_topic",
    HEADER_ORIGINAL_PARTITION: "original_partition",
    HEADER_ORIGINAL_OFFSET: "original_offset",
    HEADER_ERROR_CLASS: "error_class",
    HEADER_REASON: "reason",
}
# what consumers hand back (confluent-kafka gives bytes or None; test doubles may give str)
ConsumedHeaders = Sequence[tuple[str, str | bytes | None]]
MAX_REASON_LENGTH = 500  # characters; the full text is in the service log


class RetryHeaders(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, title="retry_headers")

    attempt: Annotated[int, Field(ge=1)]  # failures so far, the one that sent it here included
    due_at: AwareDatetime
    first_failure_time: AwareDatetime
    original_topic: Topic
    original_partition: Annotated[int, Field(ge=0)]
    original_offset: Annotated[int, Field(ge=0)]
    error_class: Annotated[str, Field(min_length=1, max_length=200)]
    reason: Annotated[str, Field(max_length=MAX_REASON_LENGTH)]

    @field_validator("reason", mode="before")
    @classmethod
    def _truncate_reason(cls, value: Any) -> Any:
        if isinstance(value, str) and len(value) > MAX_REASON_LENGTH:
            return value[: MAX_REASON_LENGTH - 1] + "…"
        return value

    @field_validator("original_topic")
    @classmethod
    def _is_a_consumed_topic(cls, value: Topic) -> Topic:
        if value not in DEAD_LETTER_TOPIC:
            raise ValueError(f"{value} is not retried")
        return value

    def to_kafka_headers(self) -> Headers:
        values = {
            HEADER_ATTEMPT: str(self.attempt),
            HEADER_DUE_AT: self.due_at.isoformat(),
            HEADER_FIRST_FAILURE_TIME: self.first_failure_time.isoformat(),
            HEADER_ORIGINAL_TOPIC: self.original_topic.value,
            HEADER_ORIGINAL_PARTITION: str(self.original_partition),
            HEADER_ORIGINAL_OFFSET: str(self.original_offset),
            HEADER_ERROR_CLASS: self.error_class,
            HEADER_REASON: self.reason,
        }
        return [(name, value.encode()) for name, value in values.items()]

    @classmethod
    def from_kafka_headers(cls, headers: ConsumedHeaders | None) -> RetryHeaders | None:
        """The retry state a message carries; None when it has no ``retry_*`` headers.

        Raises ``ValidationError`` when they are present but wrong.
        """
        fields: dict[str, str] = {}
        for name, raw in headers or ():
            field = _FIELD_BY_HEADER.get(name)
            if field is not None and raw is not None:
                fields[field] = raw if isinstance(raw, str) else raw.decode(errors="replace")
        if not fields:
            return None
        try:
            return cls.model_validate(fields)
        except PydanticValidationError as exc:
            raise ValidationError(f"retry headers: {exc.error_count()} error(s): {exc}") from exc


def due_at(headers: ConsumedHeaders | None) -> datetime | None:
    """Only the due time (the hot path of a waiting consumer); None when absent or unreadable."""
    for name, raw in headers or ():
        if name == HEADER_DUE_AT and raw is not None:
            try:
                parsed = datetime.fromisoformat(raw if isinstance(raw, str) else raw.decode())
            except (UnicodeDecodeError, ValueError):
                return None
            return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
    return None


def without_retry_headers(headers: ConsumedHeaders | None) -> list[tuple[str, bytes]]:
    """The headers to carry on (as bytes), minus any ``retry_*`` ones."""
    return [
        (name, raw.encode() if isinstance(raw, str) else raw)
        for name, raw in headers or ()
        if raw is not None and not name.startswith(RETRY_PREFIX)
    ]
