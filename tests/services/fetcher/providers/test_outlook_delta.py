"""OutlookProvider's delta sync through real MSAL and httpx against the local Graph fake:
the cursor's delta link, its pages, and the bounded resync after a 410 or invalid token."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.fetcher.providers.base import Cursor
from services.fetcher.providers.outlook import FIRST_SYNC_LOOKBACK
from tests.providers.graph_server import FakeGraph, graph_time
from tests.providers.identity_server import (
    ca_pem_file,
    clean_tls_env,
    client_ssl_context,
    https_server,
    https_server_session,
    httpserver_ssl_context,
    trustme_ca,
)
from tests.services.fetcher.providers.outlook_fixtures import (
    KEYWORDS,
    MakeProvider,
    at,
    graph,
    idp,
    make_provider,
    minted,
)

# pytest finds fixtures by name in this module's namespace
FIXTURES = (
    ca_pem_file,
    clean_tls_env,
    client_ssl_context,
    https_server,
    https_server_session,
    httpserver_ssl_context,
    trustme_ca,
    graph,
    idp,
    make_provider,
    minted,
)
pytestmark = pytest.mark.usefixtures("clean_tls_env")


def first_sync(make_provider: MakeProvider, **options: Any) -> Cursor:
    provider = make_provider(**options)
    refs = provider.list_matching(keywords=KEYWORDS, cursor=None)
    cursor = provider.next_cursor(cursor=None, published=refs, backlog=False)
    assert cursor is not None and "delta_link" in cursor
    return cursor


def test_next_sync_reads_only_the_delta_across_its_pages(
    graph: FakeGraph, make_provider: MakeProvider
) -> None:
    graph.add_message("Java Developer old", at(9))
    cursor = first_sync(make_provider, page_size=2)
    searches = len(graph.list_requests())
    new = [graph.add_message(f"Java Developer {n}", at(n)) for n in (5, 4, 3, 2)]
    graph.add_message("Lunch menu", at(1))

    provider = make_provider(page_size=2)
    refs = provider.list_matching(keywords=KEYWORDS, cursor=cursor)

    assert {r.provider_message_id for r in refs} == {m.immutable_id for m in new}
    assert len(graph.list_requests()) == searches  # no search: the delta link was enough
    rounds = graph.delta_requests()[-3:]  # 5 changes at 2 a page
    assert all("odata.maxpagesize=2" in (r.prefer or "") for r in rounds)
    assert [sorted(r.query) for r in rounds] == [["$deltatoken"], ["$skiptoken"], ["$skiptoken"]]
    after = provider.next_cursor(cursor=cursor, published=refs, backlog=False)
    assert after is not None
    assert after["received_after"] == graph_time(at(1))
    assert after["delta_link"] != cursor["delta_link"]
    # nothing changed since: the stored link lists nothing
    assert make_provider().list_matching(keywords=KEYWORDS, cursor=after) == []


def test_removed_messages_are_skipped(graph: FakeGraph, make_provider: MakeProvider) -> None:
    gone = graph.add_message("Java Developer", at(3))
    cursor = first_sync(make_provider)
    graph.remove_message(gone)
    kept = graph.add_message("Data Engineer", at(1))

    refs = make_provider().list_matching(keywords=KEYWORDS, cursor=cursor)

    assert [r.provider_message_id for r in refs] == [kept.immutable_id]


@pytest.mark.parametrize("break_token", ["expire", "corrupt"])
def test_unusable_delta_token_resyncs_through_the_search(
    graph: FakeGraph, make_provider: MakeProvider, break_token: str
) -> None:
    cursor = first_sync(make_provider)
    new = graph.add_message("Java Developer", at(1))
    if break_token == "expire":
        graph.expire_delta_tokens()  # 410 SyncStateNotFound
    else:
        cursor = cursor | {"delta_link": cursor["delta_link"][:-4] + "xxxx"}  # 400
    searches = len(graph.list_requests())

    provider = make_provider()
    refs = provider.list_matching(keywords=KEYWORDS, cursor=cursor)

    assert [r.provider_message_id for r in refs] == [new.immutable_id]
    assert len(graph.list_requests()) == searches + 1
    after = provider.next_cursor(cursor=cursor, published=refs, backlog=False)
    assert after is not None and after["delta_link"] != cursor["delta_link"]
    # the fresh link works: the sync after reads deltas again
    later = graph.add_message("Data Engineer", datetime.now(UTC))
    again = make_provider().list_matching(keywords=KEYWORDS, cursor=after)
    assert [r.provider_message_id for r in again] == [later.immutable_id]
    assert len(graph.list_requests()) == searches + 1


def test_resync_looks_back_no_further_than_a_first_sync(
    graph: FakeGraph, make_provider: MakeProvider
) -> None:
    cursor = first_sync(make_provider)
    graph.expire_delta_tokens()
    ancient = datetime.now(UTC) - timedelta(days=90)
    cursor = cursor | {"received_after": graph_time(ancient)}

    make_provider().list_matching(keywords=KEYWORDS, cursor=cursor)

    since = graph.list_requests()[-1].query["$filter"].split()[-1]
    floor = datetime.now(UTC) - FIRST_SYNC_LOOKBACK - timedelta(minutes=1)
    assert datetime.fromisoformat(since) > floor


def test_backlog_drops_the_delta_link(graph: FakeGraph, make_provider: MakeProvider) -> None:
    cursor = first_sync(make_provider)
    for n in (3, 2, 1):
        graph.add_message(f"Java Developer {n}", at(n))
    provider = make_provider()
    refs = sorted(
        provider.list_matching(keywords=KEYWORDS, cursor=cursor), key=lambda r: r.received_at or 0
    )

    after = provider.next_cursor(cursor=cursor, published=refs[:1], backlog=True)

    # the next sync searches from the oldest unpublished message and starts a new delta round
    assert after == {"received_after": graph_time(at(2))}


def test_first_sync_looks_back_as_far_as_configured(
    graph: FakeGraph, make_provider: MakeProvider
) -> None:
    graph.add_message("Java Developer", at(24 * 10))
    recent = graph.add_message("Java Developer", at(24 * 2))

    refs = make_provider(first_sync_after=at(24 * 3)).list_matching(keywords=KEYWORDS, cursor=None)

    assert [r.provider_message_id for r in refs] == [recent.immutable_id]
    assert graph.list_requests()[0].query["$filter"].endswith(graph_time(at(24 * 3)))
