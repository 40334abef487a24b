"""The topic files under ``schemas/topics/``, and the topics each one declares.

A file declares one topic and, when a stage consumes it, that topic's dead-letter topic
(``<topic>.dlq``) and retry tiers (``<topic>.retry.<tier>``). Those derived topics exist only
here: their contract, services and creation config follow from the main topic's, so nothing about
them is written twice. Names are plain strings at this level; the ``Topic`` enum is generated from
them (``python -m schemas.contracts.generate``) and ``registry`` types them with it.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

SCHEMAS_DIR = Path(__file__).parents[1]
TOPICS_DIR = SCHEMAS_DIR / "topics"
JSONSCHEMA_DIR = SCHEMAS_DIR / "jsonschema"
EXAMPLES_DIR = SCHEMAS_DIR / "examples"
TOPIC_META_SCHEMA = TOPICS_DIR / "_meta.schema.json"

DEAD_LETTER_SUFFIX = ".dlq"
RETRY_INFIX = ".retry."
DEAD_LETTER_RESOURCE = "dead_letter.v1.schema.json"  # one headers contract for every DLQ
_TIER = re.compile(r"^(?P<n>[1-9][0-9]*)(?P<unit>[smh])$")
_UNIT_S = {"s": 1.0, "m": 60.0, "h": 3600.0}
_UNIT_WORD = {"s": "second", "m": "minute", "h": "hour"}


class Service(StrEnum):
    """Every reqstream process that produces or consumes a topic (the meta-schema's enum)."""

    SCHEDULER = "scheduler"
    FETCHER = "fetcher"
    PARSER = "parser"
    JOBWRITER = "jobwriter"
    API = "api"
    IMAPWATCHER = "imapwatcher"


class MessageKey(StrEnum):
    """Which id the message key carries, as a decimal string; it fixes per-key ordering."""

    INTEGRATION_ID = "integration_id"
    TENANT_ID = "tenant_id"
    REQUIREMENT_ID = "requirement_id"


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

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    partitions: Annotated[int, Field(ge=1)]
    retention_ms: str = Field(alias="retention.ms")
    cleanup_policy: str = Field(alias="cleanup.policy")
    max_message_bytes: str = Field(alias="max.message.bytes")
    compression_type: str = Field(alias="compression.type")

    @property
    def compacted(self) -> bool:
        """A table (latest record per key), not a log of events."""
        return "compact" in self.cleanup_policy.split(",")

    def kafka_config(self) -> dict[str, str]:
        """Topic configs for ``NewTopic(config=...)``: everything except ``partitions``."""
        dumped = self.model_dump(by_alias=True, exclude={"partitions"})
        return {key: str(value) for key, value in dumped.items()}

    def with_overrides(self, overrides: dict[str, int | str]) -> TopicCreationConfig:
        return TopicCreationConfig.model_validate({**self.model_dump(by_alias=True), **overrides})


class TopicDescription(_Spec):
    """One Kafka topic: declared by a file, or derived from one (a DLQ or a retry tier)."""

    name: Annotated[str, Field(pattern=r"^[a-z]+(\.[a-z0-9]+)+$")]
    description: Annotated[str, Field(min_length=1)]
    key: MessageKey
    services: TopicServices
    schemas: tuple[SchemaSpec, ...] = Field(min_length=1)
    topic_creation_config: TopicCreationConfig


class DeadLetterDeclaration(_Spec):
    """``<topic>.dlq``: the stage consuming the topic writes what it cannot process there."""

    consumers: tuple[Service, ...]
    examples: tuple[str, ...] = Field(min_length=1)  # of the dead-letter headers contract
    # what differs from the topic's own creation config (fewer partitions, longer retention)
    topic_creation_config: dict[str, int | str] = Field(default_factory=dict)


RetryTier = Annotated[str, Field(pattern=_TIER.pattern)]


class TopicFile(TopicDescription):
    """A ``schemas/topics/<topic>.yaml`` file: the topic plus what its consumers derive from it."""

    dead_letter: DeadLetterDeclaration | None = None
    # delay tiers of the non-blocking retries, in order ("10s", "1m", "10m"); after the last, DLQ
    retry_tiers: tuple[RetryTier, ...] = ()

    @model_validator(mode="after")
    def _retries_end_in_a_dead_letter_topic(self) -> TopicFile:
        if self.retry_tiers and self.dead_letter is None:
            raise ValueError("retry_tiers need a dead_letter topic to end in")
        if self.topic_creation_config.compacted and (self.dead_letter or self.retry_tiers):
            # a table is re-read whole by its consumers: a bad record is skipped, not moved
            raise ValueError("a compacted topic declares no dead_letter and no retry_tiers")
        if len(set(self.retry_tiers)) != len(self.retry_tiers):
            raise ValueError(f"retry_tiers repeat a tier: {self.retry_tiers}")
        return self

    @property
    def dead_letter_name(self) -> str | None:
        return None if self.dead_letter is None else self.name + DEAD_LETTER_SUFFIX

    @property
    def retry_names(self) -> tuple[str, ...]:
        return tuple(f"{self.name}{RETRY_INFIX}{tier}" for tier in self.retry_tiers)

    def topics(self) -> list[TopicDescription]:
        """The declared topic first, then its dead-letter topic and its retry tiers."""
        own = TopicDescription.model_validate(
            self.model_dump(by_alias=True, exclude={"dead_letter", "retry_tiers"})
        )
        return [own, *self._dead_letter_topic(), *self._retry_topics()]

    def _consumers_text(self) -> str:
        return " and ".join(self.services.consumers)

    def _dead_letter_topic(self) -> list[TopicDescription]:
        if self.dead_letter is None or self.dead_letter_name is None:
            return []
        readers = " and ".join(self.dead_letter.consumers) or "nobody"
        description = (
            f"Dead letters of {self.name}: messages the {self._consumers_text()} could not "
            "process (undecodable, schema-invalid or rejected by its handler). Key and value are "
            "the original bytes, unchanged; the original headers are kept and dlq_* headers "
            f"(dead_letter.v1) say why, where from and when. Consumed by the {readers} for "
            "listing and re-drive."
        )
        schema = SchemaSpec(
            version=1,
            compatibility_mode="backward",
            describes="headers",
            resource=DEAD_LETTER_RESOURCE,
            examples=self.dead_letter.examples,
        )
        return [
            TopicDescription(
                name=self.dead_letter_name,
                description=description,
                key=self.key,
                services=TopicServices(
                    producers=self.services.consumers, consumers=self.dead_letter.consumers
                ),
                schemas=(schema,),
                topic_creation_config=self.topic_creation_config.with_overrides(
                    self.dead_letter.topic_creation_config
                ),
            )
        ]

    def _retry_topics(self) -> list[TopicDescription]:
        names = self.retry_names
        if not names:
            return []
        after = [*names[1:], self.dead_letter_name]
        return [
            TopicDescription(
                name=name,
                description=(
                    f"Retry tier {index} of {self.name}: messages the {self._consumers_text()} "
                    "failed to process with a retryable error (a transient fault of that one "
                    f"message), to be tried again after {tier_words(tier)}. Key, value and "
                    f"original headers are those of the {self.name} message; retry_* headers "
                    "carry the attempt, the due time, the first failure and the original "
                    "coordinates. The consumer pauses this partition until its head is due, so "
                    f"the main topic is never blocked. Failing again moves the message to {next_}."
                ),
                key=self.key,
                # the consuming stage retries into its own tiers and reads them back
                services=TopicServices(
                    producers=self.services.consumers, consumers=self.services.consumers
                ),
                schemas=self.schemas,
                # same partitions, so a retried message keeps its key's partition number
                topic_creation_config=self.topic_creation_config,
            )
            for index, (name, tier, next_) in enumerate(
                zip(names, self.retry_tiers, after, strict=True), start=1
            )
        ]


def tier_delay_s(tier: str) -> float:
    """The delay a tier's name stands for: "10s" → 10.0, "1m" → 60.0, "2h" → 7200.0."""
    match = _TIER.match(tier)
    if match is None:
        raise ValueError(f"retry tier {tier!r} is not <n>s, <n>m or <n>h")
    return int(match["n"]) * _UNIT_S[match["unit"]]


def tier_words(tier: str) -> str:
    """ "10s" → "10 seconds", "1m" → "1 minute"."""
    match = _TIER.match(tier)
    if match is None:
        raise ValueError(f"retry tier {tier!r} is not <n>s, <n>m or <n>h")
    n = int(match["n"])
    return f"{n} {_UNIT_WORD[match['unit']]}{'' if n == 1 else 's'}"


def read_topic_file(path: Path) -> TopicFile:
    """One topic file; a malformed one raises ``ValueError`` naming the file."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        topic_file = TopicFile.model_validate(document)
    except (yaml.YAMLError, ValidationError) as exc:
        raise ValueError(f"{path}: {exc}") from exc
    if topic_file.name != path.stem:
        raise ValueError(f"{path.name} declares name {topic_file.name!r}; expected {path.stem!r}")
    return topic_file


def read_topic_files(directory: Path = TOPICS_DIR) -> list[TopicFile]:
    """Every ``*.yaml`` topic file of ``directory``, sorted by name."""
    return [read_topic_file(path) for path in sorted(directory.glob("*.yaml"))]


def shared_retry_tiers(files: list[TopicFile]) -> tuple[str, ...]:
    """The retry tiers of every retried topic: services take one ``RETRY_DELAYS_S`` for all
    of them, so the files must agree."""
    declared = {f.retry_tiers for f in files if f.retry_tiers}
    if len(declared) > 1:
        raise ValueError(f"topic files declare different retry_tiers: {sorted(declared)}")
    return next(iter(declared), ())
