"""Integration writes on real PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from services.db import integrations
from services.db.models import EmailIntegration
from services.db.session import transaction
from tests.pipeline_fixtures import new_tenant

pytestmark = pytest.mark.postgres


def test_an_integration_error_is_recorded_under_the_row_lock(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=[])
    seen = []
    for _ in range(2):
        with transaction(sessions) as session:
            seen.append(integrations.lock_integration(session, integration_id=ids.integration_id))
            integrations.record_integration_error(
                session,
                integration_id=ids.integration_id,
                disable=True,
                status="failed",
                error_text="Token expired - please reconnect",
            )
    assert [c.active for c in seen if c] == [True, False]  # the second finds it disabled
    assert seen[0] is not None and seen[0].user_email and seen[0].provider == "maildir"
    with transaction(sessions) as session:
        assert integrations.lock_integration(session, integration_id=10**9) is None
        row = session.get(EmailIntegration, ids.integration_id)
    assert row is not None and not row.is_active
    assert row.last_sync_error == "Token expired - please reconnect"
