"""A topic file declares its dead-letter topic and retry tiers; the rest is derived from it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from schemas.contracts.registry import TOPIC_META_SCHEMA, load_json
from schemas.contracts.topic_codegen import render_topics_module
from schemas.contracts.topic_files import (
    TopicFile,
    read_topic_file,
    shared_retry_tiers,
    tier_delay_s,
    tier_words,
)

JsonErrors = Callable[[Mapping[str, Any], object], list[str]]

ORDERS = """\
name: order.placed
description: An order.
key: tenant_id
services: {producers: [api], consumers: [jobwriter]}
schemas:
  - {version: 1, compatibility_mode: backward, describes: value,
     resource: order.placed.v1.schema.json, examples: [order.placed/1/minimal.json]}
dead_letter:
  consumers: [api]
  examples: [order.placed.dlq/1/minimal.json]
  topic_creation_config: {partitions: 1, retention.ms: "2592000000"}
retry_tiers: [30s, 2h]
topic_creation_config:
  partitions: 4
  retention.ms: "604800000"
  cleanup.policy: delete
  max.message.bytes: "2097152"
  compression.type: zstd
"""


def _file(text: str = ORDERS, **changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(text)
    document.update(changes)
    return document


def test_a_file_declares_its_topic_its_dead_letter_topic_and_its_retry_tiers() -> None:
    topics = TopicFile.model_validate(_file()).topics()
    assert [t.name for t in topics] == [
        "order.placed",
        "order.placed.dlq",
        "order.placed.retry.30s",
        "order.placed.retry.2h",
    ]


def test_the_dead_letter_topic_follows_the_topic_with_its_own_overrides() -> None:
    dlq = TopicFile.model_validate(_file()).topics()[1]
    assert dlq.key.value == "tenant_id"
    assert (dlq.services.producers, dlq.services.consumers) == (("jobwriter",), ("api",))
    assert [(s.describes, s.resource, s.examples) for s in dlq.schemas] == [
        ("headers", "dead_letter.v1.schema.json", ("order.placed.dlq/1/minimal.json",))
    ]
    config = dlq.topic_creation_config
    assert (config.partitions, config.retention_ms) == (1, "2592000000")
    assert (config.max_message_bytes, config.compression_type) == ("2097152", "zstd")


def test_retry_tiers_carry_the_topics_contract_and_name_the_next_step() -> None:
    source, _, first, last = TopicFile.model_validate(_file()).topics()
    assert first.schemas == last.schemas == source.schemas
    assert first.topic_creation_config == source.topic_creation_config
    assert first.services.producers == first.services.consumers == ("jobwriter",)
    assert "after 30 seconds" in first.description
    assert first.description.endswith("moves the message to order.placed.retry.2h.")
    assert last.description.endswith("moves the message to order.placed.dlq.")


def test_a_topic_nobody_consumes_derives_nothing() -> None:
    document = _file(services={"producers": ["jobwriter"], "consumers": []})
    del document["dead_letter"], document["retry_tiers"]
    assert [t.name for t in TopicFile.model_validate(document).topics()] == ["order.placed"]


def test_a_compacted_topic_declares_no_dead_letter_and_no_retry_tiers() -> None:
    compacted = {**_file()["topic_creation_config"], "cleanup.policy": "compact"}
    with pytest.raises(ValueError, match="compacted topic declares no dead_letter"):
        TopicFile.model_validate(_file(topic_creation_config=compacted))
    table = _file(topic_creation_config=compacted)
    del table["dead_letter"], table["retry_tiers"]
    assert [t.name for t in TopicFile.model_validate(table).topics()] == ["order.placed"]


def test_retry_tiers_without_a_dead_letter_topic_are_refused(json_errors: JsonErrors) -> None:
    document = _file()
    del document["dead_letter"]
    with pytest.raises(ValueError, match="need a dead_letter"):
        TopicFile.model_validate(document)
    assert json_errors(load_json(TOPIC_META_SCHEMA), document) != []


@pytest.mark.parametrize("tier", ["10", "0s", "1d", "10 s"])
def test_a_tier_is_a_count_and_a_unit(tier: str, json_errors: JsonErrors) -> None:
    document = _file(retry_tiers=[tier])
    with pytest.raises(ValueError):
        TopicFile.model_validate(document)
    assert json_errors(load_json(TOPIC_META_SCHEMA), document) != []


def test_the_meta_schema_accepts_the_example_file(json_errors: JsonErrors) -> None:
    assert json_errors(load_json(TOPIC_META_SCHEMA), _file()) == []


def test_tier_names_give_the_default_delays() -> None:
    assert [tier_delay_s(t) for t in ("10s", "1m", "10m", "2h")] == [10.0, 60.0, 600.0, 7200.0]
    assert [tier_words(t) for t in ("1m", "10s")] == ["1 minute", "10 seconds"]


def test_files_must_agree_on_the_tiers() -> None:
    orders = TopicFile.model_validate(_file())
    other = TopicFile.model_validate(_file(name="order.shipped", retry_tiers=["10s"]))
    with pytest.raises(ValueError, match="different retry_tiers"):
        shared_retry_tiers([orders, other])


def test_the_generated_module_has_a_member_per_topic() -> None:
    module = render_topics_module([TopicFile.model_validate(_file())])
    assert 'ORDER_PLACED_DLQ = "order.placed.dlq"' in module
    assert 'ORDER_PLACED_RETRY_2H = "order.placed.retry.2h"' in module
    assert 'RETRY_TIERS: tuple[str, ...] = ("30s", "2h")' in module
    assert "DEFAULT_RETRY_DELAYS_S: tuple[float, ...] = (30.0, 7200.0)" in module
    namespace: dict[str, Any] = {}
    exec(compile(module, "<generated>", "exec"), namespace)  # noqa: S102  # our own output
    assert len(namespace["Topic"]) == 4


def test_a_file_must_be_named_after_its_topic(tmp_path: Path) -> None:
    path = tmp_path / "order.shipped.yaml"
    path.write_text(ORDERS)
    with pytest.raises(ValueError, match="expected 'order.shipped'"):
        read_topic_file(path)
