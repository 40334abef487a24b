"""Fetcher assembly: sync request → integration checks → provider → email.raw (+ integration.error).

Per request: claim the integration's lease and start the sync run (one transaction; a request
for an integration that is already syncing is coalesced into that run), list and fetch through
the provider with the seed's retry table, record the run's email list, publish the raw emails,
and only once the broker acknowledged them store the provider cursor and refreshed credentials
and release the lease. Requests run concurrently (asyncio workers over threads) so one
integration's backoff never stalls another's sync; offsets are stored contiguously.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Literal

from confluent_kafka import Consumer, Message, Producer
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.codec import ValidationError, get_codec
from schemas.contracts.models import IntegrationError, IntegrationErrorType, SyncRequested
from schemas.contracts.topics import Topic
from services.common.async_runner import AsyncRunner
from services.common.health import HealthFile
from services.common.kafka import Effects, Outbound, build_consumer_config, build_producer_config
from services.common.logging import bind
from services.common.metrics import SYNCS
from services.common.retry_topics import RetryTiers
from services.db import integrations, ledger, raw_blobs, sync_runs
from services.db.session import build_engine, build_sessionmaker, transaction
from services.domain.errors import DependencyUnavailable, InvalidMessage, RetriesExhausted
from services.fetcher import handler
from services.fetcher.providers.base import (
    AuthRevoked,
    Cursor,
    MailProvider,
    MessageGone,
    ProviderConfigError,
    RateLimited,
    Transient,
)
from services.fetcher.providers.factory import ProviderFactory
from services.fetcher.retry import RetryPolicy
from services.fetcher.settings import FetcherSettings

log = logging.getLogger(__name__)
SOURCE = "/reqstream/fetcher"

# reqstream_syncs_total{outcome}: what became of one sync request
SyncOutcome = Literal[
    "published",  # emails listed and published (possibly none new)
    "no_keywords",  # no candidate preferred roles: success without a search
    "already_finished",  # a redelivered request whose run had completed
    "rejected",  # integration inactive or not the user's: the run records why
    "coalesced",  # another request holds the integration's lease
    "rate_limited",  # over the global start rate: the request waits and is retried
    "token_expired",  # credentials revoked: integration.error
    "configuration",  # bad integration configuration: integration.error
    "provider_unavailable",  # retries exhausted: the request is dead-lettered
    "unknown_integration",  # no such integration: the request is dead-lettered
]


def count_sync(outcome: SyncOutcome) -> None:
    SYNCS.labels(outcome).inc()


class SyncRateLimited(DependencyUnavailable):
    # flow control, not a fault: every request waits alike, so it waits in place
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"sync rate limit reached; next slot in {retry_after:.1f}s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Fetched:
    keywords: list[str]
    listed: int
    emails: list[tuple[handler.MessageRef, bytes]]
    next_cursor: Cursor | None


class SyncProcessor:
    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        settings: FetcherSettings,
        providers: ProviderFactory,
        retry: RetryPolicy = RetryPolicy(),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sessions = sessions
        self._settings = settings
        self._providers = providers
        self._retry = retry
        self._clock = clock
        self._codec = get_codec(Topic.EMAIL_SYNC_REQUESTED)

    async def __call__(self, msg: Message) -> Effects:
        try:
            request = self._codec.decode(msg.value())
        except ValidationError as exc:
            raise InvalidMessage(str(exc)) from exc
        assert isinstance(request, SyncRequested)
        return await asyncio.to_thread(self.process, request)

    def process(self, request: SyncRequested) -> Effects:
        with bind(
            tenant_id=request.tenant_id,
            integration_id=request.integration_id,
            sync_id=request.sync_id,
        ):
            return self._process(request)

    def _process(self, request: SyncRequested) -> Effects:
        try:
            started = self._start(request)
        except SyncRateLimited:
            count_sync("rate_limited")
            raise
        except InvalidMessage:
            count_sync("unknown_integration")
            raise
        if started is None:
            return Effects([])
        keywords, now = started
        log.info("sync started")
        log.info("keywords: %s", ", ".join(keywords))
        try:
            fetched = self._fetch(request, keywords)
        except AuthRevoked as exc:
            count_sync("token_expired")
            return self._integration_failed(request, IntegrationErrorType.TOKEN_EXPIRED, exc, now)
        except ProviderConfigError as exc:
            count_sync("configuration")
            return self._integration_failed(request, IntegrationErrorType.CONFIGURATION, exc, now)
        except (RateLimited, Transient) as exc:
            count_sync("provider_unavailable")
            self._finish(request, "failed", f"{handler.EXHAUSTED_PREFIX}: {exc}", now)
            raise RetriesExhausted(f"{type(exc).__name__}: {exc}") from exc
        log.info("emails found: %d listed, %d new", fetched.listed, len(fetched.emails))
        count_sync("published")
        return self._publish(request, fetched, now)

    def _start(self, request: SyncRequested) -> tuple[list[str], datetime] | None:
        """Validate, lease, count towards the rate limit, start the run; None when done."""
        with transaction(self._sessions) as session:
            # serialise run starts across replicas, and take the start time under the lock so
            # start times are ordered as the rate limit counted them
            sync_runs.lock_sync_starts(session)
            now = self._clock()
            integration = integrations.integration_for_sync(
                session, integration_id=request.integration_id
            )
            if integration is None:
                raise InvalidMessage(f"{handler.INACTIVE_MESSAGE}: {request.integration_id}")
            run = sync_runs.start_sync_run(session, request=request, now=now)
            if not handler.should_run(run.status, run.message):
                log.info("sync %s already finished (%s); nothing to do", run.id, run.status)
                count_sync("already_finished")
                return None
            if run.status != "running":
                sync_runs.restart_sync_run(session, sync_id=request.sync_id, now=now)
            problem = handler.integration_problem(
                request, integrations.integration_state(integration)
            )
            if problem:
                # the run records why; the integration keeps the status that disabled it
                sync_runs.finish_sync_run(
                    session,
                    sync_id=request.sync_id,
                    status="failed",
                    integration_id=request.integration_id,
                    message=problem,
                    now=now,
                    touch_integration=False,
                )
                count_sync("rejected")
                return None
            lease_until = now + timedelta(seconds=self._settings.lease_seconds)
            holder = integrations.acquire_sync_lease(
                session,
                integration_id=request.integration_id,
                owner=str(request.sync_id),
                now=now,
                until=lease_until,
            )
            if holder != str(request.sync_id):
                sync_runs.finish_sync_run(
                    session,
                    sync_id=request.sync_id,
                    status="coalesced",
                    integration_id=request.integration_id,
                    message=f"coalesced into running sync {holder}",
                    now=now,
                    touch_integration=False,
                )
                count_sync("coalesced")
                return None
            self._check_rate(session, now)
            keywords = handler.search_keywords(
                integrations.preferred_roles(session, tenant_id=request.tenant_id)
            )
            if not keywords:
                sync_runs.finish_sync_run(
                    session,
                    sync_id=request.sync_id,
                    status="success",
                    integration_id=request.integration_id,
                    message=handler.NO_KEYWORDS_MESSAGE,
                    now=now,
                )
                integrations.release_sync_lease(
                    session, integration_id=request.integration_id, owner=str(request.sync_id)
                )
                count_sync("no_keywords")
                return None
            return keywords, now

    def _check_rate(self, session: Session, now: datetime) -> None:
        period = timedelta(seconds=self._settings.rate_period_seconds)
        starts = sync_runs.recent_sync_starts(session, since=now - period)
        wait = handler.rate_limit_wait(
            [t for t in starts if t != now],
            now,
            limit=self._settings.syncs_per_period,
            period=period,
        )
        if wait > 0:
            raise SyncRateLimited(wait)  # rolls back: the run is not started, the request waits

    def _fetch(self, request: SyncRequested, keywords: list[str]) -> Fetched:
        with transaction(self._sessions) as session:
            integration = integrations.integration_for_sync(
                session, integration_id=request.integration_id
            )
            assert integration is not None
            provider = self._providers(session, integration)
            cursor = integration.provider_cursor
        try:
            refs = self._retry.call(
                lambda: provider.list_matching(keywords=keywords, cursor=cursor)
            )
            with transaction(self._sessions) as session:
                seen = ledger.processed_message_ids(
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
            emails = self._fetch_raw(provider, selected)
            unpublished = {r.provider_message_id for r in refs} - seen
            backlog = len(unpublished) > len(selected)
            next_cursor = provider.next_cursor(cursor=cursor, published=selected, backlog=backlog)
            return Fetched(keywords, len(refs), emails, next_cursor)
        finally:
            self._keep_credentials(request, provider)
            provider.close()

    def _fetch_raw(
        self, provider: MailProvider, selected: list[handler.MessageRef]
    ) -> list[tuple[handler.MessageRef, bytes]]:
        emails = []
        for ref in selected:
            try:
                emails.append((ref, self._retry.call(partial(provider.fetch_raw, ref))))
            except MessageGone:
                log.info(
                    "message %s vanished before it was fetched; skipped", ref.provider_message_id
                )
        return emails

    def _keep_credentials(self, request: SyncRequested, provider: MailProvider) -> None:
        """Refreshed tokens are saved whatever became of the sync: a rotated refresh token that
        were dropped could lock the integration out."""
        credentials = provider.updated_credentials()
        if credentials is not None:
            with transaction(self._sessions) as session:
                self._providers.save_credentials(session, request.integration_id, credentials)

    def _publish(self, request: SyncRequested, fetched: Fetched, now: datetime) -> Effects:
        key = str(request.integration_id)
        outputs: list[Outbound] = []
        with transaction(self._sessions) as session:
            for ref, raw in fetched.emails:
                message, blob = handler.build_raw_email(request, ref, raw)
                if blob is not None and message.raw_ref is not None:
                    raw_blobs.store_raw_blob(
                        session, key=message.raw_ref, tenant_id=request.tenant_id, raw=blob
                    )
                outputs.append(Outbound.of(Topic.EMAIL_RAW, message, key=key, source=SOURCE))
            sync_runs.record_fetch(
                session,
                sync_id=request.sync_id,
                keywords=len(fetched.keywords),
                message_ids=[r.provider_message_id for r, _ in fetched.emails],
                now=now,
            )
        log.info(
            "sync %s: %d keyword(s), %d listed, %d new email(s) published",
            request.sync_id,
            len(fetched.keywords),
            fetched.listed,
            len(outputs),
        )

        async def after_delivery() -> None:
            await asyncio.to_thread(self._after_delivery, request, fetched, now)

        return Effects(outputs, after_delivery)

    def _after_delivery(self, request: SyncRequested, fetched: Fetched, now: datetime) -> None:
        """The raw emails are durable: advance the cursor, release the lease."""
        with transaction(self._sessions) as session:
            integrations.store_cursor(
                session, integration_id=request.integration_id, cursor=fetched.next_cursor
            )
            if not fetched.emails:
                sync_runs.finish_sync_run(
                    session,
                    sync_id=request.sync_id,
                    status="success",
                    integration_id=request.integration_id,
                    message=None,
                    now=now,
                )
            integrations.release_sync_lease(
                session, integration_id=request.integration_id, owner=str(request.sync_id)
            )

    def _finish(self, request: SyncRequested, status: str, message: str, now: datetime) -> None:
        with transaction(self._sessions) as session:
            sync_runs.finish_sync_run(
                session,
                sync_id=request.sync_id,
                status=status,
                integration_id=request.integration_id,
                message=message,
                now=now,
            )
            integrations.release_sync_lease(
                session, integration_id=request.integration_id, owner=str(request.sync_id)
            )

    def _integration_failed(
        self,
        request: SyncRequested,
        error_type: IntegrationErrorType,
        exc: Exception,
        now: datetime,
    ) -> Effects:
        text = f"{type(exc).__name__}: {exc}"[:2000]
        self._finish(request, "failed", text, now)
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
        return Effects(
            [
                Outbound.of(
                    Topic.INTEGRATION_ERROR, event, key=str(request.integration_id), source=SOURCE
                )
            ]
        )


def build(settings: FetcherSettings) -> tuple[AsyncRunner, Callable[[], None]]:
    engine = build_engine(
        settings.database_url,
        pool_size=settings.max_in_flight + 2,
        lock_timeout_ms=settings.db_lock_timeout_ms,
    )
    sessions = build_sessionmaker(engine)
    consumer = Consumer(
        build_consumer_config(
            bootstrap=settings.kafka_bootstrap_servers,
            group_id=settings.group_id,
            client_id=settings.client_id,
        )
    )
    producer = Producer(
        build_producer_config(
            bootstrap=settings.kafka_bootstrap_servers, client_id=settings.client_id
        )
    )
    processor = SyncProcessor(
        sessions=sessions, settings=settings, providers=ProviderFactory.from_settings(settings)
    )
    runner = AsyncRunner(
        consumer=consumer,
        producer=producer,
        topics=[Topic.EMAIL_SYNC_REQUESTED],
        process=processor,
        stage="fetcher",
        max_in_flight=settings.max_in_flight,
        health=HealthFile(settings.health_file),
        retry=RetryTiers(settings.retry_delays_s),
    )
    return runner, engine.dispose
