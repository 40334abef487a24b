"""Sync-run writes on real PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import Provider, SyncRequested
from services.db import sync_runs
from services.db.models import SyncRun, SyncRunEmail, SyncSlotClaim
from services.db.session import transaction
from tests.pipeline_fixtures import new_tenant

pytestmark = pytest.mark.postgres


def test_each_slot_claim_is_won_once(sessions: sessionmaker[Session]) -> None:
    """A second caller whose integrations overlap the first's wins only the ones left; each
    claim keeps its own integration's sync id."""
    first, second, third = (new_tenant(sessions, mailbox=None, roles=[]) for _ in range(3))
    slot = datetime(2030, 1, 1, tzinfo=UTC)
    sync_ids = {second.integration_id: uuid.uuid4(), first.integration_id: uuid.uuid4()}
    with transaction(sessions) as session:
        won = sync_runs.claim_slots(session, slot=slot, sync_ids=sync_ids, claimed_by="a")
    with transaction(sessions) as session:
        then = sync_runs.claim_slots(
            session,
            slot=slot,
            sync_ids={i.integration_id: uuid.uuid4() for i in (third, second, first)},
            claimed_by="b",
        )
        assert sync_runs.claim_slots(session, slot=slot, sync_ids={}, claimed_by="b") == set()
    assert won == {first.integration_id, second.integration_id}
    assert then == {third.integration_id}
    with transaction(sessions) as session:
        claims = session.scalars(
            select(SyncSlotClaim).where(SyncSlotClaim.integration_id.in_(sync_ids))
        )
        assert {(c.integration_id, c.sync_id, c.claimed_by) for c in claims} == {
            (i, sync_id, "a") for i, sync_id in sync_ids.items()
        }


def test_a_fetch_record_lists_each_email_once_and_counts_them(
    sessions: sessionmaker[Session],
) -> None:
    """The ids go in as one array: a second record of the same run (a redelivered request)
    adds only the new ones, and emails_found counts the run's distinct emails."""
    ids = new_tenant(sessions, mailbox=None, roles=[])
    now = datetime(2030, 1, 1, tzinfo=UTC)
    request = SyncRequested(
        sync_id=uuid.uuid4(),
        integration_id=ids.integration_id,
        user_id=ids.user_id,
        tenant_id=ids.tenant_id,
        provider=Provider.MAILDIR,
        requested_at=now,
    )
    first = [f"<m{i}@x>" for i in range(1500)]
    with transaction(sessions) as session:
        sync_runs.start_sync_run(session, request=request, now=now)
        sync_runs.record_fetch(
            session, sync_id=request.sync_id, message_ids=first, keywords=3, now=now
        )
    with transaction(sessions) as session:
        sync_runs.record_fetch(
            session,
            sync_id=request.sync_id,
            message_ids=["<m0@x>", "new", "new"],
            keywords=3,
            now=now,
        )
        sync_runs.record_fetch(
            session, sync_id=request.sync_id, message_ids=[], keywords=3, now=now
        )
    with transaction(sessions) as session:
        rows = session.execute(
            select(SyncRunEmail.provider_message_id, SyncRunEmail.handled).where(
                SyncRunEmail.sync_id == request.sync_id
            )
        ).all()
        run = session.get(SyncRun, request.sync_id)
        assert run is not None
        found = (run.emails_found, run.keywords_searched, run.fetched_at)
    assert sorted(rows) == sorted((m, False) for m in [*first, "new"])
    assert found == (1501, 3, now)
