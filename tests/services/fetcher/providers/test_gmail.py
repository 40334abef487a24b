"""GmailProvider through the real google-api-python-client against the local Gmail fake."""

# ruff: noqa: F811  (pytest injects the imported gmail_server fixture by parameter name)

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.fetcher.handler import MessageRef, select_emails
from services.fetcher.providers.base import (
    AuthRevoked,
    MessageGone,
    ProviderConfigError,
    RateLimited,
    Transient,
)
from services.fetcher.providers.gmail import GmailProvider, retry_after_seconds
from tests.providers.gmail_server import (
    CLIENT_ID,
    CLIENT_SECRET,
    FakeGmail,
    error_body,
    gmail_server,  # noqa: F401  (fixture)
    rate_limit_body,
)

KEYWORDS = ["java developer", "data engineer"]
QUERY = 'subject:("java developer" OR "data engineer")'
REFRESH_TOKEN = "1//refresh-token-secret"
T0 = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def local_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to resolve a non-local host (Google) fails the test instead of going out."""
    real = socket.getaddrinfo

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in ("127.0.0.1", "localhost", b"127.0.0.1"):
            raise AssertionError(f"test tried to reach {host!r}")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


def eml(subject: str, n: int = 0, body: str = "Role: see subject\r\n") -> bytes:
    return (
        f"Message-ID: <m{n}@vendor.test>\r\nFrom: Vendor <jobs@vendor.test>\r\n"
        f"Date: Tue, 10 Nov 2026 09:00:00 +0000\r\nSubject: {subject}\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}"
    ).encode()


def add(server: FakeGmail, subject: str, minutes: int, n: int = 0) -> str:
    return server.add_message(eml(subject, n), internal_date=T0 + timedelta(minutes=minutes))


def provider(
    server: FakeGmail,
    *,
    token: str | None = "valid",
    expiry: str | None = None,
    refresh_token: str = REFRESH_TOKEN,
    page_size: int = 100,
    api_endpoint: str | None = None,
    token_uri: str | None = None,
) -> GmailProvider:
    server.add_refresh_token(REFRESH_TOKEN)
    credentials: dict[str, Any] = {"refresh_token": refresh_token}
    if token is not None:
        credentials["token"] = server.issue_access_token() if token == "valid" else token
    if expiry is not None:
        credentials["expiry"] = expiry
    return GmailProvider(
        credentials=credentials,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        token_uri=token_uri or f"{server.base_url}/token",
        api_endpoint=api_endpoint or server.base_url,
        timeout=5,
        page_size=page_size,
    )


ProviderFactory = Callable[..., GmailProvider]


@pytest.fixture
def make_provider(gmail_server: FakeGmail) -> Iterator[ProviderFactory]:
    """``provider(gmail_server, **kwargs)``, closed at teardown (httplib2 keeps sockets open)."""
    opened: list[GmailProvider] = []

    def make(**kwargs: Any) -> GmailProvider:
        opened.append(provider(gmail_server, **kwargs))
        return opened[-1]

    yield make
    for p in opened:
        p.close()


@pytest.fixture
def gmail(make_provider: ProviderFactory) -> GmailProvider:
    return make_provider()


def list_queries(server: FakeGmail) -> list[dict[str, list[str]]]:
    return [r.query for r in server.api_requests() if r.path.endswith("/messages")]


def test_lists_every_page_with_one_subject_search(
    make_provider: ProviderFactory,
    gmail_server: FakeGmail,
) -> None:
    ids = [add(gmail_server, f"Sr Java Developer #{i}", minutes=i, n=i) for i in range(7)]
    p = make_provider(page_size=3)
    refs = p.list_matching(keywords=KEYWORDS, cursor=None)

    assert sorted(r.provider_message_id for r in refs) == sorted(ids)
    queries = list_queries(gmail_server)
    assert [q.get("pageToken") for q in queries] == [None, ["3"], ["6"]]
    assert all(q["q"] == [QUERY] and q["maxResults"] == ["3"] for q in queries)
    gets = [r.query for r in gmail_server.api_requests() if not r.path.endswith("/messages")]
    assert len(gets) == 7
    assert all(g["format"] == ["metadata"] for g in gets)
    assert gets[0]["metadataHeaders"] == ["Subject", "Date", "Message-ID"]
    first = next(r for r in refs if r.provider_message_id == ids[0])
    assert first == MessageRef(ids[0], ids[0], T0, "Sr Java Developer #0")


def test_subject_search_filters_and_decodes(gmail: GmailProvider, gmail_server: FakeGmail) -> None:
    encoded = "=?UTF-8?Q?Sr=2E_Data_Engineer_=E2=80=93_Dallas?="
    wanted = {
        add(gmail_server, "URGENT: JAVA DEVELOPER (W2)", 1): "URGENT: JAVA DEVELOPER (W2)",
        add(gmail_server, encoded, 2): "Sr. Data Engineer – Dallas",
    }
    add(gmail_server, "Hotlist: Java consultants available", 3)
    add(gmail_server, "Interview scheduled: Data Analyst", 4)

    refs = gmail.list_matching(keywords=KEYWORDS, cursor=None)

    assert {r.provider_message_id: r.subject for r in refs} == wanted
    # the fetcher's own subject check agrees with what Gmail returned
    assert len(select_emails(refs, keywords=KEYWORDS, already_processed=set())) == 2


def test_many_keywords_become_several_searches_without_duplicates(
    gmail: GmailProvider,
    gmail_server: FakeGmail,
) -> None:
    keywords = [f"role number {i:03d} engineer" for i in range(100)] + ["java developer"]
    mid = add(gmail_server, "Java Developer and role number 007 engineer", 1)
    refs = gmail.list_matching(keywords=keywords, cursor=None)
    assert [r.provider_message_id for r in refs] == [mid]
    queries = [q["q"][0] for q in list_queries(gmail_server)]
    assert len(queries) > 1
    assert all(len(q) <= 1600 and q.startswith('subject:("') for q in queries)


def test_nothing_matching_lists_nothing(gmail: GmailProvider, gmail_server: FakeGmail) -> None:
    add(gmail_server, "Newsletter", 1)
    assert gmail.list_matching(keywords=KEYWORDS, cursor=None) == []
    assert gmail.list_matching(keywords=[], cursor=None) == []


@pytest.mark.parametrize("size", [0, 1, 2, 3, 1000])
def test_fetch_raw_returns_identical_bytes(
    gmail: GmailProvider,
    gmail_server: FakeGmail,
    size: int,
) -> None:
    raw = eml("Java Developer – Zürich", body="é\r\n" + "x" * size + "\r\n") + b"\xff\xfe tail"
    gmail_server.add_message(raw, internal_date=T0)
    (ref,) = gmail.list_matching(keywords=KEYWORDS, cursor=None)
    assert gmail.fetch_raw(ref) == raw
    assert gmail_server.api_requests()[-1].query["format"] == ["raw"]


def test_message_deleted_after_listing_is_gone(
    gmail: GmailProvider,
    gmail_server: FakeGmail,
) -> None:
    mid = add(gmail_server, "Java Developer", 1)
    (ref,) = gmail.list_matching(keywords=KEYWORDS, cursor=None)
    gmail_server.delete_message(mid)
    with pytest.raises(MessageGone):
        gmail.fetch_raw(ref)


def test_cursor_advances_to_the_newest_listed(
    make_provider: ProviderFactory, gmail_server: FakeGmail
) -> None:
    for i in range(3):
        add(gmail_server, f"Java Developer {i}", minutes=60 * i)
    first = make_provider()
    refs = first.list_matching(keywords=KEYWORDS, cursor=None)
    cursor = first.next_cursor(cursor=None, published=refs, backlog=False)
    newest = int((T0 + timedelta(minutes=120)).timestamp())
    assert cursor == {"after_epoch": newest}

    later = add(gmail_server, "Data Engineer", minutes=180)
    second = make_provider()
    relisted = second.list_matching(keywords=KEYWORDS, cursor=cursor)
    # older messages are gone; the newest of the last sync sits inside the slack and comes back
    # (the ledger skips it)
    assert {r.provider_message_id for r in relisted} == {refs_newest(refs), later}
    assert list_queries(gmail_server)[-1]["q"] == [f"{QUERY} after:{newest - 60}"]
    assert second.next_cursor(cursor=cursor, published=[], backlog=False) == {
        "after_epoch": newest + 3600
    }


def refs_newest(refs: list[MessageRef]) -> str:
    return max(refs, key=lambda r: r.received_at or T0).provider_message_id


def test_nothing_listed_keeps_the_cursor(gmail: GmailProvider) -> None:
    cursor = {"after_epoch": 1_700_000_000}
    assert gmail.list_matching(keywords=KEYWORDS, cursor=cursor) == []
    assert gmail.next_cursor(cursor=cursor, published=[], backlog=False) == cursor
    assert gmail.next_cursor(cursor=None, published=[], backlog=True) is None


def test_backlog_cursor_stops_before_the_oldest_unpublished(
    make_provider: ProviderFactory,
    gmail_server: FakeGmail,
) -> None:
    ids = [add(gmail_server, f"Java Developer {i}", minutes=10 * i) for i in range(6)]
    first = make_provider()
    refs = first.list_matching(keywords=KEYWORDS, cursor=None)
    published = select_emails(refs, keywords=KEYWORDS, already_processed=set(), limit=2)
    assert [r.provider_message_id for r in published] == ids[:2]
    cursor = first.next_cursor(cursor=None, published=published, backlog=True)
    third = int((T0 + timedelta(minutes=20)).timestamp())
    assert cursor == {"after_epoch": third - 1}

    # the next sync re-lists the unpublished ones; messages 0-1 (inside the slack) are re-listed
    # too but, being at or before the cursor, they do not drag it back
    second = make_provider()
    relisted = second.list_matching(keywords=KEYWORDS, cursor=cursor)
    assert set(ids[2:]) <= {r.provider_message_id for r in relisted}
    published = select_emails(relisted, keywords=KEYWORDS, already_processed=set(ids[:2]), limit=2)
    assert [r.provider_message_id for r in published] == ids[2:4]
    fifth = int((T0 + timedelta(minutes=40)).timestamp())
    assert second.next_cursor(cursor=cursor, published=published, backlog=True) == {
        "after_epoch": fifth - 1
    }


def test_429_with_retry_after_is_rate_limited_and_a_retry_succeeds(
    gmail: GmailProvider,
    gmail_server: FakeGmail,
) -> None:
    add(gmail_server, "Java Developer", 1)
    gmail_server.fail_next(429, headers={"Retry-After": "2"})
    with pytest.raises(RateLimited) as caught:
        gmail.list_matching(keywords=KEYWORDS, cursor=None)
    assert caught.value.retry_after == 2.0
    assert len(gmail.list_matching(keywords=KEYWORDS, cursor=None)) == 1
    assert len(list_queries(gmail_server)) == 2  # num_retries=0: the library did not retry


@pytest.mark.parametrize(
    ("reason", "retry_after"),
    [("userRateLimitExceeded", None), ("rateLimitExceeded", None), ("dailyLimitExceeded", 3600.0)],
)
def test_403_quota_reasons_are_rate_limited(
    gmail: GmailProvider,
    gmail_server: FakeGmail,
    reason: str,
    retry_after: float | None,
) -> None:
    gmail_server.fail_next(403, body=rate_limit_body(reason))
    with pytest.raises(RateLimited) as caught:
        gmail.list_matching(keywords=KEYWORDS, cursor=None)
    assert caught.value.retry_after == retry_after


def test_fetch_rate_limited_with_http_date(gmail: GmailProvider, gmail_server: FakeGmail) -> None:
    add(gmail_server, "Java Developer", 1)
    (ref,) = gmail.list_matching(keywords=KEYWORDS, cursor=None)
    gmail_server.fail_next(429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
    with pytest.raises(RateLimited) as caught:
        gmail.fetch_raw(ref)
    assert caught.value.retry_after == 0.0  # a date in the past: retry now


def test_retry_after_parsing() -> None:
    now = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
    assert retry_after_seconds("7", now) == 7.0
    assert retry_after_seconds("Tue, 10 Nov 2026 09:00:30 GMT", now) == 30.0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None


@pytest.mark.parametrize("status", [500, 503])
def test_5xx_is_transient(gmail: GmailProvider, gmail_server: FakeGmail, status: int) -> None:
    gmail_server.fail_next(status)
    with pytest.raises(Transient) as caught:
        gmail.list_matching(keywords=KEYWORDS, cursor=None)
    assert not isinstance(caught.value, RateLimited)


def test_503_with_retry_after_is_rate_limited(
    gmail: GmailProvider, gmail_server: FakeGmail
) -> None:
    gmail_server.fail_next(503, headers={"Retry-After": "5"})
    with pytest.raises(RateLimited) as caught:
        gmail.list_matching(keywords=KEYWORDS, cursor=None)
    assert caught.value.retry_after == 5.0


def test_unreachable_server_is_transient(
    make_provider: ProviderFactory, gmail_server: FakeGmail
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    with pytest.raises(Transient):
        make_provider(api_endpoint=closed).list_matching(keywords=KEYWORDS, cursor=None)
    with pytest.raises(Transient):  # the token endpoint, during a refresh
        make_provider(token=None, token_uri=f"{closed}/token").list_matching(
            keywords=KEYWORDS, cursor=None
        )


def test_revoked_refresh_token_is_auth_revoked_without_secrets(
    make_provider: ProviderFactory,
    gmail_server: FakeGmail,
) -> None:
    p = make_provider(token="ya29.stale-access-token", refresh_token="1//revoked-rt")
    gmail_server.expire_access_tokens()
    with pytest.raises(AuthRevoked) as caught:
        p.list_matching(keywords=KEYWORDS, cursor=None)
    texts = [str(caught.value), repr(caught.value), str(caught.value.__cause__)]
    for secret in ("1//revoked-rt", "ya29.stale-access-token", CLIENT_SECRET):
        assert not any(secret in text for text in texts)
    assert "invalid_grant" in str(caught.value)
    assert gmail_server.token_requests()[-1].form["grant_type"] == ["refresh_token"]
    assert p.updated_credentials() is None


def test_token_endpoint_unavailable_is_transient(
    monkeypatch: pytest.MonkeyPatch, make_provider: ProviderFactory, gmail_server: FakeGmail
) -> None:
    slept: list[float] = []  # google-auth backs off between its own 3 attempts: record, don't wait
    monkeypatch.setattr("google.auth._exponential_backoff.time.sleep", slept.append)
    for _ in range(3):
        gmail_server.fail_next(503, body={"error": "server_error"}, path_prefix="/token")
    with pytest.raises(Transient) as caught:
        make_provider(token=None).list_matching(keywords=KEYWORDS, cursor=None)
    assert not isinstance(caught.value, RateLimited)
    assert len(gmail_server.token_requests()) == 3
    assert len(slept) == 2


def test_expired_access_token_is_refreshed_and_reported(
    make_provider: ProviderFactory, gmail_server: FakeGmail
) -> None:
    add(gmail_server, "Java Developer", 1)
    expired = (datetime.now(UTC) - timedelta(hours=1)).isoformat()  # aware ISO is accepted
    p = make_provider(token="ya29.expired", expiry=expired)

    assert len(p.list_matching(keywords=KEYWORDS, cursor=None)) == 1

    assert len(gmail_server.token_requests()) == 1
    updated = p.updated_credentials()
    assert updated is not None
    assert set(updated) == {"refresh_token", "token", "expiry"}
    assert updated["refresh_token"] == REFRESH_TOKEN
    assert updated["token"] != "ya29.expired"
    assert all(r.authorization == f"Bearer {updated['token']}" for r in gmail_server.api_requests())
    assert datetime.fromisoformat(updated["expiry"]) > datetime.now(UTC)


def test_access_token_rejected_with_401_is_refreshed_once(
    make_provider: ProviderFactory, gmail_server: FakeGmail
) -> None:
    add(gmail_server, "Java Developer", 1)
    p = make_provider(token="ya29.forgotten-by-server")  # no expiry: looks valid
    assert len(p.list_matching(keywords=KEYWORDS, cursor=None)) == 1
    assert len(gmail_server.token_requests()) == 1
    assert gmail_server.api_requests()[0].authorization == "Bearer ya29.forgotten-by-server"
    assert p.updated_credentials() is not None


def test_valid_token_writes_nothing(gmail: GmailProvider, gmail_server: FakeGmail) -> None:
    add(gmail_server, "Java Developer", 1)
    gmail.list_matching(keywords=KEYWORDS, cursor=None)
    assert gmail_server.token_requests() == []
    assert gmail.updated_credentials() is None


def test_401_after_refresh_is_auth_revoked(gmail: GmailProvider, gmail_server: FakeGmail) -> None:
    for _ in range(3):  # the first attempt and AuthorizedHttp's two refresh-and-retry rounds
        gmail_server.fail_next(401, body=error_body(401, "Invalid Credentials", "authError"))
    with pytest.raises(AuthRevoked):
        gmail.list_matching(keywords=KEYWORDS, cursor=None)
    assert len(gmail_server.token_requests()) == 2


def test_insufficient_permissions_is_auth_revoked(
    gmail: GmailProvider,
    gmail_server: FakeGmail,
) -> None:
    gmail_server.fail_next(
        403, body=error_body(403, "Insufficient Permission", "insufficientPermissions")
    )
    with pytest.raises(AuthRevoked):
        gmail.list_matching(keywords=KEYWORDS, cursor=None)


def test_other_client_errors_are_configuration_errors(
    make_provider: ProviderFactory, gmail_server: FakeGmail
) -> None:
    gmail_server.fail_next(400, body=error_body(400, "Invalid query", "invalidArgument"))
    with pytest.raises(ProviderConfigError):
        make_provider().list_matching(keywords=KEYWORDS, cursor=None)

    wrong_client = GmailProvider(
        credentials={"refresh_token": REFRESH_TOKEN},
        client_id="someone-else",
        client_secret="nope",
        token_uri=f"{gmail_server.base_url}/token",
        api_endpoint=gmail_server.base_url,
    )
    try:
        with pytest.raises(ProviderConfigError, match="invalid_client"):
            wrong_client.list_matching(keywords=KEYWORDS, cursor=None)
    finally:
        wrong_client.close()


def test_missing_refresh_token_is_a_configuration_error() -> None:
    with pytest.raises(ProviderConfigError):
        GmailProvider(credentials={"token": "x"}, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
