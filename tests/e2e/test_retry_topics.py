"""Non-blocking retries through the running jobwriter, against a real transient database fault:
a row lock held by the test makes one email's transaction hit the lock timeout."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from confluent_kafka import Consumer, Message, Producer
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.codec import get_codec, header_value
from schemas.contracts.dlq import DeadLetterHeaders
from schemas.contracts.models import ParsedEmail
from schemas.contracts.registry import EXAMPLES_DIR, load_json
from schemas.contracts.retry import RetryHeaders
from schemas.contracts.topics import Topic
from services.common.kafka import (
    Outbound,
    ProducerGateway,
    build_producer_config,
    consumed_headers,
)
from services.db.models import JobPosting, ProcessedEmail, SyncRun, SyncRunEmail
from services.db.session import transaction
from services.demo.processes import ServiceGroup
from tests.pipeline_fixtures import new_tenant
from tests.waiting import wait_until

pytestmark = [pytest.mark.kafka, pytest.mark.e2e]
Pipeline = tuple[ServiceGroup, str]
EXAMPLE = EXAMPLES_DIR / "email.parsed/1/requirement-two-jobs.json"


def parsed_email(ids: tuple[int, int, int], sync_id: uuid.UUID, message_id: str) -> ParsedEmail:
    tenant_id, user_id, integration_id = ids
    return ParsedEmail.model_validate(
        load_json(EXAMPLE)
        | {
            "tenant_id": tenant_id,
            "user_id": user_id,
            "integration_id": integration_id,
            "sync_id": str(sync_id),
            "provider_message_id": message_id,
        }
    )


def publish(bootstrap: str, emails: list[ParsedEmail]) -> None:
    gateway = ProducerGateway(Producer(build_producer_config(bootstrap=bootstrap, client_id="t")))
    # one key: every email lands on the same partition, in this order
    gateway.produce(
        [
            Outbound.of(Topic.EMAIL_PARSED, e, key=str(e.integration_id), source="/test")
            for e in emails
        ]
    )
    gateway.flush()


def messages_for(bootstrap: str, topic: Topic, message_id: str) -> list[Message]:
    """Every message on ``topic`` (read to its end) that carries this provider message id."""
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"test-{uuid.uuid4()}",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
            "enable.partition.eof": True,
        }
    )
    partitions = len(consumer.list_topics(topic.value, timeout=10).topics[topic.value].partitions)
    consumer.subscribe([topic.value])
    found: list[Message] = []
    at_end: set[int] = set()
    deadline = time.monotonic() + 30
    try:
        while len(at_end) < partitions and time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error() is not None:
                at_end.add(msg.partition() or 0)
                continue
            if message_id.encode() in (msg.value() or b""):
                found.append(msg)
    finally:
        consumer.close()
    return found


@contextmanager
def row_locked(
    sessions: sessionmaker[Session], sync_id: uuid.UUID, message_id: str
) -> Iterator[None]:
    """Hold the lock on one email's sync_run_emails row, as a long transaction elsewhere would."""
    with sessions() as session, session.begin():
        session.execute(
            select(SyncRunEmail)
            .where(SyncRunEmail.sync_id == sync_id, SyncRunEmail.provider_message_id == message_id)
            .with_for_update()
        ).one()
        yield
        session.rollback()


def new_sync(
    sessions: sessionmaker[Session], ids: tuple[int, int, int], mids: list[str]
) -> uuid.UUID:
    sync_id = uuid.uuid4()
    with transaction(sessions) as session:
        session.add(SyncRun(id=sync_id, tenant_id=ids[0], integration_id=ids[2]))
        session.flush()
        session.add_all(SyncRunEmail(sync_id=sync_id, provider_message_id=m) for m in mids)
    return sync_id


def ledger(sessions: sessionmaker[Session], integration_id: int) -> set[str]:
    with sessions() as session:
        return set(
            session.scalars(
                select(ProcessedEmail.provider_message_id).where(
                    ProcessedEmail.integration_id == integration_id
                )
            )
        )


def test_transient_fault_succeeds_on_the_third_attempt_without_blocking_the_partition(
    pipeline: Pipeline, prepared: tuple[str, str], sessions: sessionmaker[Session]
) -> None:
    bootstrap = prepared[0]
    demo = new_tenant(sessions, mailbox=None, roles=["Data Engineer"])
    ids = (demo.tenant_id, demo.user_id, demo.integration_id)
    stuck, others = "retry-stuck", [f"retry-other-{n}" for n in range(3)]
    sync_id = new_sync(sessions, ids, [stuck])
    with row_locked(sessions, sync_id, stuck):
        publish(bootstrap, [parsed_email(ids, sync_id, m) for m in [stuck, *others]])
        # failed on the main topic and on the first tier: now waiting in the second
        wait_until(lambda: bool(messages_for(bootstrap, Topic.EMAIL_PARSED_RETRY_1M, stuck)))
        # the emails behind it on the same partition were written meanwhile
        wait_until(lambda: ledger(sessions, demo.integration_id) >= set(others), timeout=10)
        assert stuck not in ledger(sessions, demo.integration_id)
    wait_until(lambda: stuck in ledger(sessions, demo.integration_id))

    (waiting,) = messages_for(bootstrap, Topic.EMAIL_PARSED_RETRY_1M, stuck)
    state = RetryHeaders.from_kafka_headers(consumed_headers(waiting))
    assert state is not None and state.attempt == 2
    assert state.original_topic is Topic.EMAIL_PARSED
    assert "55P03" in state.reason  # lock_not_available: the real PostgreSQL error
    assert (
        header_value(consumed_headers(waiting), "ce_id") is not None
    )  # the original headers travel
    assert messages_for(bootstrap, Topic.EMAIL_PARSED_RETRY_10M, stuck) == []
    assert messages_for(bootstrap, Topic.EMAIL_PARSED_DLQ, stuck) == []
    with sessions() as session:
        jobs = session.scalar(
            select(func.count())
            .select_from(JobPosting)
            .where(JobPosting.integration_id == demo.integration_id)
        )
        handled = session.scalar(
            select(SyncRunEmail.handled).where(SyncRunEmail.provider_message_id == stuck)
        )
    assert jobs == 2 * 4  # two jobs per email, each written once
    assert handled is True


def test_a_fault_that_outlasts_every_tier_is_dead_lettered_with_its_history(
    pipeline: Pipeline, prepared: tuple[str, str], sessions: sessionmaker[Session]
) -> None:
    bootstrap = prepared[0]
    demo = new_tenant(sessions, mailbox=None, roles=["Data Engineer"])
    ids = (demo.tenant_id, demo.user_id, demo.integration_id)
    stuck = "retry-exhausted"
    sync_id = new_sync(sessions, ids, [stuck])
    with row_locked(sessions, sync_id, stuck):
        started = time.time()
        publish(bootstrap, [parsed_email(ids, sync_id, stuck)])
        wait_until(lambda: bool(messages_for(bootstrap, Topic.EMAIL_PARSED_DLQ, stuck)))
    (dead,) = messages_for(bootstrap, Topic.EMAIL_PARSED_DLQ, stuck)
    headers = DeadLetterHeaders.from_kafka_headers(consumed_headers(dead))
    assert headers.attempts == 4  # the main topic and three tiers
    assert headers.original_topic is Topic.EMAIL_PARSED
    assert headers.first_failure_time.timestamp() >= started - 1
    assert headers.error_class == "RetryableError"
    original = get_codec(Topic.EMAIL_PARSED).decode(dead.value())
    assert isinstance(original, ParsedEmail) and original.provider_message_id == stuck
    assert not any(name.startswith("retry_") for name, _ in consumed_headers(dead))
    assert stuck not in ledger(sessions, demo.integration_id)
