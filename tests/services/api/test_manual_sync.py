"""The manual sync trigger: 503 without Kafka, and on the real broker the scheduler's
sync request for the integration."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from confluent_kafka import Consumer, TopicPartition
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.codec import get_codec
from schemas.contracts.models import SyncRequested
from schemas.contracts.topics import Topic
from services.api.main import build_app
from services.demo.seed import DemoIds
from tests.services.api.api_app import api_settings, headers
from tests.services.api.status_fixtures import client, other, tenant

# pytest finds fixtures by name in this module's namespace
FIXTURES = (client, other, tenant)
pytestmark = [pytest.mark.postgres]


# --- manual trigger -----------------------------------------------------------------------------


def test_manual_sync_without_kafka_is_503(client: TestClient, tenant: DemoIds) -> None:
    response = client.post(f"/integrations/{tenant.integration_id}/sync", headers=headers(tenant))

    assert response.status_code == 503
    assert "KAFKA_BOOTSTRAP_SERVERS" in response.json()["detail"]


def _consumer_at_end(bootstrap: str, topic: str) -> Consumer:
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"test-status-{uuid.uuid4().hex}",
            "enable.auto.commit": False,
        }
    )
    metadata = consumer.list_topics(topic, timeout=10)
    partitions = []
    for partition in metadata.topics[topic].partitions:
        _low, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)
        partitions.append(TopicPartition(topic, partition, high))
    consumer.assign(partitions)
    return consumer


@pytest.mark.kafka
def test_manual_sync_produces_the_schedulers_request(
    prepared: tuple[str, str],
    sessions: sessionmaker[Session],
    tenant: DemoIds,
    other: DemoIds,
) -> None:
    bootstrap, database_url = prepared
    topic = Topic.EMAIL_SYNC_REQUESTED.value
    consumer = _consumer_at_end(bootstrap, topic)
    settings = api_settings(database_url, kafka=bootstrap)
    try:
        with TestClient(build_app(settings, sessions=sessions)) as client:
            denied = client.post(
                f"/integrations/{other.integration_id}/sync", headers=headers(tenant)
            )
            response = client.post(
                f"/integrations/{tenant.integration_id}/sync", headers=headers(tenant)
            )
        assert denied.status_code == 404
        assert response.status_code == 202
        accepted = response.json()
        assert accepted["integration_id"] == tenant.integration_id
        assert accepted["manual_trigger"] is True

        received: list[tuple[SyncRequested, dict[str, bytes], bytes | None]] = []
        deadline = datetime.now(UTC) + timedelta(seconds=30)
        while datetime.now(UTC) < deadline:
            msg = consumer.poll(0.5)
            if msg is None or msg.error():
                continue
            decoded = get_codec(Topic.EMAIL_SYNC_REQUESTED).decode(msg.value())
            assert isinstance(decoded, SyncRequested)
            if decoded.tenant_id in (tenant.tenant_id, other.tenant_id):
                raw_headers = msg.headers() or []
                assert isinstance(raw_headers, list)
                flat = {name: value for name, value in raw_headers if isinstance(value, bytes)}
                received.append((decoded, flat, msg.key()))
            if any(str(r.sync_id) == accepted["sync_id"] for r, _, _ in received):
                break
    finally:
        consumer.close()

    assert len(received) == 1, "exactly one request, none for the other tenant's integration"
    request, message_headers, key = received[0]
    assert isinstance(request, SyncRequested)
    assert str(request.sync_id) == accepted["sync_id"]
    assert key == str(tenant.integration_id).encode()
    assert request.integration_id == tenant.integration_id
    assert request.tenant_id == tenant.tenant_id
    assert request.user_id == tenant.user_id
    assert request.provider == "maildir"
    assert request.manual_trigger is True
    assert request.slot is None
    assert message_headers["ce_type"] == get_codec(Topic.EMAIL_SYNC_REQUESTED).event_type.encode()
    assert message_headers["ce_source"] == b"/reqstream/api"
    assert message_headers["ce_subject"] == str(tenant.integration_id).encode()
