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
from services.db import batch_bookkeeping, dbapi
from services.db.ledger import AppliedEmail, NewPosting, Posting, job_rows, ledger_row
from services.db.models import (
    JobPosting,
    ProcessedEmail,
)
from services.db.sync_runs import complete_sync_runs
from services.domain.decisions import Decision, EmailResult

LedgerKey = tuple[int, str]  # (integration, provider message): the ledger's unique key
EmailKey = tuple[int, int, str]  # (tenant, integration, provider message): an email's jobs
RunEmailKey = tuple[uuid.UUID, str]  # (sync run, provider message): counted once per run


# This module's statements run on the session's psycopg2 cursor (services.db.dbapi): the
# ORM's and Core's execution layers cost more CPU than the statements' own work at small
# batches. The inserts are one multi-row INSERT each; the updates are one statement
# (services.db.batch_bookkeeping).
INSERT_LEDGER_ROWS = dbapi.RowsInsert(
    ProcessedEmail.metadata.tables[ProcessedEmail.__tablename__],
    suffix="ON CONFLICT DO NOTHING RETURNING id, integration_id, provider_message_id",
    returning=True,
)
# the postings it creates come back with what job.created needs: no query after it
INSERT_JOBS = dbapi.RowsInsert(
    JobPosting.metadata.tables[JobPosting.__tablename__],
    suffix=f"ON CONFLICT DO NOTHING RETURNING {', '.join(NewPosting._fields)}",
    returning=True,
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
    """A sync run the batch completed."""

    integration_id: int
    last_position: int  # its last email in the batch, where a completion is reported


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
    inserted_jobs = _insert_jobs(session, job_emails, now=now)
    new_jobs = Counter({key: len(postings) for key, postings in inserted_jobs.items()})
    jobs = _jobs_of(
        session,
        {email_key(parsed): len(decision.jobs) for parsed, decision in emails if decision.jobs},
        inserted=inserted_jobs,
    )
    # jobs each email created: only a first-time email creates any
    created = [
        new_jobs[email_key(parsed)] if first else 0
        for (parsed, _), first in zip(emails, first_time, strict=True)
    ]
    completed_at = _bookkeeping(
        session,
        emails,
        first_time,
        created,
        ledger_jobs=[
            (
                ledger_ids[ledger_key(parsed)],
                jobs[email_key(parsed)][0].id if jobs[email_key(parsed)] else None,
                new_jobs[email_key(parsed)],
            )
            for parsed, _ in job_emails
        ],
        now=now,
    )
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
) -> dict[EmailKey, list[Posting]]:
    """The job postings each email created (a posting already there is not created)."""
    rows = [row for parsed, decision in emails for row in job_rows(parsed, decision, now=now)]
    created: dict[EmailKey, list[Posting]] = {}
    for posting in map(NewPosting._make, INSERT_JOBS(session, rows)):
        key = (posting.tenant_id, posting.integration_id, posting.provider_message_id)
        created.setdefault(key, []).append(posting)
    return created


def _jobs_of(
    session: Session, counts: dict[EmailKey, int], *, inserted: dict[EmailKey, list[Posting]]
) -> defaultdict[EmailKey, list[Posting]]:
    """The job postings of every email in ``counts`` (email → its jobs), each email's in job
    index order: those the batch inserted, and the others' (a redelivery's) from the table."""
    found: defaultdict[EmailKey, list[Posting]] = defaultdict(list)
    for key, postings in inserted.items():
        if len(postings) == counts.get(key):
            found[key] = sorted(postings, key=lambda posting: posting.job_index)
    missing = sorted(key for key in counts if key not in found)
    if missing:
        for posting in session.scalars(JOBS_OF, {"keys": missing}):
            found[(posting.tenant_id, posting.integration_id, posting.provider_message_id)].append(
                posting
            )
    return found


def _bookkeeping(
    session: Session,
    emails: Sequence[tuple[ParsedEmail, Decision]],
    first_time: Sequence[bool],
    created: Sequence[int],
    *,
    ledger_jobs: Sequence[tuple[int, int | None, int]],
    now: datetime,
) -> set[int]:
    """The jobs on the ledger, the counters (per first-time email: its integration and the jobs
    it created), each (sync run, email) pair counted once, and the runs whose every email is in
    closed; the batch positions where a run completed (a run's last email in the batch)."""
    counters: dict[int, tuple[int, int]] = {}
    for (parsed, _), jobs_created, first in zip(emails, created, first_time, strict=True):
        if first:
            emails_before, jobs_before = counters.get(parsed.integration_id, (0, 0))
            counters[parsed.integration_id] = (emails_before + 1, jobs_before + jobs_created)
    first_positions: dict[RunEmailKey, int] = {}
    for position, (parsed, _) in enumerate(emails):
        first_positions.setdefault((parsed.sync_id, parsed.provider_message_id), position)
    flipped = batch_bookkeeping.record(
        session,
        ledger_jobs=ledger_jobs,
        counters=counters,
        run_emails=[
            batch_bookkeeping.RunEmail(
                sync_id,
                message_id,
                created[position],
                emails[position][1].result is EmailResult.FAILED,
            )
            for (sync_id, message_id), position in first_positions.items()
        ],
    )
    completed: dict[uuid.UUID, RunProgress] = {}
    for pair in flipped:
        if not pair.run_complete:
            continue
        position = first_positions[(pair.sync_id, pair.provider_message_id)]
        run = completed.setdefault(
            pair.sync_id, RunProgress(emails[position][0].integration_id, position)
        )
        run.last_position = max(run.last_position, position)
    if completed:
        complete_sync_runs(
            session,
            runs={sync_id: run.integration_id for sync_id, run in completed.items()},
            now=now,
        )
    return {run.last_position for run in completed.values()}
