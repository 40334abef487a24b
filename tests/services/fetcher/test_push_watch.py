"""Push watches kept by a sync: a Gmail watch or a Graph subscription (re-)established when due,
a failure recorded without failing the sync."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
import stamina

from services.domain.push import WatchFacts
from services.fetcher.providers.base import AuthRevoked
from services.fetcher.sync import SyncMailbox
from tests.services.fetcher.fake_store import MemoryProvider, MemorySyncStore
from tests.services.fetcher.sync_fixtures import INTEGRATION, T0, Clock, mailbox, request


@pytest.fixture(autouse=True)
def no_sleeping() -> Iterator[None]:
    with stamina.set_testing(True, attempts=4, cap=True):
        yield


class WatchingProvider(MemoryProvider):
    def __init__(self, messages: dict[str, tuple[str, datetime]], fail: bool = False) -> None:
        super().__init__(messages)
        self.watched: list[str] = []
        self.fail = fail

    def watch(self, topic: str) -> datetime:
        self.watched.append(topic)
        if self.fail:
            raise AuthRevoked("gmail watch: HTTP 403 insufficientpermissions")
        return T0 + timedelta(days=7)

    def stop_watch(self) -> None:
        pass


def test_a_sync_establishes_the_watch_when_due_and_a_failure_does_not_fail_it() -> None:
    provider = WatchingProvider(mailbox(1))
    store = MemorySyncStore(provider)
    store.state.integrations[INTEGRATION.id] = INTEGRATION
    store.state.roles[INTEGRATION.tenant_id] = [["Java Developer"]]
    sync = SyncMailbox(store=store, clock=Clock(), push_topic="projects/p/topics/t")
    result = sync.run(request())
    assert provider.watched == ["projects/p/topics/t"]
    assert store.watch_facts(INTEGRATION.id) == WatchFacts(T0 + timedelta(days=7), T0, None)
    assert result.after_delivery is not None
    result.after_delivery()
    second = sync.run(request())  # renewed an instant ago: not again
    assert second.after_delivery is not None
    second.after_delivery()
    assert provider.watched == ["projects/p/topics/t"]
    provider.fail = True
    store.state.watches[INTEGRATION.id] = WatchFacts(
        T0 + timedelta(days=6), T0 - timedelta(days=1), None
    )
    provider.messages["m999"] = ("Java Developer, new", T0)
    again = sync.run(request())
    assert len(again.raw_emails) == 1  # the sync went on
    facts = store.watch_facts(INTEGRATION.id)
    assert facts.error is not None and "insufficientpermissions" in facts.error
    assert facts.expires_at == T0 + timedelta(days=6)  # that watch may still be in place


class SubscribingProvider(MemoryProvider):
    """Graph-like: a subscription id per creation, renewals keep it."""

    def __init__(self, messages: dict[str, tuple[str, datetime]]) -> None:
        super().__init__(messages)
        self.subscribed: list[tuple[str, str, str | None]] = []

    def subscribe(
        self, *, notification_url: str, client_state: str, subscription_id: str | None
    ) -> tuple[str, datetime]:
        self.subscribed.append((notification_url, client_state, subscription_id))
        return subscription_id or f"sub-{len(self.subscribed)}", T0 + timedelta(days=6)


def test_a_sync_creates_the_graph_subscription_when_due_and_renews_it_keeping_its_secret() -> None:
    provider = SubscribingProvider(mailbox(1))
    store = MemorySyncStore(provider)
    store.state.integrations[INTEGRATION.id] = INTEGRATION
    store.state.roles[INTEGRATION.tenant_id] = [["Java Developer"]]
    url = "https://reqstream.example/push/graph"
    sync = SyncMailbox(store=store, clock=Clock(), graph_notification_url=url)
    first = sync.run(request())
    assert first.after_delivery is not None
    first.after_delivery()
    assert [(u, old) for u, _, old in provider.subscribed] == [(url, None)]
    subscription_id, secret = store.state.graph_subscriptions[INTEGRATION.id]
    assert subscription_id == "sub-1" and secret == provider.subscribed[0][1] and len(secret) >= 32
    assert store.watch_facts(INTEGRATION.id) == WatchFacts(T0 + timedelta(days=6), T0, None)
    store.state.watches[INTEGRATION.id] = WatchFacts(T0 + timedelta(days=6), None, None)
    second = sync.run(request())  # renewal due (reauthorizationRequired): renewed, same secret
    assert second.after_delivery is not None
    second.after_delivery()
    assert provider.subscribed[1][2] == "sub-1"
    assert store.state.graph_subscriptions[INTEGRATION.id] == (subscription_id, secret)
