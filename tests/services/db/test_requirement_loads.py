"""A batch's load (services.db.requirement_loads): the split pins ride the lookup of the
sightings it may repeat, one round trip, with the answer of their own query; with a
requirement cache, one statement reads what the cache-less load reads in three. Real
PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from services.db import requirement_loads, requirement_pins
from services.db.requirement_cache import RequirementCache
from services.db.requirement_state import BatchState
from services.db.session import transaction
from services.demo.seed import DemoIds
from services.domain import requirements as rules
from tests.pipeline_fixtures import new_tenant
from tests.requirement_samples import RECEIVED as NOW
from tests.requirement_samples import java_job
from tests.services.db.test_dbapi import round_trips
from tests.services.db.test_requirement_overrides import sight, sighting_ids, split

pytestmark = pytest.mark.postgres


# the sighting keys (two recorded, one not) and job ids of a batch, and the block of its job
Pairs = list[tuple[int, str]]
Batch = tuple[DemoIds, list[tuple[int, int, str, int]], Pairs, Pairs]


def pinned_batch(sessions: sessionmaker[Session]) -> Batch:
    """A requirement three vendors' copies of one job id joined, two of them split off by a
    recruiter (two pins, two more requirements), and a batch that repeats two of them."""
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    job = java_job(job_id="WF-88121")
    joined = sight(sessions, ids, "a1", "ravi@techvendor.com", job)
    for message, sender in [("b1", "mike@apex.com"), ("c1", "sam@nextgen.com")]:
        assert sight(sessions, ids, message, sender, job) == joined
    # two pins, the second split's newer
    _, apex, nextgen = sighting_ids(sessions, joined)
    assert split(sessions, ids, joined, apex) is not None
    assert split(sessions, ids, joined, nextgen) is not None
    with transaction(sessions) as session:
        [(job_ref_key,)] = session.execute(
            text("SELECT DISTINCT job_ref_key FROM requirement_overrides WHERE tenant_id = :t"),
            {"t": ids.tenant_id},
        )
    integration = ids.integration_id
    keys = [(ids.tenant_id, integration, message, 0) for message in ("a1", "b1", "z9")]
    blocks = [(ids.tenant_id, rules.block_key(rules.profile(job)))]
    return ids, keys, [(ids.tenant_id, job_ref_key)], blocks


def test_the_split_pins_ride_the_sightings_lookup(sessions: sessionmaker[Session]) -> None:
    ids, keys, job_ids, _ = pinned_batch(sessions)
    with transaction(sessions) as session:
        sent = round_trips(session)
        state = requirement_loads.load(
            session, keys=keys, blocks=[], job_ids=job_ids, cutoff=NOW.replace(year=2000)
        )
        assert not any("requirement_overrides" in statement for statement in sent[1:])
        assert "requirement_overrides" in sent[0] and "requirement_sightings" in sent[0]
        alone = requirement_pins.pins_of_batch(
            session, messages=[key[:3] for key in keys], job_ids=job_ids
        )
    assert state.pins == alone
    assert [pin.target_id for pin in state.pins[ids.tenant_id]] == sorted(
        pin.target_id for pin in alone[ids.tenant_id]
    )
    assert len(state.pins[ids.tenant_id]) == 2
    assert set(state.existing) == set(keys[:2])


def seen(state: BatchState) -> list[tuple[object, ...]]:
    """What matching reads of the held requirements."""
    return [
        (r.id, r.status, r.block_key, r.fields, sorted(r.refs), r.merged_into_id)
        for r in state.held
    ]


def test_with_a_cache_one_statement_reads_what_the_load_without_reads(
    sessions: sessionmaker[Session],
) -> None:
    """The recorded keys, pins, requirements (in the window, of the block, of the job id, of the
    recorded keys) and their job ids: the same with a cache, in one round trip once the cache
    holds the rows (and one more for the rows an empty cache does not hold)."""
    ids, keys, job_ids, blocks = pinned_batch(sessions)
    cutoff = NOW.replace(year=2000)
    with transaction(sessions) as session:
        alone = requirement_loads.load(
            session, keys=keys, blocks=blocks, job_ids=job_ids, cutoff=cutoff
        )
    assert len(alone.held) == 3 and any(r.refs for r in alone.held)
    cache = RequirementCache()
    for round_, statements in (("read", 2), ("kept", 1)):
        with transaction(sessions) as session:
            sent = round_trips(session)
            cached = requirement_loads.load(
                session, keys=keys, blocks=blocks, job_ids=job_ids, cutoff=cutoff, cache=cache
            )
            assert len(sent) == statements, (round_, sent)
        assert (cached.existing, cached.pins) == (alone.existing, alone.pins), round_
        assert seen(cached) == seen(alone), round_
        assert set(cached.versions) == {r.id for r in cached.held}
        for requirement in cached.held:
            cache.stage(cached.versions[requirement.id or 0], requirement)
        cache.committed()
    assert len(cache) == 3
