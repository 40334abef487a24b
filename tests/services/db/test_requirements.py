"""Requirements on real PostgreSQL: one requirement however many vendors send it, even when
two jobwriters race; a redelivery adds no sighting twice; changes keep history."""

from __future__ import annotations

import contextlib
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import FieldEvidence, ParsedEmail, Rate
from services.db import requirements
from services.db.models import Requirement, RequirementHistory, RequirementSighting
from services.db.session import transaction
from services.demo.seed import DemoIds
from tests.pipeline_fixtures import new_tenant
from tests.requirement_samples import RECEIVED as NOW
from tests.requirement_samples import java_job, vendor_email


def jobs_of(email: ParsedEmail) -> requirements.EmailJobs:
    return email, list(enumerate(email.jobs))


def record(
    sessions: sessionmaker[Session], email: ParsedEmail
) -> list[requirements.SightingResult]:
    with transaction(sessions) as session:
        return requirements.record_sightings(session, emails=[jobs_of(email)], now=NOW)[0]


def tenant_requirements(sessions: sessionmaker[Session], ids: DemoIds) -> list[Requirement]:
    with transaction(sessions) as session:
        return list(
            session.scalars(
                select(Requirement)
                .where(Requirement.tenant_id == ids.tenant_id)
                .order_by(Requirement.id)
            )
        )


def sighting_count(sessions: sessionmaker[Session], ids: DemoIds) -> int:
    with transaction(sessions) as session:
        return (
            session.scalar(
                select(func.count()).where(RequirementSighting.tenant_id == ids.tenant_id)
            )
            or 0
        )


@pytest.mark.postgres
def test_vendors_copies_are_one_requirement_and_near_misses_stay_apart(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    evidence = FieldEvidence(
        job_index=0, field="rate", source="body", start=10, end=16, text="$65/hr"
    )
    first = record(
        sessions,
        vendor_email(
            ids, "a1@techvendor.com", "Ravi <ravi@techvendor.com>", java_job(), evidence=[evidence]
        ),
    )
    second = record(
        sessions,
        vendor_email(
            ids, "b1@apex.com", "Mike <mike@apex.com>", java_job(title="Sr. Java Dev", client=None)
        ),
    )
    elsewhere = record(
        sessions,
        vendor_email(ids, "c1@apex.com", "mike@apex.com", java_job(location="Phoenix, AZ")),
    )
    junior = record(
        sessions,
        vendor_email(ids, "d1@apex.com", "mike@apex.com", java_job(title="Jr Java Developer")),
    )
    assert first[0].new_requirement and not second[0].new_requirement
    assert first[0].requirement_id == second[0].requirement_id
    assert elsewhere[0].new_requirement and junior[0].new_requirement
    assert len(tenant_requirements(sessions, ids)) == 3

    with transaction(sessions) as session:
        rows = session.scalars(
            select(RequirementSighting)
            .where(RequirementSighting.requirement_id == first[0].requirement_id)
            .order_by(RequirementSighting.id)
        ).all()
        assert [row.vendor_domain for row in rows] == ["techvendor.com", "apex.com"]
        assert rows[0].evidence == [
            {"field": "rate", "source": "body", "start": 10, "end": 16, "text": "$65/hr"}
        ]
        requirement = session.get_one(Requirement, first[0].requirement_id)
        assert (requirement.sightings, requirement.client) == (2, "Wells Fargo")


@pytest.mark.postgres
def test_a_redelivery_adds_no_sighting_twice(sessions: sessionmaker[Session]) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    email = vendor_email(ids, "a1@techvendor.com", "ravi@techvendor.com", java_job())
    first = record(sessions, email)
    again = record(sessions, email)
    assert first[0].new_sighting and not again[0].new_sighting
    assert again[0].requirement_id == first[0].requirement_id
    assert sighting_count(sessions, ids) == 1
    assert tenant_requirements(sessions, ids)[0].sightings == 1


@pytest.mark.postgres
def test_a_vendors_raised_rate_updates_the_requirement_and_keeps_history(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    record(sessions, vendor_email(ids, "a1@techvendor.com", "ravi@techvendor.com", java_job()))
    raised = java_job(rate=Rate(min=72, max=72, unit="hour"))
    later = record(
        sessions,
        vendor_email(
            ids,
            "a2@techvendor.com",
            "ravi@techvendor.com",
            raised,
            received_at=NOW + timedelta(days=2),
        ),
    )
    assert set(later[0].changed_fields) == {"rate_min", "rate_max"}
    (requirement,) = tenant_requirements(sessions, ids)
    assert (requirement.rate_min, requirement.rate_max) == (72, 72)
    with transaction(sessions) as session:
        changes = session.scalars(
            select(RequirementHistory)
            .where(RequirementHistory.requirement_id == requirement.id)
            .order_by(RequirementHistory.field)
        ).all()
        assert [(c.field, c.old_value, c.new_value) for c in changes] == [
            ("rate_max", 65.0, 72.0),
            ("rate_min", 65.0, 72.0),
        ]


@pytest.mark.postgres
def test_a_position_filled_mail_closes_the_requirement(sessions: sessionmaker[Session]) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    record(sessions, vendor_email(ids, "a1@techvendor.com", "ravi@techvendor.com", java_job()))
    record(
        sessions,
        vendor_email(
            ids,
            "a9@techvendor.com",
            "ravi@techvendor.com",
            java_job(),
            subject="Position Filled: Senior Java Developer - Charlotte, NC",
        ),
    )
    (requirement,) = tenant_requirements(sessions, ids)
    assert (requirement.status, requirement.closed_at) == ("closed", NOW)


@pytest.mark.postgres
def test_another_tenants_copy_is_its_own_requirement(sessions: sessionmaker[Session]) -> None:
    one = new_tenant(sessions, mailbox=None, roles=["java"])
    two = new_tenant(sessions, mailbox=None, roles=["java"])
    a = record(sessions, vendor_email(one, "a1@techvendor.com", "ravi@techvendor.com", java_job()))
    b = record(sessions, vendor_email(two, "a1@techvendor.com", "ravi@techvendor.com", java_job()))
    assert a[0].new_requirement and b[0].new_requirement
    assert a[0].requirement_id != b[0].requirement_id


@pytest.mark.postgres
def test_racing_jobwriters_make_one_requirement_with_both_sightings(
    sessions: sessionmaker[Session],
) -> None:
    """Two transactions record copies of one new requirement at once. Each waits for the other
    after recording and before committing: without the advisory lock both find no candidate
    and both create a requirement; with it the second waits inside record_sightings until the
    first commits (the first's wait then times out), and attaches its sighting."""
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    emails = [
        vendor_email(ids, "r1@techvendor.com", "ravi@techvendor.com", java_job()),
        vendor_email(ids, "r2@apex.com", "mike@apex.com", java_job(title="Sr Java Dev")),
    ]
    start = threading.Barrier(2)
    recorded = threading.Barrier(2, timeout=3)
    errors: list[BaseException] = []

    def writer(email: ParsedEmail) -> None:
        try:
            with transaction(sessions) as session:
                start.wait()
                requirements.record_sightings(session, emails=[jobs_of(email)], now=NOW)
                # broken when the other writer waits for our lock: commit to release it
                with contextlib.suppress(threading.BrokenBarrierError):
                    recorded.wait()
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(email,)) for email in emails]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    (requirement,) = tenant_requirements(sessions, ids)
    assert requirement.sightings == 2
    assert sighting_count(sessions, ids) == 2


@pytest.mark.postgres
def test_the_window_runs_from_each_emails_received_time_not_the_jobwriters_clock(
    sessions: sessionmaker[Session],
) -> None:
    """Mail processed long after it was sent (a replay, a backlog) still joins the copies sent
    beside it, and copies sent further apart than the window stay apart."""
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    sent = NOW - timedelta(days=90)
    processed = NOW  # 90 days after both vendors sent it

    def at(message_id: str, sender: str, received: object) -> requirements.SightingResult:
        email = vendor_email(ids, message_id, sender, java_job(), received_at=received)
        with transaction(sessions) as session:
            (results,) = requirements.record_sightings(
                session, emails=[jobs_of(email)], now=processed
            )
        return results[0]

    first = at("a1@techvendor.com", "ravi@techvendor.com", sent)
    copy = at("b1@apex.com", "mike@apex.com", sent + timedelta(days=1))
    much_later = at("c1@apex.com", "mike@apex.com", sent + timedelta(days=45))
    assert copy.requirement_id == first.requirement_id and not copy.new_requirement
    assert much_later.new_requirement
