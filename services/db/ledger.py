"""The processed-email ledger and the job postings it gates. Keyword-only functions taking a
Session; callers own the transaction (services.db.session). A poll batch goes through
services.db.batch_apply, with the end state of these one-email functions."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from sqlalchemy import Boolean, Select, String, any_, bindparam, literal_column, select, update
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.orm import Session

from schemas.contracts.models import ExtractedJob, Extractor, ParsedEmail
from services.db.integration_counters import add_to_counters
from services.db.models import JobPosting, JobPostingHistory, ProcessedEmail
from services.db.sync_runs import advance_sync_run
from services.domain.decisions import Decision, EmailResult
from services.domain.extractor_versions import supersedes
from services.domain.fields import JOB_COLUMNS, job_column_values
from services.domain.messages import message_key


def processed_message_ids(
    session: Session, *, integration_id: int, candidates: Iterable[str]
) -> set[str]:
    ids = list(set(candidates))
    if not ids:
        return set()
    rows = session.scalars(_PROCESSED_AMONG, {"integration_id": integration_id, "ids": ids})
    return set(rows)


# the candidates as one array parameter: compiled once (an IN list is re-rendered per call with a
# parameter per id, a mailbox listing's thousands of them)
_PROCESSED_AMONG = select(ProcessedEmail.provider_message_id).where(
    ProcessedEmail.integration_id == bindparam("integration_id"),
    ProcessedEmail.provider_message_id == any_(bindparam("ids", type_=ARRAY(String))),
)


class Posting(Protocol):
    """What the jobwriter reads of a job posting it wrote or found: a ``JobPosting`` row, or
    a ``NewPosting`` its batch insert returned."""

    @property
    def id(self) -> int: ...
    @property
    def tenant_id(self) -> int: ...
    @property
    def integration_id(self) -> int: ...
    @property
    def created_by_user_id(self) -> int: ...
    @property
    def provider_message_id(self) -> str: ...
    @property
    def job_index(self) -> int: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def extractor_name(self) -> str: ...
    @property
    def extraction_version(self) -> str: ...


class NewPosting(NamedTuple):
    """A posting as a batch's insert returns it (building ORM objects cost more than the
    insert); ``Posting``'s columns, in this order."""

    id: int
    tenant_id: int
    integration_id: int
    created_by_user_id: int
    provider_message_id: str
    job_index: int
    created_at: datetime
    extractor_name: str
    extraction_version: str


@dataclass(frozen=True)
class AppliedEmail:
    jobs: Sequence[Posting]
    first_time: bool  # False on redelivery: nothing was written, nothing counted
    run_completed: bool


def apply_parsed_email(
    session: Session, *, parsed: ParsedEmail, decision: Decision, now: datetime
) -> AppliedEmail:
    """Ledger row, job postings, integration counters and sync-run progress in one transaction.

    The ledger insert is the idempotency gate: a redelivered message finds its row, writes and
    counts nothing, and returns the jobs created the first time so job.created can be re-sent.
    A ``failed`` row (a dead-lettered email's) gives way to a later outcome that is not a
    failure (the email re-driven and parsed): the row is replaced, the email not counted again.
    """
    row = ledger_row(parsed, decision, now=now)
    stmt = insert(ProcessedEmail).values(row)
    written = session.execute(
        stmt.on_conflict_do_update(
            index_elements=["integration_id", "provider_message_id"],
            set_={name: stmt.excluded[name] for name in row if name not in _LEDGER_KEY},
            where=(ProcessedEmail.result == EmailResult.FAILED.value)
            & (stmt.excluded.result != EmailResult.FAILED.value),
        ).returning(
            ProcessedEmail.id, literal_column("xmax = 0", Boolean)
        )  # xmax 0: a fresh insert
    ).first()
    ledger_id = written[0] if written is not None else None
    first_time = ledger_id is not None
    replaced_failure = written is not None and not written[1]
    new_jobs = 0
    if first_time and decision.result is EmailResult.JOB_CREATED:
        new_jobs = len(
            session.execute(
                insert(JobPosting)
                .values(job_rows(parsed, decision, now=now))
                .on_conflict_do_nothing()
                .returning(JobPosting.id)
            ).all()
        )
        first_job = session.scalar(_jobs_of(parsed).limit(1))
        session.execute(
            update(ProcessedEmail)
            .where(ProcessedEmail.id == ledger_id)
            .values(job_id=first_job.id if first_job else None, jobs_created=new_jobs)
        )
    if first_time:
        add_to_counters(
            session, added={parsed.integration_id: (0 if replaced_failure else 1, new_jobs)}
        )
    completed = advance_sync_run(
        session, parsed=parsed, decision=decision, new_jobs=new_jobs, now=now
    )
    jobs = list(session.scalars(_jobs_of(parsed))) if decision.jobs else []
    return AppliedEmail(jobs=jobs, first_time=first_time, run_completed=completed)


_LEDGER_KEY = frozenset({"integration_id", "provider_message_id"})


def _jobs_of(parsed: ParsedEmail) -> Select[JobPosting]:
    return (
        select(JobPosting)
        .where(
            JobPosting.tenant_id == parsed.tenant_id,
            JobPosting.integration_id == parsed.integration_id,
            JobPosting.provider_message_id == parsed.provider_message_id,
        )
        .order_by(JobPosting.job_index)
    )


def ledger_row(parsed: ParsedEmail, decision: Decision, *, now: datetime) -> dict[str, Any]:
    """The processed_emails row of a parsed email, before its jobs are known."""
    return {
        "integration_id": parsed.integration_id,
        "tenant_id": parsed.tenant_id,
        "sync_id": parsed.sync_id,
        "provider_message_id": parsed.provider_message_id,
        "thread_id": parsed.thread_id,
        "subject": parsed.subject,
        "sender": parsed.sender,
        "received_at": parsed.received_at,
        "result": decision.result.value,
        "skip_reason": decision.skip_reason,
        "category": parsed.category.value,
        "confidence": parsed.confidence,
        "processed_at": now,
        "message_key": message_key(parsed.message_id, parsed.body_digest),
    }


def job_rows(parsed: ParsedEmail, decision: Decision, *, now: datetime) -> list[dict[str, Any]]:
    """The job_postings rows of a parsed email, one per job the decision keeps."""
    return [
        {
            "tenant_id": parsed.tenant_id,
            "integration_id": parsed.integration_id,
            "created_by_user_id": parsed.user_id,
            "provider_message_id": parsed.provider_message_id,
            "job_index": index,
            "source_subject": parsed.subject,
            "source_sender": parsed.sender,
            "source_received_at": parsed.received_at,
            **_extracted_values(parsed, job),
            "extraction_version": parsed.extractor.version,
            "created_at": now,
        }
        for index, job in decision.jobs
    ]


# the job posting columns an extractor fills; a newer extraction replaces exactly these
EXTRACTED_FIELDS: tuple[str, ...] = (*JOB_COLUMNS, "confidence", "extractor_name")


def _extracted_values(parsed: ParsedEmail, job: ExtractedJob) -> dict[str, Any]:
    return {
        **job_column_values(job),
        "confidence": parsed.confidence,
        "extractor_name": parsed.extractor.name,
    }


def posting_extractor(posting: Posting) -> Extractor:
    """The extractor that made a posting's current fields."""
    return Extractor(name=posting.extractor_name, version=posting.extraction_version)


def update_jobs_for_newer_extraction(
    session: Session, *, parsed: ParsedEmail, decision: Decision, now: datetime
) -> list[JobPosting]:
    """Re-apply a replayed email whose extraction supersedes its job postings'.

    For each existing posting of the email (by job index) whose extraction ``parsed.extractor``
    supersedes (services.domain.extractor_versions): the previous extracted fields go to
    ``job_posting_history``, the posting gets the new values and version. Rows are locked, so
    two replicas applying the same replay update once. Jobs the new extraction adds or drops
    are left alone (no posting is created or deleted here); nothing happens unless the new
    extraction is a job with jobs. Returns the postings updated.
    """
    if decision.result is not EmailResult.JOB_CREATED or not decision.jobs:
        return []
    version = parsed.extractor.version
    by_index = dict(decision.jobs)
    updated: list[JobPosting] = []
    for posting in session.scalars(_jobs_of(parsed).with_for_update()):
        job = by_index.get(posting.job_index)
        if job is None or not supersedes(parsed.extractor, posting_extractor(posting)):
            continue
        previous = {name: getattr(posting, name) for name in EXTRACTED_FIELDS}
        session.add(
            JobPostingHistory(
                job_posting_id=posting.id,
                changed_at=now,
                extraction_version=posting.extraction_version,
                fields=previous,
            )
        )
        for name, value in _extracted_values(parsed, job).items():
            setattr(posting, name, value)
        posting.extraction_version = version
        updated.append(posting)
    session.flush()
    return updated


def record_skipped(
    session: Session,
    *,
    integration_id: int,
    tenant_id: int,
    sync_id: uuid.UUID,
    provider_message_id: str,
    thread_id: str | None,
    received_at: datetime | None,
    reason: str,
    now: datetime,
) -> None:
    """A ledger row for an email the pipeline never saw (e.g. too large to keep); a second
    attempt for the same email changes nothing."""
    session.execute(
        insert(ProcessedEmail)
        .values(
            integration_id=integration_id,
            tenant_id=tenant_id,
            sync_id=sync_id,
            provider_message_id=provider_message_id,
            thread_id=thread_id,
            received_at=received_at,
            result="skipped",
            skip_reason=reason,
            processed_at=now,
        )
        .on_conflict_do_nothing(index_elements=["integration_id", "provider_message_id"])
    )
