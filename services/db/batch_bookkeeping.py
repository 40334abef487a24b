"""A batch's bookkeeping after its ledger and job inserts (services.db.batch_apply), in one
statement: the jobs on the ledger rows, the integrations' counters, the sync runs' emails
marked handled and the runs advanced by the emails that flipped.

Why one statement: each was a round trip of its own, most of the fixed cost of a small batch.
The row locks are taken in the order the four statements took them: the counters first (in
integration order; the runs' update waits for them through its sub-select), then the runs'
emails, then the runs; the ledger rows are the batch's own inserts, no other writer's.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from services.db import dbapi
from services.domain.sync_runs import run_is_complete

_BOOKKEEPING = """
WITH counted AS (
    INSERT INTO integration_counters (integration_id, emails_processed, jobs_created)
    SELECT added.integration_id, added.emails, added.jobs
    FROM unnest(%(integration_ids)s::integer[], %(integration_emails)s::integer[],
                %(integration_jobs)s::integer[]) AS added(integration_id, emails, jobs)
    ON CONFLICT (integration_id) DO UPDATE SET
        emails_processed = integration_counters.emails_processed + excluded.emails_processed,
        jobs_created = integration_counters.jobs_created + excluded.jobs_created
    RETURNING 1
), recorded AS (
    UPDATE processed_emails SET job_id = jobs.job_id, jobs_created = jobs.jobs_created
    FROM unnest(%(ledger_ids)s::bigint[], %(job_ids)s::bigint[], %(jobs_created)s::integer[])
        AS jobs(id, job_id, jobs_created)
    WHERE processed_emails.id = jobs.id
), flipped AS (
    UPDATE sync_run_emails SET handled = true
    FROM unnest(%(sync_ids)s::uuid[], %(messages)s::varchar[], %(created)s::integer[],
                %(failed)s::integer[]) AS pairs(sync_id, provider_message_id, jobs, failed)
    WHERE sync_run_emails.sync_id = pairs.sync_id
        AND sync_run_emails.provider_message_id = pairs.provider_message_id
        AND sync_run_emails.handled IS false
        AND (SELECT count(*) FROM counted) >= 0
    RETURNING sync_run_emails.sync_id, sync_run_emails.provider_message_id, pairs.jobs,
        pairs.failed
), progress AS (
    SELECT sync_id, count(*)::integer AS emails, sum(jobs)::integer AS jobs,
        sum(failed)::integer AS failed
    FROM flipped GROUP BY sync_id
), advanced AS (
    UPDATE sync_runs SET emails_processed = sync_runs.emails_processed + progress.emails,
        jobs_created = sync_runs.jobs_created + progress.jobs,
        emails_failed = sync_runs.emails_failed + progress.failed
    FROM progress WHERE sync_runs.id = progress.sync_id
    RETURNING sync_runs.id, sync_runs.emails_processed, sync_runs.emails_found, sync_runs.status
)
SELECT flipped.sync_id, flipped.provider_message_id,
    advanced.emails_processed, advanced.emails_found, advanced.status
FROM flipped JOIN advanced ON advanced.id = flipped.sync_id
"""


@dataclass(frozen=True)
class RunEmail:
    """A (sync run, email) pair the batch counts now."""

    sync_id: uuid.UUID
    provider_message_id: str
    jobs_created: int
    failed: bool


@dataclass(frozen=True)
class Flipped:
    """A pair that was not counted before, and its run's state after the batch."""

    sync_id: uuid.UUID
    provider_message_id: str
    run_complete: bool


def record(
    session: Session,
    *,
    ledger_jobs: Sequence[tuple[int, int | None, int]],
    counters: dict[int, tuple[int, int]],
    run_emails: Sequence[RunEmail],
) -> list[Flipped]:
    """``ledger_jobs``: (ledger id, its first job's id, jobs it created); ``counters``: per
    integration, (emails, jobs) to add; ``run_emails``: each (run, email) pair of the batch
    once. The pairs counted now (the others were counted before)."""
    integration_ids = sorted(counters)
    params: dict[str, Any] = {
        "integration_ids": integration_ids,
        "integration_emails": [counters[integration][0] for integration in integration_ids],
        "integration_jobs": [counters[integration][1] for integration in integration_ids],
        "ledger_ids": [ledger_id for ledger_id, _, _ in ledger_jobs],
        "job_ids": [job_id for _, job_id, _ in ledger_jobs],
        "jobs_created": [created for _, _, created in ledger_jobs],
        "sync_ids": [str(pair.sync_id) for pair in run_emails],
        "messages": [pair.provider_message_id for pair in run_emails],
        "created": [pair.jobs_created for pair in run_emails],
        "failed": [int(pair.failed) for pair in run_emails],
    }
    return [
        Flipped(
            dbapi.as_uuid(sync_id),
            message_id,
            run_is_complete(status=status, emails_processed=processed, emails_found=found),
        )
        for sync_id, message_id, processed, found, status in dbapi.fetch_all(
            session, _BOOKKEEPING, params
        )
    ]
