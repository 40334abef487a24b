"""Topic files are data under lint: one per declared topic, valid against the meta-schema,
consistent; the derived topics (DLQs, retry tiers) follow from them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from schemas.contracts import topic_codegen
from schemas.contracts.registry import (
    EXAMPLES_DIR,
    JSONSCHEMA_DIR,
    TOPIC_META_SCHEMA,
    TOPICS_DIR,
    MessageKey,
    Service,
    get_topic,
    list_topics,
    load_json,
    topic_file,
)
from schemas.contracts.topics import (
    DEAD_LETTER_TOPIC,
    DERIVED_TOPICS,
    RETRY_ORIGIN,
    RETRY_TIERS,
    RETRY_TOPICS,
    Topic,
    origin_topic,
)

JsonErrors = Callable[[Mapping[str, Any], object], list[str]]  # the conftest fixture's type

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
DAY_MS = 24 * 60 * 60 * 1000
SCHEMA_FILES = sorted(JSONSCHEMA_DIR.glob("*.json")) + [TOPIC_META_SCHEMA]
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
DATA_TOPICS = [topic for topic in Topic if topic not in DERIVED_TOPICS]


def _raw_topic_file(topic: Topic) -> Any:
    return yaml.safe_load(topic_file(topic).read_text(encoding="utf-8"))


def test_topic_files_and_declared_topics_are_one_to_one() -> None:
    assert {path.stem for path in TOPICS_DIR.glob("*.yaml")} == {t.value for t in DATA_TOPICS}


def test_generated_topic_enum_is_current() -> None:
    # the enum and maps are written from the files; a hand edit or a new file without
    # `python -m schemas.contracts.generate` shows up here (and in `generate --check`)
    assert topic_codegen.TOPICS_MODULE.read_text(encoding="utf-8") == topic_codegen.render()


@pytest.mark.parametrize("topic", sorted(DERIVED_TOPICS), ids=str)
def test_derived_topics_come_from_their_origin_file(topic: Topic) -> None:
    origin = RETRY_ORIGIN.get(topic) or next(o for o, d in DEAD_LETTER_TOPIC.items() if d is topic)
    assert topic_file(topic) == topic_file(origin) == TOPICS_DIR / f"{origin.value}.yaml"
    assert not (TOPICS_DIR / f"{topic.value}.yaml").exists()


def test_topics_dir_holds_only_topic_files_and_the_meta_schema() -> None:
    stray = [
        path.name
        for path in TOPICS_DIR.iterdir()
        if path.suffix != ".yaml" and path != TOPIC_META_SCHEMA
    ]
    assert stray == []


def test_list_topics_returns_every_topic_in_enum_order() -> None:
    assert [spec.name for spec in list_topics()] == list(Topic)


@pytest.mark.parametrize("topic", DATA_TOPICS, ids=str)
def test_topic_file_matches_meta_schema(topic: Topic, json_errors: JsonErrors) -> None:
    assert json_errors(load_json(TOPIC_META_SCHEMA), _raw_topic_file(topic)) == []


@pytest.mark.parametrize("topic", DATA_TOPICS, ids=str)
def test_topic_file_names_its_topic(topic: Topic) -> None:
    assert _raw_topic_file(topic)["name"] == topic.value


@pytest.mark.parametrize("topic", list(Topic), ids=str)
def test_every_topic_has_a_spec_of_its_name(topic: Topic) -> None:
    assert get_topic(topic).name is topic


def test_meta_schema_enums_match_the_registry() -> None:
    meta = load_json(TOPIC_META_SCHEMA)
    assert meta["$defs"]["service"]["enum"] == [service.value for service in Service]
    assert meta["properties"]["key"]["enum"] == [key.value for key in MessageKey]


@pytest.mark.parametrize("topic", list(Topic), ids=str)
def test_resources_and_examples_exist(topic: Topic) -> None:
    for schema in get_topic(topic).schemas:
        assert schema.resource_path.is_file(), schema.resource
        for path in schema.example_paths:
            assert path.is_file(), path
            # a retry topic carries its original topic's messages, so it shares their examples
            assert path.parent == EXAMPLES_DIR / origin_topic(topic).value / str(schema.version)


def test_every_example_file_is_declared() -> None:
    declared = {path for spec in list_topics() for s in spec.schemas for path in s.example_paths}
    assert set(EXAMPLES_DIR.rglob("*.json")) == declared


def test_every_schema_file_is_referenced() -> None:
    referenced = {s.resource_path for spec in list_topics() for s in spec.schemas}
    assert set(JSONSCHEMA_DIR.glob("*.json")) == referenced


def test_topic_creation_config_as_kafka_config() -> None:
    config = get_topic(Topic.EMAIL_RAW).topic_creation_config
    assert config.partitions == 6
    assert config.kafka_config() == {
        "retention.ms": str(7 * DAY_MS),
        "cleanup.policy": "delete",
        "max.message.bytes": "1048576",
        "compression.type": "producer",
    }


EVENT_TOPICS = [t for t in DATA_TOPICS if not get_topic(t).topic_creation_config.compacted]
TABLE_TOPICS = [t for t in DATA_TOPICS if get_topic(t).topic_creation_config.compacted]


@pytest.mark.parametrize("topic", EVENT_TOPICS, ids=str)
def test_event_topic_retention_is_seven_days(topic: Topic) -> None:
    assert get_topic(topic).topic_creation_config.retention_ms == str(7 * DAY_MS)


@pytest.mark.parametrize("topic", TABLE_TOPICS, ids=str)
def test_table_topics_keep_the_latest_record_per_key_forever(topic: Topic) -> None:
    config = get_topic(topic).topic_creation_config
    assert (config.cleanup_policy, config.retention_ms) == ("compact", "-1")


@pytest.mark.parametrize("topic", EVENT_TOPICS, ids=str)
def test_consumed_event_topics_have_a_dead_letter_topic(topic: Topic) -> None:
    assert (topic in DEAD_LETTER_TOPIC) == bool(get_topic(topic).services.consumers)


@pytest.mark.parametrize("topic", TABLE_TOPICS, ids=str)
def test_table_topics_have_no_dead_letter_and_no_retry_topics(topic: Topic) -> None:
    # re-read whole on every assignment: a bad record is skipped, and its producer rewrites it
    assert topic not in DEAD_LETTER_TOPIC
    assert topic not in RETRY_TOPICS


@pytest.mark.parametrize(("topic", "dlq"), sorted(DEAD_LETTER_TOPIC.items()), ids=str)
def test_dead_letter_topic_mirrors_its_topic(topic: Topic, dlq: Topic) -> None:
    source, dead = get_topic(topic), get_topic(dlq)
    assert dlq.value == f"{topic.value}.dlq"
    # the stage that consumes a topic is the one that dead-letters it, keeping the original key
    assert dead.services.producers == source.services.consumers
    assert dead.services.consumers == (Service.API,)
    assert dead.key == source.key
    assert all(s.describes == "headers" for s in dead.schemas)
    assert dead.topic_creation_config.retention_ms == str(30 * DAY_MS)
    # a dead letter is the original record plus headers: it must fit wherever the original fit
    assert int(dead.topic_creation_config.max_message_bytes) >= int(
        source.topic_creation_config.max_message_bytes
    )


@pytest.mark.parametrize(("retry", "origin"), sorted(RETRY_ORIGIN.items()), ids=str)
def test_retry_topic_mirrors_its_topic(retry: Topic, origin: Topic) -> None:
    tier, source = get_topic(retry), get_topic(origin)
    assert retry.value.removeprefix(f"{origin.value}.retry.") in RETRY_TIERS
    # the consuming stage retries into its own tiers and reads them back, keeping the key
    assert tier.services.producers == source.services.consumers
    assert tier.services.consumers == source.services.consumers
    assert tier.key == source.key
    assert [(s.version, s.resource, s.examples) for s in tier.schemas] == [
        (s.version, s.resource, s.examples) for s in source.schemas
    ]
    # same partitions, so a retried message keeps its key's partition number
    assert tier.topic_creation_config.partitions == source.topic_creation_config.partitions
    assert tier.topic_creation_config.max_message_bytes == (
        source.topic_creation_config.max_message_bytes
    )


def test_every_consumed_topic_has_one_retry_topic_per_tier() -> None:
    assert set(RETRY_TOPICS) == set(DEAD_LETTER_TOPIC)
    assert all(len(tiers) == len(RETRY_TIERS) for tiers in RETRY_TOPICS.values())


def test_origin_topic_maps_retry_topics_and_keeps_others() -> None:
    assert origin_topic("email.raw.retry.1m") is Topic.EMAIL_RAW
    assert origin_topic("email.raw") is Topic.EMAIL_RAW
    with pytest.raises(ValueError, match="not a valid Topic"):
        origin_topic("email.raw.retry.2h")


# -- schema files: lint for data ----------------------------------------------------------------

_SCHEMA_MAPS = ("$defs", "properties", "patternProperties", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_SINGLES = (
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
)


def iter_subschemas(schema: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """The schema and every schema nested in it (keywords, not data: a property named "title"
    is not a title)."""
    yield schema
    for keyword in _SCHEMA_MAPS:
        for sub in schema.get(keyword, {}).values():
            yield from iter_subschemas(sub)
    for keyword in _SCHEMA_LISTS:
        for sub in schema.get(keyword, []):
            yield from iter_subschemas(sub)
    for keyword in _SCHEMA_SINGLES:
        sub = schema.get(keyword)
        if isinstance(sub, Mapping):
            yield from iter_subschemas(sub)


def _name(path: Path) -> str:
    return path.name


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=_name)
def test_schema_file_declares_draft_and_id(path: Path) -> None:
    schema = load_json(path)
    assert schema["$schema"] == DRAFT_2020_12
    assert schema["$id"].startswith("urn:reqstream:schemas:")


def test_schema_ids_are_unique() -> None:
    ids = [load_json(path)["$id"] for path in SCHEMA_FILES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=_name)
def test_schema_titles_are_snake_case_unique_and_on_every_object(path: Path) -> None:
    subschemas = list(iter_subschemas(load_json(path)))
    titles = [sub["title"] for sub in subschemas if "title" in sub]
    untitled_objects = [
        sub for sub in subschemas if sub.get("type") == "object" and "title" not in sub
    ]

    assert untitled_objects == []
    assert [title for title in titles if not SNAKE_CASE.match(title)] == []
    assert len(titles) == len(set(titles)), sorted(titles)


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=_name)
def test_schema_file_is_canonical_json(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
