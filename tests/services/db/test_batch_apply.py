"""A batch's ledger writes on real PostgreSQL: the round trips they take, and the rows and
postings they give (services.db.batch_apply)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import ExtractedJob
from services.db import batch_apply
from services.db.models import EmailIntegration, JobPosting, ProcessedEmail, SyncRun
from services.db.session import transaction
from services.jobwriter.handler import decide
from tests.pipeline_fixtures import new_tenant
from tests.services.db.test_dbapi import round_trips
from tests.services.db.test_ledger import NOW, parsed_for, start_run

pytestmark = pytest.mark.postgres


def test_a_batch_writes_its_ledger_rows_and_postings_in_one_round_trip(
    sessions: sessionmaker[Session],
) -> None:
    """The ledger rows and the new emails' postings in one statement, the bookkeeping in a
    second, and the completed run closed with its integration stamped in a third; a job email
    already in the ledger (here its second copy in the batch) creates no posting."""
    ids = new_tenant(sessions, mailbox=None, roles=["java developer"])
    sync_id = start_run(sessions, ids, ["m1", "m2", "m3"])
    batch = [
        parsed_for(ids, sync_id, "m1"),
        parsed_for(ids, sync_id, "m2", jobs=[ExtractedJob(title="Go Developer")]),
        parsed_for(ids, sync_id, "m1"),
        parsed_for(ids, sync_id, "m3", is_job=False, jobs=[]),
    ]
    with transaction(sessions) as session:
        sent = round_trips(session)
        applied = batch_apply.apply_parsed_emails(
            session, emails=[(parsed, decide(parsed)) for parsed in batch], now=NOW
        )
    assert [statement.split()[:3] for statement in sent] == [
        ["WITH", "ledger", "AS"],
        ["WITH", "counted", "AS"],
        ["UPDATE", "sync_runs", "SET"],  # the integration's stamp after it, same round trip
    ]
    assert [(a.first_time, a.run_completed) for a in applied] == [
        (True, False),
        (True, False),
        (False, False),
        (True, True),
    ]
    with transaction(sessions) as session:
        postings = session.execute(
            select(JobPosting.id, JobPosting.provider_message_id, JobPosting.job_index)
            .where(JobPosting.tenant_id == ids.tenant_id)
            .order_by(JobPosting.id)
        ).all()
        ledger = dict(
            session.execute(
                select(ProcessedEmail.provider_message_id, ProcessedEmail.job_id).where(
                    ProcessedEmail.sync_id == sync_id
                )
            ).all()
        )
        run = session.get(SyncRun, sync_id)
        integration = session.get(EmailIntegration, ids.integration_id)
    assert [(message, index) for _, message, index in postings] == [
        ("m1", 0),
        ("m1", 1),
        ("m2", 0),
    ]
    # the redelivered copy gets the first copy's postings, as job.created needs them
    assert [[p.id for p in a.jobs] for a in applied] == [
        [postings[0].id, postings[1].id],
        [postings[2].id],
        [postings[0].id, postings[1].id],
        [],
    ]
    assert ledger == {"m1": postings[0].id, "m2": postings[2].id, "m3": None}
    assert run is not None and (run.status, run.emails_processed, run.jobs_created) == (
        "success",
        3,
        3,
    )
    assert integration is not None and integration.last_sync_status == "success"


def test_a_redelivered_batch_writes_no_posting_and_returns_the_first_ones(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java developer"])
    sync_id = start_run(sessions, ids, ["a", "b"])
    batch = [(parsed, decide(parsed)) for parsed in (parsed_for(ids, sync_id, m) for m in "ab")]
    with transaction(sessions) as session:
        first = batch_apply.apply_parsed_emails(session, emails=batch, now=NOW)
    with transaction(sessions) as session:
        again = batch_apply.apply_parsed_emails(session, emails=batch, now=NOW)
        count = len(
            session.scalars(
                select(JobPosting.id).where(JobPosting.tenant_id == ids.tenant_id)
            ).all()
        )
    assert [a.first_time for a in again] == [False, False]
    assert [[p.id for p in a.jobs] for a in again] == [[p.id for p in a.jobs] for a in first]
    assert count == 4
