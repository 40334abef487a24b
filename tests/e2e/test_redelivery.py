"""Every topic delivered again from offset 0 to the running pipeline: nothing new is created,
nothing is counted twice, nobody is emailed twice."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from confluent_kafka import Producer
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import IntegrationError, IntegrationErrorType, Provider
from schemas.contracts.topics import Topic
from services.common.kafka import Outbound, ProducerGateway, build_producer_config
from services.db.models import (
    EmailIntegration,
    JobPosting,
    Notification,
    ProcessedEmail,
    SyncRun,
)
from services.db.session import transaction
from services.demo.processes import ServiceGroup
from services.demo.run import SAMPLE_MAILBOX, trigger_sync, wait_for_run
from services.demo.seed import DEMO_CANDIDATES
from services.ops.chaos.probe import consumer_lag
from services.ops.replay import replay
from tests.pipeline_fixtures import RecordingHandler, emails_settled, new_tenant
from tests.waiting import wait_until

pytestmark = [pytest.mark.kafka, pytest.mark.e2e]
Pipeline = tuple[ServiceGroup, str]
ROLES = [role for roles in DEMO_CANDIDATES.values() for role in roles]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# each stage's consumer group in the pipeline fixture, and what it reads
STAGES = {
    "fetcher": [Topic.EMAIL_SYNC_REQUESTED],
    "parser": [Topic.EMAIL_RAW],
    "jobwriter": [Topic.EMAIL_PARSED, Topic.INTEGRATION_ERROR],
}


def idle(bootstrap: str) -> bool:
    return consumer_lag(bootstrap, STAGES) == 0


def state(sessions: sessionmaker[Session], tenant_id: int) -> dict[str, object]:
    """What a redelivery could wrongly change: rows, counters, run figures, extractor versions."""
    with transaction(sessions) as session:
        jobs = session.execute(
            select(JobPosting.id, JobPosting.title, JobPosting.extraction_version)
            .where(JobPosting.tenant_id == tenant_id)
            .order_by(JobPosting.id)
        ).all()
        ledger = session.scalar(
            select(func.count())
            .select_from(ProcessedEmail)
            .where(ProcessedEmail.tenant_id == tenant_id)
        )
        integration = session.execute(
            select(
                EmailIntegration.emails_processed_count,
                EmailIntegration.jobs_created_count,
                EmailIntegration.is_active,
                EmailIntegration.last_sync_error,
            ).where(EmailIntegration.tenant_id == tenant_id)
        ).one()
        runs = session.execute(
            select(SyncRun.status, SyncRun.emails_processed, SyncRun.jobs_created)
            .where(SyncRun.tenant_id == tenant_id)
            .order_by(SyncRun.started_at)
        ).all()
        emails = session.execute(
            select(Notification.kind, Notification.event_key)
            .join(EmailIntegration, EmailIntegration.id == Notification.integration_id)
            .where(EmailIntegration.tenant_id == tenant_id)
            .order_by(Notification.id)
        ).all()
    return {
        "jobs": tuple(jobs),
        "ledger": ledger,
        "integration": tuple(integration),
        "runs": tuple(runs),
        "emails": tuple(emails),  # queued user emails (the outbox)
    }


def test_every_topic_replayed_from_offset_zero_changes_nothing(
    pipeline: Pipeline,
    prepared: tuple[str, str],
    sessions: sessionmaker[Session],
    smtp_server: tuple[RecordingHandler, int],
) -> None:
    bootstrap = prepared[0]
    group, base_url = pipeline
    ids = new_tenant(sessions, mailbox=SAMPLE_MAILBOX, roles=ROLES)
    sync_id = trigger_sync(base_url, integration_id=ids.integration_id, api_key=ids.api_key)
    run = wait_for_run(sessions, sync_id, check_alive=group.check_alive)
    assert run.jobs_created > 0
    expired = IntegrationError(
        integration_id=ids.integration_id,
        user_id=ids.user_id,
        tenant_id=ids.tenant_id,
        provider=Provider.MAILDIR,
        error_type=IntegrationErrorType.TOKEN_EXPIRED,
        error_message="invalid_grant",
        occurred_at=datetime.now(UTC),
    )
    gateway = ProducerGateway(Producer(build_producer_config(bootstrap=bootstrap, client_id="t")))
    gateway.send(
        [Outbound.of(Topic.INTEGRATION_ERROR, expired, key=str(ids.integration_id), source="/t")]
    )
    wait_until(lambda: idle(bootstrap))
    wait_until(lambda: emails_settled(sessions, ids.integration_id), "the reconnect email")
    before = state(sessions, ids.tenant_id)
    assert before["integration"] == (
        run.emails_found,
        run.jobs_created,
        False,
        "Token expired - please reconnect",
    )
    mailbox, _port = smtp_server
    emails_before = len(mailbox.messages)

    replayed = {
        topic: replay(bootstrap, topic, since=EPOCH, tenant=ids.tenant_id).replayed
        # email.parsed before email.raw: re-parsed raw emails add to email.parsed
        for topic in (
            Topic.EMAIL_SYNC_REQUESTED,
            Topic.EMAIL_PARSED,
            Topic.EMAIL_RAW,
            Topic.INTEGRATION_ERROR,
        )
    }
    assert replayed[Topic.EMAIL_SYNC_REQUESTED] == 1 and replayed[Topic.INTEGRATION_ERROR] == 1
    assert replayed[Topic.EMAIL_RAW] == replayed[Topic.EMAIL_PARSED] == run.emails_found
    wait_until(lambda: idle(bootstrap))

    assert state(sessions, ids.tenant_id) == before
    assert len(mailbox.messages) == emails_before  # the reconnect email is not sent again
    group.check_alive()
