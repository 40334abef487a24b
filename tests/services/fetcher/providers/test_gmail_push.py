"""GmailProvider with push (history.list, watch, stop) through the real
google-api-python-client against the local Gmail fake."""

# ruff: noqa: F811  (pytest injects the imported fixtures by parameter name)

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.fetcher.handler import MessageRef, select_emails
from services.fetcher.providers.gmail import GmailProvider
from tests.providers.gmail_server import (
    CLIENT_ID,
    CLIENT_SECRET,
    FakeGmail,
    gmail_server,  # noqa: F401  (fixture)
)
from tests.services.fetcher.providers.test_gmail import eml, local_only  # noqa: F401

KEYWORDS = ["java developer"]
REFRESH_TOKEN = "1//refresh-token-secret"
T0 = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
TOPIC = "projects/reqstream-test/topics/gmail-push"


@pytest.fixture
def make(gmail_server: FakeGmail) -> Iterator[Any]:
    opened: list[GmailProvider] = []

    def build(*, page_size: int = 100) -> GmailProvider:
        gmail_server.add_refresh_token(REFRESH_TOKEN)
        opened.append(
            GmailProvider(
                credentials={
                    "refresh_token": REFRESH_TOKEN,
                    "token": gmail_server.issue_access_token(),
                },
                client_id=CLIENT_ID,
                client_secret=CLIENT_SECRET,
                token_uri=f"{gmail_server.base_url}/token",
                api_endpoint=gmail_server.base_url,
                timeout=5,
                page_size=page_size,
                first_sync_after=T0 - timedelta(days=30),
                incremental=True,
            )
        )
        return opened[-1]

    yield build
    for provider in opened:
        provider.close()


def add(server: FakeGmail, subject: str, minutes: int, n: int = 0) -> str:
    return server.add_message(eml(subject, n), internal_date=T0 + timedelta(minutes=minutes))


def sync(
    provider: GmailProvider, cursor: dict[str, Any] | None, limit: int = 50
) -> tuple[list[MessageRef], dict[str, Any] | None]:
    """One sync's provider calls: list, select (nothing processed yet), next cursor."""
    refs = provider.list_matching(keywords=KEYWORDS, cursor=cursor)
    selected = select_emails(refs, keywords=KEYWORDS, already_processed=set(), limit=limit)
    matching = [r for r in refs if "java developer" in r.subject.lower()]
    backlog = len(matching) > len(selected)
    return selected, provider.next_cursor(cursor=cursor, published=selected, backlog=backlog)


def history_calls(server: FakeGmail) -> list[dict[str, list[str]]]:
    return [r.query for r in server.api_requests() if r.path.endswith("/history")]


def test_first_sync_searches_and_keeps_the_history_id_read_before_it(
    make: Any, gmail_server: FakeGmail
) -> None:
    add(gmail_server, "Java Developer - Dallas", 1, 1)
    before = gmail_server.history_id
    selected, cursor = sync(make(), None)
    assert len(selected) == 1
    assert cursor is not None and cursor["history_id"] == before and "after_epoch" in cursor
    assert history_calls(gmail_server) == []  # nothing to read history from yet


def test_next_sync_reads_history_from_the_cursor_and_filters_subjects(
    make: Any, gmail_server: FakeGmail
) -> None:
    add(gmail_server, "Java Developer - Dallas", 1, 1)
    _, cursor = sync(make(), None)
    assert cursor is not None
    new = add(gmail_server, "Sr Java Developer - Austin", 2, 2)
    add(gmail_server, "Lunch on Friday?", 3, 3)
    searches = len([r for r in gmail_server.api_requests() if r.path.endswith("/messages")])
    selected, after = sync(make(page_size=1), cursor)  # one record per page: every page read
    assert [r.provider_message_id for r in selected] == [new]
    calls = history_calls(gmail_server)
    assert [c["startHistoryId"] for c in calls] == [[str(cursor["history_id"])]] * 2
    assert all(c["historyTypes"] == ["messageAdded"] and c["labelId"] == ["INBOX"] for c in calls)
    assert len([r for r in gmail_server.api_requests() if r.path.endswith("/messages")]) == searches
    assert after is not None and after["history_id"] == gmail_server.history_id
    assert sync(make(), after)[0] == []  # nothing new since


def test_a_backlog_read_from_history_continues_at_the_oldest_unpublished(
    make: Any, gmail_server: FakeGmail
) -> None:
    _, cursor = sync(make(), None)
    ids = [add(gmail_server, f"Java Developer {i}", i, i) for i in range(5)]
    add(gmail_server, "Lunch on Friday?", 9, 9)  # not matching: no backlog of its own
    first, cursor = sync(make(), cursor, limit=3)
    assert [r.provider_message_id for r in first] == ids[:3]
    second, cursor = sync(make(), cursor, limit=3)
    assert [r.provider_message_id for r in second] == ids[3:]
    assert cursor is not None and cursor["history_id"] == gmail_server.history_id


def test_an_expired_history_id_resyncs_through_the_search(
    make: Any, gmail_server: FakeGmail
) -> None:
    old = add(gmail_server, "Java Developer old", 1, 1)
    _, cursor = sync(make(), None)
    new = add(gmail_server, "Java Developer new", 2, 2)
    gmail_server.expire_history()
    selected, after = sync(make(), cursor)
    # the search from the cursor's after_epoch (with its slack) finds the new one; the old one
    # again too, which the ledger skips in a real sync
    assert {r.provider_message_id for r in selected} == {old, new}
    assert after is not None and after["history_id"] == gmail_server.history_id
    assert len(history_calls(gmail_server)) == 1  # one 404, then the search
    newest = add(gmail_server, "Java Developer newest", 3, 3)
    assert [r.provider_message_id for r in sync(make(), after)[0]] == [newest]


def test_watch_and_stop(make: Any, gmail_server: FakeGmail) -> None:
    provider = make()
    expires = provider.watch(TOPIC)
    assert gmail_server.watch is not None
    assert gmail_server.watch.topic == TOPIC and gmail_server.watch.label_ids == ("INBOX",)
    assert timedelta(days=6) < expires - datetime.now(UTC) <= timedelta(days=7)
    provider.stop_watch()
    assert gmail_server.watch is None and gmail_server.stop_calls == 1
