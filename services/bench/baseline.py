"""The seed's sync loop as the baseline: one process, one email at a time.

``process_single_email_step`` in ``../shared/seed/inngest-email-workflows.md``, per email: fetch
it (here: read the file), parse it (the same offline extractor the parser service runs), insert
the job and commit, mark the email processed and commit. Run on the same mailboxes as the
pipeline, under a tenant and integrations of its own, so the ledger starts empty.
"""

from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import ExtractedJob, ParsedEmail, Provider, RawEmail
from services.db.models import (
    JobPosting,
    ProcessedEmail,
)
from services.demo.seed import MaildirTenant, seed_maildir_tenant
from services.domain.decisions import EmailResult
from services.fetcher.handler import MessageRef, search_keywords, subject_matches
from services.fetcher.providers.maildir import MaildirProvider
from services.jobwriter.handler import decide
from services.parser.handler import handle_raw_email

Seeded = MaildirTenant  # the bench's name for it
seed_tenant = seed_maildir_tenant


@dataclass(frozen=True)
class BaselineResult:
    emails: int
    jobs: int
    duration_s: float

    @property
    def emails_per_s(self) -> float:
        return self.emails / self.duration_s if self.duration_s > 0 else 0.0


def _job(parsed: ParsedEmail, index: int, job: ExtractedJob, now: datetime) -> JobPosting:
    return JobPosting(
        tenant_id=parsed.tenant_id,
        integration_id=parsed.integration_id,
        created_by_user_id=parsed.user_id,
        provider_message_id=parsed.provider_message_id,
        job_index=index,
        source_subject=parsed.subject,
        source_sender=parsed.sender,
        source_received_at=parsed.received_at,
        title=job.title,
        client=job.client,
        location=job.location,
        work_mode=job.work_mode.value if job.work_mode else None,
        employment_types=[t.value for t in job.employment_types],
        duration_months=job.duration_months,
        rate_min=job.rate.min if job.rate else None,
        rate_max=job.rate.max if job.rate else None,
        rate_unit=job.rate.unit if job.rate else None,
        rate_currency=job.rate.currency if job.rate else None,
        skills=list(job.skills),
        experience_years=job.experience_years,
        visa=[v.value for v in job.visa],
        job_ref=job.job_id,
        confidence=parsed.confidence,
        extractor_name=parsed.extractor.name,
        extraction_version=parsed.extractor.version,
        created_at=now,
    )


def _ledger_row(parsed: ParsedEmail, result: EmailResult, skip: str | None) -> ProcessedEmail:
    return ProcessedEmail(
        integration_id=parsed.integration_id,
        tenant_id=parsed.tenant_id,
        sync_id=parsed.sync_id,
        provider_message_id=parsed.provider_message_id,
        thread_id=parsed.thread_id,
        subject=parsed.subject,
        sender=parsed.sender,
        received_at=parsed.received_at,
        result=result.value,
        skip_reason=skip,
        category=parsed.category.value,
        confidence=parsed.confidence,
        processed_at=datetime.now(UTC),
    )


def record(session: Session, parsed: ParsedEmail) -> int:
    """The seed's writes for one parsed email: the job(s) and a commit, then the ledger row
    and a commit; the count of jobs written."""
    decision = decide(parsed)
    now = datetime.now(UTC)
    if decision.jobs:  # create the job(s), commit
        session.add_all(_job(parsed, i, job, now) for i, job in decision.jobs)
        session.commit()
    # mark processed, commit
    session.add(_ledger_row(parsed, decision.result, decision.skip_reason))
    session.commit()
    return len(decision.jobs)


def matching_refs(provider: MaildirProvider, keywords: Sequence[str]) -> list[MessageRef]:
    """The mailbox's emails whose subject matches a role, as the fetcher selects them."""
    return [
        ref
        for ref in provider.list_matching(keywords=keywords, cursor=None)
        if subject_matches(ref.subject, keywords)
    ]


def raw_email(
    seeded: Seeded, integration_id: int, sync_id: uuid.UUID, ref: MessageRef, raw: bytes
) -> RawEmail:
    """The email.raw message the fetcher would publish for ``raw``."""
    return RawEmail(
        sync_id=sync_id,
        integration_id=integration_id,
        user_id=seeded.user_id,
        tenant_id=seeded.tenant_id,
        provider=Provider.MAILDIR,
        provider_message_id=ref.provider_message_id,
        thread_id=None,
        received_at=ref.received_at,
        raw_size=len(raw),
        raw_b64=base64.b64encode(raw).decode("ascii"),
    )


def run_baseline(
    sessions: sessionmaker[Session], seeded: Seeded, *, roles: Iterable[Iterable[str]]
) -> BaselineResult:
    """Every matching email of every integration, one after the other, timed from the first
    listing to the last commit."""
    keywords = search_keywords(roles)
    emails = jobs = 0
    started = time.perf_counter()
    with sessions() as session:
        for integration_id, mailbox in seeded.integrations.items():
            sync_id = uuid.uuid4()
            provider = MaildirProvider(mailbox)
            try:
                for ref in matching_refs(provider, keywords):
                    raw = provider.fetch_raw(ref)  # fetch
                    message = raw_email(seeded, integration_id, sync_id, ref, raw)
                    parsed = handle_raw_email(message, raw)  # parse
                    jobs += record(session, parsed)
                    emails += 1
            finally:
                provider.close()
    return BaselineResult(emails, jobs, time.perf_counter() - started)
