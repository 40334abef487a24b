"""Fetcher assembly: email.sync.requested → the sync use case → email.raw (+ integration.error).

Builds the database, provider factory, consumer and producer from settings and composes them:
decode → a slot the request's tenant may take (``TenantSlots``) → ``SyncMailbox.run`` (in a
worker thread; a deferred push sync leaves its slot, waits and asks again) → produce →
``after_delivery`` (cursor, lease) → offset. Requests run concurrently (asyncio workers over
threads) so one integration's backoff never stalls another's sync, and a tenant holds at most
its share of the slots; offsets are stored contiguously.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta

from confluent_kafka import Message
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.codec import ValidationError, get_codec
from schemas.contracts.models import SyncRequested
from schemas.contracts.topics import Topic
from services.common.engine import Engine, RunConcurrent
from services.common.engine.assemble import build_consumer_engine
from services.common.kafka import Effects, Outbound
from services.common.logging import bind
from services.common.metrics import SYNCS
from services.db.session import build_engine, build_sessionmaker
from services.domain.errors import InvalidMessage
from services.fetcher.handler import LeasePolicy, StartPolicy
from services.fetcher.providers.factory import ProviderFactory
from services.fetcher.settings import FetcherSettings
from services.fetcher.slots import TenantSlots
from services.fetcher.store import PgSyncStore
from services.fetcher.sync import SyncMailbox
from services.fetcher.sync_result import SyncDeferred, SyncOutcome, SyncRateLimited, SyncResult

SOURCE = "/reqstream/fetcher"


def count_sync(outcome: SyncOutcome) -> None:
    SYNCS.labels(outcome).inc()


def start_policy(settings: FetcherSettings) -> StartPolicy:
    return StartPolicy(
        syncs_per_period=settings.syncs_per_period,
        rate_period=timedelta(seconds=settings.rate_period_seconds),
        lease=LeasePolicy(
            duration=timedelta(seconds=settings.lease_seconds),
            renew_every=timedelta(seconds=settings.lease_renewal_interval),
        ),
        newcomer_reserve=settings.newcomer_reserve,
        push_syncs_per_period=settings.push_syncs_per_period,
    )


def effects_of(result: SyncResult, key: str) -> Effects:
    """The runner's view of a sync: messages keyed by integration, then the after-delivery step
    in a worker thread (it writes to the database)."""
    outputs = [Outbound.of(Topic.EMAIL_RAW, m, key=key, source=SOURCE) for m in result.raw_emails]
    if result.integration_error is not None:
        event = result.integration_error
        outputs.append(Outbound.of(Topic.INTEGRATION_ERROR, event, key=key, source=SOURCE))
    step = result.after_delivery
    if step is None:
        return Effects(outputs)

    async def after_delivery() -> None:
        await asyncio.to_thread(step)

    return Effects(outputs, after_delivery)


class SyncProcessor:
    """The runner's process function: decode a request, wait for a slot its tenant may take
    (``slots``; None: no limit beyond the runner's), run the sync, hand back effects."""

    def __init__(self, sync: SyncMailbox, slots: TenantSlots | None = None) -> None:
        self._sync = sync
        self._slots = slots
        self._codec = get_codec(Topic.EMAIL_SYNC_REQUESTED)

    async def __call__(self, msg: Message) -> Effects:
        try:
            request = self._codec.decode(msg.value())
        except ValidationError as exc:
            raise InvalidMessage(str(exc)) from exc
        assert isinstance(request, SyncRequested)
        while True:
            try:
                return await self._run(request)
            except SyncDeferred as exc:
                # a push sync waiting for the running one (or its mailbox's push budget): it
                # holds no slot and no thread meanwhile, and its partition goes on
                await asyncio.sleep(exc.retry_after)

    async def _run(self, request: SyncRequested) -> Effects:
        if self._slots is None:
            return await asyncio.to_thread(self.process, request)
        async with self._slots.slot(request.tenant_id):
            try:
                return await asyncio.to_thread(self.process, request)
            except SyncRateLimited as exc:  # the runner waits it out; others need not try
                self._slots.pause(request.tenant_id, exc.retry_after, everyone=exc.everyone_waits)
                raise

    def process(self, request: SyncRequested) -> Effects:
        with bind(
            tenant_id=request.tenant_id,
            integration_id=request.integration_id,
            sync_id=request.sync_id,
        ):
            return effects_of(self._sync.run(request), key=str(request.integration_id))


def build_sync_mailbox(settings: FetcherSettings, sessions: sessionmaker[Session]) -> SyncMailbox:
    """The sync use case over PostgreSQL and the configured providers."""
    return SyncMailbox(
        store=PgSyncStore(sessions, ProviderFactory.from_settings(settings)),
        policy=start_policy(settings),
        max_emails=settings.max_emails_per_sync,
        max_raw=settings.max_raw_bytes,
        count=count_sync,
        push_topic=settings.gmail_pubsub_topic,
        graph_notification_url=settings.graph_notification_url,
    )


def build(settings: FetcherSettings) -> tuple[Engine, Callable[[], None]]:
    engine = build_engine(
        settings.database_url,
        pool_size=settings.max_in_flight * 2 + 2,  # a sync and its lease heartbeat each
        lock_timeout_ms=settings.db_lock_timeout_ms,
    )
    sync = build_sync_mailbox(settings, build_sessionmaker(engine))
    consumer = build_consumer_engine(
        settings,
        group_id=settings.group_id,
        client_id=settings.client_id,
        topics=[Topic.EMAIL_SYNC_REQUESTED],
        stage="fetcher",
        # a sync request now and then: gathering fetches would only add idle requests
        fetch={},
        # requests beyond the sync slots wait in TenantSlots (no thread), so a slot that frees
        # goes to a tenant under its share, not to the next request in partition order
        run=RunConcurrent(
            SyncProcessor(
                sync, TenantSlots(settings.max_in_flight, reserve=settings.newcomer_reserve)
            ),
            max_in_flight=settings.max_in_flight + settings.max_waiting_syncs,
        ),
    )
    return consumer, engine.dispose
