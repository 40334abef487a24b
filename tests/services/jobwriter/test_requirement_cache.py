"""The jobwriter keeps requirement rows across its batches (services.db.requirement_cache) on
real PostgreSQL: another writer's change made between two of its batches (another replica's
sighting, the API closing a requirement) is read by the next batch, never overwritten or
ignored, and a cached batch writes what an uncached one writes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from services.db.models import Requirement
from services.db.session import transaction
from services.jobwriter.store import sql_stores
from services.jobwriter.usecase import Jobwriter
from tests.pipeline_fixtures import new_tenant
from tests.requirement_samples import RECEIVED, java_job, vendor_email


def _requirements(sessions: sessionmaker[Session], tenant_id: int) -> list[Requirement]:
    with transaction(sessions) as session:
        found = session.scalars(
            select(Requirement).where(Requirement.tenant_id == tenant_id).order_by(Requirement.id)
        ).all()
        session.expunge_all()
        return list(found)


@pytest.mark.postgres
def test_another_replicas_sighting_is_not_overwritten(sessions: sessionmaker[Session]) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    replica_a = Jobwriter(stores=sql_stores(sessions), clock=lambda: RECEIVED)
    replica_b = Jobwriter(stores=sql_stores(sessions), clock=lambda: RECEIVED)
    later = RECEIVED + timedelta(days=2)
    # two batches: the second reads the requirement and keeps it as its update left it
    for message in ("a1", "a2"):
        replica_a.apply_parsed_batch(
            [vendor_email(ids, message, "ravi@techvendor.com", java_job(), received_at=RECEIVED)]
        )
    # the other replica's sighting, the latest of the three: the row's last_seen_at moves on
    replica_b.apply_parsed_batch(
        [vendor_email(ids, "b1", "mike@apex.com", java_job(), received_at=later)]
    )
    # replica A's next sighting was sent in between: it must not put last_seen_at back
    replica_a.apply_parsed_batch(
        [
            vendor_email(
                ids,
                "c1",
                "jane@third.com",
                java_job(),
                received_at=RECEIVED + timedelta(days=1),
            )
        ]
    )
    [requirement] = _requirements(sessions, ids.tenant_id)
    assert requirement.sightings == 4
    assert requirement.last_seen_at == later


@pytest.mark.postgres
def test_a_requirement_closed_meanwhile_is_not_joined(sessions: sessionmaker[Session]) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    jobwriter = Jobwriter(stores=sql_stores(sessions), clock=lambda: RECEIVED)
    for message in ("a1", "a2"):  # the second batch keeps the requirement in the cache
        jobwriter.apply_parsed_batch(
            [vendor_email(ids, message, "ravi@techvendor.com", java_job())]
        )
    [first] = _requirements(sessions, ids.tenant_id)
    # a recruiter closes it (the API's status change: no jobwriter lock, no cache of its own)
    with transaction(sessions) as session:
        session.execute(
            update(Requirement).where(Requirement.id == first.id).values(status="closed")
        )
    jobwriter.apply_parsed_batch([vendor_email(ids, "b1", "mike@apex.com", java_job())])
    closed, reopened = _requirements(sessions, ids.tenant_id)
    assert (closed.id, closed.status, closed.sightings) == (first.id, "closed", 2)
    assert (reopened.status, reopened.sightings) == ("open", 1)


@pytest.mark.postgres
def test_cached_batches_write_what_uncached_ones_write(sessions: sessionmaker[Session]) -> None:
    """The same emails through one jobwriter (its cache warm from the second batch on) and
    through a fresh jobwriter per batch (always loading): the same requirements."""
    states = []
    for fresh_each_batch in (False, True):
        ids = new_tenant(sessions, mailbox=None, roles=["java"])
        kept = Jobwriter(stores=sql_stores(sessions), clock=lambda: RECEIVED)
        for n, (city, rate) in enumerate(
            [("Charlotte, NC", 65), ("Charlotte, NC", 70), ("Austin, TX", 65)] * 3
        ):
            jobwriter = (
                Jobwriter(stores=sql_stores(sessions), clock=lambda: RECEIVED)
                if fresh_each_batch
                else kept
            )
            job = java_job(location=city, rate={"min": rate, "max": rate, "unit": "hour"})
            jobwriter.apply_parsed_batch(
                [
                    vendor_email(
                        ids,
                        f"m{n}",
                        f"r{n % 4}@vendor{n % 4}.com",
                        job,
                        received_at=RECEIVED + timedelta(hours=n),
                    )
                ]
            )
        states.append(
            [
                (r.block_key, r.status, r.sightings, r.rate_min, r.first_seen_at, r.last_seen_at)
                for r in _requirements(sessions, ids.tenant_id)
            ]
        )
    assert states[0] == states[1]
    assert len(states[0]) == 2
