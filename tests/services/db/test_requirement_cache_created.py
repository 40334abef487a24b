"""A requirement a batch creates is kept in the requirement cache at its INSERT's row version
(services.db.requirement_writes): the next batch takes it instead of reading it again, and it
holds what a read would give, including the first sighting a redelivery's event is told by."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import ParsedEmail, RequirementCreated, RequirementUpdated
from services.db import requirements
from services.db.requirement_cache import RequirementCache
from services.db.session import transaction
from tests.pipeline_fixtures import new_tenant
from tests.requirement_samples import RECEIVED as NOW
from tests.requirement_samples import java_job, vendor_email


def _jobs(email: ParsedEmail) -> requirements.EmailJobs:
    return (email, list(enumerate(email.jobs)))


def _batch(
    sessions: sessionmaker[Session],
    cache: RequirementCache,
    emails: list[ParsedEmail],
    redelivered: list[bool],
) -> list[list[requirements.SightingResult]]:
    with transaction(sessions) as session:
        results = requirements.record_sightings(
            session,
            emails=[_jobs(email) for email in emails],
            redelivered=redelivered,
            now=NOW,
            cache=cache,
        )
    cache.committed()
    return results


@pytest.mark.postgres
def test_a_created_requirement_is_kept_and_taken_by_the_next_batch(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    cache = RequirementCache()
    first = vendor_email(ids, "c1", "ravi@techvendor.com", java_job())
    [[created]] = _batch(sessions, cache, [first], [False])
    assert created.new_requirement
    assert len(cache) == 1  # kept at the version its INSERT returned
    # the next batch: another vendor's copy joins it, and the first email is redelivered
    again = vendor_email(ids, "c2", "mike@apex.com", java_job())
    [[joined], [repeated]] = _batch(sessions, cache, [again, first], [False, True])
    assert joined.requirement_id == created.requirement_id and not joined.new_requirement
    assert isinstance(joined.event, RequirementUpdated) and joined.event.sightings == 2
    # the redelivery's event is the creation again: its sighting is the requirement's first
    assert repeated.requirement_id == created.requirement_id and repeated.new_requirement
    assert isinstance(repeated.event, RequirementCreated)
    assert len(cache) == 1  # kept again, at its UPDATE's version
