"""The jobwriter's use case: carry out the handler's plans against a store, one transaction
per call, and say what to publish after the commit.

Parsed emails become ledger rows, job postings, counters and sync-run progress; their
job.created events are returned once the transaction committed. An integration error updates
the integration and queues its emails in the outbox in the same transaction; nothing is sent
here: ``emails_queued`` tells the outbox sender after the commit, and a sender that finds the
row later sends it anyway (services.jobwriter.outbox).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Protocol

from schemas.contracts.models import (
    IntegrationError,
    JobCreated,
    ParsedEmail,
    RequirementCreated,
    RequirementNotice,
    RequirementUpdated,
)
from services.common.metrics import EMAILS, FRESHNESS, JOBS_CREATED, skip_reason_label
from services.db.ledger import AppliedEmail, Posting, posting_extractor
from services.domain.decisions import Decision
from services.domain.errors import InvalidMessage
from services.domain.extractor_versions import supersedes
from services.domain.integrations import IntegrationContact
from services.domain.requirement_notices import notice_of
from services.jobwriter import handler
from services.jobwriter.handler import EmailToSend, IntegrationErrorPlan

log = logging.getLogger(__name__)


class JobwriterStore(Protocol):
    """The writes of one transaction (services.jobwriter.store has the PostgreSQL one)."""

    def apply_parsed_email(
        self, parsed: ParsedEmail, decision: Decision, *, now: datetime
    ) -> AppliedEmail: ...

    def apply_parsed_emails(
        self, emails: Sequence[tuple[ParsedEmail, Decision]], *, now: datetime
    ) -> list[AppliedEmail]:
        """``apply_parsed_email`` for each, in order; one result each."""
        ...

    def checks(
        self, emails: Sequence[ParsedEmail], *, with_jobs: Sequence[ParsedEmail]
    ) -> tuple[dict[int, tuple[int, int]], set[tuple[int, str]]]:
        """(tenant, user) of each existing integration of ``emails``, and the (integration,
        provider message id) of the emails of ``with_jobs`` whose message another mailbox of
        the tenant took first (services.db.message_keys, locked until the commit)."""
        ...

    def record_sightings(
        self,
        emails: Sequence[tuple[ParsedEmail, Decision]],
        *,
        redelivered: Sequence[bool],
        now: datetime,
    ) -> list[RequirementCreated | RequirementUpdated]:
        """A requirement sighting for each job the decisions keep (services.db.requirements),
        none for an email flagged ``redelivered`` (one flag per email); the requirement events
        to publish after the commit (a redelivered email's again)."""
        ...

    def apply_notices(
        self, notices: Sequence[tuple[ParsedEmail, RequirementNotice]], *, now: datetime
    ) -> list[RequirementUpdated]:
        """Close or hold the requirement each closing notice names
        (services.db.requirement_notices); their events (a redelivered notice's again)."""
        ...

    def update_jobs_for_newer_extraction(
        self, parsed: ParsedEmail, decision: Decision, *, now: datetime
    ) -> int:
        """How many postings a newer extractor's replay updated."""
        ...

    def lock_integration(self, integration_id: int) -> IntegrationContact | None: ...

    def record_integration_error(self, integration_id: int, plan: IntegrationErrorPlan) -> None: ...

    def queue_email(self, integration_id: int, email: EmailToSend, *, now: datetime) -> bool:
        """False when that email is already queued or sent."""
        ...


StoreFactory = Callable[[], AbstractContextManager[JobwriterStore]]
# what the use case asks to publish after a commit
Event = JobCreated | RequirementCreated | RequirementUpdated


def job_created_event(parsed: ParsedEmail, job: Posting) -> JobCreated:
    return JobCreated(
        job_posting_id=job.id,
        tenant_id=job.tenant_id,
        integration_id=job.integration_id,
        user_id=job.created_by_user_id,
        sync_id=parsed.sync_id,
        provider_message_id=job.provider_message_id,
        job_index=job.job_index,
        job=parsed.jobs[job.job_index],
        extractor=parsed.extractor,
        created_at=job.created_at,
    )


class Jobwriter:
    def __init__(
        self,
        *,
        stores: StoreFactory,
        threshold: float = handler.DEFAULT_CONFIDENCE_THRESHOLD,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        emails_queued: Callable[[], None] = lambda: None,
    ) -> None:
        self._stores = stores
        self._threshold = threshold
        self._clock = clock
        self._emails_queued = emails_queued

    def apply_parsed(self, parsed: ParsedEmail) -> list[Event]:
        """job.created per posting (re-sent on redelivery), then requirement.created/updated
        per new sighting."""
        now = self._clock()
        with self._stores() as store:
            [(_, decision)] = self._decide(store, [parsed])
            applied = store.apply_parsed_email(parsed, decision, now=now)
            changes = _record_sightings(store, [(parsed, decision, applied)], now=now)
            if not applied.first_time:
                self._update_for_newer_extraction(store, parsed, decision, now=now)
        events: list[Event] = [
            *self._after_commit(parsed, decision, applied, committed_at=self._clock())
        ]
        return [*events, *changes]

    def apply_parsed_batch(self, emails: Sequence[ParsedEmail]) -> list[Event]:
        """``apply_parsed`` for each email in order, in one transaction: the same rows, counts
        and job.created events."""
        now = self._clock()
        with self._stores() as store:
            decided = self._decide(store, emails)
            applied = store.apply_parsed_emails(decided, now=now)
            changes = _record_sightings(
                store,
                [(p, d, a) for (p, d), a in zip(decided, applied, strict=True)],
                now=now,
            )
            for (parsed, decision), result in zip(decided, applied, strict=True):
                # the rare replay by a newer extractor: its postings are locked and updated one
                # email at a time, the batch's postings tell which emails may need it
                if not result.first_time and any(
                    supersedes(parsed.extractor, posting_extractor(job)) for job in result.jobs
                ):
                    self._update_for_newer_extraction(store, parsed, decision, now=now)
        committed_at = self._clock()
        events: list[Event] = []
        for (parsed, decision), result in zip(decided, applied, strict=True):
            events += self._after_commit(parsed, decision, result, committed_at=committed_at)
        return [*events, *changes]

    def apply_integration_error(self, event: IntegrationError) -> IntegrationErrorPlan:
        """Update the integration and queue its emails in one transaction; the plan carried out."""
        with self._stores() as store:
            contact = store.lock_integration(event.integration_id)
            if contact is None:
                raise InvalidMessage(f"unknown integration {event.integration_id}")
            plan = handler.integration_error_plan(event, contact)
            store.record_integration_error(event.integration_id, plan)
            queued = [
                email
                for email in plan.emails
                if store.queue_email(event.integration_id, email, now=self._clock())
            ]
        if queued:
            self._emails_queued()
        log.info(
            "integration %s: %s (%s, %d email(s) queued)",
            event.integration_id,
            event.error_type.value,
            "disabled" if plan.disable else "logged",
            len(queued),
        )
        return plan

    def _decide(
        self, store: JobwriterStore, emails: Sequence[ParsedEmail]
    ) -> list[tuple[ParsedEmail, Decision]]:
        """The handler's decisions, once every email's integration is known to be its tenant's
        (else InvalidMessage: in a batch, the runner then finds the culprit one message at a
        time); the emails that would make jobs are checked for the same message in another
        mailbox of their tenant (locked until the commit), in the owners' round trip."""
        decided = [(parsed, handler.decide(parsed, threshold=self._threshold)) for parsed in emails]
        with_jobs = [parsed for parsed, decision in decided if decision.jobs]
        owners, elsewhere = store.checks(emails, with_jobs=with_jobs)
        for parsed in emails:
            problem = handler.ownership_problem(parsed, owners.get(parsed.integration_id))
            if problem is not None:
                raise InvalidMessage(problem)
        if not elsewhere:
            return decided
        return [
            (parsed, handler.decide(parsed, threshold=self._threshold, seen_elsewhere=True))
            if (parsed.integration_id, parsed.provider_message_id) in elsewhere
            else (parsed, decision)
            for parsed, decision in decided
        ]

    @staticmethod
    def _update_for_newer_extraction(
        store: JobwriterStore, parsed: ParsedEmail, decision: Decision, *, now: datetime
    ) -> None:
        """A redelivery whose extractor is newer than its postings' updates their fields."""
        updated = store.update_jobs_for_newer_extraction(parsed, decision, now=now)
        if updated:
            log.info(
                "%d job(s) of %s updated to extractor version %s",
                updated,
                parsed.provider_message_id,
                parsed.extractor.version,
            )

    def _after_commit(
        self,
        parsed: ParsedEmail,
        decision: Decision,
        applied: AppliedEmail,
        *,
        committed_at: datetime,
    ) -> list[JobCreated]:
        """Metrics for a first-time email (a redelivery counts nothing twice), and the
        job.created events of its jobs (re-sent on redelivery)."""
        if applied.first_time:
            _count(parsed, decision, jobs=len(applied.jobs), committed_at=committed_at)
        if applied.run_completed:
            log.info("sync %s completed", parsed.sync_id)
        return [
            job_created_event(parsed, job)
            for job in applied.jobs
            if job.job_index < len(parsed.jobs)
        ]


def _record_sightings(
    store: JobwriterStore,
    emails: Sequence[tuple[ParsedEmail, Decision, AppliedEmail]],
    *,
    now: datetime,
) -> list[RequirementCreated | RequirementUpdated]:
    """Sightings of the emails' kept jobs, in the ledger's transaction, and their requirement
    events: a redelivery writes no sighting and gets its events again, as job.created."""
    kept = [(parsed, decision, applied) for parsed, decision, applied in emails if decision.jobs]
    changes = (
        store.record_sightings(
            [(parsed, decision) for parsed, decision, _ in kept],
            redelivered=[not applied.first_time for _, _, applied in kept],
            now=now,
        )
        if kept
        else []
    )
    # a closing notice makes no job: it closes (or holds) the requirement it names
    notices = [
        (parsed, notice)
        for parsed, decision, _ in emails
        if not decision.jobs and (notice := notice_of(parsed)) is not None
    ]
    return [*changes, *store.apply_notices(notices, now=now)] if notices else changes


def _count(parsed: ParsedEmail, decision: Decision, *, jobs: int, committed_at: datetime) -> None:
    EMAILS.labels(decision.result.value, skip_reason_label(decision.skip_reason)).inc()
    if jobs:
        tenant = str(parsed.tenant_id)
        JOBS_CREATED.labels(tenant).inc(jobs)
        received = parsed.received_at
        if received is not None:
            if received.tzinfo is None:  # a naive time from a sloppy Date header: UTC
                received = received.replace(tzinfo=UTC)
            age = (committed_at - received).total_seconds()
            FRESHNESS.labels(tenant).observe(max(age, 0.0))
