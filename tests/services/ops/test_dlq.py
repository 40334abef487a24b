"""reqstream dlq list / redrive against the running pipeline (real Kafka and PostgreSQL)."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from confluent_kafka import Message, Producer, TopicPartition
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from schemas.contracts.codec import get_codec
from schemas.contracts.dlq import DeadLetterHeaders
from schemas.contracts.models import (
    Category,
    ExtractedJob,
    Extractor,
    ParsedEmail,
    ParseStatus,
    Provider,
)
from schemas.contracts.registry import Service
from schemas.contracts.topics import Topic
from services.cli import dlq as dlq_cli
from services.common.dlq import dead_letter
from services.common.kafka import build_producer_config
from services.db.models import JobPosting
from services.db.session import transaction
from services.demo.processes import ServiceGroup
from services.ops.dlq import REDRIVE_HEADER, ops_consumer, partitions_of, read_range
from tests.fakes import FakeMessage
from tests.pipeline_fixtures import new_tenant
from tests.waiting import wait_until

Pipeline = tuple[ServiceGroup, str]
runner = CliRunner()


def messages(bootstrap: str, topic: Topic) -> list[Message]:
    """Everything on the topic now (a throwaway group; up to the current end offsets)."""
    consumer = ops_consumer(bootstrap, f"test-{uuid.uuid4()}")
    try:
        ranges = {}
        for p in partitions_of(consumer, topic.value):
            marks = consumer.get_watermark_offsets(TopicPartition(topic.value, p), timeout=10)
            ranges[(topic.value, p)] = marks
        return list(read_range(consumer, ranges))
    finally:
        consumer.close()


def dead_letters(bootstrap: str, topic: Topic, key: str) -> list[DeadLetterHeaders]:
    return [
        DeadLetterHeaders.from_kafka_headers(m.headers())  # type: ignore[arg-type]
        for m in messages(bootstrap, topic)
        if m.key() == key.encode()
    ]


def produce(bootstrap: str, topic: Topic, key: str, value: bytes, headers: list[Any]) -> None:
    producer = Producer(build_producer_config(bootstrap=bootstrap, client_id="test"))
    producer.produce(topic.value, key=key, value=value, headers=headers)
    assert producer.flush(30) == 0


def cli(*args: str) -> Any:
    result = runner.invoke(dlq_cli.app, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_cli_refuses_a_data_topic_and_a_missing_bootstrap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = runner.invoke(dlq_cli.app, ["list", "--topic", "email.raw", "--bootstrap", "x:1"])
    assert result.exit_code == 1 and "not a dead-letter topic" in result.output
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    result = runner.invoke(dlq_cli.app, ["redrive", "--topic", "email.raw.dlq"])
    assert result.exit_code == 2 and "KAFKA_BOOTSTRAP_SERVERS" in result.output


@pytest.mark.kafka
def test_poison_message_is_listed_redriven_and_dead_lettered_again(
    pipeline: Pipeline, kafka_bootstrap: str
) -> None:
    marker = f"poison-{uuid.uuid4().hex}"
    ce_id = uuid.uuid4().hex.encode()
    produce(kafka_bootstrap, Topic.EMAIL_RAW, marker, b"{not json", [("ce_id", ce_id)])
    wait_until(lambda: len(dead_letters(kafka_bootstrap, Topic.EMAIL_RAW_DLQ, marker)) == 1)
    [first] = dead_letters(kafka_bootstrap, Topic.EMAIL_RAW_DLQ, marker)
    assert (first.stage, first.attempts) == (Service.PARSER, 1)

    listed = json.loads(
        cli("list", "--topic", "email.raw.dlq", "--json", "--bootstrap", kafka_bootstrap).output
    )
    [entry] = [d for d in listed["dead_letters"] if d["key"] == marker]
    assert entry["reason"] == first.reason and "email.raw" in entry["reason"]
    assert (entry["stage"], entry["original_topic"], entry["attempts"]) == (
        "parser",
        "email.raw",
        1,
    )
    assert entry["first_failure_time"] == first.first_failure_time.isoformat()
    assert "value" not in entry
    assert listed["counts_by_reason"][first.reason] >= 1
    table = cli("list", "--topic", "email.raw.dlq", "--bootstrap", kafka_bootstrap).output
    assert marker in table and "{not json" not in table and "dead letter(s)" in table
    shown = cli(
        "list", "--topic", "email.raw.dlq", "--show-value", "--bootstrap", kafka_bootstrap
    ).output
    assert "{not json" in shown

    dry = cli(
        "redrive", "--topic", "email.raw.dlq", "--filter-key", marker, "--dry-run", "--json",
        "--bootstrap", kafka_bootstrap,
    )  # fmt: skip
    assert json.loads(dry.output.splitlines()[-1])["redriven"] == 1
    done = cli(
        "redrive", "--topic", "email.raw.dlq", "--filter-key", marker, "--json",
        "--bootstrap", kafka_bootstrap,
    )  # fmt: skip
    assert json.loads(done.output.splitlines()[-1])["redriven"] == 1

    # the parser fails it again: attempts 2, first failure time kept, original headers kept
    wait_until(lambda: len(dead_letters(kafka_bootstrap, Topic.EMAIL_RAW_DLQ, marker)) == 2)
    second = dead_letters(kafka_bootstrap, Topic.EMAIL_RAW_DLQ, marker)[1]
    assert second.attempts == 2
    assert second.first_failure_time == first.first_failure_time
    original = dict(second.original_headers)
    assert original["ce_id"] == ce_id and original[REDRIVE_HEADER] == b"1"

    # a filter that matches nothing re-drives nothing (and passes what it examined) ...
    none = cli(
        "redrive", "--topic", "email.raw.dlq", "--filter-reason", f"^no-such-{uuid.uuid4()}$",
        "--json", "--bootstrap", kafka_bootstrap,
    )  # fmt: skip
    summary = json.loads(none.output.splitlines()[-1])
    assert summary["redriven"] == 0 and summary["filtered_out"] >= 1
    # ... so running again re-drives nothing twice
    again = cli(
        "redrive", "--topic", "email.raw.dlq", "--filter-key", marker, "--json",
        "--bootstrap", kafka_bootstrap,
    )  # fmt: skip
    assert json.loads(again.output.splitlines()[-1])["redriven"] == 0
    time.sleep(2)
    assert len(dead_letters(kafka_bootstrap, Topic.EMAIL_RAW_DLQ, marker)) == 2
    pipeline[0].check_alive()


@pytest.mark.kafka
def test_redriven_valid_message_is_processed_normally(
    pipeline: Pipeline, kafka_bootstrap: str, sessions: sessionmaker[Session]
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["Java Developer"])
    parsed = ParsedEmail(
        sync_id=uuid.uuid4(),
        integration_id=ids.integration_id,
        user_id=ids.user_id,
        tenant_id=ids.tenant_id,
        provider=Provider.MAILDIR,
        provider_message_id=f"redrive-{uuid.uuid4().hex}@vendor.example.com",
        status=ParseStatus.OK,
        is_job=True,
        category=Category.REQUIREMENT,
        confidence=0.9,
        jobs=[ExtractedJob(title="Golang Developer")],
        extractor=Extractor(name="rules", version="1.1.0"),
    )
    codec = get_codec(Topic.EMAIL_PARSED)
    key = str(ids.integration_id)
    original = [
        (k, v.encode() if isinstance(v, str) else v)
        for k, v in codec.headers(source="/test", subject=key)
        if v is not None
    ]
    headers = DeadLetterHeaders(
        reason="OperationalError: database unavailable (simulated)",
        error_class="OperationalError",
        stage=Service.JOBWRITER,
        original_topic=Topic.EMAIL_PARSED,
        original_partition=0,
        original_offset=0,
        attempts=3,
        first_failure_time=datetime.now(UTC),
        original_headers=tuple(original),
    )
    produce(
        kafka_bootstrap,
        Topic.EMAIL_PARSED_DLQ,
        key,
        codec.encode(parsed),
        headers.to_kafka_headers(),
    )
    done = cli(
        "redrive", "--topic", "email.parsed.dlq", "--filter-key", key, "--filter-reason",
        "simulated", "--json", "--bootstrap", kafka_bootstrap,
    )  # fmt: skip
    assert json.loads(done.output.splitlines()[-1])["redriven"] == 1

    def created() -> list[str]:
        with transaction(sessions) as session:
            return list(
                session.scalars(select(JobPosting.title).filter_by(tenant_id=ids.tenant_id))
            )

    wait_until(lambda: created() == ["Golang Developer"])
    assert dead_letters(kafka_bootstrap, Topic.EMAIL_PARSED_DLQ, key) == [headers]


def test_dead_letter_of_a_redriven_message_counts_on_and_keeps_the_first_failure() -> None:
    first = datetime(2026, 11, 1, 8, 30, tzinfo=UTC)
    redriven = FakeMessage(
        "email.raw",
        2,
        41,
        b"{not json",
        b"7",
        [
            ("ce_id", b"abc"),
            (REDRIVE_HEADER, b"1"),
            ("dlq_attempts", b"3"),
            ("dlq_first_failure_time", first.isoformat().encode()),
        ],
    )
    out = dead_letter(
        redriven,  # type: ignore[arg-type]
        reason="bad",
        error_class="InvalidMessage",
        stage="parser",
        attempts=2,
    )
    headers = DeadLetterHeaders.from_kafka_headers(out.headers)
    assert (headers.attempts, headers.first_failure_time, headers.original_offset) == (5, first, 41)
    assert headers.original_headers == (("ce_id", b"abc"), (REDRIVE_HEADER, b"1"))

    fresh = FakeMessage("email.raw", 0, 1, b"x", b"7", [("ce_id", b"abc")])
    out = dead_letter(fresh, reason="bad", error_class="E", stage="parser")  # type: ignore[arg-type]
    headers = DeadLetterHeaders.from_kafka_headers(out.headers)
    assert headers.attempts == 1 and headers.first_failure_time > first
