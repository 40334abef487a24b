"""Outlook push end to end on real Kafka and PostgreSQL: fetcher, parser, jobwriter and API
processes, the local identity platform and Graph. The first (cron) sync lists the inbox, opens
a delta round and creates the Graph subscription (Graph's validation handshake reaches the
API); from then on every message added to the mailbox makes the local Graph POST a change
notification with the subscription's clientState to POST /push/graph, whose push request the
fetcher serves with a delta read. Lifecycle events renew, re-create or resync; notifications
lost, duplicated and reordered still bring every message exactly once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from schemas.contracts.models import Provider
from services.db import push
from services.db.session import transaction
from services.demo.run import free_port
from services.demo.seed import DemoIds
from services.domain.push import WatchFacts, renewal_due
from tests.e2e.fetcher_stack import FetcherStack
from tests.e2e.push_stack import (
    HeldNotifications,
    chaotic_bursts,
    ledger,
    lost_burst,
    outlook_environment,
    outlook_tenant,
    published,
    push_stack,
    runs,
    settled,
    start_api,
)
from tests.providers.graph_server import GraphDelivery, post_delivery
from tests.providers.microsoft import MicrosoftServers, running_microsoft_servers
from tests.waiting import wait_until

pytestmark = [pytest.mark.kafka, pytest.mark.e2e]


@pytest.fixture(scope="module")
def microsoft(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MicrosoftServers]:
    """A mailbox of this module's own: its subscriptions notify only this module's API."""
    with running_microsoft_servers(tmp_path_factory.mktemp("graph-push-ca")) as servers:
        yield servers


@pytest.fixture(scope="module")
def notifications(microsoft: MicrosoftServers) -> HeldNotifications[GraphDelivery]:
    held: HeldNotifications[GraphDelivery] = HeldNotifications(post_delivery)
    microsoft.graph.notify_subscribers(held)
    return held


@pytest.fixture(scope="module")
def stack(
    database_url: str,
    token_keys: str,
    tmp_path_factory: pytest.TempPathFactory,
    microsoft: MicrosoftServers,
    notifications: HeldNotifications[GraphDelivery],
) -> Iterator[FetcherStack]:
    api_port = free_port()
    with push_stack(
        database_url=database_url,
        token_keys=token_keys,
        log_dir=tmp_path_factory.mktemp("graph-push-logs"),
        fetcher_env=outlook_environment(microsoft, f"http://127.0.0.1:{api_port}/push/graph"),
    ) as started:
        start_api(started, api_port)  # before any sync: a subscription's handshake needs it
        yield started


def cursor(stack: FetcherStack, ids: DemoIds) -> dict[str, Any]:
    return dict(stack.integration(ids).provider_cursor or {})


def subscription_of(stack: FetcherStack, ids: DemoIds) -> str | None:
    with transaction(stack.sessions) as session:
        return push.graph_subscription_id(session, integration_id=ids.integration_id)


def watch_facts(stack: FetcherStack, ids: DemoIds) -> WatchFacts:
    with transaction(stack.sessions) as session:
        return push.watch_facts(session, integration_id=ids.integration_id)


def add(microsoft: MicrosoftServers, subject: str) -> str:
    """A message delivered into the inbox now; its immutable id (what the fetcher publishes)."""
    return microsoft.graph.add_message(subject, datetime.now(UTC)).immutable_id


def subscribed_tenant(
    stack: FetcherStack, microsoft: MicrosoftServers, role: str
) -> tuple[DemoIds, str, str]:
    """An Outlook tenant with one matching message, after its first (cron) sync: listed, with
    a delta link in its cursor and a Graph subscription; (ids, that message, subscription)."""
    ids = outlook_tenant(stack, microsoft, role)
    first = add(microsoft, f"{role} requirement 0")
    stack.send(ids, provider=Provider.OUTLOOK)
    wait_until(
        lambda: "delta_link" in cursor(stack, ids) and subscription_of(stack, ids) is not None,
        "the first sync's delta link and subscription",
        timeout=90,
    )
    subscription_id = subscription_of(stack, ids)
    assert subscription_id is not None
    return ids, first, subscription_id


def test_an_added_outlook_message_reaches_email_raw_through_graph_push(
    stack: FetcherStack,
    microsoft: MicrosoftServers,
    notifications: HeldNotifications[GraphDelivery],
) -> None:
    role = "Rust Developer"
    ids, first, subscription_id = subscribed_tenant(stack, microsoft, role)
    subscription = microsoft.graph.subscriptions[subscription_id]
    assert subscription["notificationUrl"].endswith("/push/graph")
    assert published(stack, ids) == Counter({first: 1})

    # a message added → Graph POSTs the notification → push request → delta read → email.raw
    deltas = len(microsoft.graph.delta_requests())
    new = add(microsoft, f"{role} requirement 1")
    wait_until(lambda: new in published(stack, ids), "the notified message", timeout=90)
    assert [d.body["value"][0]["subscriptionId"] for d in notifications.delivered[-1:]] == [
        subscription_id
    ]
    assert len(runs(stack, ids, "push")) == 1
    read = microsoft.graph.delta_requests()[deltas:]
    assert read and all("$deltatoken" in r.query or "$skiptoken" in r.query for r in read)

    # reauthorizationRequired: the next sync renews the subscription (PATCH)
    microsoft.graph.send_lifecycle(subscription_id, "reauthorizationRequired")
    wait_until(lambda: renewal_due(watch_facts(stack, ids), now=datetime.now(UTC)), "renewal due")
    renewals = len([r for r in microsoft.graph.requests if r.method == "PATCH"])
    renewed = add(microsoft, f"{role} requirement 2")
    wait_until(lambda: renewed in published(stack, ids), "the message after renewal", timeout=90)
    wait_until(lambda: settled(stack, ids), "the push sync to finish", timeout=60)
    patched = [r for r in microsoft.graph.requests if r.method == "PATCH"][renewals:]
    assert [r.path for r in patched] == [f"/subscriptions/{subscription_id}"]

    # subscriptionRemoved: nobody is notified any more; the cron's sync brings the mail and
    # creates a new subscription (handshake again), whose notifications work
    microsoft.graph.send_lifecycle(subscription_id, "subscriptionRemoved")
    wait_until(lambda: watch_facts(stack, ids).error is not None, "push marked failed")
    unnotified = add(microsoft, f"{role} requirement 3")
    stack.send(ids, provider=Provider.OUTLOOK)
    wait_until(lambda: unnotified in published(stack, ids), "the cron's sync", timeout=90)
    wait_until(
        lambda: subscription_of(stack, ids) not in (None, subscription_id),
        "a new subscription",
        timeout=60,
    )
    again = add(microsoft, f"{role} requirement 4")
    wait_until(lambda: again in published(stack, ids), "a notified message again", timeout=90)

    everything = [first, new, renewed, unnotified, again]
    assert published(stack, ids) == Counter(everything)
    wait_until(lambda: set(ledger(stack, ids)) == set(everything), "the jobwriter's ledger")
    assert ledger(stack, ids) == Counter(everything)


def test_lost_duplicated_and_reordered_graph_notifications_lose_and_double_nothing(
    stack: FetcherStack,
    microsoft: MicrosoftServers,
    notifications: HeldNotifications[GraphDelivery],
) -> None:
    role = "Elixir Developer"
    ids, first, subscription_id = subscribed_tenant(stack, microsoft, role)

    def add_mine(label: str) -> str:
        return add(microsoft, f"{role} requirement {label}")

    mine = [first]
    mine += chaotic_bursts(notifications, add=add_mine, arrived=lambda: published(stack, ids))
    # every notification of a burst lost: Graph's "missed" lifecycle event resyncs
    lost = lost_burst(stack, ids, notifications, add=add_mine)
    microsoft.graph.send_lifecycle(subscription_id, "missed")
    mine += lost
    wait_until(lambda: set(lost) <= set(published(stack, ids)), "the missed mail", timeout=90)

    assert published(stack, ids) == Counter(mine)  # none lost, none twice
    wait_until(lambda: set(ledger(stack, ids)) == set(mine), "the jobwriter's ledger")
    assert ledger(stack, ids) == Counter(mine)
    assert notifications.dropped, "the chaos dropped nothing"
    assert set(notifications.answers) == {202}  # duplicates are debounced, not refused
