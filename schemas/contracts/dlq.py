"""Dead-letter contract: the original key and value bytes, unchanged, plus ``dlq_*`` headers.

``jsonschema/dead_letter.v1.schema.json`` describes the headers as a JSON object of strings (the
wire view); ``DeadLetterHeaders`` is its typed Python side. The original message's headers
(CloudEvents ``ce_*`` and ``content-type``) travel along untouched, so a re-drive can replay the
message exactly as it was first produced.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator
from pydantic import ValidationError as PydanticValidationError

from schemas.contracts.codec import Headers, ValidationError
from schemas.contracts.registry import Service
from schemas.contracts.topics import DEAD_LETTER_TOPIC, Topic

HEADER_REASON = "dlq_reason"
HEADER_ERROR_CLASS = "dlq_error_class"
HEADER_STAGE = "dlq_stage"
HEADER_ORIGINAL_TOPIC = "dlq_original_topic"
HEADER_ORIGINAL_PARTITION = "dlq_original_partition"
HEADER_ORIGINAL_OFFSET = "dlq_original_offset"
HEADER_ATTEMPTS = "dlq_attempts"
HEADER_FIRST_FAILURE_TIME = "dlq_first_failure_time"

# header name -> DeadLetterHeaders field, in the order they are written
_FIELD_BY_HEADER: dict[str, str] = {
    HEADER_REASON: "reason",
    HEADER_ERROR_CLASS: "error_class",
    HEADER_STAGE: "stage",
    HEADER_ORIGINAL_TOPIC: "original_topic",
    HEADER_ORIGINAL_PARTITION: "original_partition",
    HEADER_ORIGINAL_OFFSET: "original_offset",
    HEADER_ATTEMPTS: "attempts",
    HEADER_FIRST_FAILURE_TIME: "first_failure_time",
}
DLQ_HEADERS: tuple[str, ...] = tuple(_FIELD_BY_HEADER)

# what consumers hand back (confluent-kafka gives bytes or None; codec.Headers also allows str)
ConsumedHeaders = Sequence[tuple[str, str | bytes | None]]

MAX_REASON_LENGTH = 2000  # characters; longer reasons are truncated so the headers stay small
_TRUNCATION_MARK = "…"


class DeadLetterHeaders(BaseModel):
    """The headers a dead-letter message carries, besides the original message's own headers."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="dead_letter_headers")

    reason: Annotated[str, Field(min_length=1, max_length=MAX_REASON_LENGTH)]
    error_class: Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_.]*$", max_length=200)]
    stage: Service
    original_topic: Topic
    original_partition: Annotated[int, Field(ge=0)]
    original_offset: Annotated[int, Field(ge=0)]
    attempts: Annotated[int, Field(ge=1)]
    first_failure_time: AwareDatetime
    original_headers: tuple[tuple[str, bytes], ...] = ()

    @field_validator("reason", mode="before")
    @classmethod
    def _truncate_reason(cls, value: Any) -> Any:
        # a dead-letter write must not fail because an exception message was long
        if isinstance(value, str) and len(value) > MAX_REASON_LENGTH:
            return value[: MAX_REASON_LENGTH - len(_TRUNCATION_MARK)] + _TRUNCATION_MARK
        return value

    @field_validator("original_topic")
    @classmethod
    def _has_dead_letter_topic(cls, value: Topic) -> Topic:
        if value not in DEAD_LETTER_TOPIC:
            raise ValueError(f"{value} has no dead-letter topic")
        return value

    @field_validator("original_headers")
    @classmethod
    def _drop_stale_dlq_headers(
        cls, value: tuple[tuple[str, bytes], ...]
    ) -> tuple[tuple[str, bytes], ...]:
        # a re-driven message that fails again gets fresh dlq_* headers, never two of each
        return tuple((name, raw) for name, raw in value if name not in _FIELD_BY_HEADER)

    @property
    def dead_letter_topic(self) -> Topic:
        return DEAD_LETTER_TOPIC[self.original_topic]

    def dlq_header_values(self) -> dict[str, str]:
        """The eight ``dlq_*`` headers as strings, in write order."""
        return {
            HEADER_REASON: self.reason,
            HEADER_ERROR_CLASS: self.error_class,
            HEADER_STAGE: self.stage.value,
            HEADER_ORIGINAL_TOPIC: self.original_topic.value,
            HEADER_ORIGINAL_PARTITION: str(self.original_partition),
            HEADER_ORIGINAL_OFFSET: str(self.original_offset),
            HEADER_ATTEMPTS: str(self.attempts),
            HEADER_FIRST_FAILURE_TIME: self.first_failure_time.isoformat(),
        }

    def as_strings(self) -> dict[str, str]:
        """The JSON view the dead-letter JSON Schema describes: every header as a string."""
        strings = {name: raw.decode(errors="replace") for name, raw in self.original_headers}
        strings.update(self.dlq_header_values())
        return strings

    def to_kafka_headers(self) -> Headers:
        """Original headers first, then the ``dlq_*`` headers; every value is UTF-8 bytes.

        Typed as ``codec.Headers`` so writers can concatenate it with consumed headers.
        """
        headers: Headers = list(self.original_headers)
        headers.extend((name, value.encode()) for name, value in self.dlq_header_values().items())
        return headers

    @classmethod
    def from_kafka_headers(cls, headers: ConsumedHeaders | None) -> DeadLetterHeaders:
        """Parse a dead-letter message's headers; raises ``ValidationError`` when they are wrong.

        Headers with a ``None`` value are dropped: the contract carries bytes only. When a
        ``dlq_*`` header appears twice (a writer appended fresh ones to a re-driven message's
        headers), the last one wins.
        """
        fields: dict[str, Any] = {}
        original: list[tuple[str, bytes]] = []
        for name, raw in headers or ():
            if raw is None:
                continue
            if isinstance(raw, str):
                raw = raw.encode()
            field = _FIELD_BY_HEADER.get(name)
            if field is None:
                original.append((name, raw))
                continue
            try:
                fields[field] = raw.decode()
            except UnicodeDecodeError as exc:
                raise ValidationError(f"dead-letter header {name} is not UTF-8") from exc
        missing = [name for name, field in _FIELD_BY_HEADER.items() if field not in fields]
        if missing:
            raise ValidationError(f"dead-letter headers missing: {', '.join(missing)}")
        try:
            return cls(**fields, original_headers=tuple(original))
        except PydanticValidationError as exc:
            raise ValidationError(
                f"dead-letter headers: {exc.error_count()} error(s): {exc}"
            ) from exc
