"""Topic files → TopicSpec, and idempotent creation on the real broker."""

import uuid
from pathlib import Path

import pytest
from confluent_kafka.admin import AdminClient
from confluent_kafka.admin._config import ConfigResource  # not re-exported for mypy

from schemas.contracts.topics import Topic
from services.infra.topics import TopicSpec, create_topics, load_topic_specs

EMAIL_RAW = """\
name: email.raw
description: Raw messages as fetched
key: integration_id
services: {producers: [fetcher], consumers: [parser]}
schemas:
  - version: 1
    compatibility_mode: backward
    describes: value
    resource: email.raw.v1.schema.json
    examples: [email.raw/1/minimal.json]
dead_letter:
  consumers: [api]
  examples: [email.raw.dlq/1/minimal.json]
  topic_creation_config: {partitions: 1, cleanup.policy: compact}
retry_tiers: [10s, 1m]
topic_creation_config:
  partitions: 6
  retention.ms: "604800000"
  cleanup.policy: delete
  "max.message.bytes": "1048576"
  compression.type: producer
"""


@pytest.fixture
def topics_dir(tmp_path: Path) -> Path:
    (tmp_path / "email.raw.yaml").write_text(EMAIL_RAW)
    (tmp_path / "README.md").write_text("not a topic file")
    return tmp_path


def test_one_file_gives_its_topic_its_dead_letter_topic_and_its_retry_tiers(
    topics_dir: Path,
) -> None:
    specs = {spec.name: spec for spec in load_topic_specs(topics_dir)}
    assert list(specs) == [
        "email.raw",
        "email.raw.dlq",
        "email.raw.retry.10s",
        "email.raw.retry.1m",
    ]
    raw = specs["email.raw"]
    assert raw.partitions == 6
    assert raw.config == {
        "retention.ms": "604800000",
        "cleanup.policy": "delete",
        "max.message.bytes": "1048576",
        "compression.type": "producer",
    }
    # the dead-letter topic takes the topic's config with the overrides its file declares
    assert specs["email.raw.dlq"].partitions == 1
    assert specs["email.raw.dlq"].config == {**raw.config, "cleanup.policy": "compact"}
    assert (specs["email.raw.retry.1m"].partitions, specs["email.raw.retry.1m"].config) == (
        6,
        raw.config,
    )


def test_the_repository_files_give_every_topic_the_services_use() -> None:
    assert {spec.name for spec in load_topic_specs()} == {topic.value for topic in Topic}


def test_partitions_override(topics_dir: Path) -> None:
    assert {spec.partitions for spec in load_topic_specs(topics_dir, partitions=2)} == {2}


def test_an_unquoted_number_is_reported_with_the_file(tmp_path: Path) -> None:
    # Kafka wants strings; the meta-schema and the loader agree on refusing a YAML int
    (tmp_path / "email.raw.yaml").write_text(EMAIL_RAW.replace('"604800000"', "604800000"))
    with pytest.raises(ValueError, match=r"(?s)email\.raw\.yaml.*retention"):
        load_topic_specs(tmp_path)


def test_missing_name_is_reported_with_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("topic_creation_config: {partitions: 1}\n")
    with pytest.raises(ValueError, match="bad.yaml"):
        load_topic_specs(tmp_path)


def test_non_positive_partitions_rejected(tmp_path: Path) -> None:
    (tmp_path / "email.raw.yaml").write_text(EMAIL_RAW.replace("partitions: 6", "partitions: 0"))
    with pytest.raises(ValueError, match="partitions"):
        load_topic_specs(tmp_path)


def test_a_file_declaring_a_derived_name_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "email.raw.yaml").write_text(EMAIL_RAW)
    (tmp_path / "email.raw.dlq.yaml").write_text(
        EMAIL_RAW.replace("name: email.raw", "name: email.raw.dlq").replace("retry_tiers", "#")
    )
    with pytest.raises(ValueError, match="more than once"):
        load_topic_specs(tmp_path)


@pytest.mark.kafka
def test_create_topics_is_idempotent(kafka_bootstrap: str) -> None:
    name = f"test-{uuid.uuid4()}"
    spec = TopicSpec(name=name, partitions=2, config={"retention.ms": "3600000"})
    create_topics(kafka_bootstrap, [spec])
    create_topics(kafka_bootstrap, [spec])  # already exists: no error

    admin = AdminClient({"bootstrap.servers": kafka_bootstrap})
    topic = admin.list_topics(topic=name, timeout=10).topics[name]
    assert len(topic.partitions) == 2
    assert all(p.leader >= 0 for p in topic.partitions.values())
    resource = ConfigResource(ConfigResource.Type.TOPIC, name)
    configs = admin.describe_configs([resource])[resource].result(timeout=10)
    assert configs["retention.ms"].value == "3600000"
