"""Codec: JSON values plus CloudEvents binary-mode headers; every failure is one ValidationError."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from schemas.contracts.codec import ValidationError, get_codec, header_value, new_event_id
from schemas.contracts.generate import DATA_TOPICS
from schemas.contracts.registry import iter_examples
from schemas.contracts.topics import DEAD_LETTER_TOPIC, Topic

SENT_AT = datetime(2025, 3, 4, 14, 15, 0, 412000, tzinfo=UTC)


@pytest.mark.parametrize("topic", DATA_TOPICS, ids=str)
def test_cloudevents_headers_have_the_contract_values(topic: Topic) -> None:
    headers = get_codec(topic).headers(
        source="reqstream/fetcher", subject="42", event_id="evt-1", time=SENT_AT
    )

    assert dict(headers) == {
        "ce_specversion": b"1.0",
        "ce_id": b"evt-1",
        "ce_type": f"dev.reqstream.{topic.value}.v1".encode(),
        "ce_source": b"reqstream/fetcher",
        "ce_time": b"2025-03-04T14:15:00.412000+00:00",
        "content-type": b"application/json",
        "ce_subject": b"42",
    }
    assert len(headers) == len(dict(headers))  # no header twice


def test_default_event_id_and_time() -> None:
    codec = get_codec(Topic.EMAIL_RAW)
    before = datetime.now(UTC)
    first = codec.headers(source="reqstream/fetcher")
    after = datetime.now(UTC)
    second = codec.headers(source="reqstream/fetcher")

    event_id = header_value(first, "ce_id")
    assert event_id is not None
    assert uuid.UUID(event_id).version == 4
    assert header_value(second, "ce_id") != event_id
    sent = header_value(first, "ce_time")
    assert sent is not None
    assert before <= datetime.fromisoformat(sent) <= after + timedelta(seconds=1)
    assert header_value(first, "ce_subject") is None


def test_event_type_names_topic_and_version() -> None:
    assert get_codec(Topic.JOB_CREATED).event_type == "dev.reqstream.job.created.v1"


@pytest.mark.parametrize(
    "value",
    [
        None,
        b"",
        b"not json",
        b"\xff\xfe\x00\x01",
        b"[]",
        b"null",
        b'{"sync_id": "not-a-uuid"}',
        json.dumps({"integration_id": "forty-two"}).encode(),
    ],
)
@pytest.mark.parametrize("topic", DATA_TOPICS, ids=str)
def test_decode_garbage_raises_validation_error(topic: Topic, value: bytes | None) -> None:
    with pytest.raises(ValidationError, match=topic.value):
        get_codec(topic).decode(value)


def test_validation_error_is_a_value_error() -> None:
    assert issubclass(ValidationError, ValueError)


@pytest.mark.parametrize("dlq", sorted(DEAD_LETTER_TOPIC.values()), ids=str)
def test_dead_letter_topics_have_no_codec(dlq: Topic) -> None:
    with pytest.raises(KeyError, match="dead-letter"):
        get_codec(dlq)


def test_encode_writes_null_optional_fields() -> None:
    example = next(e for e in iter_examples(Topic.EMAIL_SYNC_REQUESTED) if e.name == "minimal")
    codec = get_codec(Topic.EMAIL_SYNC_REQUESTED)
    encoded = json.loads(codec.encode(codec.decode(example.path.read_bytes())))
    assert encoded["slot"] is None
    assert encoded["manual_trigger"] is False


@pytest.mark.parametrize("topic", DATA_TOPICS, ids=str)
def test_encode_writes_what_model_dump_json_writes(topic: Topic) -> None:
    codec = get_codec(topic)
    for example in iter_examples(topic):
        message = codec.decode(example.path.read_bytes())
        assert codec.encode(message) == message.model_dump_json().encode(), example.name


def test_event_ids_are_random_uuids_in_canonical_form() -> None:
    ids = [new_event_id() for _ in range(2000)]

    for event_id in ids:
        parsed = uuid.UUID(event_id)
        assert str(parsed) == event_id  # lower-case hex, dashes where uuid4() puts them
        assert (parsed.version, parsed.variant) == (4, uuid.RFC_4122)
    assert len(set(ids)) == len(ids)


def test_header_value_returns_the_first_match_decoded() -> None:
    headers: list[tuple[str, bytes | None]] = [
        ("ce_type", None),
        ("ce_type", b"dev.reqstream.email.raw.v1"),
        ("ce_type", b"dev.reqstream.email.raw.v2"),
    ]
    assert header_value(headers, "ce_type") == "dev.reqstream.email.raw.v1"


def test_header_value_when_absent() -> None:
    assert header_value([("ce_id", b"x")], "ce_type") is None
    assert header_value([], "ce_type") is None
    assert header_value(None, "ce_type") is None


def test_header_value_replaces_invalid_utf8() -> None:
    assert header_value([("ce_source", b"fetch\xffer")], "ce_source") == "fetch\ufffder"
