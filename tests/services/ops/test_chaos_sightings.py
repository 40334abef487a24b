"""The chaos run's requirement figures, read from real PostgreSQL rows: a vendor-copied
requirement split in two, a job never sighted, one message sighted from two mailboxes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from services.db.models import EmailIntegration, Requirement, RequirementSighting
from services.db.session import transaction
from services.ops.chaos.fleet import Expected, WatchedIntegration
from services.ops.chaos.sightings import tenant_expectations, verify_tenants
from tests.pipeline_fixtures import new_tenant
from tests.requirement_samples import RECEIVED


def test_a_message_in_two_mailboxes_is_expected_once_and_shared() -> None:
    one = Expected(Path("a"), 3, {"blast": 1, "own-a": 2})
    two = Expected(Path("b"), 2, {"blast": 1, "own-b": 1})
    other_tenant = Expected(Path("c"), 1, {"blast": 1})
    [first, second] = tenant_expectations(
        [
            WatchedIntegration(1, 10, "k", one),
            WatchedIntegration(2, 10, "k", two),
            WatchedIntegration(3, 11, "k", other_tenant),
        ]
    )
    assert first.messages == {"blast": 1, "own-a": 2, "own-b": 1} and first.jobs == 4
    assert first.shared == {"blast"}
    assert second.shared == frozenset()  # never across tenants


@pytest.mark.postgres
def test_split_lost_and_doubled_sightings_are_counted(sessions: sessionmaker[Session]) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    with transaction(sessions) as session:
        other = EmailIntegration(
            tenant_id=ids.tenant_id, user_id=ids.user_id, provider="maildir", config={}
        )
        session.add(other)
        session.flush()
        second_mailbox = other.id
    expected = {"copy-0": 1, "copy-1": 1, "copy-2": 1, "lone": 2}
    mailbox_a, mailbox_b = Expected(Path("a"), 4, expected), Expected(Path("b"), 1, {"copy-0": 1})
    watched = [
        WatchedIntegration(ids.integration_id, ids.tenant_id, "k", mailbox_a),
        WatchedIntegration(second_mailbox, ids.tenant_id, "k", mailbox_b),
    ]
    # copy-0 and copy-1 in one requirement, copy-2 in a second one (split); copy-0 sighted
    # from both mailboxes; lone's second job never sighted
    sightings = [
        (0, ids.integration_id, "copy-0", 0),
        (0, second_mailbox, "copy-0", 0),
        (0, ids.integration_id, "copy-1", 0),
        (1, ids.integration_id, "copy-2", 0),
        (2, ids.integration_id, "lone", 0),
    ]
    with transaction(sessions) as session:
        requirement_ids = []
        for _ in range(3):
            requirement = Requirement(
                tenant_id=ids.tenant_id,
                block_key="x",
                title="Senior Java Developer",
                first_seen_at=RECEIVED,
                last_seen_at=RECEIVED,
            )
            session.add(requirement)
            session.flush()
            requirement_ids.append(requirement.id)
        for number, integration, message, job in sightings:
            session.add(
                RequirementSighting(
                    requirement_id=requirement_ids[number],
                    tenant_id=ids.tenant_id,
                    integration_id=integration,
                    provider_message_id=message,
                    job_index=job,
                    title="Senior Java Developer",
                )
            )
    clusters = {"copy-0": "r00", "copy-1": "r00", "copy-2": "r00"}
    [result] = verify_tenants(sessions, tenant_expectations(watched), clusters)
    assert result.expected_sightings == 5 and result.sightings == 5
    assert result.lost_sightings == 1
    assert result.duplicate_sightings == 1
    assert result.duplicate_requirements == 1
    assert result.vendor_copy_requirements == 2 and result.merged_requirements == 0
    assert result.shared_messages == 1 and result.shared_job_mismatches == 1  # no posting
