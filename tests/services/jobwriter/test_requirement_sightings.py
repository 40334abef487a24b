"""The jobwriter on real PostgreSQL writes requirement sightings with the ledger: copies of one
requirement from two vendors in one batch are one requirement, and job.created still goes out
per job posting."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import RequirementCreated, RequirementUpdated
from services.db.models import Requirement, RequirementSighting
from services.db.session import transaction
from services.jobwriter.store import sql_stores
from services.jobwriter.usecase import Jobwriter
from tests.pipeline_fixtures import new_tenant
from tests.requirement_samples import RECEIVED, java_job, vendor_email


@pytest.mark.postgres
def test_two_vendors_copies_in_a_batch_are_one_requirement(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    jobwriter = Jobwriter(stores=sql_stores(sessions), clock=lambda: RECEIVED)
    emails = [
        vendor_email(ids, "a1@techvendor.com", "ravi@techvendor.com", java_job()),
        vendor_email(ids, "b1@apex.com", "mike@apex.com", java_job(title="Sr. Java Dev")),
    ]
    events = jobwriter.apply_parsed_batch(emails)
    # job.created per posting, as before; then requirement.created and requirement.updated
    assert [type(event).__name__ for event in events] == [
        "JobCreated",
        "JobCreated",
        "RequirementCreated",
        "RequirementUpdated",
    ]
    created, updated = events[2:]
    assert isinstance(created, RequirementCreated) and isinstance(updated, RequirementUpdated)
    assert created.requirement_id == updated.requirement_id
    assert updated.sighting is not None
    assert (updated.sightings, updated.vendors, updated.sighting.vendor_domain) == (
        2,
        2,
        "apex.com",
    )
    # a redelivery (the publish may have failed after the commit): no new sighting, the same
    # events again with the requirement's state now
    again = jobwriter.apply_parsed(emails[0])
    assert [type(event).__name__ for event in again] == ["JobCreated", "RequirementCreated"]
    assert isinstance(again[1], RequirementCreated)
    assert again[1].requirement_id == created.requirement_id
    with transaction(sessions) as session:
        requirements = session.scalars(
            select(Requirement).where(Requirement.tenant_id == ids.tenant_id)
        ).all()
        assert [r.sightings for r in requirements] == [2]
        vendors = session.scalars(
            select(RequirementSighting.vendor_domain)
            .where(RequirementSighting.tenant_id == ids.tenant_id)
            .order_by(RequirementSighting.id)
        ).all()
        assert vendors == ["techvendor.com", "apex.com"]
