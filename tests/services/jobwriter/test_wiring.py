"""The jobwriter's batched apply on real PostgreSQL: the same rows, counts and job.created
messages as applying the emails one by one, and a bad email isolated by the runner's fallback."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.codec import get_codec
from schemas.contracts.models import (
    Category,
    ExtractedJob,
    Extractor,
    IntegrationError,
    IntegrationErrorType,
    JobCreated,
    ParsedEmail,
    ParseStatus,
    Provider,
    RequirementCreated,
    RequirementUpdated,
)
from schemas.contracts.topics import Topic
from services.common.engine import RunBatch
from services.common.kafka import Outbound
from services.db.models import (
    EmailIntegration,
    JobPosting,
    JobPostingHistory,
    Notification,
    ProcessedEmail,
    SyncRun,
    SyncRunEmail,
)
from services.db.session import transaction
from services.demo.seed import DemoIds
from services.jobwriter.store import sql_stores
from services.jobwriter.usecase import Jobwriter
from services.jobwriter.wiring import JobwriterProcessor
from tests.fakes import FakeMessage, engine_over
from tests.pipeline_fixtures import new_tenant
from tests.services.db.test_ledger import start_run

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
RECEIVED = NOW - timedelta(minutes=20)


@dataclass(frozen=True)
class World:
    """One tenant with two integrations and named sync runs; each test world is its own
    tenant, so two worlds fed the same emails can be compared row for row."""

    ids: DemoIds
    integrations: tuple[int, int]
    runs: dict[str, uuid.UUID]

    def email(
        self, run: str, message_id: str, *, integration: int = 0, **overrides: Any
    ) -> ParsedEmail:
        fields: dict[str, Any] = {
            "sync_id": self.runs[run],
            "integration_id": self.integrations[integration],
            "user_id": self.ids.user_id,
            "tenant_id": self.ids.tenant_id,
            "provider": Provider.MAILDIR,
            "provider_message_id": message_id,
            "subject": f"Req {message_id}",
            "received_at": RECEIVED,
            "status": ParseStatus.OK,
            "is_job": True,
            "category": Category.REQUIREMENT,
            "confidence": 0.9,
            "jobs": [ExtractedJob(title=f"Java Developer {message_id}")],
            "extractor": Extractor(name="rules", version="1"),
        }
        fields.update(overrides)
        return ParsedEmail(**fields)


def processor(sessions: sessionmaker[Session]) -> JobwriterProcessor:
    return JobwriterProcessor(Jobwriter(stores=sql_stores(sessions), clock=lambda: NOW))


def new_world(sessions: sessionmaker[Session]) -> World:
    ids = new_tenant(sessions, mailbox=None, roles=["java developer"])
    with transaction(sessions) as session:
        second = EmailIntegration(
            tenant_id=ids.tenant_id, user_id=ids.user_id, provider="maildir", is_active=True
        )
        session.add(second)
        session.flush()
        second_id = second.id
    runs = {
        "old": start_run(sessions, ids, ["p1", "p2", "x"]),
        "r1": start_run(sessions, ids, ["m1", "m2", "m3", "m4", "x"]),
        "r2": start_run(sessions, ids, ["n1", "n2", "n3"], integration_id=second_id),
    }
    return World(ids, (ids.integration_id, second_id), runs)


def earlier_emails(w: World) -> list[ParsedEmail]:
    """Applied before the batch, so the batch holds redeliveries of them."""
    two_jobs = [ExtractedJob(title="Java Developer"), ExtractedJob(title="QA Engineer")]
    return [
        w.email("old", "p1", jobs=two_jobs),
        w.email("old", "p2", jobs=two_jobs),
        w.email("old", "x"),
    ]


def batch_emails(w: World) -> list[ParsedEmail]:
    newer = Extractor(name="rules", version="2")
    retitled = [ExtractedJob(title="Senior Java Developer"), ExtractedJob(title="QA Lead")]
    return [
        w.email("r1", "m1", jobs=[ExtractedJob(title="Go Developer"), ExtractedJob(title="SRE")]),
        w.email("r1", "m2", is_job=False, category=Category.HOTLIST, jobs=[]),
        w.email("old", "p1"),  # a redelivery: re-sends its jobs, counts nothing
        w.email("r1", "m3", confidence=0.5),  # low confidence
        w.email(
            "r2",
            "n1",
            integration=1,
            status=ParseStatus.FAILED,
            is_job=False,
            jobs=[],
            confidence=0.0,
            error="AI parsing failed: empty body",
        ),
        w.email("r1", "m1", jobs=[ExtractedJob(title="Go Developer"), ExtractedJob(title="SRE")]),
        w.email("old", "p2", jobs=retitled, extractor=newer),  # a newer extractor's replay
        w.email("r2", "n2", integration=1, confidence=0.4),
        w.email("r1", "m4"),
        w.email("r2", "n2", integration=1),  # the same email again: the first one counts
        w.email("r1", "x"),  # fetched again by a later run: counts for that run only
        w.email("old", "p2", jobs=retitled, extractor=newer),
    ]


def as_messages(emails: Sequence[ParsedEmail | IntegrationError]) -> list[FakeMessage]:
    messages = []
    for offset, email in enumerate(emails):
        topic = Topic.EMAIL_PARSED if isinstance(email, ParsedEmail) else Topic.INTEGRATION_ERROR
        messages.append(FakeMessage(topic.value, 0, offset, get_codec(topic).encode(email)))
    return messages


def state_of(sessions: sessionmaker[Session], w: World) -> dict[str, Any]:
    """Everything the jobwriter writes for a world, with its ids replaced by names."""
    integration = {w.integrations[0]: 0, w.integrations[1]: 1}
    run = {sync_id: name for name, sync_id in w.runs.items()}
    with transaction(sessions) as session:
        postings = session.scalars(
            select(JobPosting).where(JobPosting.tenant_id == w.ids.tenant_id)
        ).all()
        posting = {
            p.id: (integration[p.integration_id], p.provider_message_id, p.job_index)
            for p in postings
        }
        ledger = session.scalars(
            select(ProcessedEmail).where(ProcessedEmail.tenant_id == w.ids.tenant_id)
        ).all()
        history = session.scalars(
            select(JobPostingHistory).where(JobPostingHistory.job_posting_id.in_(posting))
        ).all()
        integrations = [session.get(EmailIntegration, i) for i in w.integrations]
        runs = [session.get(SyncRun, s) for s in w.runs.values()]
        run_emails = session.scalars(
            select(SyncRunEmail).where(SyncRunEmail.sync_id.in_(w.runs.values()))
        ).all()
    return {
        "ledger": sorted(
            (
                integration[r.integration_id],
                r.provider_message_id,
                run[r.sync_id] if r.sync_id else None,
                r.result,
                r.skip_reason,
                r.category,
                r.confidence,
                r.jobs_created,
                posting[r.job_id] if r.job_id else None,
                r.subject,
                r.received_at,
                r.processed_at,
            )
            for r in ledger
        ),
        "jobs": sorted(
            (
                posting[p.id],
                p.title,
                p.extraction_version,
                p.confidence,
                p.source_subject,
                p.created_at,
            )
            for p in postings
        ),
        "history": sorted(
            (posting[h.job_posting_id], h.extraction_version, h.fields["title"], h.changed_at)
            for h in history
        ),
        "integrations": [
            (
                i.emails_processed_count,
                i.jobs_created_count,
                i.last_sync_status,
                i.last_synced_at,
                i.last_sync_error,
            )
            for i in integrations
            if i is not None
        ],
        "runs": [
            (
                r.emails_found,
                r.emails_processed,
                r.jobs_created,
                r.emails_failed,
                r.status,
                r.finished_at,
            )
            for r in runs
            if r is not None
        ],
        "handled": sorted((run[e.sync_id], e.provider_message_id, e.handled) for e in run_emails),
    }


def job_created_of(
    sessions: sessionmaker[Session], w: World, outputs: Sequence[Outbound]
) -> list[tuple[Any, ...]]:
    integration = {w.integrations[0]: 0, w.integrations[1]: 1}
    run = {sync_id: name for name, sync_id in w.runs.items()}
    with transaction(sessions) as session:
        posting = {
            p.id: (p.provider_message_id, p.job_index)
            for p in session.scalars(
                select(JobPosting).where(JobPosting.tenant_id == w.ids.tenant_id)
            )
        }
    events: list[tuple[Any, ...]] = []
    for out in (out for out in outputs if out.topic is Topic.JOB_CREATED):
        assert out.key == str(w.ids.tenant_id)
        event = get_codec(Topic.JOB_CREATED).decode(out.value)
        assert isinstance(event, JobCreated) and event.tenant_id == w.ids.tenant_id
        assert posting[event.job_posting_id] == (event.provider_message_id, event.job_index)
        events.append(
            (
                integration[event.integration_id],
                run[event.sync_id],
                event.provider_message_id,
                event.job_index,
                event.job.title,
                event.extractor.version,
                event.created_at,
            )
        )
    return events


def requirement_events_of(outputs: Sequence[Outbound]) -> list[tuple[Any, ...]]:
    """The requirement events, in a batch after all the job.created (one by one, interleaved)."""
    found = []
    for out in outputs:
        if out.topic in (Topic.REQUIREMENT_CREATED, Topic.REQUIREMENT_UPDATED):
            event = get_codec(out.topic).decode(out.value)
            assert isinstance(event, RequirementCreated | RequirementUpdated)
            assert out.key == str(event.requirement_id) and event.sighting is not None
            found.append((out.topic, event.title, event.sightings, event.sighting.job_index))
    return sorted(found)


def emails_counted() -> dict[tuple[str, ...], float]:
    return {
        tuple(sample.labels.values()): sample.value
        for metric in REGISTRY.collect()
        if metric.name == "reqstream_emails"
        for sample in metric.samples
        if sample.name == "reqstream_emails_total"
    }


def tenant_counted(w: World) -> tuple[float, float]:
    tenant = {"tenant": str(w.ids.tenant_id)}
    jobs = REGISTRY.get_sample_value("reqstream_jobs_created_total", tenant) or 0.0
    fresh = REGISTRY.get_sample_value("reqstream_freshness_seconds_count", tenant) or 0.0
    return jobs, fresh


def counted_while(apply: Any) -> tuple[Any, dict[tuple[str, ...], float]]:
    before = emails_counted()
    result = apply()
    after = emails_counted()
    return result, {k: v - before.get(k, 0.0) for k, v in after.items() if v != before.get(k, 0.0)}


def test_a_batch_ends_as_applying_its_emails_one_by_one(sessions: sessionmaker[Session]) -> None:
    one_by_one, batched = new_world(sessions), new_world(sessions)
    jobwriter = processor(sessions)
    for w in (one_by_one, batched):
        for parsed in earlier_emails(w):
            jobwriter.apply_parsed(parsed)

    alone_outputs, alone_emails = counted_while(
        lambda: [out for p in batch_emails(one_by_one) for out in jobwriter.apply_parsed(p)]
    )
    batch_outputs, batch_emails_counted = counted_while(
        lambda: jobwriter.process_batch(as_messages(batch_emails(batched)))  # type: ignore[arg-type]  # duck-typed fake
    )

    alone, together = state_of(sessions, one_by_one), state_of(sessions, batched)
    assert together == alone
    assert job_created_of(sessions, batched, batch_outputs) == job_created_of(
        sessions, one_by_one, alone_outputs
    )
    assert requirement_events_of(batch_outputs) == requirement_events_of(alone_outputs)
    assert batch_emails_counted == alone_emails
    assert tenant_counted(batched) == tenant_counted(one_by_one)
    # and what the scenario is about, so an equal mistake on both sides shows
    assert together["runs"] == [
        (3, 3, 5, 0, "success", NOW),  # p1 and p2 (2 jobs each), x
        (5, 5, 3, 0, "success", NOW),  # m1 (2 jobs), m4, and x re-fetched counting no jobs
        (3, 2, 0, 1, "running", None),  # n1 failed, n2 once; n3 not yet in
    ]
    assert together["integrations"] == [
        (3 + 4, 5 + 3, "success", NOW, None),
        (2, 0, None, None, None),
    ]
    assert [h[1:3] for h in together["history"]] == [("1", "Java Developer"), ("1", "QA Engineer")]
    assert sum(alone_emails.values()) == 6  # m1 m2 m3 m4 n1 n2, each once
    job_outputs = [out for out in batch_outputs if out.topic is Topic.JOB_CREATED]
    assert len(job_outputs) == 2 + 2 + 2 + 2 + 1 + 2  # m1, p1, m1 again, p2, m4, p2 again


def test_an_email_for_an_unknown_integration_is_dead_lettered_alone(
    sessions: sessionmaker[Session],
) -> None:
    w = new_world(sessions)
    stray = w.email("r1", "m2", integration_id=10**9)
    emails = [w.email("r1", "m1"), stray, w.email("r1", "m3")]
    jobwriter = processor(sessions)
    run = RunBatch(jobwriter.process_batch, jobwriter, stage="jobwriter")
    engine, consumer, producer, _ = engine_over([as_messages(emails)], run, stage="jobwriter")
    asyncio.run(engine.run())

    dead = [value for topic, value, _ in producer.produced if topic == Topic.EMAIL_PARSED_DLQ.value]
    assert dead == [get_codec(Topic.EMAIL_PARSED).encode(stray)]
    created = [value for topic, value, _ in producer.produced if topic == Topic.JOB_CREATED.value]
    assert len(created) == 2
    assert consumer.stored == [(Topic.EMAIL_PARSED.value, 0, 3)]
    with transaction(sessions) as session:
        ledger = session.scalars(
            select(ProcessedEmail.provider_message_id).where(
                ProcessedEmail.tenant_id == w.ids.tenant_id
            )
        ).all()
    assert sorted(ledger) == ["m1", "m3"]


def expired(w: World, run: str) -> IntegrationError:
    return IntegrationError(
        integration_id=w.integrations[0],
        tenant_id=w.ids.tenant_id,
        user_id=w.ids.user_id,
        provider=Provider.MAILDIR,
        sync_id=w.runs[run],
        error_type=IntegrationErrorType.TOKEN_EXPIRED,
        error_message="invalid_grant",
        occurred_at=NOW,
    )


def queued_emails(sessions: sessionmaker[Session], integration_id: int) -> list[Notification]:
    with transaction(sessions) as session:
        return list(
            session.scalars(
                select(Notification)
                .where(Notification.integration_id == integration_id)
                .order_by(Notification.id)
            )
        )


def test_integration_errors_in_a_batch_queue_one_email(sessions: sessionmaker[Session]) -> None:
    w = new_world(sessions)
    jobwriter = processor(sessions)
    outputs = jobwriter.process_batch(
        as_messages([expired(w, "r1"), w.email("r1", "m1"), expired(w, "r1")])  # type: ignore[arg-type]  # duck-typed fake
    )
    # m1's one job: job.created, and requirement.created for its first sighting
    assert [out.topic for out in outputs] == [Topic.JOB_CREATED, Topic.REQUIREMENT_CREATED]
    [queued] = queued_emails(sessions, w.integrations[0])
    assert queued.sent_at is None and queued.recipient and queued.subject and queued.body
    with transaction(sessions) as session:
        integration = session.get(EmailIntegration, w.integrations[0])
    assert integration is not None and not integration.is_active


def test_two_failed_syncs_queue_one_email_until_the_integration_is_reconnected(
    sessions: sessionmaker[Session],
) -> None:
    w = new_world(sessions)
    jobwriter = processor(sessions)
    jobwriter.apply_integration_error(expired(w, "r1"))
    jobwriter.apply_integration_error(expired(w, "old"))  # another sync failed meanwhile
    assert len(queued_emails(sessions, w.integrations[0])) == 1
    with transaction(sessions) as session:  # the user reconnects (services.api.crud)
        integration = session.get(EmailIntegration, w.integrations[0])
        assert integration is not None
        integration.is_active = True
    jobwriter.apply_integration_error(expired(w, "r2"))
    assert len(queued_emails(sessions, w.integrations[0])) == 2
