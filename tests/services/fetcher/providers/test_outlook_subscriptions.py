"""OutlookProvider's change-notification subscription on the local Graph: created, renewed,
recreated once removed, and deleted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.providers.graph_server import FakeGraph
from tests.services.fetcher.providers.outlook_fixtures import *  # noqa: F403  (its fixtures: pytest finds them by name)
from tests.services.fetcher.providers.outlook_fixtures import MakeProvider

pytestmark = pytest.mark.usefixtures("clean_tls_env")


# --- change-notification subscription --------------------------------------------------------


def test_subscribe_creates_then_renews_then_recreates_a_removed_subscription(
    graph: FakeGraph, make_provider: MakeProvider
) -> None:
    provider = make_provider()
    url = "https://reqstream.example/push/graph"
    created_id, expires = provider.subscribe(
        notification_url=url, client_state="s3cret", subscription_id=None
    )
    created = graph.subscriptions[created_id]
    assert (created["changeType"], created["notificationUrl"], created["clientState"]) == (
        "created",
        url,
        "s3cret",
    )
    assert created["lifecycleNotificationUrl"] == url
    assert created["resource"] == "me/mailFolders('inbox')/messages"
    assert expires > datetime.now(UTC) + timedelta(days=5)

    renewed_id, _ = provider.subscribe(
        notification_url=url, client_state="s3cret", subscription_id=created_id
    )
    assert renewed_id == created_id and len(graph.subscriptions) == 1
    assert [r.method for r in graph.requests if r.path.startswith("/subscriptions")] == [
        "POST",
        "PATCH",
    ]

    graph.remove_subscription(created_id)
    new_id, _ = provider.subscribe(
        notification_url=url, client_state="s3cret", subscription_id=created_id
    )
    assert new_id != created_id and list(graph.subscriptions) == [new_id]


def test_unsubscribe_deletes_the_subscription_and_a_gone_one_is_no_error(
    graph: FakeGraph, make_provider: MakeProvider
) -> None:
    provider = make_provider()
    subscription_id, _ = provider.subscribe(
        notification_url="https://reqstream.example/push/graph",
        client_state="s3cret",
        subscription_id=None,
    )
    provider.unsubscribe(subscription_id)
    assert graph.subscriptions == {}
    provider.unsubscribe(subscription_id)  # lapsed or removed meanwhile: already gone
    deletes = [r.status for r in graph.requests if r.method == "DELETE"]
    assert deletes == [204, 404]
