"""Keyword-only reads and idempotent writes. Callers own the transaction (services.db.session)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from schemas.contracts.models import ExtractedJob, ParsedEmail, Provider, SyncRequested
from services.db.models import (
    Candidate,
    EmailIntegration,
    JobPosting,
    JobPostingHistory,
    Notification,
    PortalUser,
    ProcessedEmail,
    RawEmailBlob,
    SyncRun,
    SyncRunEmail,
    SyncSlotClaim,
)
from services.fetcher.handler import IntegrationState
from services.jobwriter.handler import Decision, EmailResult
from services.scheduler.handler import IntegrationSnapshot

# serialises the sync rate-limit check across fetcher replicas (pg_advisory_xact_lock key)
SYNC_RATE_LOCK_KEY = 0x7265_7173


def _snapshot(row: EmailIntegration) -> IntegrationSnapshot:
    return IntegrationSnapshot(
        id=row.id,
        user_id=row.user_id,
        tenant_id=row.tenant_id,
        provider=Provider(row.provider),
        is_active=row.is_active,
        last_synced_at=row.last_synced_at,
        sync_frequency_minutes=row.sync_frequency_minutes,
    )


# --- scheduler ---------------------------------------------------------------------------------


def active_integrations(session: Session) -> list[IntegrationSnapshot]:
    rows = session.scalars(select(EmailIntegration).where(EmailIntegration.is_active.is_(True)))
    return [_snapshot(r) for r in rows]


def integration_snapshot(
    session: Session, *, integration_id: int, tenant_id: int | None = None
) -> IntegrationSnapshot | None:
    row = session.get(EmailIntegration, integration_id)
    if row is None or (tenant_id is not None and row.tenant_id != tenant_id):
        return None
    return _snapshot(row)


def claim_slot(
    session: Session, *, integration_id: int, slot: datetime, sync_id: uuid.UUID, claimed_by: str
) -> bool:
    """True for exactly one caller per (integration, slot), whichever replica inserts first."""
    stmt = (
        insert(SyncSlotClaim)
        .values(integration_id=integration_id, slot=slot, sync_id=sync_id, claimed_by=claimed_by)
        .on_conflict_do_nothing()
        .returning(SyncSlotClaim.integration_id)
    )
    return session.execute(stmt).first() is not None


# --- fetcher -----------------------------------------------------------------------------------


def integration_for_sync(session: Session, *, integration_id: int) -> EmailIntegration | None:
    return session.get(EmailIntegration, integration_id)


def integration_state(row: EmailIntegration | None) -> IntegrationState | None:
    if row is None:
        return None
    return IntegrationState(row.id, row.user_id, row.tenant_id, row.is_active)


def preferred_roles(session: Session, *, tenant_id: int) -> list[list[str]]:
    rows = session.scalars(
        select(Candidate.preferred_roles).where(
            Candidate.tenant_id == tenant_id, Candidate.is_active.is_(True)
        )
    )
    return [list(r or []) for r in rows]


def processed_message_ids(
    session: Session, *, integration_id: int, candidates: Iterable[str]
) -> set[str]:
    ids = list(set(candidates))
    if not ids:
        return set()
    rows = session.scalars(
        select(ProcessedEmail.provider_message_id).where(
            ProcessedEmail.integration_id == integration_id,
            ProcessedEmail.provider_message_id.in_(ids),
        )
    )
    return set(rows)


def lock_sync_starts(session: Session) -> None:
    """Held until the transaction ends: one fetcher replica at a time starts a run."""
    session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SYNC_RATE_LOCK_KEY})


def recent_sync_starts(session: Session, *, since: datetime) -> list[datetime]:
    return list(session.scalars(select(SyncRun.started_at).where(SyncRun.started_at > since)))


def start_sync_run(session: Session, *, request: SyncRequested, now: datetime) -> SyncRun:
    """Insert the run if new; return it either way (a redelivered request finds its run). A run
    that failed for want of the provider starts again (re-drive)."""
    session.execute(
        insert(SyncRun)
        .values(
            id=request.sync_id,
            integration_id=request.integration_id,
            tenant_id=request.tenant_id,
            manual_trigger=request.manual_trigger,
            status="running",
            requested_at=request.requested_at,
            started_at=now,
        )
        .on_conflict_do_nothing()
    )
    run = session.get(SyncRun, request.sync_id, populate_existing=True)
    assert run is not None  # just inserted or already there
    return run


def restart_sync_run(session: Session, *, sync_id: uuid.UUID, now: datetime) -> None:
    session.execute(
        update(SyncRun)
        .where(SyncRun.id == sync_id)
        .values(status="running", message=None, started_at=now, finished_at=None)
    )


def acquire_sync_lease(
    session: Session, *, integration_id: int, owner: str, now: datetime, until: datetime
) -> str | None:
    """Take the integration's sync lease unless another live sync holds it; returns the holder."""
    taken = session.execute(
        update(EmailIntegration)
        .where(
            EmailIntegration.id == integration_id,
            or_(
                EmailIntegration.sync_lease_until.is_(None),
                EmailIntegration.sync_lease_until < now,
                EmailIntegration.sync_lease_owner == owner,
            ),
        )
        .values(sync_lease_owner=owner, sync_lease_until=until)
        .returning(EmailIntegration.id)
    ).first()
    if taken is not None:
        return owner
    return session.scalar(
        select(EmailIntegration.sync_lease_owner).where(EmailIntegration.id == integration_id)
    )


def release_sync_lease(session: Session, *, integration_id: int, owner: str) -> None:
    session.execute(
        update(EmailIntegration)
        .where(EmailIntegration.id == integration_id, EmailIntegration.sync_lease_owner == owner)
        .values(sync_lease_owner=None, sync_lease_until=None)
    )


def store_cursor(session: Session, *, integration_id: int, cursor: dict[str, Any] | None) -> None:
    if cursor is None:
        return
    session.execute(
        update(EmailIntegration)
        .where(EmailIntegration.id == integration_id)
        .values(provider_cursor=cursor)
    )


def record_fetch(
    session: Session,
    *,
    sync_id: uuid.UUID,
    message_ids: Sequence[str],
    keywords: int,
    now: datetime,
) -> None:
    if message_ids:
        session.execute(
            insert(SyncRunEmail)
            .values([{"sync_id": sync_id, "provider_message_id": m} for m in message_ids])
            .on_conflict_do_nothing()
        )
    found = session.scalar(
        select(func.count()).select_from(SyncRunEmail).where(SyncRunEmail.sync_id == sync_id)
    )
    session.execute(
        update(SyncRun)
        .where(SyncRun.id == sync_id)
        .values(emails_found=found, keywords_searched=keywords, fetched_at=now)
    )


def finish_sync_run(
    session: Session,
    *,
    sync_id: uuid.UUID,
    integration_id: int,
    status: str,
    message: str | None,
    now: datetime,
    touch_integration: bool = True,
) -> None:
    """The seed's update-sync-status step, for runs that end in the fetcher."""
    session.execute(
        update(SyncRun)
        .where(SyncRun.id == sync_id)
        .values(status=status, message=message, finished_at=now)
    )
    if touch_integration:
        session.execute(
            update(EmailIntegration)
            .where(EmailIntegration.id == integration_id)
            .values(
                last_synced_at=now,
                last_sync_status=status,
                last_sync_error=message if status != "success" else None,
            )
        )


def store_raw_blob(session: Session, *, key: str, tenant_id: int, raw: bytes) -> None:
    session.execute(
        insert(RawEmailBlob).values(key=key, tenant_id=tenant_id, raw=raw).on_conflict_do_nothing()
    )


def load_raw_blob(session: Session, *, key: str) -> bytes | None:
    return session.scalar(select(RawEmailBlob.raw).where(RawEmailBlob.key == key))


# --- jobwriter ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AppliedEmail:
    jobs: list[JobPosting]
    first_time: bool  # False on redelivery: nothing was written, nothing counted
    run_completed: bool


def integration_owners(
    session: Session, *, integration_ids: Iterable[int]
) -> dict[int, tuple[int, int]]:
    """(tenant, user) of each existing integration among ``integration_ids``."""
    rows = session.execute(
        select(EmailIntegration.id, EmailIntegration.tenant_id, EmailIntegration.user_id).where(
            EmailIntegration.id.in_(set(integration_ids))
        )
    )
    return {row.id: (row.tenant_id, row.user_id) for row in rows}


def apply_parsed_email(
    session: Session, *, parsed: ParsedEmail, decision: Decision, now: datetime
) -> AppliedEmail:
    """Ledger row, job postings, integration counters and sync-run progress in one transaction.

    The ledger insert is the idempotency gate: a redelivered message finds its row, writes and
    counts nothing, and returns the jobs created the first time so job.created can be re-sent.
    """
    ledger_id = session.execute(
        insert(ProcessedEmail)
        .values(ledger_row(parsed, decision, now=now))
        .on_conflict_do_nothing()
        .returning(ProcessedEmail.id)
    ).scalar()
    first_time = ledger_id is not None
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
        session.execute(
            update(EmailIntegration)
            .where(EmailIntegration.id == parsed.integration_id)
            .values(
                emails_processed_count=EmailIntegration.emails_processed_count + 1,
                jobs_created_count=EmailIntegration.jobs_created_count + new_jobs,
            )
        )
    completed = _advance_sync_run(
        session, parsed=parsed, decision=decision, new_jobs=new_jobs, now=now
    )
    jobs = list(session.scalars(_jobs_of(parsed))) if decision.jobs else []
    return AppliedEmail(jobs=jobs, first_time=first_time, run_completed=completed)


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
EXTRACTED_FIELDS: tuple[str, ...] = (
    "title",
    "client",
    "location",
    "work_mode",
    "employment_types",
    "duration_months",
    "rate_min",
    "rate_max",
    "rate_unit",
    "rate_currency",
    "skills",
    "experience_years",
    "visa",
    "job_ref",
    "confidence",
    "extractor_name",
)
_SEMVER = re.compile(r"^v?(\d+(?:\.\d+)*)$")


def is_newer_version(candidate: str, current: str) -> bool:
    """Whether extractor version ``candidate`` is newer than ``current``.

    Dotted numbers ("1.10.0", "v2") compare as tuples of ints, missing parts as 0; anything else
    is newer only when it differs and sorts after ``current`` as a string.
    """
    a, b = _SEMVER.match(candidate.strip()), _SEMVER.match(current.strip())
    if a is not None and b is not None:
        new = [int(p) for p in a.group(1).split(".")]
        old = [int(p) for p in b.group(1).split(".")]
        width = max(len(new), len(old))
        return tuple(new + [0] * (width - len(new))) > tuple(old + [0] * (width - len(old)))
    return candidate != current and candidate > current


def _extracted_values(parsed: ParsedEmail, job: ExtractedJob) -> dict[str, Any]:
    return {
        "title": job.title,
        "client": job.client,
        "location": job.location,
        "work_mode": job.work_mode.value if job.work_mode else None,
        "employment_types": [t.value for t in job.employment_types],
        "duration_months": job.duration_months,
        "rate_min": job.rate.min if job.rate else None,
        "rate_max": job.rate.max if job.rate else None,
        "rate_unit": job.rate.unit if job.rate else None,
        "rate_currency": job.rate.currency if job.rate else None,
        "skills": list(job.skills),
        "experience_years": job.experience_years,
        "visa": [v.value for v in job.visa],
        "job_ref": job.job_id,
        "confidence": parsed.confidence,
        "extractor_name": parsed.extractor.name,
    }


def update_jobs_for_newer_extraction(
    session: Session, *, parsed: ParsedEmail, decision: Decision, now: datetime
) -> list[JobPosting]:
    """Re-apply a replayed email whose extractor version is newer than its job postings'.

    For each existing posting of the email (by job index) whose ``extraction_version`` is older
    than ``parsed.extractor.version``: the previous extracted fields go to
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
        if job is None or not is_newer_version(version, posting.extraction_version):
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


def _advance_sync_run(
    session: Session, *, parsed: ParsedEmail, decision: Decision, new_jobs: int, now: datetime
) -> bool:
    """Count this email towards its sync run once; close the run when every email is in."""
    flipped = session.execute(
        update(SyncRunEmail)
        .where(
            SyncRunEmail.sync_id == parsed.sync_id,
            SyncRunEmail.provider_message_id == parsed.provider_message_id,
            SyncRunEmail.handled.is_(False),
        )
        .values(handled=True)
        .returning(SyncRunEmail.sync_id)
    ).first()
    if flipped is None:
        return False
    failed = 1 if decision.result is EmailResult.FAILED else 0
    progress = session.execute(
        update(SyncRun)
        .where(SyncRun.id == parsed.sync_id)
        .values(
            emails_processed=SyncRun.emails_processed + 1,
            jobs_created=SyncRun.jobs_created + new_jobs,
            emails_failed=SyncRun.emails_failed + failed,
        )
        .returning(SyncRun.emails_processed, SyncRun.emails_found, SyncRun.status)
    ).first()
    if progress is None or progress.emails_found is None:
        return False
    if progress.emails_processed < progress.emails_found or progress.status != "running":
        return False
    complete_sync_runs(session, runs={parsed.sync_id: parsed.integration_id}, now=now)
    return True


def complete_sync_runs(session: Session, *, runs: dict[uuid.UUID, int], now: datetime) -> None:
    """Close runs whose every email is in (sync id → its integration) and stamp the
    integrations' last successful sync."""
    session.execute(
        update(SyncRun).where(SyncRun.id.in_(runs)).values(status="success", finished_at=now)
    )
    session.execute(
        update(EmailIntegration)
        .where(EmailIntegration.id.in_(set(runs.values())))
        .values(last_synced_at=now, last_sync_status="success", last_sync_error=None)
    )


def claim_notification(
    session: Session, *, integration_id: int, kind: str, event_key: str, now: datetime
) -> bool:
    """True the first time (integration, kind, event) is claimed; the caller then sends."""
    stmt = (
        insert(Notification)
        .values(integration_id=integration_id, kind=kind, event_key=event_key, sent_at=now)
        .on_conflict_do_nothing()
        .returning(Notification.id)
    )
    return session.execute(stmt).first() is not None


@dataclass(frozen=True)
class IntegrationOwner:
    user_email: str | None
    provider: str
    was_active: bool


def apply_integration_error(
    session: Session, *, integration_id: int, disable: bool, status: str, error_text: str
) -> IntegrationOwner | None:
    """Record an integration error (row-locked); None when the integration does not exist."""
    row = session.get(EmailIntegration, integration_id, with_for_update=True)
    if row is None:
        return None
    was_active = row.is_active
    if disable:
        row.is_active = False
    row.last_sync_status = status
    row.last_sync_error = error_text
    user = session.get(PortalUser, row.user_id)
    return IntegrationOwner(user.email if user else None, row.provider, was_active)
