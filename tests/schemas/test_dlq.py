"""DeadLetterHeaders: the typed side of the dead-letter header contract."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError as PydanticValidationError

from schemas.contracts.codec import ValidationError
from schemas.contracts.dlq import (
    DLQ_HEADERS,
    HEADER_ATTEMPTS,
    HEADER_ORIGINAL_OFFSET,
    HEADER_REASON,
    MAX_REASON_LENGTH,
    DeadLetterHeaders,
)
from schemas.contracts.registry import Service, get_json_schema
from schemas.contracts.topics import Topic

JsonErrors = Callable[[Mapping[str, Any], object], list[str]]  # the conftest fixture's type

FAILED_AT = datetime(2025, 3, 4, 14, 20, 11, 503000, tzinfo=UTC)
ORIGINAL = (
    ("ce_specversion", b"1.0"),
    ("ce_type", b"dev.reqstream.email.raw.v1"),
    ("content-type", b"application/json"),
)


def _headers(**overrides: Any) -> DeadLetterHeaders:
    fields: dict[str, Any] = {
        "reason": "email.raw: 1 error(s): raw_size must be >= 0",
        "error_class": "schemas.contracts.codec.ValidationError",
        "stage": Service.PARSER,
        "original_topic": Topic.EMAIL_RAW,
        "original_partition": 4,
        "original_offset": 20748,
        "attempts": 1,
        "first_failure_time": FAILED_AT,
        "original_headers": ORIGINAL,
    }
    fields.update(overrides)
    return DeadLetterHeaders(**fields)


def test_kafka_headers_keep_originals_first_then_dlq_headers() -> None:
    headers = _headers().to_kafka_headers()

    assert headers[: len(ORIGINAL)] == list(ORIGINAL)
    assert [name for name, _ in headers[len(ORIGINAL) :]] == list(DLQ_HEADERS)
    assert dict(headers)[HEADER_ORIGINAL_OFFSET] == b"20748"
    assert dict(headers)["dlq_first_failure_time"] == b"2025-03-04T14:20:11.503000+00:00"


def test_round_trip_through_kafka_headers() -> None:
    headers = _headers()
    assert DeadLetterHeaders.from_kafka_headers(headers.to_kafka_headers()) == headers


def test_string_view_matches_the_json_schema(json_errors: JsonErrors) -> None:
    strings = _headers().as_strings()
    assert json_errors(get_json_schema(Topic.EMAIL_RAW_DLQ), strings) == []
    assert strings["ce_type"] == "dev.reqstream.email.raw.v1"


def test_dead_letter_topic_follows_the_original_topic() -> None:
    assert _headers().dead_letter_topic is Topic.EMAIL_RAW_DLQ
    assert _headers(original_topic=Topic.INTEGRATION_ERROR).dead_letter_topic is (
        Topic.INTEGRATION_ERROR_DLQ
    )


def test_long_reason_is_truncated_not_rejected(json_errors: JsonErrors) -> None:
    headers = _headers(reason="x" * (MAX_REASON_LENGTH * 3))
    assert len(headers.reason) == MAX_REASON_LENGTH
    assert headers.reason.endswith("…")
    assert json_errors(get_json_schema(Topic.EMAIL_RAW_DLQ), headers.as_strings()) == []


def test_stale_dlq_headers_of_a_redriven_message_are_replaced() -> None:
    redriven = (*ORIGINAL, (HEADER_REASON, b"old reason"), (HEADER_ATTEMPTS, b"3"))
    headers = _headers(original_headers=redriven)

    kafka_headers = headers.to_kafka_headers()
    names = [name for name, _ in kafka_headers]
    assert names.count(HEADER_REASON) == 1
    assert dict(kafka_headers)[HEADER_ATTEMPTS] == b"1"


def test_from_kafka_headers_drops_none_values_and_keeps_other_headers() -> None:
    headers = _headers().to_kafka_headers()
    parsed = DeadLetterHeaders.from_kafka_headers([("ce_subject", None), *headers])
    assert parsed.original_headers == ORIGINAL


@pytest.mark.parametrize("missing", DLQ_HEADERS)
def test_missing_header_is_a_validation_error(missing: str) -> None:
    headers = [(n, v) for n, v in _headers().to_kafka_headers() if n != missing]
    with pytest.raises(ValidationError, match=missing):
        DeadLetterHeaders.from_kafka_headers(headers)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("dlq_original_offset", b"-1"),
        ("dlq_attempts", b"0"),
        ("dlq_stage", b"mailer"),
        ("dlq_original_topic", b"job.created"),  # has no dead-letter topic
        ("dlq_first_failure_time", b"2025-03-04T14:20:11"),  # no offset: ambiguous
        ("dlq_reason", b"\xff\xfe"),  # not UTF-8
        ("dlq_error_class", b"not a class name"),
    ],
)
def test_bad_header_value_is_a_validation_error(name: str, value: bytes) -> None:
    headers = [(n, value if n == name else v) for n, v in _headers().to_kafka_headers()]
    with pytest.raises(ValidationError):
        DeadLetterHeaders.from_kafka_headers(headers)


def test_no_headers_at_all_is_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        DeadLetterHeaders.from_kafka_headers(None)


def test_model_is_frozen() -> None:
    headers = _headers()
    with pytest.raises(PydanticValidationError):
        headers.attempts = 2  # type: ignore[misc]  # asserting the runtime refusal


def test_from_kafka_headers_accepts_str_values() -> None:
    # codec.Headers allows str values (confluent-kafka accepts them when producing)
    strings = _headers().as_strings()
    assert DeadLetterHeaders.from_kafka_headers(list(strings.items())) == _headers()


def test_duplicate_dlq_headers_last_one_wins() -> None:
    # services.common.dlq appends fresh dlq_* headers after the consumed ones
    stale = [(HEADER_ATTEMPTS, b"3"), (HEADER_REASON, b"old reason")]
    parsed = DeadLetterHeaders.from_kafka_headers([*stale, *_headers().to_kafka_headers()])
    assert parsed == _headers()
