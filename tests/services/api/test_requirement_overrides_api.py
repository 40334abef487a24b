"""The requirement overrides API on real PostgreSQL and Kafka: a recruiter merges two
requirements or splits a sighting out; another tenant's ids are a 404 as missing ones; the
changed requirements' events reach requirement.created/updated, keyed by requirement id."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from confluent_kafka import Consumer, TopicPartition
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.codec import get_codec
from schemas.contracts.models import RequirementCreated, RequirementUpdated
from schemas.contracts.topics import Topic
from services.api.main import build_app
from tests.pipeline_fixtures import new_tenant
from tests.requirement_samples import java_job, vendor_email
from tests.services.api.api_app import api_settings, headers
from tests.services.api.test_requirements_api import record

TOPICS = (Topic.REQUIREMENT_CREATED.value, Topic.REQUIREMENT_UPDATED.value)


@pytest.fixture
def kafka_client(
    prepared: tuple[str, str], sessions: sessionmaker[Session]
) -> Iterator[TestClient]:
    settings = api_settings(prepared[1], kafka=prepared[0])
    with TestClient(build_app(settings, sessions=sessions)) as test_client:
        yield test_client


def consumer_at_end(bootstrap: str) -> Consumer:
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"test-{uuid.uuid4().hex}",
            "enable.auto.commit": False,
        }
    )
    positions = []
    for topic in TOPICS:
        metadata = consumer.list_topics(topic, timeout=10)
        for partition in metadata.topics[topic].partitions:
            _, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)
            positions.append(TopicPartition(topic, partition, high))
    consumer.assign(positions)
    return consumer


def events_of(
    consumer: Consumer, tenant_id: int, *, count: int
) -> list[tuple[str, bytes | None, RequirementCreated | RequirementUpdated]]:
    found: list[tuple[str, bytes | None, RequirementCreated | RequirementUpdated]] = []
    deadline = datetime.now(UTC) + timedelta(seconds=30)
    while len(found) < count and datetime.now(UTC) < deadline:
        msg = consumer.poll(0.5)
        if msg is None or msg.error():
            continue
        topic = msg.topic()
        assert topic is not None
        event = get_codec(Topic(topic)).decode(msg.value())
        assert isinstance(event, RequirementCreated | RequirementUpdated)
        if event.tenant_id == tenant_id:
            found.append((topic, msg.key(), event))
    return found


@pytest.mark.kafka
def test_merge_and_split_through_the_api_send_their_events(
    prepared: tuple[str, str], sessions: sessionmaker[Session], kafka_client: TestClient
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    other = new_tenant(sessions, mailbox=None, roles=["java"])
    record(
        sessions,
        vendor_email(ids, "a1", "ravi@techvendor.com", java_job(job_id="WF-1")),
        vendor_email(ids, "b1", "mike@apex.com", java_job(job_id="WF-1")),
        vendor_email(ids, "c1", "sam@nextgen.com", java_job(title="Backend Platform Engineer")),
        vendor_email(other, "a1", "ravi@techvendor.com", java_job()),
    )
    listed = kafka_client.get("/requirements", headers=headers(ids)).json()
    [java] = [r["id"] for r in listed if r["sightings"] == 2]
    [backend] = [r["id"] for r in listed if r["sightings"] == 1]
    [theirs] = [r["id"] for r in kafka_client.get("/requirements", headers=headers(other)).json()]
    consumer = consumer_at_end(prepared[0])
    try:
        # another tenant's requirement, either way round, is not found; nonsense is a conflict
        for source, into in ((backend, theirs), (theirs, backend)):
            denied = kafka_client.post(
                f"/requirements/{source}/merge", json={"into": into}, headers=headers(ids)
            )
            assert denied.status_code == 404, denied.text
        itself = kafka_client.post(
            f"/requirements/{java}/merge", json={"into": java}, headers=headers(ids)
        )
        assert itself.status_code == 409

        merged = kafka_client.post(
            f"/requirements/{backend}/merge", json={"into": java}, headers=headers(ids)
        )
        assert merged.status_code == 200, merged.text
        assert merged.json() == {
            "requirement_id": java,
            "events": [Topic.REQUIREMENT_UPDATED.value, Topic.REQUIREMENT_UPDATED.value],
        }
        sent = events_of(consumer, ids.tenant_id, count=2)
        # each keyed by its requirement (partitions apart: no order between the two)
        assert sorted(
            (key, event.requirement_id, event.status) for _, key, event in sent
        ) == sorted(
            [(str(java).encode(), java, "open"), (str(backend).encode(), backend, "merged")]
        )
        # merged ones leave the list; the survivor has all three sightings
        listed = kafka_client.get("/requirements", headers=headers(ids)).json()
        assert [(r["id"], r["sightings"]) for r in listed] == [(java, 3)]

        detail = kafka_client.get(f"/requirements/{java}", headers=headers(ids)).json()
        apex = next(s["id"] for s in detail["sighting_list"] if s["vendor_domain"] == "apex.com")
        denied = kafka_client.post(
            f"/requirements/{java}/sightings/{apex}/split", headers=headers(other)
        )
        assert denied.status_code == 404
        split = kafka_client.post(
            f"/requirements/{java}/sightings/{apex}/split", headers=headers(ids)
        )
        assert split.status_code == 200, split.text
        single = split.json()["requirement_id"]
        sent = events_of(consumer, ids.tenant_id, count=2)
        assert sorted(
            (topic, event.requirement_id, event.sightings) for topic, _, event in sent
        ) == [
            (Topic.REQUIREMENT_CREATED.value, single, 1),
            (Topic.REQUIREMENT_UPDATED.value, java, 2),
        ]
    finally:
        consumer.close()


@pytest.mark.postgres
def test_overrides_without_kafka_are_refused_before_anything_changes(
    prepared: tuple[str, str], sessions: sessionmaker[Session]
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    record(
        sessions,
        vendor_email(ids, "a1", "ravi@techvendor.com", java_job()),
        vendor_email(ids, "c1", "sam@nextgen.com", java_job(title="Backend Platform Engineer")),
    )
    with TestClient(build_app(api_settings(prepared[1]), sessions=sessions)) as client:
        first, second = (r["id"] for r in client.get("/requirements", headers=headers(ids)).json())
        response = client.post(
            f"/requirements/{first}/merge", json={"into": second}, headers=headers(ids)
        )
        assert response.status_code == 503
        assert len(client.get("/requirements", headers=headers(ids)).json()) == 2
