"""Jobwriter assembly: email.parsed → PostgreSQL (ledger, jobs, stats, run) → job.created;
integration.error → disable the integration and email its user.

The parsed emails of a poll batch are applied in one database transaction (a few multi-row
statements, services.db.batch_apply); job.created is produced after the commit and the input
offsets stored after the broker acknowledged it. When the batch fails, the runner applies its
messages one by one (one transaction each), so a bad message is dead-lettered or retried alone.
A redelivered email writes nothing new and re-sends job.created for the jobs it created the
first time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from confluent_kafka import Consumer, Message
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.codec import ValidationError, get_codec
from schemas.contracts.models import IntegrationError, JobCreated, ParsedEmail
from schemas.contracts.topics import Topic
from services.common.health import HealthFile
from services.common.kafka import (
    Outbound,
    build_consumer_config,
    build_producer,
    coordinates,
)
from services.common.logging import bind
from services.common.metrics import EMAILS, FRESHNESS, JOBS_CREATED, skip_reason_label
from services.common.retry_topics import RetryTiers
from services.common.runner import BatchRunner
from services.db import batch_apply, integrations, ledger, notifications
from services.db.models import JobPosting
from services.db.session import build_engine, build_sessionmaker, transaction
from services.domain.decisions import Decision
from services.domain.errors import InvalidMessage
from services.domain.extractor_versions import supersedes
from services.jobwriter import handler
from services.jobwriter.notify import SmtpNotifier
from services.jobwriter.settings import JobwriterSettings

log = logging.getLogger(__name__)
SOURCE = "/reqstream/jobwriter"


def job_created_event(parsed: ParsedEmail, job: JobPosting) -> JobCreated:
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


def notification_key(event: IntegrationError) -> str:
    """One reconnect email per failed sync (or per error event when no sync is named)."""
    return str(event.sync_id) if event.sync_id else event.occurred_at.isoformat()


class JobwriterProcessor:
    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        settings: JobwriterSettings,
        notifier: SmtpNotifier,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sessions = sessions
        self._settings = settings
        self._notifier = notifier
        self._clock = clock

    def __call__(self, msg: Message) -> Sequence[Outbound]:
        message = self._decode(msg)
        if isinstance(message, ParsedEmail):
            return self.apply_parsed(message)
        self.apply_integration_error(message)
        return []

    def process_batch(self, msgs: Sequence[Message]) -> Sequence[Outbound]:
        """A poll batch: its integration errors first, one by one as alone, then all its parsed
        emails in one transaction. Raises as the first bad message would; the runner then
        processes the batch one message at a time, where the integration errors already applied
        change nothing twice (their status writes repeat, their notification is claimed)."""
        parsed: list[ParsedEmail] = []
        for message in [self._decode(msg) for msg in msgs]:
            if isinstance(message, ParsedEmail):
                parsed.append(message)
            else:
                self.apply_integration_error(message)
        return self.apply_parsed_batch(parsed) if parsed else []

    @staticmethod
    def _decode(msg: Message) -> ParsedEmail | IntegrationError:
        topic = Topic(coordinates(msg)[0])
        try:
            message = get_codec(topic).decode(msg.value())
        except ValidationError as exc:
            raise InvalidMessage(str(exc)) from exc
        if isinstance(message, ParsedEmail | IntegrationError):
            return message
        raise InvalidMessage(f"jobwriter does not consume {topic}")

    def apply_parsed(self, parsed: ParsedEmail) -> list[Outbound]:
        with bind(
            tenant_id=parsed.tenant_id,
            integration_id=parsed.integration_id,
            sync_id=parsed.sync_id,
        ):
            return self._apply_parsed(parsed)

    def _apply_parsed(self, parsed: ParsedEmail) -> list[Outbound]:
        decision = handler.decide(parsed, threshold=self._settings.confidence_threshold)
        with transaction(self._sessions) as session:
            self._check_owners(session, [parsed])
            applied = ledger.apply_parsed_email(
                session, parsed=parsed, decision=decision, now=self._clock()
            )
            if not applied.first_time:
                self._update_for_newer_extraction(session, parsed, decision, now=self._clock())
        return self._after_commit(parsed, decision, applied, committed_at=self._clock())

    def apply_parsed_batch(self, emails: Sequence[ParsedEmail]) -> list[Outbound]:
        """``apply_parsed`` for each email in order, in one transaction: the same rows, counts
        and job.created messages."""
        decided = [
            (parsed, handler.decide(parsed, threshold=self._settings.confidence_threshold))
            for parsed in emails
        ]
        now = self._clock()
        with transaction(self._sessions) as session:
            self._check_owners(session, emails)
            applied = batch_apply.apply_parsed_emails(session, emails=decided, now=now)
            for (parsed, decision), result in zip(decided, applied, strict=True):
                # the rare replay by a newer extractor: its postings are locked and updated one
                # email at a time, the batch's postings tell which emails may need it
                if not result.first_time and any(
                    supersedes(parsed.extractor, ledger.posting_extractor(job))
                    for job in result.jobs
                ):
                    self._update_for_newer_extraction(session, parsed, decision, now=now)
        committed_at = self._clock()
        outputs: list[Outbound] = []
        for (parsed, decision), result in zip(decided, applied, strict=True):
            with bind(
                tenant_id=parsed.tenant_id,
                integration_id=parsed.integration_id,
                sync_id=parsed.sync_id,
            ):
                outputs += self._after_commit(parsed, decision, result, committed_at=committed_at)
        return outputs

    @staticmethod
    def _check_owners(session: Session, emails: Sequence[ParsedEmail]) -> None:
        """InvalidMessage for an email whose integration is unknown or another tenant's (in a
        batch, the runner then finds the culprit one message at a time)."""
        owners = integrations.integration_owners(
            session, integration_ids=(parsed.integration_id for parsed in emails)
        )
        for parsed in emails:
            problem = handler.ownership_problem(parsed, owners.get(parsed.integration_id))
            if problem is not None:
                raise InvalidMessage(problem)

    @staticmethod
    def _update_for_newer_extraction(
        session: Session, parsed: ParsedEmail, decision: Decision, *, now: datetime
    ) -> None:
        """A redelivery whose extractor is newer than its postings' updates their fields."""
        updated = ledger.update_jobs_for_newer_extraction(
            session, parsed=parsed, decision=decision, now=now
        )
        if updated:
            log.info(
                "%d job(s) of %s updated to extractor version %s",
                len(updated),
                parsed.provider_message_id,
                parsed.extractor.version,
            )

    def _after_commit(
        self,
        parsed: ParsedEmail,
        decision: Decision,
        applied: ledger.AppliedEmail,
        *,
        committed_at: datetime,
    ) -> list[Outbound]:
        """Metrics for a first-time email (a redelivery counts nothing twice), and the
        job.created messages of its jobs (re-sent on redelivery)."""
        if applied.first_time:
            self._count(parsed, decision, jobs=len(applied.jobs), committed_at=committed_at)
        if applied.run_completed:
            log.info("sync %s completed", parsed.sync_id)
        key = str(parsed.tenant_id)
        return [
            Outbound.of(Topic.JOB_CREATED, job_created_event(parsed, job), key=key, source=SOURCE)
            for job in applied.jobs
            if job.job_index < len(parsed.jobs)
        ]

    @staticmethod
    def _count(
        parsed: ParsedEmail, decision: Decision, *, jobs: int, committed_at: datetime
    ) -> None:
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

    def apply_integration_error(self, event: IntegrationError) -> None:
        with bind(
            tenant_id=event.tenant_id, integration_id=event.integration_id, sync_id=event.sync_id
        ):
            self._apply_integration_error(event)

    def _apply_integration_error(self, event: IntegrationError) -> None:
        action = handler.integration_error_action(event)
        with transaction(self._sessions) as session:
            owner = integrations.apply_integration_error(
                session,
                integration_id=event.integration_id,
                disable=action.disable,
                status=action.status,
                error_text=action.error_text,
            )
            if owner is None:
                raise InvalidMessage(f"unknown integration {event.integration_id}")
            # once per event: a redelivery or replay of the same event finds its notification
            # row; sending inside the transaction means an SMTP failure rolls it all back
            if (
                action.notify_user
                and owner.user_email
                and notifications.claim_notification(
                    session,
                    integration_id=event.integration_id,
                    kind="reconnect",
                    event_key=notification_key(event),
                    now=self._clock(),
                )
            ):
                subject, body = handler.reconnect_email(owner.provider)
                self._notifier.send(to=owner.user_email, subject=subject, body=body)
        log.info(
            "integration %s: %s (%s)",
            event.integration_id,
            event.error_type.value,
            "disabled" if action.disable else "logged",
        )


def build(settings: JobwriterSettings) -> tuple[BatchRunner, Callable[[], None]]:
    engine = build_engine(settings.database_url, lock_timeout_ms=settings.db_lock_timeout_ms)
    sessions = build_sessionmaker(engine)
    consumer = Consumer(
        build_consumer_config(
            bootstrap=settings.kafka_bootstrap_servers,
            group_id=settings.group_id,
            client_id=settings.client_id,
        )
    )
    producer = build_producer(
        bootstrap=settings.kafka_bootstrap_servers, client_id=settings.client_id
    )
    notifier = SmtpNotifier(
        host=settings.smtp_host, port=settings.smtp_port, sender=settings.smtp_from
    )
    processor = JobwriterProcessor(sessions=sessions, settings=settings, notifier=notifier)
    runner = BatchRunner(
        consumer=consumer,
        producer=producer,
        topics=[Topic.EMAIL_PARSED, Topic.INTEGRATION_ERROR],
        process=processor,
        process_batch=processor.process_batch,
        stage="jobwriter",
        health=HealthFile(settings.health_file),
        retry=RetryTiers(settings.retry_delays_s),
        batch_size=settings.batch_size,
        poll_timeout=settings.poll_timeout,
        batch_linger=settings.batch_linger,
    )
    return runner, engine.dispose
