"""The scheduler's tick against real PostgreSQL and Kafka: due selection and slot claims."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from confluent_kafka import Consumer, TopicPartition
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.codec import get_codec
from schemas.contracts.models import SyncRequested
from schemas.contracts.topics import Topic
from services.common.kafka import build_producer, coordinates
from services.db.models import EmailIntegration, SyncSlotClaim
from services.db.session import transaction
from services.scheduler.settings import SchedulerSettings
from services.scheduler.wiring import Scheduler
from tests.pipeline_fixtures import new_tenant

pytestmark = pytest.mark.kafka


def scheduler(
    kafka_bootstrap: str,
    database_url: str,
    sessions: sessionmaker[Session],
    *,
    instance: str,
    now: datetime,
) -> Scheduler:
    settings = SchedulerSettings(
        kafka_bootstrap_servers=kafka_bootstrap,
        database_url=database_url,
        instance_id=instance,
        due_slack_seconds=0,
    )
    producer = build_producer(bootstrap=kafka_bootstrap, client_id=instance)
    return Scheduler(sessions, producer, settings, clock=lambda: now)


def requests_on_topic(kafka_bootstrap: str, integration_ids: set[int]) -> list[SyncRequested]:
    consumer = Consumer(
        {
            "bootstrap.servers": kafka_bootstrap,
            "group.id": f"test-{uuid.uuid4()}",
            "enable.auto.commit": False,
        }
    )
    metadata = consumer.list_topics(Topic.EMAIL_SYNC_REQUESTED.value, timeout=10)
    partitions = metadata.topics[Topic.EMAIL_SYNC_REQUESTED.value].partitions
    ends = {}
    for p in partitions:
        _low, high = consumer.get_watermark_offsets(
            TopicPartition(Topic.EMAIL_SYNC_REQUESTED.value, p), timeout=10
        )
        ends[p] = high
    consumer.assign([TopicPartition(Topic.EMAIL_SYNC_REQUESTED.value, p, 0) for p in partitions])
    codec = get_codec(Topic.EMAIL_SYNC_REQUESTED)
    found: list[SyncRequested] = []
    done: set[int] = {p for p, high in ends.items() if high == 0}
    while len(done) < len(partitions):
        msg = consumer.poll(5)
        assert msg is not None, "topic ended early"
        if msg.error():
            continue
        request = codec.decode(msg.value())
        assert isinstance(request, SyncRequested)
        if request.integration_id in integration_ids:
            found.append(request)
        _topic, partition, offset = coordinates(msg)
        if offset + 1 >= ends[partition]:
            done.add(partition)
    consumer.close()
    return found


def test_tick_emits_due_integrations_only(
    prepared: tuple[str, str], sessions: sessionmaker[Session]
) -> None:
    kafka_bootstrap, database_url = prepared
    now = datetime.now(UTC) + timedelta(days=3650)  # a slot no other test uses
    due = new_tenant(sessions, mailbox=None, roles=["x"])
    recent = new_tenant(sessions, mailbox=None, roles=["x"])
    inactive = new_tenant(sessions, mailbox=None, roles=["x"])
    with transaction(sessions) as session:
        recent_row = session.get(EmailIntegration, recent.integration_id)
        inactive_row = session.get(EmailIntegration, inactive.integration_id)
        assert recent_row is not None and inactive_row is not None
        recent_row.last_synced_at = now - timedelta(minutes=5)
        inactive_row.is_active = False
    emitted = scheduler(kafka_bootstrap, database_url, sessions, instance="a", now=now).tick()
    ours = {due.integration_id, recent.integration_id, inactive.integration_id}
    assert {r.integration_id for r in emitted} & ours == {due.integration_id}
    on_topic = requests_on_topic(kafka_bootstrap, ours)
    assert [r.integration_id for r in on_topic] == [due.integration_id]
    assert on_topic[0].manual_trigger is False and on_topic[0].slot is not None


def test_two_schedulers_emit_once_per_integration_and_slot(
    prepared: tuple[str, str], sessions: sessionmaker[Session]
) -> None:
    kafka_bootstrap, database_url = prepared
    now = datetime.now(UTC) + timedelta(days=7300)
    tenants = [new_tenant(sessions, mailbox=None, roles=["x"]) for _ in range(5)]
    ours = {t.integration_id for t in tenants}
    replicas = [
        scheduler(kafka_bootstrap, database_url, sessions, instance=name, now=now)
        for name in ("replica-a", "replica-b")
    ]
    barrier = threading.Barrier(len(replicas))
    results: dict[str, list[SyncRequested]] = {}

    def run(replica: Scheduler) -> None:
        barrier.wait()
        results[replica.settings.instance_id] = replica.tick()

    threads = [threading.Thread(target=run, args=(r,)) for r in replicas]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    emitted = [r.integration_id for rs in results.values() for r in rs if r.integration_id in ours]
    assert sorted(emitted) == sorted(ours)
    assert sorted(r.integration_id for r in requests_on_topic(kafka_bootstrap, ours)) == sorted(
        ours
    )
    with transaction(sessions) as session:
        claims = session.scalar(
            select(func.count())
            .select_from(SyncSlotClaim)
            .where(SyncSlotClaim.integration_id.in_(ours))
        )
    assert claims == len(ours)
    # a later tick in the same slot emits nothing more
    again = replicas[0].tick()
    assert not {r.integration_id for r in again} & ours
