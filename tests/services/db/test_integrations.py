"""Integration writes on real PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from services.db import integrations
from services.db.models import EmailIntegration
from services.db.session import transaction
from tests.pipeline_fixtures import new_tenant

pytestmark = pytest.mark.postgres


def test_integration_error_disables_once(sessions: sessionmaker[Session]) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=[])
    owners = []
    for _ in range(2):
        with transaction(sessions) as session:
            owners.append(
                integrations.apply_integration_error(
                    session,
                    integration_id=ids.integration_id,
                    disable=True,
                    status="failed",
                    error_text="Token expired - please reconnect",
                )
            )
    assert [o.was_active for o in owners if o] == [True, False]
    with transaction(sessions) as session:
        assert (
            integrations.apply_integration_error(
                session, integration_id=10**9, disable=True, status="failed", error_text="x"
            )
            is None
        )
        row = session.get(EmailIntegration, ids.integration_id)
    assert row is not None and not row.is_active
    assert row.last_sync_error == "Token expired - please reconnect"
