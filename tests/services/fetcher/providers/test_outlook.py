"""OutlookProvider through real MSAL and httpx against local HTTPS identity and Graph fakes: listing
the inbox, fetching raw MIME, and the cursor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.fetcher.handler import MessageRef
from services.fetcher.providers.base import MessageGone
from tests.providers.graph_server import FakeGraph, graph_time
from tests.services.fetcher.providers.outlook_fixtures import *  # noqa: F403  (its fixtures: pytest finds them by name)
from tests.services.fetcher.providers.outlook_fixtures import (
    KEYWORDS,
    NOW,
    MakeProvider,
    at,
)

pytestmark = pytest.mark.usefixtures("clean_tls_env")


# --- listing -------------------------------------------------------------------------------


def test_lists_inbox_subject_matches_with_immutable_ids(
    graph: FakeGraph, make_provider: MakeProvider
) -> None:
    java = graph.add_message(
        "Sr. JAVA   Developer - Dallas, TX (C2C)", at(3), conversation_id="c-1"
    )
    data = graph.add_message("Urgent: Data Engineer / Austin", at(2))
    graph.add_message("Hotlist: 40 consultants available", at(1))
    graph.add_message("Java Developer, too old", NOW - timedelta(days=31))

    listed_at = datetime.now(UTC)  # NOW is fixed at import; a long session may be minutes later
    refs = make_provider().list_matching(keywords=KEYWORDS, cursor=None)

    assert sorted(refs, key=lambda r: r.received_at or NOW) == [
        MessageRef(java.immutable_id, "c-1", java.received, java.subject),
        MessageRef(data.immutable_id, data.conversation_id, data.received, data.subject),
    ]
    assert all(r.received_at is not None and r.received_at.tzinfo == UTC for r in refs)
    (request,) = graph.list_requests()
    assert request.prefer == 'IdType="ImmutableId"'
    assert request.query["$orderby"] == "receivedDateTime desc"
    assert request.query["$top"] == "50"
    assert request.query["$select"] == (
        "id,subject,receivedDateTime,internetMessageId,conversationId"
    )
    since = datetime.fromisoformat(request.query["$filter"].removeprefix("receivedDateTime ge "))
    assert abs(since - (listed_at - timedelta(days=30))) < timedelta(minutes=1)  # first sync


def test_follows_next_links_across_pages(graph: FakeGraph, make_provider: MakeProvider) -> None:
    added = [graph.add_message(f"Java Developer #{n}", at(n)) for n in range(1, 8)]

    refs = make_provider(page_size=3).list_matching(keywords=KEYWORDS, cursor=None)

    assert {r.provider_message_id for r in refs} == {m.immutable_id for m in added}
    pages = graph.list_requests()
    assert [p.query.get("$skip") for p in pages] == [None, "3", "6"]
    assert all(p.query["$top"] == "3" and p.prefer for p in pages)


def test_cursor_lists_messages_at_or_after_it(
    graph: FakeGraph, make_provider: MakeProvider
) -> None:
    graph.add_message("Java Developer old", at(5))
    same = graph.add_message("Java Developer at the cursor", at(4))
    newer = graph.add_message("Java Developer newer", at(3))

    cursor = {"received_after": graph_time(same.received)}
    refs = make_provider().list_matching(keywords=KEYWORDS, cursor=cursor)

    assert {r.provider_message_id for r in refs} == {same.immutable_id, newer.immutable_id}


def test_fetch_raw_returns_the_exact_mime_bytes(
    graph: FakeGraph, make_provider: MakeProvider
) -> None:
    raw = (
        b"Subject: =?UTF-8?Q?Java_Developer_=E2=80=93_Dallas?=\r\nMessage-ID: <r@x.test>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nRate: \xe2\x82\xac60/hr\r\n.\r\n"
    )
    graph.add_message("Java Developer – Dallas", at(1), raw=raw)
    provider = make_provider()
    (ref,) = provider.list_matching(keywords=KEYWORDS, cursor=None)

    assert provider.fetch_raw(ref) == raw
    assert graph.requests[-1].path == f"/me/messages/{ref.provider_message_id}/$value"


def test_fetch_of_a_deleted_message_is_message_gone(make_provider: MakeProvider) -> None:
    ref = MessageRef("AAkALgAAdeleted=", None, at(1), "Java Developer")
    with pytest.raises(MessageGone, match="ErrorItemNotFound"):
        make_provider().fetch_raw(ref)


# --- cursor --------------------------------------------------------------------------------


def test_cursor_without_backlog_is_the_newest_listed(
    graph: FakeGraph, make_provider: MakeProvider
) -> None:
    graph.add_message("Java Developer", at(3))
    graph.add_message("Newsletter", at(1))  # newest, not matching: no need to list it again
    provider = make_provider()
    refs = provider.list_matching(keywords=KEYWORDS, cursor=None)

    cursor = provider.next_cursor(cursor=None, published=refs, backlog=False)

    assert cursor is not None
    assert cursor["received_after"] == graph_time(at(1))
    assert "$deltatoken=" in cursor["delta_link"].replace("%24", "$")


def test_cursor_with_backlog_stops_at_oldest_unpublished_and_relists_it(
    graph: FakeGraph, make_provider: MakeProvider
) -> None:
    for n in range(5, 0, -1):
        graph.add_message(f"Java Developer {n}", at(n))
    provider = make_provider()
    refs = provider.list_matching(keywords=KEYWORDS, cursor=None)
    oldest_first = sorted(refs, key=lambda r: r.received_at or NOW)
    published, unpublished = oldest_first[:2], oldest_first[2:]

    cursor = provider.next_cursor(cursor=None, published=published, backlog=True)

    assert cursor == {"received_after": graph_time(at(3))}
    again = make_provider().list_matching(keywords=KEYWORDS, cursor=cursor)
    assert {r.provider_message_id for r in again} == {r.provider_message_id for r in unpublished}


def test_cursor_stays_when_nothing_was_listed(make_provider: MakeProvider) -> None:
    provider = make_provider()
    old = {"received_after": graph_time(at(2))}
    assert provider.list_matching(keywords=KEYWORDS, cursor=old) == []
    cursor = provider.next_cursor(cursor=old, published=[], backlog=False)
    assert cursor is not None
    assert cursor["received_after"] == old["received_after"]
