"""The jobwriter's use case against an in-memory store: what each plan writes, in one
transaction, and what happens after the commit. No servers."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from schemas.contracts.models import (
    IntegrationErrorType,
    JobCreated,
    ParsedEmail,
    RequirementCreated,
    RequirementNotice,
    RequirementUpdated,
)
from services.db.ledger import AppliedEmail
from services.db.models import JobPosting
from services.domain.decisions import Decision
from services.domain.errors import InvalidMessage
from services.domain.integrations import IntegrationContact
from services.jobwriter.handler import EmailToSend, IntegrationErrorPlan
from services.jobwriter.usecase import Event, Jobwriter
from tests.services.jobwriter.test_handler import expiry, parsed

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
# the use case counts jobs per tenant in the process's metrics: a tenant id no database test
# will have, so their per-tenant figures stay their own
TENANT = 10**9 + 3


def email(**overrides: object) -> ParsedEmail:
    return parsed(**{"tenant_id": TENANT, **overrides})


@dataclass
class Integration:
    tenant_id: int
    user_id: int
    active: bool = True
    status: str | None = None
    error: str | None = None


@dataclass
class FakeStore:
    """Integrations, postings and queued emails; a scope's writes count only if it commits."""

    integrations: dict[int, Integration]
    emails: dict[tuple[int, str, str], EmailToSend] = field(default_factory=dict)
    ledger: set[tuple[int, str]] = field(default_factory=set)
    journal: list[str] = field(default_factory=list)

    @contextmanager
    def scope(self) -> Iterator[FakeStore]:
        staged = FakeStore(
            {k: Integration(**vars(v)) for k, v in self.integrations.items()},
            dict(self.emails),
            set(self.ledger),
            self.journal,
        )
        yield staged
        self.integrations, self.emails, self.ledger = (
            staged.integrations,
            staged.emails,
            staged.ledger,
        )
        self.journal.append("commit")

    def apply_parsed_email(
        self, parsed: ParsedEmail, decision: Decision, *, now: datetime
    ) -> AppliedEmail:
        return self.apply_parsed_emails([(parsed, decision)], now=now)[0]

    def apply_parsed_emails(
        self, emails: Sequence[tuple[ParsedEmail, Decision]], *, now: datetime
    ) -> list[AppliedEmail]:
        applied = []
        for email, decision in emails:
            key = (email.integration_id, email.provider_message_id)
            first_time = key not in self.ledger
            self.ledger.add(key)
            jobs = [
                JobPosting(
                    id=1000 + index,
                    tenant_id=email.tenant_id,
                    integration_id=email.integration_id,
                    created_by_user_id=email.user_id,
                    provider_message_id=email.provider_message_id,
                    job_index=index,
                    extraction_version=email.extractor.version,
                    created_at=now,
                )
                for index, _ in decision.jobs
            ]
            applied.append(AppliedEmail(jobs=jobs, first_time=first_time, run_completed=False))
        return applied

    def checks(
        self, emails: Sequence[ParsedEmail], *, with_jobs: Sequence[ParsedEmail]
    ) -> tuple[dict[int, tuple[int, int]], set[tuple[int, str]]]:
        owners = {
            parsed.integration_id: (
                self.integrations[parsed.integration_id].tenant_id,
                self.integrations[parsed.integration_id].user_id,
            )
            for parsed in emails
            if parsed.integration_id in self.integrations
        }
        return owners, set()

    def record_sightings(
        self,
        emails: Sequence[tuple[ParsedEmail, Decision]],
        *,
        redelivered: Sequence[bool],
        now: datetime,
    ) -> list[RequirementCreated | RequirementUpdated]:
        new = list(redelivered).count(False)
        self.journal.append(f"sightings of {new} new email(s) of {len(emails)}")
        return []

    def apply_notices(
        self, notices: Sequence[tuple[ParsedEmail, RequirementNotice]], *, now: datetime
    ) -> list[RequirementUpdated]:
        self.journal.append(f"notices: {[notice.status for _, notice in notices]}")
        return []

    def update_jobs_for_newer_extraction(
        self, parsed: ParsedEmail, decision: Decision, *, now: datetime
    ) -> int:
        return 0

    def lock_integration(self, integration_id: int) -> IntegrationContact | None:
        row = self.integrations.get(integration_id)
        if row is None:
            return None
        return IntegrationContact(row.active, "gmail", f"user{row.user_id}@example.test")

    def record_integration_error(self, integration_id: int, plan: IntegrationErrorPlan) -> None:
        row = self.integrations[integration_id]
        row.active = row.active and not plan.disable
        row.status, row.error = plan.status, plan.error_text

    def queue_email(self, integration_id: int, email: EmailToSend, *, now: datetime) -> bool:
        key = (integration_id, email.kind, email.event_key)
        if key in self.emails:
            return False
        self.emails[key] = email
        self.journal.append("queued")
        return True


def jobwriter_on(store: FakeStore) -> Jobwriter:
    return Jobwriter(
        stores=store.scope, clock=lambda: NOW, emails_queued=lambda: store.journal.append("wake")
    )


def test_token_expiry_disables_and_queues_one_email_then_wakes_the_sender() -> None:
    store = FakeStore({1: Integration(tenant_id=3, user_id=2)})
    jobwriter_on(store).apply_integration_error(expiry())
    assert store.integrations[1] == Integration(
        3, 2, active=False, status="failed", error="Token expired - please reconnect"
    )
    [email] = store.emails.values()
    assert email.recipient == "user2@example.test"
    assert store.journal == ["queued", "commit", "wake"]  # the sender hears after the commit


def test_expiry_events_of_two_failed_syncs_queue_one_email_until_reconnected() -> None:
    store = FakeStore({1: Integration(tenant_id=3, user_id=2)})
    jobwriter = jobwriter_on(store)
    jobwriter.apply_integration_error(expiry())
    jobwriter.apply_integration_error(expiry())  # another sync, another sync id
    assert len(store.emails) == 1
    store.integrations[1].active = True  # reconnected
    jobwriter.apply_integration_error(expiry())
    assert len(store.emails) == 2
    assert store.journal.count("wake") == 2


def test_a_transient_error_is_recorded_and_emails_nobody() -> None:
    store = FakeStore({1: Integration(tenant_id=3, user_id=2)})
    event = expiry(error_type=IntegrationErrorType.TRANSIENT, error_message="timeout")
    jobwriter_on(store).apply_integration_error(event)
    assert store.integrations[1] == Integration(3, 2, active=True, status="failed", error="timeout")
    assert store.emails == {} and store.journal == ["commit"]


def test_an_error_for_an_unknown_integration_is_invalid_and_writes_nothing() -> None:
    store = FakeStore({})
    with pytest.raises(InvalidMessage, match="unknown integration 7"):
        jobwriter_on(store).apply_integration_error(expiry(integration_id=7))
    assert store.journal == []


def job_events(events: Sequence[Event]) -> list[JobCreated]:
    return [event for event in events if isinstance(event, JobCreated)]


def test_parsed_emails_give_job_created_events_and_a_redelivery_the_same_again() -> None:
    store = FakeStore({1: Integration(tenant_id=TENANT, user_id=2)})
    jobwriter = jobwriter_on(store)
    not_a_job = email(provider_message_id="m2", is_job=False, jobs=[])
    first = job_events(jobwriter.apply_parsed_batch([email(), not_a_job]))
    again = job_events(jobwriter.apply_parsed(email()))
    assert [(e.provider_message_id, e.job_index, e.job.title) for e in first] == [
        ("m1", 0, "Sr Java Developer"),
        ("m1", 1, "QA Lead"),
    ]
    assert [e.job_posting_id for e in again] == [e.job_posting_id for e in first]
    assert store.ledger == {(1, "m1"), (1, "m2")}


def test_an_email_naming_another_tenants_integration_is_invalid_and_writes_nothing() -> None:
    store = FakeStore({1: Integration(tenant_id=4, user_id=2)})
    with pytest.raises(InvalidMessage, match="belongs to tenant 4"):
        jobwriter_on(store).apply_parsed_batch([email()])
    assert store.ledger == set() and store.journal == []


def test_the_confidence_threshold_is_the_use_cases() -> None:
    store = FakeStore({1: Integration(tenant_id=TENANT, user_id=2)})
    strict = Jobwriter(stores=store.scope, threshold=0.95, clock=lambda: NOW)
    assert strict.apply_parsed(email()) == []  # recorded as skipped, no jobs
    assert store.ledger == {(1, "m1")}


def test_first_time_jobs_become_sightings_in_the_ledgers_transaction() -> None:
    store = FakeStore({1: Integration(tenant_id=TENANT, user_id=2)})
    jobwriter = jobwriter_on(store)
    jobwriter.apply_parsed(email())
    jobwriter.apply_parsed(email())  # redelivery: no new sighting, its events again
    jobwriter.apply_parsed(email(provider_message_id="m2", is_job=False, jobs=[]))
    assert store.journal == [
        "sightings of 1 new email(s) of 1",
        "commit",
        "sightings of 0 new email(s) of 1",
        "commit",
        "commit",
    ]
