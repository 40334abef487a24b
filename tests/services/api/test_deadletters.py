"""Dead letters per stage through the API: tenant-scoped counts, and a tenant's re-drive."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.codec import get_codec
from schemas.contracts.dlq import DeadLetterHeaders
from schemas.contracts.models import Provider, RawEmail
from schemas.contracts.topics import Topic
from services.api.main import build_app
from services.common.kafka import Outbound, ProducerGateway, build_producer_config
from services.demo.seed import DemoIds
from tests.kafka_helpers import end_offsets
from tests.pipeline_fixtures import new_tenant
from tests.services.api.api_app import api_settings, headers
from tests.waiting import wait_until

pytestmark = pytest.mark.kafka


def dead_letter(ids: DemoIds, reason: str) -> Outbound:
    """A dead letter whose original is a valid raw email, so a running parser that receives it
    after the re-drive parses it instead of dead-lettering it again."""
    raw = f"Message-ID: <{uuid.uuid4().hex}@example.test>\r\nSubject: hi\r\n\r\nhello\r\n"
    original = RawEmail(
        sync_id=uuid.uuid4(),
        integration_id=ids.integration_id,
        user_id=ids.user_id,
        tenant_id=ids.tenant_id,
        provider=Provider.MAILDIR,
        provider_message_id=f"dlq-{uuid.uuid4().hex}",
        raw_size=len(raw),
        raw_b64=base64.b64encode(raw.encode()).decode(),
    )
    meta = DeadLetterHeaders(
        reason=reason,
        error_class="InvalidMessage",
        stage="parser",
        original_topic=Topic.EMAIL_RAW,
        original_partition=0,
        original_offset=7,
        attempts=1,
        first_failure_time=datetime.now(UTC),
    )
    return Outbound(
        Topic.EMAIL_RAW_DLQ,
        str(ids.integration_id),
        get_codec(Topic.EMAIL_RAW).encode(original),
        meta.to_kafka_headers(),
    )


def redrive_and_wait(
    client: TestClient, ids: DemoIds, reason: str | None = None, topic: Topic = Topic.EMAIL_RAW_DLQ
) -> dict[str, Any]:
    """Start a re-drive job (202) and wait until it finished; its final status."""
    params = {"reason": reason} if reason is not None else {}
    started = client.post(
        f"/deadletters/{topic.value}/redrive", headers=headers(ids), params=params
    )
    assert started.status_code == 202, started.text
    status: dict[str, Any] = started.json()

    def finished() -> bool:
        status.update(client.get(started.json()["href"], headers=headers(ids)).json())
        return status["state"] in ("done", "failed")

    wait_until(finished, "the re-drive job to finish", timeout=60)
    assert status["state"] == "done", status
    return status


def keys_between(bootstrap: str, start: dict[int, int], end: dict[int, int]) -> list[str]:
    """Keys of every email.raw message in [start, end): a bounded read, no waiting for absence."""
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"t-{uuid.uuid4()}",
            "enable.auto.commit": False,
        }
    )
    todo = {p: (o, end[p]) for p, o in start.items() if end[p] > o}
    consumer.assign([TopicPartition(Topic.EMAIL_RAW.value, p, o) for p, (o, _) in todo.items()])
    keys: list[str] = []
    try:
        while todo:
            msg = consumer.poll(5)
            assert msg is not None, "email.raw ended early"
            if msg.error():
                continue
            keys.append((msg.key() or b"").decode())
            partition, offset = msg.partition(), msg.offset()
            assert partition is not None and offset is not None
            if offset + 1 >= todo[partition][1]:
                del todo[partition]
    finally:
        consumer.close()
    return keys


def test_a_tenant_sees_and_redrives_only_its_dead_letters(
    prepared: tuple[str, str], sessions: sessionmaker[Session]
) -> None:
    bootstrap, database_url = prepared
    mine = new_tenant(sessions, mailbox=None, roles=[])
    theirs = new_tenant(sessions, mailbox=None, roles=[])
    gateway = ProducerGateway(
        Producer(build_producer_config(bootstrap=bootstrap, client_id="dlq-api-test"))
    )
    gateway.send([dead_letter(mine, "undecodable MIME"), dead_letter(theirs, "schema says no")])
    start = end_offsets(bootstrap, Topic.EMAIL_RAW)
    app = build_app(api_settings(database_url, kafka=bootstrap), sessions=sessions)
    with TestClient(app) as client:
        assert client.get("/deadletters").status_code == 401
        stages = {s["topic"]: s for s in client.get("/deadletters", headers=headers(mine)).json()}
        raw = stages[Topic.EMAIL_RAW_DLQ.value]
        assert (raw["count"], raw["by_reason"]) == (1, {"undecodable MIME": 1})
        assert raw["stage"] == "parser" and "value" not in raw["latest"][0]
        assert set(stages) == {
            t.value
            for t in (
                Topic.EMAIL_SYNC_REQUESTED_DLQ,
                Topic.EMAIL_RAW_DLQ,
                Topic.EMAIL_PARSED_DLQ,
                Topic.INTEGRATION_ERROR_DLQ,
            )
        }
        first = redrive_and_wait(client, mine)
        again = redrive_and_wait(client, mine)
        assert (
            client.post("/deadletters/email.raw/redrive", headers=headers(mine)).status_code == 404
        )
    assert first["redriven"] == 1 and again["redriven"] == 0
    keys = keys_between(bootstrap, start, end_offsets(bootstrap, Topic.EMAIL_RAW))
    assert keys.count(str(mine.integration_id)) == 1
    assert str(theirs.integration_id) not in keys
