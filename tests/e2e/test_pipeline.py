"""Sample mailbox → API trigger → fetcher → parser → jobwriter → PostgreSQL, on real servers."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from typing import Any

import httpx
import pytest
from confluent_kafka import Producer
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import (
    Category,
    ExtractedJob,
    Extractor,
    ParsedEmail,
    ParseStatus,
    Provider,
    SyncRequested,
)
from schemas.contracts.topics import Topic
from services.common.kafka import Outbound, ProducerGateway, build_producer_config
from services.db.models import EmailIntegration, JobPosting, ProcessedEmail
from services.db.session import transaction
from services.demo.processes import ServiceGroup
from services.demo.run import SAMPLE_MAILBOX, trigger_sync, wait_for_run
from services.demo.seed import DEMO_CANDIDATES
from services.fetcher.handler import search_keywords, subject_matches
from tests.pipeline_fixtures import new_tenant
from tests.waiting import wait_until

pytestmark = [pytest.mark.kafka, pytest.mark.e2e]
ROLES = [role for roles in DEMO_CANDIDATES.values() for role in roles]
Pipeline = tuple[ServiceGroup, str]


def expected_job_emails() -> dict[str, dict[str, Any]]:
    """Labelled job emails whose subject matches the demo roles, by Message-ID."""
    labels = json.loads((SAMPLE_MAILBOX / "labels.json").read_text())
    keywords = search_keywords([ROLES])
    expected: dict[str, dict[str, Any]] = {}
    for path in sorted(SAMPLE_MAILBOX.glob("*.eml")):
        headers = BytesHeaderParser(policy=default_policy).parsebytes(path.read_bytes())
        label = labels[path.name]
        if label["is_job"] and subject_matches(str(headers["Subject"]), keywords):
            expected[str(headers["Message-ID"]).strip().strip("<>")] = label
    return expected


def count(sessions: sessionmaker[Session], model: type, **where: object) -> int:
    with transaction(sessions) as session:
        stmt = select(func.count()).select_from(model).filter_by(**where)
        return int(session.scalar(stmt) or 0)


def test_sample_mailbox_becomes_job_postings(
    pipeline: Pipeline, sessions: sessionmaker[Session]
) -> None:
    group, base_url = pipeline
    ids = new_tenant(sessions, mailbox=SAMPLE_MAILBOX, roles=ROLES)
    sync_id = trigger_sync(base_url, integration_id=ids.integration_id, api_key=ids.api_key)
    run = wait_for_run(sessions, sync_id, check_alive=group.check_alive)
    assert run.status == "success"
    expected = expected_job_emails()
    with transaction(sessions) as session:
        jobs = session.scalars(select(JobPosting).filter_by(tenant_id=ids.tenant_id)).all()
        integration = session.get(EmailIntegration, ids.integration_id)
        assert integration is not None
        assert {j.provider_message_id for j in jobs} == set(expected)
        assert len(jobs) == sum(len(label["jobs"]) for label in expected.values())
        titles = {(j.provider_message_id, j.job_index): j.title for j in jobs}
        agree = sum(
            titles.get((mid, i)) == job["title"]
            for mid, label in expected.items()
            for i, job in enumerate(label["jobs"])
        )
        assert agree / len(titles) >= 0.9
        assert integration.jobs_created_count == len(jobs)
        assert integration.emails_processed_count == run.emails_found
        assert integration.last_sync_status == "success"
        assert integration.last_synced_at is not None
        skipped = session.scalars(
            select(ProcessedEmail.skip_reason).filter_by(
                integration_id=ids.integration_id, result="skipped"
            )
        ).all()
        assert skipped and set(skipped) <= {"not_job", "no_jobs_extracted"} | {
            s for s in skipped if s and s.startswith("low_confidence_")
        }
    assert run.emails_found == run.emails_processed > len(expected)  # look-alikes fetched too


def test_second_sync_and_redelivered_request_create_nothing(
    pipeline: Pipeline, sessions: sessionmaker[Session], kafka_bootstrap: str
) -> None:
    group, base_url = pipeline
    ids = new_tenant(sessions, mailbox=SAMPLE_MAILBOX, roles=ROLES)
    first = trigger_sync(base_url, integration_id=ids.integration_id, api_key=ids.api_key)
    wait_for_run(sessions, first, check_alive=group.check_alive)
    jobs_after_first = count(sessions, JobPosting, tenant_id=ids.tenant_id)
    assert jobs_after_first > 0

    second = trigger_sync(base_url, integration_id=ids.integration_id, api_key=ids.api_key)
    run = wait_for_run(sessions, second, check_alive=group.check_alive)
    assert (run.status, run.emails_found) == ("success", 0)  # the ledger skips them all

    # the first request again, as a redelivery would bring it: its run is finished, no effect
    request = SyncRequested(
        sync_id=first,
        integration_id=ids.integration_id,
        user_id=ids.user_id,
        tenant_id=ids.tenant_id,
        provider=Provider.MAILDIR,
        manual_trigger=True,
        requested_at=datetime.now(UTC),
    )
    gateway = ProducerGateway(
        Producer(build_producer_config(bootstrap=kafka_bootstrap, client_id="test"))
    )
    gateway.send(
        [
            Outbound.of(
                Topic.EMAIL_SYNC_REQUESTED, request, key=str(ids.integration_id), source="/test"
            )
        ]
    )
    marker = trigger_sync(base_url, integration_id=ids.integration_id, api_key=ids.api_key)
    wait_for_run(sessions, marker, check_alive=group.check_alive)  # same partition: after it
    assert count(sessions, JobPosting, tenant_id=ids.tenant_id) == jobs_after_first
    with transaction(sessions) as session:
        integration = session.get(EmailIntegration, ids.integration_id)
        assert integration is not None and integration.jobs_created_count == jobs_after_first


def test_redelivered_parsed_email_is_applied_once(
    pipeline: Pipeline, sessions: sessionmaker[Session], kafka_bootstrap: str
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=ROLES)
    parsed = ParsedEmail(
        sync_id=uuid.uuid4(),
        integration_id=ids.integration_id,
        user_id=ids.user_id,
        tenant_id=ids.tenant_id,
        provider=Provider.MAILDIR,
        provider_message_id="dup@test",
        subject="Java Developer",
        status=ParseStatus.OK,
        is_job=True,
        category=Category.REQUIREMENT,
        confidence=0.95,
        jobs=[ExtractedJob(title="Java Developer", location="Dallas, TX")],
        extractor=Extractor(name="rules", version="test"),
    )
    gateway = ProducerGateway(
        Producer(build_producer_config(bootstrap=kafka_bootstrap, client_id="test"))
    )
    out = Outbound.of(Topic.EMAIL_PARSED, parsed, key=str(ids.integration_id), source="/test")
    gateway.send([out, out])
    second = parsed.model_copy(update={"provider_message_id": "after@test"})
    gateway.send(
        [Outbound.of(Topic.EMAIL_PARSED, second, key=str(ids.integration_id), source="/test")]
    )
    # same key → same partition: once the later message is in, both copies were consumed
    wait_until(lambda: count(sessions, ProcessedEmail, integration_id=ids.integration_id) == 2)
    assert count(sessions, JobPosting, tenant_id=ids.tenant_id) == 2
    with transaction(sessions) as session:
        integration = session.get(EmailIntegration, ids.integration_id)
        assert integration is not None
        assert (integration.emails_processed_count, integration.jobs_created_count) == (2, 2)


def test_manual_trigger_endpoint(pipeline: Pipeline, sessions: sessionmaker[Session]) -> None:
    _, base_url = pipeline
    ids = new_tenant(sessions, mailbox=SAMPLE_MAILBOX, roles=[])
    other = new_tenant(sessions, mailbox=SAMPLE_MAILBOX, roles=[])
    url = f"{base_url}/integrations/{ids.integration_id}/sync"
    response = httpx.post(url, headers={"X-API-Key": ids.api_key})
    assert response.status_code == 202
    body = response.json()
    assert body["manual_trigger"] is True and body["integration_id"] == ids.integration_id
    run = wait_for_run(sessions, uuid.UUID(body["sync_id"]))
    assert (run.status, run.message) == ("success", "No candidate preferred roles found")
    assert run.manual_trigger is True

    bearer = httpx.post(url, headers={"Authorization": f"Bearer {ids.api_key}"})
    assert bearer.status_code == 202
    assert httpx.post(url).status_code == 401
    assert httpx.post(url, headers={"X-API-Key": "rqs_not-a-key"}).status_code == 401
    assert httpx.post(url, headers={"X-API-Key": other.api_key}).status_code == 404
    unknown = f"{base_url}/integrations/999999/sync"
    assert httpx.post(unknown, headers={"X-API-Key": ids.api_key}).status_code == 404
    assert httpx.get(f"{base_url}/healthz").json() == {"status": "ok"}
    assert httpx.get(f"{base_url}/readyz").json() == {"kafka": True, "database": True}


def test_inactive_integration_run_ends_with_seed_message(
    pipeline: Pipeline, sessions: sessionmaker[Session]
) -> None:
    _, base_url = pipeline
    ids = new_tenant(sessions, mailbox=SAMPLE_MAILBOX, roles=ROLES)
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, ids.integration_id)
        assert row is not None
        row.is_active = False
    sync_id = trigger_sync(base_url, integration_id=ids.integration_id, api_key=ids.api_key)
    run = wait_for_run(sessions, sync_id)
    assert (run.status, run.message) == ("failed", "Integration not found or inactive")
    assert count(sessions, ProcessedEmail, integration_id=ids.integration_id) == 0
