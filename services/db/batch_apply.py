"""A poll batch of parsed emails applied in a few multi-row statements, with the end state of
applying them one by one with ``ledger.apply_parsed_email``. Callers own the transaction.

Applying emails one after the other is the reference; set-wise, its order shows up as "the
first occurrence wins":
- the ledger row of the first occurrence of an (integration, message) key is the one inserted
  (if the key is new); every later occurrence is a redelivery: no jobs, no counts;
- a sync run counts an email once, with the figures of the first occurrence that names that
  (sync, message) pair: its result, and the jobs it created if it was the first-time one;
- counters are summed per integration and per sync run, and a run closes when its count of
  processed emails reaches the emails found, as it would at that email one by one.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    bindparam,
    select,
    tuple_,
)
from sqlalchemy.orm import Session

from schemas.contracts.models import ParsedEmail
from services.db import dbapi
from services.db.integration_counters import add_to_counters
from services.db.ledger import AppliedEmail, job_rows, ledger_row
from services.db.models import (
    JobPosting,
    ProcessedEmail,
)
from services.db.sync_runs import complete_sync_runs
from services.domain.decisions import Decision, EmailResult
from services.domain.sync_runs import run_is_complete

LedgerKey = tuple[int, str]  # (integration, provider message): the ledger's unique key
EmailKey = tuple[int, int, str]  # (tenant, integration, provider message): an email's jobs
RunEmailKey = tuple[uuid.UUID, str]  # (sync run, provider message): counted once per run


# This module's statements run on the session's psycopg2 cursor (services.db.dbapi): the
# ORM's and Core's execution layers cost more CPU than the statements' own work at small
# batches. The inserts are one multi-row INSERT each, the updates one statement each, their
# rows as arrays.
INSERT_LEDGER_ROWS = dbapi.RowsInsert(
    ProcessedEmail.metadata.tables[ProcessedEmail.__tablename__],
    suffix="ON CONFLICT DO NOTHING RETURNING id, integration_id, provider_message_id",
    returning=True,
)
INSERT_JOBS = dbapi.RowsInsert(
    JobPosting.metadata.tables[JobPosting.__tablename__],
    suffix="ON CONFLICT DO NOTHING RETURNING tenant_id, integration_id, provider_message_id",
    returning=True,
)


RECORD_JOBS = (
    "UPDATE processed_emails SET job_id = recorded.job_id, jobs_created = recorded.jobs_created"
    " FROM unnest(%(id)s::bigint[], %(job_id)s::bigint[], %(jobs_created)s::integer[])"
    " AS recorded(id, job_id, jobs_created) WHERE processed_emails.id = recorded.id"
)
MARK_HANDLED = (
    "UPDATE sync_run_emails SET handled = true"
    " FROM unnest(%(sync_id)s::uuid[], %(provider_message_id)s::varchar[])"
    " AS pairs(sync_id, provider_message_id)"
    " WHERE sync_run_emails.sync_id = pairs.sync_id"
    " AND sync_run_emails.provider_message_id = pairs.provider_message_id"
    " AND sync_run_emails.handled IS false"
    " RETURNING sync_run_emails.sync_id, sync_run_emails.provider_message_id"
)
ADVANCE_RUNS = (
    "UPDATE sync_runs SET emails_processed = sync_runs.emails_processed + progress.emails,"
    " jobs_created = sync_runs.jobs_created + progress.jobs,"
    " emails_failed = sync_runs.emails_failed + progress.failed"
    " FROM unnest(%(id)s::uuid[], %(emails)s::integer[], %(jobs)s::integer[],"
    " %(failed)s::integer[]) AS progress(id, emails, jobs, failed)"
    " WHERE sync_runs.id = progress.id"
    " RETURNING sync_runs.id, sync_runs.emails_processed, sync_runs.emails_found, sync_runs.status"
)
# the postings as ORM objects (job.created is built from them); built once, the keys an
# expanding IN list rendered per call
JOBS_OF = (
    select(JobPosting)
    .where(
        tuple_(JobPosting.tenant_id, JobPosting.integration_id, JobPosting.provider_message_id).in_(
            bindparam("keys", expanding=True)
        )
    )
    .order_by(JobPosting.job_index)
)


def ledger_key(parsed: ParsedEmail) -> LedgerKey:
    return (parsed.integration_id, parsed.provider_message_id)


def email_key(parsed: ParsedEmail) -> EmailKey:
    return (parsed.tenant_id, parsed.integration_id, parsed.provider_message_id)


@dataclass
class RunProgress:
    """One sync run's share of the batch: the emails it counts now and what they bring."""

    integration_id: int
    last_position: int  # its last email in the batch, where a completion is reported
    emails: int = 0
    jobs: int = 0
    failed: int = 0


def apply_parsed_emails(
    session: Session, *, emails: Sequence[tuple[ParsedEmail, Decision]], now: datetime
) -> list[AppliedEmail]:
    """``apply_parsed_email`` for each of ``emails`` in order, done set-wise; one result each,
    in the same order."""
    if not emails:
        return []
    first_positions: dict[LedgerKey, int] = {}
    for position, (parsed, _) in enumerate(emails):
        first_positions.setdefault(ledger_key(parsed), position)
    ledger_ids = _insert_ledger_rows(
        session, [emails[position] for position in first_positions.values()], now=now
    )
    first_time = [
        first_positions[ledger_key(parsed)] == position and ledger_key(parsed) in ledger_ids
        for position, (parsed, _) in enumerate(emails)
    ]
    job_emails = [
        email
        for email, first in zip(emails, first_time, strict=True)
        if first and email[1].result is EmailResult.JOB_CREATED
    ]
    new_jobs = _insert_jobs(session, job_emails, now=now)
    jobs = _jobs_of(session, {email_key(parsed) for parsed, decision in emails if decision.jobs})
    _record_jobs_on_ledger(
        session,
        [
            (ledger_ids[ledger_key(parsed)], jobs[email_key(parsed)], new_jobs[email_key(parsed)])
            for parsed, _ in job_emails
        ],
    )
    # jobs each email created: only a first-time email creates any
    created = [
        new_jobs[email_key(parsed)] if first else 0
        for (parsed, _), first in zip(emails, first_time, strict=True)
    ]
    _count_for_integrations(
        session,
        [
            (parsed.integration_id, jobs_created)
            for (parsed, _), jobs_created, first in zip(emails, created, first_time, strict=True)
            if first
        ],
    )
    completed_at = _advance_sync_runs(session, emails, created, now=now)
    return [
        AppliedEmail(
            jobs=list(jobs[email_key(parsed)]) if decision.jobs else [],
            first_time=first,
            run_completed=position in completed_at,
        )
        for position, ((parsed, decision), first) in enumerate(zip(emails, first_time, strict=True))
    ]


def _insert_ledger_rows(
    session: Session, emails: Sequence[tuple[ParsedEmail, Decision]], *, now: datetime
) -> dict[LedgerKey, int]:
    """The ledger ids of the rows inserted; a key already there (a redelivery) is absent."""
    if not emails:
        return {}
    inserted = INSERT_LEDGER_ROWS(
        session, [ledger_row(parsed, decision, now=now) for parsed, decision in emails]
    )
    return {(integration_id, message): ledger_id for ledger_id, integration_id, message in inserted}


def _insert_jobs(
    session: Session, emails: Sequence[tuple[ParsedEmail, Decision]], *, now: datetime
) -> Counter[EmailKey]:
    """How many job postings each email created (a posting already there is not created)."""
    rows = [row for parsed, decision in emails for row in job_rows(parsed, decision, now=now)]
    if not rows:
        return Counter()
    return Counter(
        (tenant_id, integration_id, message)
        for tenant_id, integration_id, message in INSERT_JOBS(session, rows)
    )


def _jobs_of(session: Session, keys: set[EmailKey]) -> defaultdict[EmailKey, list[JobPosting]]:
    """The job postings of every email in ``keys``, each email's in job index order."""
    found: defaultdict[EmailKey, list[JobPosting]] = defaultdict(list)
    if not keys:
        return found
    postings = session.scalars(JOBS_OF, {"keys": sorted(keys)})
    for posting in postings:
        found[(posting.tenant_id, posting.integration_id, posting.provider_message_id)].append(
            posting
        )
    return found


def _record_jobs_on_ledger(
    session: Session, recorded: Sequence[tuple[int, list[JobPosting], int]]
) -> None:
    """Per (ledger id, the email's postings, postings it created): the first posting and the
    count on the ledger row."""
    if not recorded:
        return
    dbapi.execute(
        session,
        RECORD_JOBS,
        {
            "id": [ledger_id for ledger_id, _, _ in recorded],
            "job_id": [jobs[0].id if jobs else None for _, jobs, _ in recorded],
            "jobs_created": [n for _, _, n in recorded],
        },
    )


def _count_for_integrations(session: Session, counted: Sequence[tuple[int, int]]) -> None:
    """Per first-time email, (its integration, the jobs it created): the integrations' counters."""
    if not counted:
        return
    emails: Counter[int] = Counter()
    jobs: Counter[int] = Counter()
    for integration_id, jobs_created in counted:
        emails[integration_id] += 1
        jobs[integration_id] += jobs_created
    add_to_counters(session, added={key: (emails[key], jobs[key]) for key in emails})


def _advance_sync_runs(
    session: Session,
    emails: Sequence[tuple[ParsedEmail, Decision]],
    created: Sequence[int],
    *,
    now: datetime,
) -> set[int]:
    """Count each (sync run, email) pair once, close the runs whose every email is in; the
    batch positions where a run completed."""
    first_positions: dict[RunEmailKey, int] = {}
    for position, (parsed, _) in enumerate(emails):
        first_positions.setdefault((parsed.sync_id, parsed.provider_message_id), position)
    flipped = dbapi.fetch_all(
        session,
        MARK_HANDLED,
        {
            "sync_id": [str(sync_id) for sync_id, _ in first_positions],
            "provider_message_id": [message_id for _, message_id in first_positions],
        },
    )
    runs: dict[uuid.UUID, RunProgress] = {}
    for sync_text, message_id in flipped:
        sync_id = dbapi.as_uuid(sync_text)
        position = first_positions[(sync_id, message_id)]
        parsed, decision = emails[position]
        run = runs.setdefault(sync_id, RunProgress(parsed.integration_id, position))
        run.emails += 1
        run.jobs += created[position]
        run.failed += decision.result is EmailResult.FAILED
        run.last_position = max(run.last_position, position)
    if not runs:
        return set()
    advanced = sorted(runs.items())
    progress = dbapi.fetch_all(
        session,
        ADVANCE_RUNS,
        {
            "id": [str(sync_id) for sync_id, _ in advanced],
            "emails": [run.emails for _, run in advanced],
            "jobs": [run.jobs for _, run in advanced],
            "failed": [run.failed for _, run in advanced],
        },
    )
    completed = {
        sync_id: runs[sync_id].integration_id
        for sync_id, emails_processed, emails_found, status in (
            (dbapi.as_uuid(run_id), processed, found, status)
            for run_id, processed, found, status in progress
        )
        if run_is_complete(
            status=status, emails_processed=emails_processed, emails_found=emails_found
        )
    }
    if completed:
        complete_sync_runs(session, runs=completed, now=now)
    return {runs[sync_id].last_position for sync_id in completed}
