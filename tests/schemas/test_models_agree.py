"""The committed JSON Schemas and the pydantic models are one contract: same text, same verdicts."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from schemas.contracts import generate
from schemas.contracts.codec import ValidationError, get_codec
from schemas.contracts.dlq import DLQ_HEADERS, MAX_REASON_LENGTH
from schemas.contracts.registry import (
    Example,
    Service,
    get_json_schema,
    get_topic,
    iter_examples,
    load_json,
)
from schemas.contracts.topics import DEAD_LETTER_TOPIC, Topic

JsonErrors = Callable[[Mapping[str, Any], object], list[str]]  # the conftest fixture's type

# latest version only: the codec (and so the generated schema) describes the latest version
VALUE_EXAMPLES = [
    e
    for e in iter_examples()
    if e.topic in generate.DATA_TOPICS and e.version == get_codec(e.topic).version
]


def _ids(example: Example) -> str:
    return example.id


def _value(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload).encode()


@pytest.mark.parametrize("topic", generate.DATA_TOPICS, ids=str)
def test_committed_schema_is_freshly_generated(topic: Topic) -> None:
    committed = generate.target_path(topic).read_text(encoding="utf-8")
    assert committed == generate.render(topic), "run: python -m schemas.contracts.generate"


@pytest.mark.parametrize("topic", generate.DATA_TOPICS, ids=str)
def test_codec_version_matches_topic_file(topic: Topic) -> None:
    codec, latest = get_codec(topic), get_topic(topic).latest
    assert codec.version == latest.version
    assert latest.resource == generate.schema_filename(topic, codec.version)
    assert latest.describes == "value"


def test_check_flag_passes_on_the_committed_files() -> None:
    assert generate.main(["--check"]) == 0


def test_check_flag_fails_on_a_stale_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generate, "JSONSCHEMA_DIR", tmp_path)
    assert generate.main(["--check"]) == 1  # nothing written yet: every file missing

    assert generate.main([]) == 0
    assert generate.main(["--check"]) == 0

    stale = generate.target_path(Topic.EMAIL_RAW)
    stale.write_text(stale.read_text(encoding="utf-8").replace("email_raw", "raw_email"))
    assert generate.stale_files() == [stale]
    assert generate.main(["--check"]) == 1


def test_generation_is_deterministic() -> None:
    assert [generate.render(t) for t in generate.DATA_TOPICS] == [
        generate.render(t) for t in generate.DATA_TOPICS
    ]


def _assert_both_reject(topic: Topic, payload: Mapping[str, Any], json_errors: JsonErrors) -> None:
    assert json_errors(get_json_schema(topic), payload) != [], "JSON Schema accepted it"
    with pytest.raises(ValidationError):
        get_codec(topic).decode(_value(payload))


@pytest.mark.parametrize("example", VALUE_EXAMPLES, ids=_ids)
def test_missing_required_field_fails_both(example: Example, json_errors: JsonErrors) -> None:
    required = get_json_schema(example.topic)["required"]
    assert required
    for field in required:
        payload = {key: value for key, value in example.payload.items() if key != field}
        _assert_both_reject(example.topic, payload, json_errors)


@pytest.mark.parametrize("example", VALUE_EXAMPLES, ids=_ids)
def test_extra_field_fails_both(example: Example, json_errors: JsonErrors) -> None:
    _assert_both_reject(example.topic, {**example.payload, "priority": "high"}, json_errors)


def _nested_objects(payload: dict[str, Any]) -> list[dict[str, Any]]:
    nested = [payload["extractor"]] if "extractor" in payload else []
    nested += payload.get("jobs", [])
    nested += (
        [payload["job"], *filter(None, [payload["job"].get("rate")])] if "job" in payload else []
    )
    return nested


@pytest.mark.parametrize(
    "example", [e for e in VALUE_EXAMPLES if _nested_objects(e.payload)], ids=_ids
)
def test_extra_nested_field_fails_both(example: Example, json_errors: JsonErrors) -> None:
    for index in range(len(_nested_objects(example.payload))):
        payload = copy.deepcopy(example.payload)
        _nested_objects(payload)[index]["remote_ok"] = True
        _assert_both_reject(example.topic, payload, json_errors)


@pytest.mark.parametrize("example", VALUE_EXAMPLES, ids=_ids)
def test_out_of_range_or_malformed_value_fails_both(
    example: Example, json_errors: JsonErrors
) -> None:
    _assert_both_reject(example.topic, {**example.payload, "tenant_id": 0}, json_errors)
    _assert_both_reject(example.topic, {**example.payload, "tenant_id": None}, json_errors)
    _assert_both_reject(example.topic, {**example.payload, "sync_id": "not-a-uuid"}, json_errors)


@pytest.mark.xfail(
    strict=True,
    reason="pydantic lax mode coerces '3' -> 3 where the JSON Schema refuses a string; "
    "ConfigDict(strict=True) on Contract would close the gap (all examples pass strict)",
)
def test_numeric_string_fails_both(json_errors: JsonErrors) -> None:
    example = next(e for e in VALUE_EXAMPLES if e.id == "email.sync.requested/1/minimal")
    _assert_both_reject(example.topic, {**example.payload, "tenant_id": "3"}, json_errors)


@pytest.mark.parametrize("example", VALUE_EXAMPLES, ids=_ids)
def test_encode_decode_round_trip(example: Example, json_errors: JsonErrors) -> None:
    codec = get_codec(example.topic)
    message = codec.decode(example.path.read_bytes())
    encoded = codec.encode(message)

    assert codec.decode(encoded) == message
    # what producers actually write (every field, nulls included) is valid per the JSON Schema
    assert json_errors(get_json_schema(example.topic), json.loads(encoded)) == []


def test_dead_letter_schema_matches_the_model() -> None:
    schema = load_json(get_topic(Topic.EMAIL_RAW_DLQ).latest.resource_path)
    properties = schema["properties"]

    assert schema["title"] == "dead_letter_headers"
    assert tuple(schema["required"]) == DLQ_HEADERS
    assert set(properties) == set(DLQ_HEADERS)
    assert all(prop["type"] == "string" for prop in properties.values())
    assert schema["additionalProperties"] == {
        "description": schema["additionalProperties"]["description"],
        "type": "string",
    }
    assert properties["dlq_stage"]["enum"] == [service.value for service in Service]
    assert sorted(properties["dlq_original_topic"]["enum"]) == sorted(DEAD_LETTER_TOPIC)
    assert properties["dlq_reason"]["maxLength"] == MAX_REASON_LENGTH


@pytest.mark.parametrize("dlq", sorted(DEAD_LETTER_TOPIC.values()), ids=str)
def test_every_dead_letter_topic_uses_the_one_headers_schema(dlq: Topic) -> None:
    assert [s.resource for s in get_topic(dlq).schemas] == ["dead_letter.v1.schema.json"]
