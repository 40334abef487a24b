"""Topic files → TopicSpec, and idempotent creation on the real broker."""

import uuid
from pathlib import Path

import pytest
from confluent_kafka.admin import AdminClient
from confluent_kafka.admin._config import ConfigResource  # not re-exported for mypy

from services.infra.topics import TopicSpec, create_topics, load_topic_specs

EMAIL_RAW = """\
name: email.raw
description: Raw messages as fetched
key: integration_id
services: {producers: [fetcher], consumers: [parser]}
schemas:
  - version: 1
    compatibility_mode: backward
    resource: email.raw.v1.schema.json
    examples: [minimal.json]
topic_creation_config:
  partitions: 6
  retention.ms: 604800000
  cleanup.policy: delete
  "max.message.bytes": "1048576"
"""

EMAIL_RAW_DLQ = """\
name: email.raw.dlq
description: Messages the parser rejected
some_future_key: {nested: true}
topic_creation_config:
  partitions: 1
  cleanup.policy: compact
"""


@pytest.fixture
def topics_dir(tmp_path: Path) -> Path:
    (tmp_path / "email.raw.yaml").write_text(EMAIL_RAW)
    (tmp_path / "email.raw.dlq.yaml").write_text(EMAIL_RAW_DLQ)
    (tmp_path / "README.md").write_text("not a topic file")
    return tmp_path


def test_loads_partitions_and_config_strings(topics_dir: Path) -> None:
    specs = {spec.name: spec for spec in load_topic_specs(topics_dir)}
    assert set(specs) == {"email.raw", "email.raw.dlq"}
    raw = specs["email.raw"]
    assert raw.partitions == 6
    # An unquoted YAML number still reaches Kafka as a string.
    assert raw.config == {
        "retention.ms": "604800000",
        "cleanup.policy": "delete",
        "max.message.bytes": "1048576",
    }
    assert specs["email.raw.dlq"].config == {"cleanup.policy": "compact"}


def test_partitions_override(topics_dir: Path) -> None:
    assert {spec.partitions for spec in load_topic_specs(topics_dir, partitions=2)} == {2}


def test_missing_name_is_reported_with_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("topic_creation_config: {partitions: 1}\n")
    with pytest.raises(ValueError, match="bad.yaml"):
        load_topic_specs(tmp_path)


def test_non_positive_partitions_rejected(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text("name: t\ntopic_creation_config: {partitions: 0}\n")
    with pytest.raises(ValueError, match="partitions"):
        load_topic_specs(tmp_path)


def test_duplicate_names_rejected(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: t\n")
    (tmp_path / "b.yaml").write_text("name: t\n")
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
