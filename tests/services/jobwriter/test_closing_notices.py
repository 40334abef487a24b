"""Closing notices through the jobwriter on real PostgreSQL: "position filled / on hold" mail
without any job closes or holds the tenant's open requirement it names, once, and says so in
requirement.updated (again on redelivery)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import Category, ParsedEmail, RequirementNotice, RequirementUpdated
from services.db.models import Requirement, RequirementHistory
from services.db.session import transaction
from services.demo.seed import DemoIds
from services.jobwriter.store import sql_stores
from services.jobwriter.usecase import Jobwriter
from tests.pipeline_fixtures import new_tenant
from tests.requirement_samples import RECEIVED, java_job, vendor_email


def notice_email(
    ids: DemoIds, message: str, sender: str, subject: str, **extra: object
) -> ParsedEmail:
    """A parsed email the parser classified as a status about a job: no jobs."""
    fields: dict[str, object] = {"is_job": False, "category": Category.OTHER, **extra}
    return vendor_email(ids, message, sender, subject=subject, **fields)


def statuses(sessions: sessionmaker[Session], ids: DemoIds) -> dict[str, str]:
    with transaction(sessions) as session:
        rows = session.scalars(select(Requirement).where(Requirement.tenant_id == ids.tenant_id))
        return {row.title: row.status for row in rows}


@pytest.mark.postgres
def test_a_notice_without_jobs_closes_the_requirement_it_names_once(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    jobwriter = Jobwriter(stores=sql_stores(sessions), clock=lambda: RECEIVED)
    jobwriter.apply_parsed_batch(
        [
            vendor_email(ids, "a1", "ravi@techvendor.com", java_job()),
            vendor_email(
                ids, "b1", "mike@apex.com", java_job(title="Data Analyst", skills=["sql"])
            ),
        ]
    )
    filled = notice_email(ids, "n1", "ravi@techvendor.com", "Position Filled: Sr. Java Developer")
    events = jobwriter.apply_parsed(filled)
    [event] = [e for e in events if isinstance(e, RequirementUpdated)]
    assert (event.status, event.changed_fields, event.title) == (
        "closed",
        ["status"],
        "Senior Java Developer",
    )
    assert event.sighting is not None and event.sighting.job_index is None
    assert event.sighting.provider_message_id == "n1"
    assert statuses(sessions, ids) == {"Senior Java Developer": "closed", "Data Analyst": "open"}

    # a redelivery: the same event again, no second history row
    again = [e for e in jobwriter.apply_parsed(filled) if isinstance(e, RequirementUpdated)]
    assert [(e.requirement_id, e.status) for e in again] == [(event.requirement_id, "closed")]
    with transaction(sessions) as session:
        history = session.scalars(
            select(RequirementHistory.new_value).where(
                RequirementHistory.requirement_id == event.requirement_id,
                RequirementHistory.field == "status",
            )
        ).all()
    assert history == ["closed"]


@pytest.mark.postgres
def test_a_hold_notice_by_job_id_and_notices_that_name_nothing(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    other = new_tenant(sessions, mailbox=None, roles=["java"])
    jobwriter = Jobwriter(stores=sql_stores(sessions), clock=lambda: RECEIVED)
    jobwriter.apply_parsed(
        vendor_email(ids, "a1", "ravi@techvendor.com", java_job(job_id="WF-88121"))
    )
    jobwriter.apply_parsed(
        vendor_email(other, "a1", "ravi@techvendor.com", java_job(job_id="WF-88121"))
    )
    # the parser read the body ("...is on hold until January") and the job id
    held = notice_email(
        ids,
        "n1",
        "jobs.desk@gmail.com",
        "Quick update",
        notice=RequirementNotice(status="on_hold", job_ref="WF 88121"),
    )
    [event] = [e for e in jobwriter.apply_parsed(held) if isinstance(e, RequirementUpdated)]
    assert event.status == "on_hold"
    assert statuses(sessions, ids) == {"Senior Java Developer": "on_hold"}
    # the other tenant's copy stays open; notices naming no open requirement change nothing
    assert statuses(sessions, other) == {"Senior Java Developer": "open"}
    unknown = notice_email(ids, "n2", "ravi@techvendor.com", "Position closed: Scrum Master")
    hotlist = notice_email(
        other, "n3", "ravi@techvendor.com", "Filled: Sr Java Developer", category=Category.HOTLIST
    )
    assert not [
        e for e in jobwriter.apply_parsed_batch([unknown]) if isinstance(e, RequirementUpdated)
    ]
    assert not [e for e in jobwriter.apply_parsed(hotlist) if isinstance(e, RequirementUpdated)]
    assert statuses(sessions, other) == {"Senior Java Developer": "open"}
