"""Read the contracts-as-data: topic files, JSON Schemas and examples under ``schemas/``.

Everything is located relative to this package, so an installed wheel and a checkout behave the
same. Topic files are parsed into frozen models; a malformed file fails loudly on first use.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from schemas.contracts.topics import Topic

SCHEMAS_DIR = Path(__file__).parents[1]
TOPICS_DIR = SCHEMAS_DIR / "topics"
JSONSCHEMA_DIR = SCHEMAS_DIR / "jsonschema"
EXAMPLES_DIR = SCHEMAS_DIR / "examples"
TOPIC_META_SCHEMA = TOPICS_DIR / "_meta.schema.json"


class Service(StrEnum):
    """Every reqstream process that produces or consumes a topic (the meta-schema's enum)."""

    SCHEDULER = "scheduler"
    FETCHER = "fetcher"
    PARSER = "parser"
    JOBWRITER = "jobwriter"
    API = "api"


class MessageKey(StrEnum):
    """Which id the message key carries, as a decimal string; it fixes per-key ordering."""

    INTEGRATION_ID = "integration_id"
    TENANT_ID = "tenant_id"


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TopicServices(_Spec):
    producers: tuple[Service, ...]
    consumers: tuple[Service, ...]


class SchemaSpec(_Spec):
    version: Annotated[int, Field(ge=1)]
    compatibility_mode: Literal["backward", "none"]
    # "value": the JSON Schema describes the message value; "headers": it describes the Kafka
    # headers (dead-letter topics, whose value is the original bytes, unchanged)
    describes: Literal["value", "headers"]
    resource: str
    examples: tuple[str, ...]

    @property
    def resource_path(self) -> Path:
        return JSONSCHEMA_DIR / self.resource

    @property
    def example_paths(self) -> tuple[Path, ...]:
        return tuple(EXAMPLES_DIR / example for example in self.examples)


class TopicCreationConfig(_Spec):
    """Partitions plus Kafka topic configs; unknown ``*.*`` configs pass through as strings."""

    model_config = ConfigDict(extra="allow", frozen=True)

    partitions: Annotated[int, Field(ge=1)]
    retention_ms: str = Field(alias="retention.ms")
    cleanup_policy: str = Field(alias="cleanup.policy")
    max_message_bytes: str = Field(alias="max.message.bytes")
    compression_type: str = Field(alias="compression.type")

    def kafka_config(self) -> dict[str, str]:
        """Topic configs for ``NewTopic(config=...)``: everything except ``partitions``."""
        dumped = self.model_dump(by_alias=True, exclude={"partitions"})
        return {key: str(value) for key, value in dumped.items()}


class TopicSpec(_Spec):
    name: Topic
    description: str
    key: MessageKey
    services: TopicServices
    schemas: tuple[SchemaSpec, ...] = Field(min_length=1)
    topic_creation_config: TopicCreationConfig

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
    return TOPICS_DIR / f"{topic.value}.yaml"


@cache
def _load_topic(topic: Topic) -> TopicSpec:
    path = topic_file(topic)
    spec = TopicSpec.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    if spec.name != topic:
        raise ValueError(f"{path.name} declares name {spec.name!r}; expected {topic.value!r}")
    return spec


def get_topic(topic: Topic) -> TopicSpec:
    return _load_topic(topic)


def list_topics() -> list[TopicSpec]:
    """Every topic file, in ``Topic`` declaration order."""
    order = list(Topic)
    specs = []
    for path in TOPICS_DIR.glob("*.yaml"):
        if path.stem not in order:
            raise ValueError(f"{path} names no Topic member; add it to contracts/topics.py")
        specs.append(_load_topic(Topic(path.stem)))
    return sorted(specs, key=lambda spec: order.index(spec.name))


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
