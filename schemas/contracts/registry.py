"""Read the contracts-as-data: topic files, JSON Schemas and examples under ``schemas/``.

Everything is located relative to this package, so an installed wheel and a checkout behave the
same. Topic files are parsed into frozen models; a malformed file fails loudly on first use.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from schemas.contracts.topic_files import (
    EXAMPLES_DIR,
    JSONSCHEMA_DIR,
    SCHEMAS_DIR,
    TOPIC_META_SCHEMA,
    TOPICS_DIR,
    MessageKey,
    SchemaSpec,
    Service,
    TopicCreationConfig,
    TopicDescription,
    TopicServices,
    read_topic_files,
)
from schemas.contracts.topics import Topic

__all__ = [
    "EXAMPLES_DIR",
    "JSONSCHEMA_DIR",
    "SCHEMAS_DIR",
    "TOPICS_DIR",
    "TOPIC_META_SCHEMA",
    "Example",
    "MessageKey",
    "SchemaSpec",
    "Service",
    "TopicCreationConfig",
    "TopicServices",
    "TopicSpec",
    "get_json_schema",
    "get_topic",
    "iter_examples",
    "list_topics",
    "load_json",
    "topic_file",
]


class TopicSpec(TopicDescription):
    """A topic's description with its name as a ``Topic`` member."""

    name: Topic  # narrows the file layer's str to the enum

    @property
    def latest(self) -> SchemaSpec:
        return max(self.schemas, key=lambda schema: schema.version)

    def schema_version(self, version: int) -> SchemaSpec:
        for schema in self.schemas:
            if schema.version == version:
                return schema
        raise KeyError(f"{self.name} has no schema version {version}")


@dataclass(frozen=True)
class Example:
    """One example payload of one schema version (for DLQs: a JSON object of headers)."""

    topic: Topic
    version: int
    name: str  # file stem, e.g. "minimal"
    path: Path
    payload: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.topic}/{self.version}/{self.name}"


def topic_file(topic: Topic) -> Path:
    """The file that declares ``topic``: its own, or its origin's for a DLQ or a retry tier."""
    for spec in read_topic_files():
        if topic.value in (spec.name, spec.dead_letter_name, *spec.retry_names):
            return TOPICS_DIR / f"{spec.name}.yaml"
    raise KeyError(f"no topic file declares {topic}")


@cache
def _specs() -> dict[Topic, TopicSpec]:
    specs: dict[Topic, TopicSpec] = {}
    members = {topic.value for topic in Topic}
    for declared in read_topic_files():
        for description in declared.topics():
            if description.name not in members:
                raise ValueError(
                    f"{description.name} names no Topic member; "
                    "run python -m schemas.contracts.generate"
                )
            spec = TopicSpec.model_validate(description.model_dump(by_alias=True))
            specs[spec.name] = spec
    if missing := [topic.value for topic in Topic if topic not in specs]:
        raise ValueError(f"Topic members no topic file declares: {missing}")
    return specs


def get_topic(topic: Topic) -> TopicSpec:
    return _specs()[topic]


def list_topics() -> list[TopicSpec]:
    """Every topic, derived ones included, in ``Topic`` declaration order."""
    specs = _specs()
    return [specs[topic] for topic in Topic]


def load_json(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object, got {type(data).__name__}")
    return data


def get_json_schema(topic: Topic, version: int | None = None) -> dict[str, Any]:
    """The JSON Schema of one version of a topic (latest when ``version`` is None)."""
    spec = get_topic(topic)
    schema = spec.latest if version is None else spec.schema_version(version)
    return load_json(schema.resource_path)


def iter_examples(topic: Topic | None = None) -> Iterator[Example]:
    """Every example declared in the topic files (one topic's when ``topic`` is given)."""
    specs = list_topics() if topic is None else [get_topic(topic)]
    for spec in specs:
        for schema in spec.schemas:
            for path in schema.example_paths:
                yield Example(
                    topic=spec.name,
                    version=schema.version,
                    name=path.stem,
                    path=path,
                    payload=load_json(path),
                )
