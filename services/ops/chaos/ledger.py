"""The run's outcome as PostgreSQL holds it: ledger, job postings, counters and sync runs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from services.db.models import EmailIntegration, JobPosting, ProcessedEmail, SyncRun
from services.db.session import transaction
from services.ops.chaos.fleet import WatchedIntegration


@dataclass(frozen=True)
class IntegrationResult:
    integration_id: int
    tenant_id: int
    expected_emails: int
    recorded: int  # distinct expected-or-not provider message ids in the ledger
    ledger_rows: int
    lost: int
    unexpected: int
    jobs_expected: int
    jobs: int
    duplicate_jobs: int
    job_mismatches: int  # emails whose job count differs from the extractor's
    emails_processed_count: int
    jobs_created_count: int

    @property
    def counters_consistent(self) -> bool:
        return (
            self.emails_processed_count == self.ledger_rows and self.jobs_created_count == self.jobs
        )


def ledger_counts(
    sessions: sessionmaker[Session], integration_ids: Iterable[int]
) -> dict[int, int]:
    ids = list(integration_ids)
    with transaction(sessions) as session:
        rows = session.execute(
            select(ProcessedEmail.integration_id, func.count())
            .where(ProcessedEmail.integration_id.in_(ids))
            .group_by(ProcessedEmail.integration_id)
        ).all()
    counts = dict.fromkeys(ids, 0)
    counts.update({int(i): int(n) for i, n in rows})
    return counts


def run_statuses(sessions: sessionmaker[Session], integration_ids: Iterable[int]) -> dict[str, int]:
    with transaction(sessions) as session:
        rows = session.execute(
            select(SyncRun.status, func.count())
            .where(SyncRun.integration_id.in_(list(integration_ids)))
            .group_by(SyncRun.status)
        ).all()
    return {str(s): int(n) for s, n in rows}


def running_integrations(
    sessions: sessionmaker[Session], integration_ids: Iterable[int]
) -> set[int]:
    with transaction(sessions) as session:
        return set(
            session.scalars(
                select(SyncRun.integration_id).where(
                    SyncRun.integration_id.in_(list(integration_ids)), SyncRun.status == "running"
                )
            )
        )


def verify(
    session: Session, watched: WatchedIntegration, shared: frozenset[str] = frozenset()
) -> IntegrationResult:
    """One integration's ledger and jobs against what its mailbox must yield. A ``shared``
    message (in another mailbox of the tenant too) makes its jobs in whichever mailbox took
    it first: its jobs are checked per tenant (services/ops/chaos/sightings.py)."""
    integration_id, expected = watched.integration_id, watched.expected
    own_jobs = {m: n for m, n in expected.jobs.items() if m not in shared}
    ledger = session.scalars(
        select(ProcessedEmail.provider_message_id).where(
            ProcessedEmail.integration_id == integration_id
        )
    ).all()
    job_rows = session.execute(
        select(JobPosting.provider_message_id, JobPosting.job_index).where(
            JobPosting.tenant_id == watched.tenant_id, JobPosting.integration_id == integration_id
        )
    ).all()
    per_email = Counter(str(m) for m, _ in job_rows)
    integration = session.get(EmailIntegration, integration_id)
    assert integration is not None
    wanted, got = set(expected.jobs), set(ledger)
    return IntegrationResult(
        integration_id=integration_id,
        tenant_id=watched.tenant_id,
        expected_emails=len(wanted),
        recorded=len(got),
        ledger_rows=len(ledger),
        lost=len(wanted - got),
        unexpected=len(got - wanted),
        jobs_expected=sum(own_jobs.values()),
        jobs=len(job_rows),
        duplicate_jobs=len(job_rows) - len({(str(m), int(i)) for m, i in job_rows}),
        job_mismatches=sum(1 for m, n in own_jobs.items() if per_email.get(m, 0) != n),
        emails_processed_count=integration.emails_processed_count,
        jobs_created_count=integration.jobs_created_count,
    )


def verify_all(
    sessions: sessionmaker[Session],
    watched: Iterable[WatchedIntegration],
    shared: Mapping[int, frozenset[str]] | None = None,
) -> list[IntegrationResult]:
    """``shared``: tenant id → its messages in more than one of its mailboxes."""
    by_tenant = shared or {}
    with transaction(sessions) as session:
        return [
            verify(session, w, by_tenant.get(w.tenant_id, frozenset()))
            for w in sorted(watched, key=lambda w: w.integration_id)
        ]
