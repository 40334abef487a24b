"""Sync-run writes on real PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from services.db import sync_runs
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
