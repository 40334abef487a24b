"""Jobwriter assembly: email.parsed → PostgreSQL (ledger, jobs, stats, run) → job.created;
integration.error → disable the integration and queue an email to its user (the outbox).

The parsed emails of a poll batch are applied in one database transaction (a few multi-row
statements, services.db.batch_apply); job.created is produced after the commit and the input
offsets stored after the broker acknowledged it. When the batch fails, the engine applies its
messages one by one (one transaction each), so a bad message is dead-lettered or retried alone.
A redelivered email writes nothing new and re-sends job.created for the jobs it created the
first time. Queued emails are sent by the outbox sender's thread after the commit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from confluent_kafka import Message

from schemas.contracts.codec import ValidationError, get_codec
from schemas.contracts.models import (
    IntegrationError,
    JobCreated,
    ParsedEmail,
    RequirementCreated,
)
from schemas.contracts.topics import Topic
from services.common.engine import Engine, PollBatches, RunBatch
from services.common.engine.assemble import build_consumer_engine
from services.common.kafka import (
    Outbound,
    coordinates,
)
from services.common.logging import bind
from services.db.session import build_engine, build_sessionmaker
from services.domain.errors import InvalidMessage
from services.jobwriter.notify import SmtpNotifier
from services.jobwriter.outbox import OutboxSender
from services.jobwriter.settings import JobwriterSettings
from services.jobwriter.store import sql_stores
from services.jobwriter.usecase import Event, Jobwriter

log = logging.getLogger(__name__)
SOURCE = "/reqstream/jobwriter"


class JobwriterProcessor:
    """Kafka messages in, the use case's job.created events out as messages to produce."""

    def __init__(self, jobwriter: Jobwriter) -> None:
        self._jobwriter = jobwriter

    def __call__(self, msg: Message) -> Sequence[Outbound]:
        message = self._decode(msg)
        if isinstance(message, ParsedEmail):
            return self.apply_parsed(message)
        self.apply_integration_error(message)
        return []

    def process_batch(self, msgs: Sequence[Message]) -> Sequence[Outbound]:
        """A poll batch: its integration errors first, one by one as alone, then all its parsed
        emails in one transaction. Raises as the first bad message would; the engine then
        processes the batch one message at a time, where the integration errors already applied
        change nothing twice (their status writes repeat; the integration is inactive now, so
        no email is queued again)."""
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
            tenant_id=parsed.tenant_id, integration_id=parsed.integration_id, sync_id=parsed.sync_id
        ):
            return _outbound(self._jobwriter.apply_parsed(parsed))

    def apply_parsed_batch(self, emails: Sequence[ParsedEmail]) -> list[Outbound]:
        return _outbound(self._jobwriter.apply_parsed_batch(emails))

    def apply_integration_error(self, event: IntegrationError) -> None:
        with bind(
            tenant_id=event.tenant_id, integration_id=event.integration_id, sync_id=event.sync_id
        ):
            self._jobwriter.apply_integration_error(event)


def _outbound(events: Sequence[Event]) -> list[Outbound]:
    return [_message(event) for event in events]


def _message(event: Event) -> Outbound:
    if isinstance(event, JobCreated):
        return Outbound.of(Topic.JOB_CREATED, event, key=str(event.tenant_id), source=SOURCE)
    # one requirement's events in commit order
    topic = (
        Topic.REQUIREMENT_CREATED
        if isinstance(event, RequirementCreated)
        else Topic.REQUIREMENT_UPDATED
    )
    return Outbound.of(topic, event, key=str(event.requirement_id), source=SOURCE)


def build_notifier(settings: JobwriterSettings) -> SmtpNotifier | None:
    """The SMTP relay from settings; None when no host is configured."""
    if not settings.smtp_host:
        return None
    return SmtpNotifier(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.smtp_from,
        tls=settings.smtp_tls,
        username=settings.smtp_username,
        password=settings.smtp_password,
        ca_file=settings.smtp_ca_file,
    )


def build(settings: JobwriterSettings) -> tuple[Engine, Callable[[], None]]:
    # no pre-ping round trip per batch: a dropped connection fails the batch's first statement
    # as DependencyUnavailable (services.db.dbapi), the partition waits and the pool reconnects
    engine = build_engine(
        settings.database_url, lock_timeout_ms=settings.db_lock_timeout_ms, pre_ping=False
    )
    sessions = build_sessionmaker(engine)
    notifier = build_notifier(settings)
    outbox: OutboxSender | None = None
    if notifier is None:
        log.warning("no JOBWRITER_SMTP_HOST: user emails stay queued in the notifications table")
    else:
        outbox = OutboxSender(
            sessions=sessions,
            notifier=notifier,
            sender_address=settings.smtp_from,
            interval=settings.outbox_interval,
        )
        outbox.start()  # its first sweep sends what a previous run queued and did not send
    jobwriter = Jobwriter(
        stores=sql_stores(sessions, window_days=settings.requirement_window_days),
        threshold=settings.confidence_threshold,
        emails_queued=outbox.wake if outbox else lambda: None,
    )
    processor = JobwriterProcessor(jobwriter)
    polling = PollBatches(
        size=settings.batch_size, timeout=settings.poll_timeout, linger=settings.batch_linger
    )
    consumer = build_consumer_engine(
        settings,
        group_id=settings.group_id,
        client_id=settings.client_id,
        topics=[Topic.EMAIL_PARSED, Topic.INTEGRATION_ERROR],
        stage="jobwriter",
        run=RunBatch(processor.process_batch, processor, polling=polling, stage="jobwriter"),
    )

    def close() -> None:
        if outbox is not None:
            outbox.stop()
        engine.dispose()

    return consumer, close
