"""One behaviour suite for the sync store's lease, run against PostgreSQL and the in-memory
fake the use-case tests rely on, so the fake keeps the real store's contract."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import Provider, SyncReason, SyncRequested
from services.common.crypto import CredentialCipher
from services.db import push
from services.db.session import transaction
from services.domain.graph_push import opened_client_state
from services.domain.integrations import IntegrationState
from services.fetcher.handler import Lease, MessageRef
from services.fetcher.store import PgSyncStore
from services.fetcher.sync_store import SyncStore
from tests.pipeline_fixtures import new_tenant
from tests.services.fetcher.fake_store import MemoryFactory, MemoryProvider, MemorySyncStore

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
MakeStore = Callable[[], tuple[SyncStore, SyncRequested]]


def request_for(state: IntegrationState) -> SyncRequested:
    return SyncRequested(
        sync_id=uuid.uuid4(),
        integration_id=state.id,
        user_id=state.user_id,
        tenant_id=state.tenant_id,
        provider=Provider.GMAIL,
        requested_at=T0,
    )


def memory_store() -> tuple[SyncStore, SyncRequested]:
    store = MemorySyncStore(MemoryProvider({}))
    state = IntegrationState(id=7, user_id=2, tenant_id=3, is_active=True)
    store.state.integrations[state.id] = state
    return store, request_for(state)


@pytest.fixture(params=["memory", pytest.param("postgres", marks=pytest.mark.postgres)])
def make_store(request: pytest.FixtureRequest) -> Iterator[MakeStore]:
    if request.param == "memory":
        yield memory_store
        return
    sessions: sessionmaker[Session] = request.getfixturevalue("sessions")

    def postgres_store() -> tuple[SyncStore, SyncRequested]:
        ids = new_tenant(sessions, mailbox=None, roles=["Java Developer"], provider="gmail")
        state = IntegrationState(ids.integration_id, ids.user_id, ids.tenant_id, True)
        return PgSyncStore(sessions, MemoryFactory(MemoryProvider({}))), request_for(state)  # type: ignore[arg-type]  # duck-typed fake factory

    yield postgres_store


def start_syncing(store: SyncStore, request: SyncRequested, until: datetime) -> None:
    with store.starting() as unit:
        unit.start_run(request, T0)
        unit.take_lease(request.integration_id, str(request.sync_id), until)


def lease_of(store: SyncStore, request: SyncRequested) -> Lease:
    with store.starting() as unit:
        return unit.lease(request.integration_id)


def test_the_holder_renews_its_lease_and_nobody_else_can(make_store: MakeStore) -> None:
    store, request = make_store()
    me = str(request.sync_id)
    start_syncing(store, request, T0 + timedelta(seconds=30))
    assert store.renew_lease(request.integration_id, me, T0 + timedelta(seconds=90))
    assert lease_of(store, request) == Lease(me, T0 + timedelta(seconds=90))
    assert not store.renew_lease(request.integration_id, "someone-else", T0 + timedelta(hours=1))
    assert lease_of(store, request) == Lease(me, T0 + timedelta(seconds=90))


def test_completing_releases_the_lease_and_stores_the_cursor(make_store: MakeStore) -> None:
    store, request = make_store()
    start_syncing(store, request, T0 + timedelta(seconds=30))
    assert store.complete(request, {"after": "m9"}, finished=True, now=T0)
    assert lease_of(store, request) == Lease(None, None)
    assert store.open_mailbox(request.integration_id)[1] == {"after": "m9"}
    assert not store.renew_lease(request.integration_id, str(request.sync_id), T0)


def test_a_sync_whose_lease_was_taken_leaves_lease_and_cursor_alone(make_store: MakeStore) -> None:
    store, request = make_store()
    start_syncing(store, request, T0 + timedelta(seconds=30))
    taker = request.model_copy(update={"sync_id": uuid.uuid4()})
    start_syncing(store, taker, T0 + timedelta(minutes=5))  # after the first one's expiry
    assert not store.renew_lease(request.integration_id, str(request.sync_id), T0)
    assert not store.complete(request, {"after": "m9"}, finished=False, now=T0)
    assert lease_of(store, request) == Lease(str(taker.sync_id), T0 + timedelta(minutes=5))
    assert store.open_mailbox(request.integration_id)[1] is None


def test_a_start_that_raises_writes_nothing(make_store: MakeStore) -> None:
    store, request = make_store()
    when = datetime(2030, 1, 1, tzinfo=UTC) + timedelta(seconds=uuid.uuid4().int % 10**6)
    with pytest.raises(RuntimeError), store.starting() as unit:
        unit.start_run(request, when)
        unit.take_lease(request.integration_id, str(request.sync_id), T0 + timedelta(minutes=1))
        raise RuntimeError("throttled, say")
    assert lease_of(store, request) == Lease(None, None)
    with store.starting() as unit:
        started = [t for _, t in unit.recent_starts(when - timedelta(seconds=1))]
        assert when not in started  # no run started


def test_a_skipped_email_is_in_the_ledger_once(make_store: MakeStore) -> None:
    store, request = make_store()
    start_syncing(store, request, T0 + timedelta(minutes=10))
    big = MessageRef("huge-1", None, T0, "Java Developer")

    store.record_skipped(request, [(big, "too_large_30000000")], now=T0)
    store.record_skipped(request, [(big, "too_large_30000000")], now=T0)  # a redelivery

    assert store.processed_ids(request.integration_id, ["huge-1", "other"]) == {"huge-1"}


def test_push_runs_count_per_mailbox_not_against_the_start_budget(make_store: MakeStore) -> None:
    store, cron = make_store()
    push = cron.model_copy(update={"sync_id": uuid.uuid4(), "reason": SyncReason.PUSH})
    with store.starting() as unit:
        unit.start_run(cron, T0)
        unit.start_run(push, T0 + timedelta(seconds=1))
    since = T0 - timedelta(minutes=1)
    with store.starting() as unit:
        budgeted = [t for tenant, t in unit.recent_starts(since) if tenant == cron.tenant_id]
        assert budgeted == [T0]
        assert unit.push_starts(push.integration_id, since) == [T0 + timedelta(seconds=1)]
        assert unit.push_starts(push.integration_id + 1, since) == []


@pytest.mark.postgres
def test_a_graph_subscription_is_stored_with_its_client_state_encrypted(
    sessions: sessionmaker[Session],
) -> None:
    cipher = CredentialCipher.from_setting(Fernet.generate_key().decode())
    ids = new_tenant(sessions, mailbox=None, roles=["Java Developer"], provider="outlook")
    factory = SimpleNamespace(cipher=cipher)  # the store reads only the factory's cipher here
    store = PgSyncStore(sessions, factory)  # type: ignore[arg-type]  # duck-typed factory
    subscription_id = f"sub-{uuid.uuid4()}"
    store.record_graph_subscription(
        ids.integration_id, subscription_id=subscription_id, client_state="s3cret", now=T0
    )
    assert store.graph_subscription_id(ids.integration_id) == subscription_id
    with transaction(sessions) as session:
        found = push.graph_subscriber(session, subscription_id=subscription_id)
    assert found is not None and found[0].id == ids.integration_id
    assert "s3cret" not in found[1] and opened_client_state(cipher, found[1]) == "s3cret"
