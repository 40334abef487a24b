"""A recruiter's merges and splits on real PostgreSQL, and the jobwriter's later sightings
respecting them: a sighting that matches a merged-away requirement joins the survivor; a split
sighting's vendor and message stay with the split-out requirement."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import ExtractedJob, RequirementCreated, RequirementUpdated
from services.db import requirement_overrides, requirements
from services.db.models import Requirement, RequirementSighting
from services.db.requirement_overrides import OverrideRefused, OverrideResult
from services.db.session import transaction
from services.demo.seed import DemoIds
from tests.lock_waits import backends_waiting_for_a_lock
from tests.pipeline_fixtures import new_tenant
from tests.requirement_samples import RECEIVED as NOW
from tests.requirement_samples import java_job, vendor_email

LATER = NOW + timedelta(hours=2)


def backend_job(**fields: object) -> ExtractedJob:
    """Another wording of the Java role that the matcher keeps apart (another title core)."""
    values: dict[str, object] = {
        "title": "Backend Platform Engineer",
        "skills": ["java", "spring boot", "kafka", "aws"],
    }
    return java_job(**{**values, **fields})


def sight(
    sessions: sessionmaker[Session], ids: DemoIds, message: str, sender: str, job: ExtractedJob
) -> int:
    """The requirement the jobwriter's store puts this email's job in."""
    email = vendor_email(ids, message, sender, job)
    with transaction(sessions) as session:
        [[result]] = requirements.record_sightings(
            session, emails=[(email, list(enumerate(email.jobs)))], now=NOW
        )
    return result.requirement_id


def merge(
    sessions: sessionmaker[Session], ids: DemoIds, source: int, into: int
) -> OverrideResult | None:
    with transaction(sessions) as session:
        return requirement_overrides.merge(
            session, tenant_id=ids.tenant_id, requirement_id=source, into_id=into, now=LATER
        )


def split(
    sessions: sessionmaker[Session], ids: DemoIds, requirement: int, sighting: int
) -> OverrideResult | None:
    with transaction(sessions) as session:
        return requirement_overrides.split(
            session,
            tenant_id=ids.tenant_id,
            requirement_id=requirement,
            sighting_id=sighting,
            now=LATER,
        )


def requirement(sessions: sessionmaker[Session], requirement_id: int) -> Requirement:
    with transaction(sessions) as session:
        return session.get_one(Requirement, requirement_id)


def sighting_ids(sessions: sessionmaker[Session], requirement_id: int) -> list[int]:
    with transaction(sessions) as session:
        return list(
            session.scalars(
                select(RequirementSighting.id)
                .where(RequirementSighting.requirement_id == requirement_id)
                .order_by(RequirementSighting.id)
            )
        )


@pytest.mark.postgres
def test_a_sighting_matching_a_merged_away_requirement_joins_the_survivor(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    survivor = sight(sessions, ids, "a1", "ravi@techvendor.com", java_job())
    merged = sight(sessions, ids, "b1", "mike@apex.com", backend_job())
    assert survivor != merged, "the matcher keeps the two wordings apart"

    result = merge(sessions, ids, merged, survivor)
    assert result is not None and result.requirement_id == survivor
    updated, gone = result.events
    assert isinstance(updated, RequirementUpdated) and isinstance(gone, RequirementUpdated)
    assert (updated.requirement_id, updated.sightings, updated.vendors) == (survivor, 2, 2)
    assert "sightings" in updated.changed_fields and updated.sighting is None
    assert (gone.requirement_id, gone.status, gone.merged_into) == (merged, "merged", survivor)
    assert requirement(sessions, merged).status == "merged"

    # another vendor's copy of the merged-away wording: the survivor's, not a new requirement
    assert sight(sessions, ids, "c1", "sam@nextgen.com", backend_job()) == survivor
    assert len(sighting_ids(sessions, survivor)) == 3
    # the same request again changes nothing and gives the events again
    again = merge(sessions, ids, merged, survivor)
    assert again is not None and [e.requirement_id for e in again.events] == [survivor, merged]
    assert len(sighting_ids(sessions, survivor)) == 3


@pytest.mark.postgres
def test_merges_are_tenant_scoped_and_refuse_nonsense(sessions: sessionmaker[Session]) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    other = new_tenant(sessions, mailbox=None, roles=["java"])
    mine = sight(sessions, ids, "a1", "ravi@techvendor.com", java_job())
    second = sight(sessions, ids, "b1", "mike@apex.com", backend_job())
    theirs = sight(sessions, other, "a1", "ravi@techvendor.com", java_job())
    assert merge(sessions, ids, mine, theirs) is None
    assert merge(sessions, ids, theirs, mine) is None
    assert merge(sessions, other, theirs, mine) is None
    with pytest.raises(OverrideRefused):
        merge(sessions, ids, mine, mine)
    assert merge(sessions, ids, second, mine) is not None
    # merging the survivor into what was merged into it would be a cycle
    with pytest.raises(OverrideRefused):
        merge(sessions, ids, mine, second)
    assert requirement(sessions, mine).status == "open"


@pytest.mark.postgres
def test_a_split_sighting_and_its_vendors_later_copies_stay_apart(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    job = java_job(job_id="WF-88121")
    joined = sight(sessions, ids, "a1", "ravi@techvendor.com", job)
    assert sight(sessions, ids, "b1", "mike@apex.com", job) == joined
    _, apex_sighting = sighting_ids(sessions, joined)

    result = split(sessions, ids, joined, apex_sighting)
    assert result is not None
    single = result.requirement_id
    created, updated = result.events
    assert isinstance(created, RequirementCreated) and created.requirement_id == single
    assert isinstance(updated, RequirementUpdated) and updated.requirement_id == joined
    assert (created.sightings, updated.sightings) == (1, 1)
    assert sighting_ids(sessions, single) == [apex_sighting]

    # the same vendor's next mail with that job id stays with the split-out requirement, though
    # the job id also matches the other one; another vendor's joins the other one as before
    assert sight(sessions, ids, "b2", "mike@apex.com", job) == single
    assert sight(sessions, ids, "c1", "sam@nextgen.com", job) == joined
    # another job of the split message (a newer extraction found two): pinned too
    email = vendor_email(ids, "b1", "mike@apex.com", job, java_job(title="Scala Developer"))
    with transaction(sessions) as session:
        [[_, second]] = requirements.record_sightings(
            session, emails=[(email, list(enumerate(email.jobs)))], now=NOW
        )
    assert (second.requirement_id, second.new_sighting) == (single, True)
    # a retry changes nothing; splitting a requirement's only sighting is refused
    again = split(sessions, ids, joined, apex_sighting)
    assert again is not None and again.requirement_id == single
    assert len(sighting_ids(sessions, single)) == 3
    lone = sight(
        sessions, ids, "d1", "ann@acme.com", java_job(title="Data Analyst", skills=["sql"])
    )
    with pytest.raises(OverrideRefused):
        split(sessions, ids, lone, sighting_ids(sessions, lone)[0])
    other = new_tenant(sessions, mailbox=None, roles=["java"])
    assert split(sessions, other, joined, apex_sighting) is None
    assert split(sessions, ids, joined, sighting_ids(sessions, lone)[0]) is None


@pytest.mark.postgres
def test_a_sighting_racing_a_merge_waits_and_joins_the_survivor(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    survivor = sight(sessions, ids, "a1", "ravi@techvendor.com", java_job())
    merged = sight(sessions, ids, "b1", "mike@apex.com", backend_job())
    joined: list[int] = []
    failures: list[BaseException] = []

    def jobwriter() -> None:
        try:
            joined.append(sight(sessions, ids, "c1", "sam@nextgen.com", backend_job()))
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            failures.append(error)

    racer = threading.Thread(target=jobwriter)
    with transaction(sessions) as session:
        # the merge is done but not committed when the jobwriter looks for candidates
        requirement_overrides.merge(
            session, tenant_id=ids.tenant_id, requirement_id=merged, into_id=survivor, now=LATER
        )
        racer.start()
        deadline = time.monotonic() + 30
        while backends_waiting_for_a_lock(sessions) == 0 and time.monotonic() < deadline:
            racer.join(timeout=0.05)
    racer.join(timeout=60)
    assert not failures, failures
    assert joined == [survivor]
    assert sighting_ids(sessions, merged) == []
