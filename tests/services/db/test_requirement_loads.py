"""A batch's load (services.db.requirement_loads): the split pins ride the lookup of the
sightings it may repeat, one round trip, with the answer of their own query. Real
PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from services.db import requirement_loads, requirement_pins
from services.db.session import transaction
from tests.pipeline_fixtures import new_tenant
from tests.requirement_samples import RECEIVED as NOW
from tests.requirement_samples import java_job
from tests.services.db.test_dbapi import round_trips
from tests.services.db.test_requirement_overrides import sight, sighting_ids, split

pytestmark = pytest.mark.postgres


def test_the_split_pins_ride_the_sightings_lookup(sessions: sessionmaker[Session]) -> None:
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
    job_ids = [(ids.tenant_id, job_ref_key)]
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
