"""SyncProcessor over the PostgreSQL store: order of effects on real PostgreSQL, with an
in-memory mail provider (the rules themselves are tested with a fake store in test_sync)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import stamina
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.codec import get_codec
from schemas.contracts.models import (
    IntegrationError,
    IntegrationErrorType,
    Provider,
    RawEmail,
    SyncReason,
    SyncRequested,
)
from schemas.contracts.topics import Topic
from services.db.models import EmailIntegration, SyncRun
from services.db.session import transaction
from services.demo.seed import DemoIds
from services.domain.errors import RetriesExhausted
from services.fetcher.handler import EXHAUSTED_PREFIX, StartPolicy
from services.fetcher.providers.base import AuthRevoked, RateLimited
from services.fetcher.settings import FetcherSettings
from services.fetcher.store import PgSyncStore
from services.fetcher.sync import SyncMailbox
from services.fetcher.wiring import SyncProcessor, start_policy
from tests.pipeline_fixtures import new_tenant
from tests.services.fetcher.fake_store import MemoryFactory, MemoryProvider

pytestmark = pytest.mark.postgres
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def no_sleeping() -> Iterator[None]:
    with stamina.set_testing(True, attempts=4, cap=True):
        yield


def setup(
    sessions: sessionmaker[Session],
    prepared: tuple[str, str],
    provider: MemoryProvider,
    **settings: Any,
) -> tuple[SyncProcessor, MemoryFactory, DemoIds]:
    ids = new_tenant(sessions, mailbox=None, roles=["Java Developer"], provider="gmail")
    factory = MemoryFactory(provider)
    config = FetcherSettings(
        kafka_bootstrap_servers="unused:9092",
        database_url=prepared[1],
        rate_period_seconds=60,
        syncs_per_period=10_000,
        **settings,
    )
    store = PgSyncStore(sessions, factory)  # type: ignore[arg-type]  # duck-typed fake factory
    processor = SyncProcessor(SyncMailbox(store=store, policy=start_policy(config)))
    return processor, factory, ids


def request_for(ids: DemoIds, sync_id: uuid.UUID | None = None) -> SyncRequested:
    return SyncRequested(
        sync_id=sync_id or uuid.uuid4(),
        integration_id=ids.integration_id,
        user_id=ids.user_id,
        tenant_id=ids.tenant_id,
        provider=Provider.GMAIL,
        requested_at=T0,
    )


def mailbox(count: int) -> dict[str, tuple[str, datetime]]:
    return {f"m{i:03d}": ("Java Developer req", T0 + timedelta(minutes=i)) for i in range(count)}


def integration(sessions: sessionmaker[Session], ids: DemoIds) -> EmailIntegration:
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, ids.integration_id)
        assert row is not None
        return row


def test_cursor_and_credentials_are_stored_only_after_delivery(
    sessions: sessionmaker[Session], prepared: tuple[str, str]
) -> None:
    provider = MemoryProvider(mailbox(60), refreshed={"token": "new"})
    processor, factory, ids = setup(sessions, prepared, provider)
    effects = processor.process(request_for(ids))
    assert len(effects.outputs) == 50  # the 50 oldest; ten wait for the next sync
    assert {o.topic for o in effects.outputs} == {Topic.EMAIL_RAW}
    assert integration(sessions, ids).provider_cursor is None  # not durable yet
    assert factory.saved == [(ids.integration_id, {"token": "new"})]  # tokens: saved at once
    assert integration(sessions, ids).sync_lease_owner is not None  # still syncing
    assert effects.after_delivery is not None
    asyncio.run(effects.after_delivery())
    row = integration(sessions, ids)
    assert row.provider_cursor == {"after": "m049"}
    assert row.sync_lease_owner is None
    assert provider.closed


def test_second_request_while_syncing_is_coalesced(
    sessions: sessionmaker[Session], prepared: tuple[str, str]
) -> None:
    processor, _, ids = setup(sessions, prepared, MemoryProvider(mailbox(3)))
    first = processor.process(request_for(ids))
    second_id = uuid.uuid4()
    assert processor.process(request_for(ids, second_id)).outputs == []
    with transaction(sessions) as session:
        run = session.get(SyncRun, second_id)
    assert run is not None and run.status == "coalesced"
    assert first.after_delivery is not None
    asyncio.run(first.after_delivery())
    third = processor.process(request_for(ids))  # lease released: runs, nothing new
    assert third.outputs == []


def test_rate_limit_forever_fails_the_run_and_dead_letters(
    sessions: sessionmaker[Session], prepared: tuple[str, str]
) -> None:
    provider = MemoryProvider({}, error=RateLimited("429", retry_after=1.0))
    processor, _, ids = setup(sessions, prepared, provider)
    request = request_for(ids)
    with pytest.raises(RetriesExhausted):
        processor.process(request)
    assert provider.calls == 4  # one try and three retries
    with transaction(sessions) as session:
        run = session.get(SyncRun, request.sync_id)
    assert run is not None and run.status == "failed"
    assert run.message is not None and run.message.startswith(EXHAUSTED_PREFIX)
    assert integration(sessions, ids).sync_lease_owner is None

    provider.error = None  # re-driven from the DLQ once the provider is back
    provider.messages = mailbox(2)
    effects = processor.process(request)
    assert len(effects.outputs) == 2


def test_revoked_token_publishes_integration_error_without_retrying(
    sessions: sessionmaker[Session], prepared: tuple[str, str]
) -> None:
    provider = MemoryProvider({}, error=AuthRevoked("invalid_grant"))
    processor, _, ids = setup(sessions, prepared, provider)
    request = request_for(ids)
    effects = processor.process(request)
    assert provider.calls == 1
    (event_out,) = effects.outputs
    assert event_out.topic is Topic.INTEGRATION_ERROR
    event = get_codec(Topic.INTEGRATION_ERROR).decode(event_out.value)
    assert isinstance(event, IntegrationError)
    assert event.error_type is IntegrationErrorType.TOKEN_EXPIRED
    assert event.sync_id == request.sync_id
    with transaction(sessions) as session:
        run = session.get(SyncRun, request.sync_id)
    assert run is not None and run.status == "failed"


class _Record:
    """The part of a consumed Kafka message the processor reads."""

    def __init__(self, value: bytes) -> None:
        self._value = value

    def value(self) -> bytes:
        return self._value


def test_a_push_request_waits_for_the_running_sync_and_then_reads_what_it_missed(
    sessions: sessionmaker[Session], prepared: tuple[str, str]
) -> None:
    """Folded into the running sync (coalesced), the notified email would wait for the cron."""
    provider = MemoryProvider(mailbox(1))
    ids = new_tenant(sessions, mailbox=None, roles=["Java Developer"], provider="gmail")
    outcomes: list[str] = []
    store = PgSyncStore(sessions, MemoryFactory(provider))  # type: ignore[arg-type]  # duck-typed fake factory
    policy = StartPolicy(syncs_per_period=10_000, lease_wait_poll=0.05)
    processor = SyncProcessor(SyncMailbox(store=store, policy=policy, count=outcomes.append))
    codec = get_codec(Topic.EMAIL_SYNC_REQUESTED)

    async def scenario() -> list[str]:
        first = processor.process(request_for(ids))  # a cron sync holds the lease
        push = request_for(ids).model_copy(update={"reason": SyncReason.PUSH})
        waiting = asyncio.create_task(processor(_Record(codec.encode(push))))  # type: ignore[arg-type]  # stands for a confluent_kafka Message

        async def deferred() -> None:
            while "deferred" not in outcomes:
                await asyncio.sleep(0.01)

        await asyncio.wait_for(deferred(), timeout=30)
        provider.messages["m999"] = ("Java Developer, notified", T0 + timedelta(hours=1))
        assert first.after_delivery is not None
        await first.after_delivery()
        effects = await asyncio.wait_for(waiting, timeout=30)
        emails = [get_codec(Topic.EMAIL_RAW).decode(o.value) for o in effects.outputs]
        return [e.provider_message_id for e in emails if isinstance(e, RawEmail)]

    assert asyncio.run(scenario()) == ["m999"]
