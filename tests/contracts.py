"""Helpers for the per-service contract tests: examples in, schema-valid messages out."""

from __future__ import annotations

from collections.abc import Iterator

from jsonschema import Draft202012Validator

from schemas.contracts.codec import get_codec
from schemas.contracts.models import Contract
from schemas.contracts.registry import Example, get_json_schema, iter_examples
from schemas.contracts.topics import Topic


def examples_of(topic: Topic) -> list[Example]:
    found = list(iter_examples(topic))
    assert found, f"{topic} has no examples"
    return found


def decoded_examples(topic: Topic) -> Iterator[tuple[str, Contract]]:
    codec = get_codec(topic)
    for example in examples_of(topic):
        yield example.name, codec.decode(example.path.read_bytes())


def assert_valid(topic: Topic, message: Contract) -> None:
    """The message, as it goes on the wire, validates against the topic's JSON Schema."""
    codec = get_codec(topic)
    wire = codec.encode(message)
    import json

    validator = Draft202012Validator(
        get_json_schema(topic), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors = [e.message for e in validator.iter_errors(json.loads(wire))]
    assert not errors, f"{topic}: {errors}"
    assert codec.decode(wire) == message
