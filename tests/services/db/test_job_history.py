"""A replayed email extracted by a newer extractor version updates its jobs and keeps history."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import (
    Category,
    ExtractedJob,
    Extractor,
    ParsedEmail,
    ParseStatus,
    Provider,
    Rate,
)
from services.db import ledger
from services.db.models import JobPosting, JobPostingHistory
from services.db.session import transaction
from services.demo.seed import DemoIds
from services.jobwriter.handler import decide
from tests.pipeline_fixtures import new_tenant

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
LATER = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def parsed_for(
    ids: DemoIds, version: str, jobs: list[ExtractedJob], **extra: object
) -> ParsedEmail:
    fields: dict[str, object] = {
        "sync_id": uuid.UUID(int=7),
        "integration_id": ids.integration_id,
        "user_id": ids.user_id,
        "tenant_id": ids.tenant_id,
        "provider": Provider.MAILDIR,
        "provider_message_id": "m1@vendor.example.com",
        "status": ParseStatus.OK,
        "is_job": True,
        "category": Category.REQUIREMENT,
        "confidence": 0.9,
        "jobs": jobs,
        "extractor": Extractor(name="rules", version=version),
    }
    fields.update(extra)
    return ParsedEmail(**fields)


OLD_JOBS = [
    ExtractedJob(title="Java Developer", location="Austin, TX", skills=["java"]),
    ExtractedJob(title="QA Engineer"),
]


def apply(sessions: sessionmaker[Session], parsed: ParsedEmail) -> list[JobPosting]:
    with transaction(sessions) as session:
        applied = ledger.apply_parsed_email(
            session, parsed=parsed, decision=decide(parsed), now=NOW
        )
        assert not applied.first_time
        return ledger.update_jobs_for_newer_extraction(
            session, parsed=parsed, decision=decide(parsed), now=LATER
        )


def postings(sessions: sessionmaker[Session], ids: DemoIds) -> list[JobPosting]:
    with transaction(sessions) as session:
        return list(
            session.scalars(
                select(JobPosting)
                .where(JobPosting.integration_id == ids.integration_id)
                .order_by(JobPosting.job_index)
            )
        )


def history(sessions: sessionmaker[Session], job_ids: list[int]) -> list[JobPostingHistory]:
    with transaction(sessions) as session:
        return list(
            session.scalars(
                select(JobPostingHistory)
                .where(JobPostingHistory.job_posting_id.in_(job_ids))
                .order_by(JobPostingHistory.id)
            )
        )


@pytest.mark.postgres
def test_newer_extraction_updates_jobs_and_records_the_old_values(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java developer"])
    first = parsed_for(ids, "1.1.0", OLD_JOBS)
    with transaction(sessions) as session:
        created = ledger.apply_parsed_email(session, parsed=first, decision=decide(first), now=NOW)
    assert created.first_time and len(created.jobs) == 2

    # the same version again (a plain redelivery or replay): nothing changes
    assert apply(sessions, first) == []
    # an older version: nothing changes either
    assert apply(sessions, parsed_for(ids, "1.0.0", [ExtractedJob(title="Old")] * 2)) == []

    newer_jobs = [
        ExtractedJob(
            title="Senior Java Developer",
            location="Dallas, TX",
            skills=["java", "spring"],
            rate=Rate(min=60, max=65, unit="hour", currency="USD"),
        ),
        ExtractedJob(title="QA Engineer"),
        ExtractedJob(title="A third job the old version missed"),
    ]
    updated = apply(sessions, parsed_for(ids, "1.2.0", newer_jobs, confidence=0.95))
    assert sorted(j.job_index for j in updated) == [0, 1]

    rows = postings(sessions, ids)
    assert [r.job_index for r in rows] == [0, 1]  # updated, none added or removed
    assert (rows[0].title, rows[0].location, rows[0].skills) == (
        "Senior Java Developer",
        "Dallas, TX",
        ["java", "spring"],
    )
    assert (rows[0].rate_min, rows[0].rate_max, rows[0].rate_unit) == (60, 65, "hour")
    assert all(r.extraction_version == "1.2.0" and r.confidence == 0.95 for r in rows)

    old = history(sessions, [r.id for r in rows])
    assert [(h.job_posting_id, h.extraction_version) for h in old] == [
        (rows[0].id, "1.1.0"),
        (rows[1].id, "1.1.0"),
    ]
    assert old[0].changed_at == LATER
    assert old[0].fields["title"] == "Java Developer"
    assert old[0].fields["location"] == "Austin, TX"
    assert old[0].fields["skills"] == ["java"]
    assert old[0].fields["confidence"] == 0.9

    # the same newer version replayed once more: nothing new
    assert apply(sessions, parsed_for(ids, "1.2.0", newer_jobs, confidence=0.95)) == []
    assert len(history(sessions, [r.id for r in rows])) == 2


@pytest.mark.postgres
def test_newer_extraction_that_is_no_job_changes_nothing(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java developer"])
    first = parsed_for(ids, "1.1.0", OLD_JOBS)
    with transaction(sessions) as session:
        ledger.apply_parsed_email(session, parsed=first, decision=decide(first), now=NOW)
    not_job = parsed_for(ids, "2.0.0", [], is_job=False, category=Category.HOTLIST)
    assert apply(sessions, not_job) == []
    rows = postings(sessions, ids)
    assert [r.title for r in rows] == ["Java Developer", "QA Engineer"]
    assert all(r.extraction_version == "1.1.0" for r in rows)
    assert history(sessions, [r.id for r in rows]) == []
