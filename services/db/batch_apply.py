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
from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    String,
    Uuid,
    bindparam,
    func,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from schemas.contracts.models import ParsedEmail
from services.db import dbapi
from services.db.integration_counters import add_to_counters
from services.db.ledger import AppliedEmail, job_rows, ledger_row
from services.db.models import (
    JobPosting,
    ProcessedEmail,
    SyncRun,
    SyncRunEmail,
)
from services.db.sync_runs import complete_sync_runs
from services.domain.decisions import Decision, EmailResult
from services.domain.sync_runs import run_is_complete

LedgerKey = tuple[int, str]  # (integration, provider message): the ledger's unique key
EmailKey = tuple[int, int, str]  # (tenant, integration, provider message): an email's jobs
RunEmailKey = tuple[uuid.UUID, str]  # (sync run, provider message): counted once per run


# Core inserts of the tables (not the ORM's bulk insert, which groups the rows by the columns
# each leaves None and builds its statement per call): one executemany that SQLAlchemy
# sends as multi-row INSERTs ("insertmanyvalues"), compiled once. This module's statements
# are built once and run on the session's connection: the ORM's execution layer (bulk update
# bookkeeping, compile state) cost more CPU than the statements' own work at small batches
# the inserts run on the psycopg2 cursor (services.db.dbapi)
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


def _rows_of(table_name: str, **columns: ARRAY[Any]) -> Any:
    """A derived table of one row per index of the array parameters, one per column (see
    ``_arrays``): one statement text whatever the batch size, so SQLAlchemy compiles it once
    (a VALUES list is a new statement for each batch)."""
    arrays = [bindparam(f"each_{name}", type_=array) for name, array in columns.items()]
    return func.unnest(*arrays).table_valued(*columns).render_derived(name=table_name)


def _arrays(**columns: Sequence[object]) -> dict[str, list[object]]:
    """The parameters of a ``_rows_of`` table: one list per column (an update's own column
    names are taken by its SET clause)."""
    return {f"each_{name}": list(values) for name, values in columns.items()}


_recorded = _rows_of(
    "recorded", id=ARRAY(BigInteger), job_id=ARRAY(BigInteger), jobs_created=ARRAY(Integer)
)
RECORD_JOBS = (
    update(ProcessedEmail)
    .where(ProcessedEmail.id == _recorded.c.id)
    .values(job_id=_recorded.c.job_id, jobs_created=_recorded.c.jobs_created)
    .execution_options(synchronize_session=False)
)
_pairs = _rows_of("pairs", sync_id=ARRAY(Uuid), provider_message_id=ARRAY(String))
MARK_HANDLED = (
    update(SyncRunEmail)
    .where(
        SyncRunEmail.sync_id == _pairs.c.sync_id,
        SyncRunEmail.provider_message_id == _pairs.c.provider_message_id,
        SyncRunEmail.handled.is_(False),
    )
    .values(handled=True)
    .returning(SyncRunEmail.sync_id, SyncRunEmail.provider_message_id)
    .execution_options(synchronize_session=False)
)
_progress = _rows_of(
    "progress",
    id=ARRAY(Uuid),
    emails=ARRAY(Integer),
    jobs=ARRAY(Integer),
    failed=ARRAY(Integer),
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
ADVANCE_RUNS = (
    update(SyncRun)
    .where(SyncRun.id == _progress.c.id)
    .values(
        emails_processed=SyncRun.emails_processed + _progress.c.emails,
        jobs_created=SyncRun.jobs_created + _progress.c.jobs,
        emails_failed=SyncRun.emails_failed + _progress.c.failed,
    )
    .returning(SyncRun.id, SyncRun.emails_processed, SyncRun.emails_found, SyncRun.status)
    .execution_options(synchronize_session=False)
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
    session.connection().execute(
        RECORD_JOBS,
        _arrays(
            id=[ledger_id for ledger_id, _, _ in recorded],
            job_id=[jobs[0].id if jobs else None for _, jobs, _ in recorded],
            jobs_created=[n for _, _, n in recorded],
        ),
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
    flipped = (
        session.connection()
        .execute(
            MARK_HANDLED,
            _arrays(
                sync_id=[sync_id for sync_id, _ in first_positions],
                provider_message_id=[message_id for _, message_id in first_positions],
            ),
        )
        .all()
    )
    runs: dict[uuid.UUID, RunProgress] = {}
    for sync_id, message_id in flipped:
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
    progress = (
        session.connection()
        .execute(
            ADVANCE_RUNS,
            _arrays(
                id=[sync_id for sync_id, _ in advanced],
                emails=[run.emails for _, run in advanced],
                jobs=[run.jobs for _, run in advanced],
                failed=[run.failed for _, run in advanced],
            ),
        )
        .all()
    )
    completed = {
        row.id: runs[row.id].integration_id
        for row in progress
        if run_is_complete(
            status=row.status, emails_processed=row.emails_processed, emails_found=row.emails_found
        )
    }
    if completed:
        complete_sync_runs(session, runs=completed, now=now)
    return {runs[sync_id].last_position for sync_id in completed}
