"""Every example of every topic version validates against its JSON Schema and its Python model."""

from __future__ import annotations

import base64
import email
import re
from collections.abc import Callable, Mapping
from email.policy import default as default_policy
from typing import Any

import pytest

from schemas.contracts.codec import get_codec
from schemas.contracts.dlq import DLQ_HEADERS, DeadLetterHeaders
from schemas.contracts.models import ParsedEmail, ParseStatus, RawEmail, SyncRequested
from schemas.contracts.registry import Example, get_json_schema, get_topic, iter_examples
from schemas.contracts.topics import Topic

JsonErrors = Callable[[Mapping[str, Any], object], list[str]]  # the conftest fixture's type

EXAMPLES = list(iter_examples())


def _describes(example: Example) -> str:
    return get_topic(example.topic).schema_version(example.version).describes


VALUE_EXAMPLES = [example for example in EXAMPLES if _describes(example) == "value"]
# the codec holds the latest model only; older versions are checked against their JSON Schema
MODEL_EXAMPLES = [e for e in VALUE_EXAMPLES if e.version == get_codec(e.topic).version]
HEADER_EXAMPLES = [example for example in EXAMPLES if _describes(example) == "headers"]


def _ids(example: Example) -> str:
    return example.id


def _examples_of(topic: Topic) -> list[Example]:
    return [example for example in EXAMPLES if example.topic == topic]


def test_every_topic_version_has_examples() -> None:
    for spec in map(get_topic, Topic):
        for schema in spec.schemas:
            found = [e for e in EXAMPLES if e.topic == spec.name and e.version == schema.version]
            assert found, f"{spec.name} v{schema.version} ships no examples"


@pytest.mark.parametrize("example", EXAMPLES, ids=_ids)
def test_example_matches_json_schema(example: Example, json_errors: JsonErrors) -> None:
    schema = get_json_schema(example.topic, example.version)
    assert json_errors(schema, example.payload) == []


def test_latest_version_of_every_data_topic_has_model_examples() -> None:
    assert {e.topic for e in MODEL_EXAMPLES} == {e.topic for e in VALUE_EXAMPLES}


@pytest.mark.parametrize("example", MODEL_EXAMPLES, ids=_ids)
def test_value_example_decodes_with_model(example: Example) -> None:
    codec = get_codec(example.topic)
    message = codec.decode(example.path.read_bytes())
    assert isinstance(message, codec.model)


@pytest.mark.parametrize("example", HEADER_EXAMPLES, ids=_ids)
def test_dead_letter_example_parses_with_model(example: Example) -> None:
    headers = [(name, value.encode()) for name, value in example.payload.items()]
    parsed = DeadLetterHeaders.from_kafka_headers(headers)

    assert parsed.dead_letter_topic == example.topic
    assert parsed.stage in get_topic(parsed.original_topic).services.consumers
    originals = {name: value for name, value in example.payload.items() if name not in DLQ_HEADERS}
    assert {name: raw.decode() for name, raw in parsed.original_headers} == originals


# Scenario invariants: the contract does not enforce these, but every example must respect them,
# because services and their contract tests take examples as the canonical cases.


@pytest.mark.parametrize("example", _examples_of(Topic.EMAIL_SYNC_REQUESTED), ids=_ids)
def test_sync_request_examples_are_coherent(example: Example) -> None:
    message = SyncRequested.model_validate(example.payload)
    if message.manual_trigger:
        assert message.slot is None


@pytest.mark.parametrize("example", _examples_of(Topic.EMAIL_RAW), ids=_ids)
def test_raw_email_examples_carry_bytes_or_a_reference(example: Example) -> None:
    message = RawEmail.model_validate(example.payload)
    assert (message.raw_b64 is None) != (message.raw_ref is None), "exactly one of raw_b64/raw_ref"
    if message.raw_b64 is not None:
        raw = base64.b64decode(message.raw_b64, validate=True)
        assert message.raw_size == len(raw)
        parsed = email.message_from_bytes(raw, policy=default_policy)
        assert parsed["Subject"]
        assert parsed["From"]


@pytest.mark.parametrize("example", _examples_of(Topic.EMAIL_PARSED), ids=_ids)
def test_parsed_email_examples_are_coherent(example: Example) -> None:
    message = ParsedEmail.model_validate(example.payload)
    if message.status is ParseStatus.FAILED:
        assert message.error
        assert not message.is_job
        assert message.jobs == []
    else:
        assert message.error is None
    assert message.is_job == bool(message.jobs)


_ADDRESS = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
_SCRUBBED_DOMAIN = re.compile(r"(^|\.)example\.(com|test)$")


@pytest.mark.parametrize("example", EXAMPLES, ids=_ids)
def test_examples_use_scrubbed_addresses_only(example: Example) -> None:
    text = example.path.read_text(encoding="utf-8")
    raw_b64 = example.payload.get("raw_b64")
    if isinstance(raw_b64, str):
        text += base64.b64decode(raw_b64).decode()
    domains = {match.group(1).lower() for match in _ADDRESS.finditer(text)}
    assert {domain for domain in domains if not _SCRUBBED_DOMAIN.search(domain)} == set()
