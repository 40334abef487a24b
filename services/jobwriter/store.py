"""The jobwriter's store on PostgreSQL: one transaction per ``sql_stores`` scope."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import (
    ExtractedJob,
    ParsedEmail,
    RequirementNotice,
    RequirementUpdated,
)
from services.db import (
    batch_apply,
    integrations,
    ledger,
    message_keys,
    notifications,
    requirement_notices,
    requirements,
    token_facts,
)
from services.db.advisory_locks import LockName
from services.db.requirement_cache import RequirementCache
from services.db.session import transaction
from services.domain import requirements as rules
from services.domain.decisions import Decision
from services.domain.integrations import IntegrationContact
from services.domain.requirements import DEFAULT_WINDOW_DAYS
from services.jobwriter.handler import EmailToSend, IntegrationErrorPlan


class SqlJobwriterStore:
    def __init__(
        self,
        session: Session,
        *,
        window_days: int = DEFAULT_WINDOW_DAYS,
        cache: RequirementCache | None = None,
    ) -> None:
        self._session = session
        self._cache = cache  # requirement rows kept across the factory's transactions
        self._window_days = window_days  # how far apart two sightings of one requirement may be
        # the advisory locks this transaction holds, and the profiles of the jobs they are for
        # (by the job object's id, the job kept alive with it)
        self._locks: set[LockName] = set()
        self._profiles: dict[int, tuple[ExtractedJob, rules.Profile]] = {}

    def apply_parsed_email(
        self, parsed: ParsedEmail, decision: Decision, *, now: datetime
    ) -> ledger.AppliedEmail:
        return ledger.apply_parsed_email(self._session, parsed=parsed, decision=decision, now=now)

    def apply_parsed_emails(
        self, emails: Sequence[tuple[ParsedEmail, Decision]], *, now: datetime
    ) -> list[ledger.AppliedEmail]:
        return batch_apply.apply_parsed_emails(self._session, emails=emails, now=now)

    def checks(
        self, emails: Sequence[ParsedEmail], *, with_jobs: Sequence[ParsedEmail]
    ) -> tuple[dict[int, tuple[int, int]], set[tuple[int, str]]]:
        """Also takes the requirement locks the jobs of ``with_jobs`` will need (services.db
        .requirements), in the message keys' statement, which also reads the owners: one round
        trip for all three. An email found seen elsewhere makes no sighting, and its locks only
        serialize a little more."""
        jobs_of = [(parsed, list(enumerate(parsed.jobs))) for parsed in with_jobs]
        profiles = requirements.profiles_of(jobs_of)
        for (_, jobs), of_email in zip(jobs_of, profiles, strict=True):
            for (_, job), profile in zip(jobs, of_email, strict=True):
                self._profiles[id(job)] = (job, profile)
        names = requirements.lock_names(jobs_of, profiles)
        found = message_keys.look_up(
            self._session,
            emails=with_jobs,
            also_lock=names,
            owners_of=(parsed.integration_id for parsed in emails),
        )
        self._locks.update(names)
        return found.owners, found.seen

    def record_sightings(
        self,
        emails: Sequence[tuple[ParsedEmail, Decision]],
        *,
        redelivered: Sequence[bool],
        now: datetime,
    ) -> list[requirements.RequirementEvent]:
        kept = [(parsed, decision.jobs) for parsed, decision in emails]
        recorded = requirements.record_sightings(
            self._session,
            emails=kept,
            redelivered=redelivered,
            now=now,
            window_days=self._window_days,
            profiles=[[self._profile(job) for _, job in jobs] for _, jobs in kept],
            held_locks=self._locks,
            cache=self._cache,
        )
        return [result.event for results in recorded for result in results if result.event]

    def _profile(self, job: ExtractedJob) -> rules.Profile:
        known = self._profiles.get(id(job))
        return known[1] if known is not None and known[0] is job else rules.profile(job)

    def apply_notices(
        self, notices: Sequence[tuple[ParsedEmail, RequirementNotice]], *, now: datetime
    ) -> list[RequirementUpdated]:
        return requirement_notices.apply_notices(
            self._session, notices=notices, now=now, window_days=self._window_days
        )

    def update_jobs_for_newer_extraction(
        self, parsed: ParsedEmail, decision: Decision, *, now: datetime
    ) -> int:
        updated = ledger.update_jobs_for_newer_extraction(
            self._session, parsed=parsed, decision=decision, now=now
        )
        return len(updated)

    def lock_integration(self, integration_id: int) -> IntegrationContact | None:
        return integrations.lock_integration(self._session, integration_id=integration_id)

    def record_integration_error(self, integration_id: int, plan: IntegrationErrorPlan) -> None:
        integrations.record_integration_error(
            self._session,
            integration_id=integration_id,
            disable=plan.disable,
            status=plan.status,
            error_text=plan.error_text,
        )
        if plan.token_failed_at is not None:
            token_facts.record_token_failed(
                self._session, integration_id=integration_id, at=plan.token_failed_at
            )

    def queue_email(self, integration_id: int, email: EmailToSend, *, now: datetime) -> bool:
        return notifications.add_notification(
            self._session,
            integration_id=integration_id,
            kind=email.kind,
            event_key=email.event_key,
            recipient=email.recipient,
            subject=email.subject,
            body=email.body,
            now=now,
        )


def sql_stores(
    sessions: sessionmaker[Session], *, window_days: int = DEFAULT_WINDOW_DAYS
) -> Callable[[], AbstractContextManager[SqlJobwriterStore]]:
    """A store factory for the use case: each scope is one transaction. Its stores share one
    requirement cache (services.db.requirement_cache: checked against the database's row
    versions in each transaction, so another writer's change is read, never overwritten)."""
    cache = RequirementCache()

    @contextmanager
    def scope() -> Iterator[SqlJobwriterStore]:
        try:
            with transaction(sessions) as session:
                yield SqlJobwriterStore(session, window_days=window_days, cache=cache)
        except BaseException:
            cache.rolled_back()
            raise
        cache.committed()

    return scope
