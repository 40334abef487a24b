"""Ledger writes on real PostgreSQL: idempotency, counters, sync-run completion."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
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
from services.db import ledger, sync_runs
from services.db.models import EmailIntegration, JobPosting, ProcessedEmail, SyncRun
from services.db.session import transaction
from services.demo.seed import DemoIds
from services.jobwriter.handler import decide
from tests.pipeline_fixtures import new_tenant

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


def parsed_for(
    ids: DemoIds, sync_id: uuid.UUID, message_id: str, **overrides: object
) -> ParsedEmail:
    fields: dict[str, object] = {
        "sync_id": sync_id,
        "integration_id": ids.integration_id,
        "user_id": ids.user_id,
        "tenant_id": ids.tenant_id,
        "provider": Provider.MAILDIR,
        "provider_message_id": message_id,
        "status": ParseStatus.OK,
        "is_job": True,
        "category": Category.REQUIREMENT,
        "confidence": 0.9,
        "jobs": [ExtractedJob(title="Java Developer"), ExtractedJob(title="QA Engineer")],
        "extractor": Extractor(name="rules", version="1"),
    }
    fields.update(overrides)
    return ParsedEmail(**fields)


def start_run(
    sessions: sessionmaker[Session],
    ids: DemoIds,
    message_ids: list[str],
    *,
    integration_id: int | None = None,
) -> uuid.UUID:
    """A running sync run that fetched ``message_ids`` (for the tenant's integration unless
    another is named)."""
    request = SyncRequested(
        sync_id=uuid.uuid4(),
        integration_id=integration_id or ids.integration_id,
        user_id=ids.user_id,
        tenant_id=ids.tenant_id,
        provider=Provider.MAILDIR,
        requested_at=NOW,
    )
    with transaction(sessions) as session:
        sync_runs.start_sync_run(session, request=request, now=NOW)
        sync_runs.record_fetch(
            session, sync_id=request.sync_id, message_ids=message_ids, keywords=1, now=NOW
        )
    return request.sync_id


def test_applying_the_same_parsed_email_twice_writes_once(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java developer"])
    sync_id = start_run(sessions, ids, ["m1", "m2"])
    parsed = parsed_for(ids, sync_id, "m1")
    with transaction(sessions) as session:
        first = ledger.apply_parsed_email(session, parsed=parsed, decision=decide(parsed), now=NOW)
    with transaction(sessions) as session:
        again = ledger.apply_parsed_email(session, parsed=parsed, decision=decide(parsed), now=NOW)
    assert first.first_time and not again.first_time
    assert [j.id for j in again.jobs] == [j.id for j in first.jobs]  # re-sent, not re-created
    with transaction(sessions) as session:
        jobs = session.scalar(
            select(func.count())
            .select_from(JobPosting)
            .where(JobPosting.tenant_id == ids.tenant_id)
        )
        integration = session.get(EmailIntegration, ids.integration_id)
        run = session.get(SyncRun, sync_id)
        rows = session.scalars(
            select(ProcessedEmail).where(ProcessedEmail.integration_id == ids.integration_id)
        ).all()
    assert jobs == 2
    assert integration is not None
    assert (integration.emails_processed_count, integration.jobs_created_count) == (1, 2)
    assert run is not None and (run.emails_processed, run.status) == (1, "running")
    assert [(r.result, r.jobs_created) for r in rows] == [("job_created", 2)]
    assert rows[0].job_id == first.jobs[0].id


def test_run_completes_when_its_last_email_is_in(sessions: sessionmaker[Session]) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java developer"])
    sync_id = start_run(sessions, ids, ["a", "b"])
    skipped = parsed_for(ids, sync_id, "a", is_job=False, category=Category.HOTLIST, jobs=[])
    failed = parsed_for(
        ids,
        sync_id,
        "b",
        status=ParseStatus.FAILED,
        is_job=False,
        jobs=[],
        confidence=0.0,
        error="AI parsing failed: empty body",
    )
    results = []
    for parsed in (skipped, failed):
        with transaction(sessions) as session:
            results.append(
                ledger.apply_parsed_email(session, parsed=parsed, decision=decide(parsed), now=NOW)
            )
    assert [r.run_completed for r in results] == [False, True]
    with transaction(sessions) as session:
        run = session.get(SyncRun, sync_id)
        integration = session.get(EmailIntegration, ids.integration_id)
        reasons = dict(
            session.execute(
                select(ProcessedEmail.provider_message_id, ProcessedEmail.skip_reason).where(
                    ProcessedEmail.integration_id == ids.integration_id
                )
            ).all()
        )
    assert run is not None and (run.status, run.emails_processed, run.emails_failed) == (
        "success",
        2,
        1,
    )
    assert integration is not None and integration.last_sync_status == "success"
    assert integration.last_synced_at == NOW
    assert reasons == {"a": "not_job", "b": "AI parsing failed"}


def test_an_email_seen_by_a_second_run_counts_for_that_run_only(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java developer"])
    first_run = start_run(sessions, ids, ["x"])
    second_run = start_run(sessions, ids, ["x"])  # fetched again before the first was applied
    for sync_id in (first_run, second_run):
        parsed = parsed_for(ids, sync_id, "x")
        with transaction(sessions) as session:
            ledger.apply_parsed_email(session, parsed=parsed, decision=decide(parsed), now=NOW)
    with transaction(sessions) as session:
        runs = [session.get(SyncRun, s) for s in (first_run, second_run)]
        integration = session.get(EmailIntegration, ids.integration_id)
    assert [(r.status, r.jobs_created) for r in runs if r] == [("success", 2), ("success", 0)]
    assert integration is not None and integration.jobs_created_count == 2


def test_a_dead_lettered_emails_failed_row_gives_way_to_its_redriven_parse(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java developer"])
    sync_id = start_run(sessions, ids, ["m1"])
    dead = parsed_for(
        ids,
        sync_id,
        "m1",
        status=ParseStatus.FAILED,
        is_job=False,
        jobs=[],
        confidence=0.0,
        error="dead-lettered: boom",
    )
    redriven = parsed_for(ids, sync_id, "m1")
    with transaction(sessions) as session:
        failed = ledger.apply_parsed_email(session, parsed=dead, decision=decide(dead), now=NOW)
    with transaction(sessions) as session:
        parsed = ledger.apply_parsed_email(
            session, parsed=redriven, decision=decide(redriven), now=NOW
        )
    with transaction(sessions) as session:
        again = ledger.apply_parsed_email(session, parsed=dead, decision=decide(dead), now=NOW)
    assert failed.run_completed  # the run does not wait for a re-drive
    assert parsed.first_time and len(parsed.jobs) == 2
    assert not again.first_time  # a later failure never replaces an outcome
    with transaction(sessions) as session:
        integration = session.get(EmailIntegration, ids.integration_id)
        rows = session.scalars(
            select(ProcessedEmail).where(ProcessedEmail.integration_id == ids.integration_id)
        ).all()
    assert [(r.result, r.jobs_created) for r in rows] == [("job_created", 2)]
    assert integration is not None
    assert (integration.emails_processed_count, integration.jobs_created_count) == (1, 2)


def test_processed_ids_are_those_of_the_candidates_in_the_integrations_ledger(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java developer"])
    other = new_tenant(sessions, mailbox=None, roles=["java developer"])
    for tenant, message_id in ((ids, "a"), (ids, "b"), (other, "c")):
        sync_id = start_run(sessions, tenant, [message_id])
        parsed = parsed_for(tenant, sync_id, message_id)
        with transaction(sessions) as session:
            ledger.apply_parsed_email(session, parsed=parsed, decision=decide(parsed), now=NOW)
    candidates = ["b", "c", "a", "b", *(f"x{i}" for i in range(2000))]
    with transaction(sessions) as session:
        seen = ledger.processed_message_ids(
            session, integration_id=ids.integration_id, candidates=iter(candidates)
        )
        none = ledger.processed_message_ids(
            session, integration_id=ids.integration_id, candidates=[]
        )
    assert (seen, none) == ({"a", "b"}, set())
