"""Sync-run writes on real PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import Provider, SyncRequested
from services.db import sync_runs
from services.db.models import SyncRun, SyncRunEmail
from services.db.session import transaction
from tests.pipeline_fixtures import new_tenant

pytestmark = pytest.mark.postgres


def test_slot_claim_is_won_once(sessions: sessionmaker[Session]) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=[])
    slot = datetime(2030, 1, 1, tzinfo=UTC)
    with transaction(sessions) as session:
        won = sync_runs.claim_slot(
            session,
            integration_id=ids.integration_id,
            slot=slot,
            sync_id=uuid.uuid4(),
            claimed_by="a",
        )
    with transaction(sessions) as session:
        lost = sync_runs.claim_slot(
            session,
            integration_id=ids.integration_id,
            slot=slot,
            sync_id=uuid.uuid4(),
            claimed_by="b",
        )
    assert (won, lost) == (True, False)


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
