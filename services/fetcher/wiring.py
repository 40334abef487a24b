"""Fetcher assembly: sync request → integration checks → provider → email.raw (+ integration.error).

Order of effects per request: the sync run row and its email list are committed to PostgreSQL
first, then the raw emails are produced; the request's offset is stored only after the broker
acknowledged them. A redelivered request finds its run and re-publishes; downstream is idempotent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from confluent_kafka import Consumer, Message
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.codec import ValidationError, get_codec
from schemas.contracts.models import (
    IntegrationError,
    IntegrationErrorType,
    Provider,
    SyncRequested,
)
from schemas.contracts.topics import Topic
from services.common.errors import InvalidMessage, RetryableError
from services.common.health import HealthFile
from services.common.kafka import Outbound, build_consumer_config, build_producer
from services.common.runner import BatchRunner
from services.db import repository as repo
from services.db.models import EmailIntegration
from services.db.session import build_engine, build_sessionmaker, transaction
from services.fetcher import handler
from services.fetcher.providers.base import AuthRevoked, MailProvider, ProviderConfigError
from services.fetcher.providers.maildir import MaildirProvider
from services.fetcher.settings import FetcherSettings

log = logging.getLogger(__name__)
SOURCE = "/reqstream/fetcher"

ProviderFactory = Callable[[EmailIntegration], MailProvider]


class SyncRateLimited(RetryableError):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"sync rate limit reached; next slot in {retry_after:.1f}s")
        self.retry_after = retry_after


def default_provider_factory(integration: EmailIntegration) -> MailProvider:
    if integration.provider == Provider.MAILDIR:
        path = (integration.config or {}).get("path")
        if not path:
            raise ProviderConfigError("maildir integration has no 'path' in its config")
        return MaildirProvider(path)
    raise ProviderConfigError(f"provider {integration.provider!r} is not available yet")


class SyncProcessor:
    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        settings: FetcherSettings,
        providers: ProviderFactory = default_provider_factory,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sessions = sessions
        self._settings = settings
        self._providers = providers
        self._clock = clock
        self._codec = get_codec(Topic.EMAIL_SYNC_REQUESTED)

    def __call__(self, msg: Message) -> Sequence[Outbound]:
        try:
            request = self._codec.decode(msg.value())
        except ValidationError as exc:
            raise InvalidMessage(str(exc)) from exc
        assert isinstance(request, SyncRequested)
        return self.process(request)

    def process(self, request: SyncRequested) -> list[Outbound]:
        now = self._clock()
        with transaction(self._sessions) as session:
            integration = repo.integration_for_sync(session, integration_id=request.integration_id)
            if integration is None:
                raise InvalidMessage(f"{handler.INACTIVE_MESSAGE}: {request.integration_id}")
            problem = handler.integration_problem(request, repo.integration_state(integration))
            run = repo.start_sync_run(session, request=request, now=now)
            if run.status != "running":
                log.info("sync %s already finished (%s); nothing to do", run.id, run.status)
                return []
            if run.started_at == now:  # a new run, not a redelivery: it counts towards the limit
                self._check_rate(session, now, request)
            if problem:
                repo.finish_sync_run(
                    session,
                    sync_id=request.sync_id,
                    status="failed",
                    integration_id=request.integration_id,
                    message=problem,
                    now=now,
                )
                return []
            keywords = handler.search_keywords(
                repo.preferred_roles(session, tenant_id=request.tenant_id)
            )
            if not keywords:
                repo.finish_sync_run(
                    session,
                    sync_id=request.sync_id,
                    status="success",
                    integration_id=request.integration_id,
                    message=handler.NO_KEYWORDS_MESSAGE,
                    now=now,
                )
                return []
            cursor = integration.provider_cursor
        return self._fetch_and_publish(request, integration, keywords, cursor, now)

    def _check_rate(self, session: Session, now: datetime, request: SyncRequested) -> None:
        starts = repo.recent_sync_starts(session, since=now - handler.RATE_PERIOD)
        others = [t for t in starts if t != now]
        wait = handler.rate_limit_wait(others, now, limit=self._settings.syncs_per_minute)
        if wait > 0:
            raise SyncRateLimited(wait)  # the transaction rolls back: the run is not started

    def _fetch_and_publish(
        self,
        request: SyncRequested,
        integration: EmailIntegration,
        keywords: list[str],
        cursor: dict[str, object] | None,
        now: datetime,
    ) -> list[Outbound]:
        try:
            provider = self._providers(integration)
            refs = provider.list_matching(keywords=keywords, cursor=cursor)
            with transaction(self._sessions) as session:
                seen = repo.processed_message_ids(
                    session,
                    integration_id=request.integration_id,
                    candidates=(r.provider_message_id for r in refs),
                )
            selected = handler.select_emails(
                refs,
                keywords=keywords,
                already_processed=seen,
                limit=self._settings.max_emails_per_sync,
            )
            raws = [(ref, provider.fetch_raw(ref)) for ref in selected]
        except AuthRevoked as exc:
            return self._integration_failed(request, IntegrationErrorType.TOKEN_EXPIRED, exc, now)
        except ProviderConfigError as exc:
            return self._integration_failed(request, IntegrationErrorType.CONFIGURATION, exc, now)
        key = str(request.integration_id)
        outputs: list[Outbound] = []
        with transaction(self._sessions) as session:
            for ref, raw in raws:
                message, blob = handler.build_raw_email(request, ref, raw)
                if blob is not None and message.raw_ref is not None:
                    repo.store_raw_blob(
                        session, key=message.raw_ref, tenant_id=request.tenant_id, raw=blob
                    )
                outputs.append(Outbound.of(Topic.EMAIL_RAW, message, key=key, source=SOURCE))
            repo.record_fetch(
                session,
                sync_id=request.sync_id,
                keywords=len(keywords),
                message_ids=[r.provider_message_id for r, _ in raws],
                now=now,
            )
            if not raws:
                repo.finish_sync_run(
                    session,
                    sync_id=request.sync_id,
                    status="success",
                    integration_id=request.integration_id,
                    message=None,
                    now=now,
                )
        log.info(
            "sync %s: %d keyword(s), %d listed, %d new email(s) published",
            request.sync_id,
            len(keywords),
            len(refs),
            len(raws),
        )
        return outputs

    def _integration_failed(
        self,
        request: SyncRequested,
        error_type: IntegrationErrorType,
        exc: Exception,
        now: datetime,
    ) -> list[Outbound]:
        text = f"{type(exc).__name__}: {exc}"[:2000]
        with transaction(self._sessions) as session:
            repo.finish_sync_run(
                session,
                sync_id=request.sync_id,
                status="failed",
                integration_id=request.integration_id,
                message=text,
                now=now,
            )
        event = IntegrationError(
            integration_id=request.integration_id,
            user_id=request.user_id,
            tenant_id=request.tenant_id,
            provider=request.provider,
            sync_id=request.sync_id,
            error_type=error_type,
            error_message=text,
            occurred_at=now,
        )
        return [
            Outbound.of(
                Topic.INTEGRATION_ERROR, event, key=str(request.integration_id), source=SOURCE
            )
        ]


def build(settings: FetcherSettings) -> tuple[BatchRunner, Callable[[], None]]:
    engine = build_engine(settings.database_url)
    sessions = build_sessionmaker(engine)
    consumer = Consumer(
        build_consumer_config(
            bootstrap=settings.kafka_bootstrap_servers,
            group_id=settings.group_id,
            client_id=settings.client_id,
            # a sync can take a while (provider paging); stay in the group meanwhile
            extra={"max.poll.interval.ms": int(timedelta(minutes=10).total_seconds() * 1000)},
        )
    )
    producer = build_producer(
        bootstrap=settings.kafka_bootstrap_servers, client_id=settings.client_id
    )
    runner = BatchRunner(
        consumer=consumer,
        producer=producer,
        topics=[Topic.EMAIL_SYNC_REQUESTED],
        process=SyncProcessor(sessions=sessions, settings=settings),
        stage="fetcher",
        health=HealthFile(settings.health_file),
        batch_size=settings.batch_size,
        poll_timeout=settings.poll_timeout,
    )
    return runner, engine.dispose
