"""A fetcher holding an integration row for its sync lease does not fail the jobwriter's
batches of that integration (real PostgreSQL, a short lock timeout): the counters are off the
row and the lease lock lets the ledger, jobs and sightings reference it; a batch that completes
the sync run, which stamps the row, waits for the fetcher as for a busy dependency."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import JobCreated
from services.db import leases
from services.db.models import EmailIntegration, SyncRun
from services.db.session import build_engine, build_sessionmaker, transaction
from services.domain.errors import DependencyUnavailable
from services.jobwriter.handler import decide
from services.jobwriter.store import sql_stores
from services.jobwriter.usecase import Jobwriter
from tests.pipeline_fixtures import new_tenant
from tests.services.db.test_ledger import parsed_for, start_run

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
LOCK_TIMEOUT_MS = 300  # the jobwriter's wait for a row lock, as JOBWRITER_DB_LOCK_TIMEOUT_MS


@pytest.fixture
def jobwriter_sessions(engine: Engine) -> Iterator[sessionmaker[Session]]:
    url = engine.url.render_as_string(hide_password=False)
    own = build_engine(url, pool_size=2, lock_timeout_ms=LOCK_TIMEOUT_MS)
    try:
        yield build_sessionmaker(own)
    finally:
        own.dispose()


def test_a_batch_commits_while_a_fetcher_holds_the_lease_lock(
    sessions: sessionmaker[Session], jobwriter_sessions: sessionmaker[Session]
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java developer"])
    sync_id = start_run(sessions, ids, ["m1", "m2", "m3"])
    emails = [parsed_for(ids, sync_id, message_id) for message_id in ("m1", "m2", "m3")]
    assert all(decide(parsed).jobs for parsed in emails)
    jobwriter = Jobwriter(stores=sql_stores(jobwriter_sessions), clock=lambda: NOW)
    with transaction(sessions) as fetcher:
        # the fetcher's start transaction: the row locked, the lease decided and taken
        assert leases.locked_integration(fetcher, integration_id=ids.integration_id)
        leases.take_sync_lease(
            fetcher,
            integration_id=ids.integration_id,
            owner="another-sync",
            until=NOW + timedelta(minutes=5),
        )
        events = jobwriter.apply_parsed_batch(emails[:2])
        assert sum(isinstance(event, JobCreated) for event in events) == 2 * 2
        # the last email completes the run, which stamps the integration row: that waits for
        # the fetcher, a busy dependency (the partition waits), not a fault of the email
        with pytest.raises(DependencyUnavailable):
            jobwriter.apply_parsed_batch(emails[2:])
    jobwriter.apply_parsed_batch(emails[2:])
    with transaction(sessions) as session:
        integration = session.get(EmailIntegration, ids.integration_id)
        run = session.get(SyncRun, sync_id)
        assert integration is not None and run is not None
        assert (integration.emails_processed_count, integration.jobs_created_count) == (3, 6)
        assert integration.sync_lease_owner == "another-sync"
        assert (run.emails_processed, run.status) == (3, "success")
        assert integration.last_sync_status == "success"
