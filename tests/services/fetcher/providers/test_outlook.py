"""OutlookProvider through real MSAL and httpx against local HTTPS identity and Graph fakes."""

from __future__ import annotations

import logging
import socket
import ssl
import traceback
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import msal
import pytest
from pytest_httpserver import HTTPServer

from services.fetcher.handler import MessageRef
from services.fetcher.providers.base import (
    AuthRevoked,
    MessageGone,
    ProviderConfigError,
    RateLimited,
    Transient,
)
from services.fetcher.providers.outlook import OutlookProvider
from tests.providers.graph_server import FakeGraph, graph_time
from tests.providers.identity_server import (
    CLIENT_SECRET,
    GRAPH_MAIL_READ,
    LocalIdentityProvider,
    MintedCache,
    ca_pem_file,
    clean_tls_env,
    client_ssl_context,
    https_server,
    https_server_session,
    httpserver_ssl_context,
    mint_token_cache,
    msal_session,
    read_cache_secrets,
    trustme_ca,
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
)
pytestmark = pytest.mark.usefixtures("clean_tls_env")

NOW = datetime.now(UTC).replace(microsecond=0)
KEYWORDS = ["java developer", "data engineer"]
MakeProvider = Callable[..., OutlookProvider]


@pytest.fixture
def idp(https_server: HTTPServer) -> LocalIdentityProvider:
    return LocalIdentityProvider(https_server)


@pytest.fixture
def graph(https_server: HTTPServer, idp: LocalIdentityProvider) -> FakeGraph:
    return FakeGraph(https_server, token_validator=idp.is_valid_access_token)


@pytest.fixture
def minted(idp: LocalIdentityProvider, ca_pem_file: str) -> MintedCache:
    return mint_token_cache(idp, ca_file=ca_pem_file)


@pytest.fixture
def make_provider(
    idp: LocalIdentityProvider,
    graph: FakeGraph,
    minted: MintedCache,
    ca_pem_file: str,
    client_ssl_context: ssl.SSLContext,
) -> Iterator[MakeProvider]:
    """Each provider builds its own MSAL app, so MSAL's cached errors never leak across tests."""
    built: list[OutlookProvider] = []

    def make(**overrides: Any) -> OutlookProvider:
        options: dict[str, Any] = {
            "client_id": idp.client_id,
            "client_secret": idp.client_secret,
            "authority": idp.authority,
            "token_cache": minted.token_cache,
            "account_id": minted.account_id,
            "graph_base_url": graph.base_url,
            "verify": client_ssl_context,
            "ca_file": ca_pem_file,
            "timeout": 5,
        }
        provider = OutlookProvider(**(options | overrides))
        built.append(provider)
        return provider

    yield make
    for provider in built:
        provider.close()


def secrets_of(idp: LocalIdentityProvider) -> list[str]:
    return [*idp.issued_access_tokens, *idp.issued_refresh_tokens, CLIENT_SECRET]


def assert_secret_free(exc: BaseException, idp: LocalIdentityProvider) -> None:
    text = str(exc) + repr(exc) + "".join(traceback.format_exception(exc))
    leaked = [s for s in secrets_of(idp) if s in text]
    assert not leaked, "a token or the client secret appears in the exception"


def refreshes(idp: LocalIdentityProvider) -> int:
    return sum(r.grant_type == "refresh_token" for r in idp.token_requests)


def at(hours_ago: float) -> datetime:
    return NOW - timedelta(hours=hours_ago)


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


# --- tokens --------------------------------------------------------------------------------


def test_fresh_access_token_is_used_without_refresh(
    graph: FakeGraph, idp: LocalIdentityProvider, minted: MintedCache, make_provider: MakeProvider
) -> None:
    graph.add_message("Java Developer", at(1))
    provider = make_provider()
    provider.list_matching(keywords=KEYWORDS, cursor=None)

    assert refreshes(idp) == 0
    assert graph.requests[0].token == minted.access_token
    assert provider.updated_credentials() is None


def test_expired_access_token_refreshes_and_returns_rotated_cache(
    graph: FakeGraph,
    idp: LocalIdentityProvider,
    ca_pem_file: str,
    make_provider: MakeProvider,
) -> None:
    idp.access_token_lifetime = 120  # under MSAL's 5-minute margin: already "expired"
    old = mint_token_cache(idp, ca_file=ca_pem_file)
    idp.access_token_lifetime = 3600
    graph.add_message("Java Developer", at(1))
    provider = make_provider(token_cache=old.token_cache, account_id=None)

    assert len(provider.list_matching(keywords=KEYWORDS, cursor=None)) == 1

    assert refreshes(idp) == 1
    rotated = idp.issued_refresh_tokens[-1]
    assert rotated != old.refresh_token
    credentials = provider.updated_credentials()
    assert credentials is not None
    assert credentials["account_id"] == old.account_id
    assert read_cache_secrets(credentials["token_cache"], "RefreshToken") == [rotated]
    assert read_cache_secrets(credentials["token_cache"], "AccessToken") == [
        graph.requests[0].token
    ]
    assert provider.updated_credentials() == credentials  # asking twice gives the same answer

    # the stored cache works on its own in the next sync: no further refresh needed
    make_provider(token_cache=credentials["token_cache"]).list_matching(
        keywords=KEYWORDS, cursor=None
    )
    assert refreshes(idp) == 1


@pytest.mark.parametrize("aadsts", [70008, 700082, 50173])
def test_revoked_or_expired_refresh_token_is_auth_revoked(
    idp: LocalIdentityProvider,
    ca_pem_file: str,
    make_provider: MakeProvider,
    aadsts: int,
) -> None:
    idp.access_token_lifetime = 120
    old = mint_token_cache(idp, ca_file=ca_pem_file)
    idp.revoke_refresh_tokens(error_code=aadsts)

    with pytest.raises(AuthRevoked, match=f"invalid_grant.*{aadsts}") as caught:
        make_provider(token_cache=old.token_cache).list_matching(keywords=KEYWORDS, cursor=None)
    assert_secret_free(caught.value, idp)


def test_empty_cache_or_unknown_account_is_auth_revoked(make_provider: MakeProvider) -> None:
    with pytest.raises(AuthRevoked):
        make_provider(token_cache=None, account_id=None).list_matching(
            keywords=KEYWORDS, cursor=None
        )
    with pytest.raises(AuthRevoked):
        make_provider(account_id="someone.else").list_matching(keywords=KEYWORDS, cursor=None)


def test_wrong_client_secret_is_a_config_error(
    idp: LocalIdentityProvider, make_provider: MakeProvider
) -> None:
    idp.expire_access_tokens()  # Graph answers 401, so the provider must redeem its refresh token
    with pytest.raises(ProviderConfigError, match="invalid_client") as caught:
        make_provider(client_secret="expired-secret").list_matching(keywords=KEYWORDS, cursor=None)
    assert_secret_free(caught.value, idp)


def test_identity_platform_outage_is_transient_and_the_retry_reaches_it_again(
    graph: FakeGraph, idp: LocalIdentityProvider, make_provider: MakeProvider
) -> None:
    graph.add_message("Java Developer", at(1))
    idp.fail_next_token_request(503, "temporarily_unavailable")
    idp.expire_access_tokens()
    provider = make_provider()

    with pytest.raises(Transient):
        provider.list_matching(keywords=KEYWORDS, cursor=None)  # 401 → refresh → 503
    # MSAL would replay the cached 503 for 5 s; the provider rebuilt its app instead
    assert len(provider.list_matching(keywords=KEYWORDS, cursor=None)) == 1
    assert [r.status for r in idp.token_requests if r.grant_type == "refresh_token"] == [503, 200]


def test_graph_401_forces_one_refresh_then_succeeds(
    graph: FakeGraph, idp: LocalIdentityProvider, minted: MintedCache, make_provider: MakeProvider
) -> None:
    graph.add_message("Java Developer", at(1))
    idp.expire_access_tokens()  # revoked server-side; MSAL's cache still thinks it is fresh

    provider = make_provider()
    assert len(provider.list_matching(keywords=KEYWORDS, cursor=None)) == 1

    assert refreshes(idp) == 1
    assert [r.status for r in graph.list_requests()] == [401, 200]
    assert graph.requests[0].token == minted.access_token
    assert graph.requests[1].token == idp.issued_access_tokens[-1]
    assert provider.updated_credentials() is not None


def test_graph_401_twice_is_auth_revoked(
    graph: FakeGraph, idp: LocalIdentityProvider, make_provider: MakeProvider
) -> None:
    graph.fail_next(401, times=2)
    with pytest.raises(AuthRevoked, match="InvalidAuthenticationToken") as caught:
        make_provider().list_matching(keywords=KEYWORDS, cursor=None)
    assert refreshes(idp) == 1
    assert len(graph.requests) == 2
    assert_secret_free(caught.value, idp)


# --- Graph faults --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "retry_after", "expected"),
    [
        (429, "7", 7.0),
        (429, None, None),
        (503, "2", 2.0),
        (504, "3", 3.0),
    ],
)
def test_throttling_is_rate_limited(
    graph: FakeGraph,
    idp: LocalIdentityProvider,
    make_provider: MakeProvider,
    status: int,
    retry_after: str | None,
    expected: float | None,
) -> None:
    graph.fail_next(status, retry_after=retry_after)
    with pytest.raises(RateLimited) as caught:
        make_provider().list_matching(keywords=KEYWORDS, cursor=None)
    assert caught.value.retry_after == expected
    assert_secret_free(caught.value, idp)


def test_retry_after_as_http_date(graph: FakeGraph, make_provider: MakeProvider) -> None:
    graph.fail_next(
        429, retry_after=format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    )
    with pytest.raises(RateLimited) as caught:
        make_provider().list_matching(keywords=KEYWORDS, cursor=None)
    assert caught.value.retry_after is not None
    assert 25 <= caught.value.retry_after <= 30


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_without_retry_after_are_transient(
    graph: FakeGraph, idp: LocalIdentityProvider, make_provider: MakeProvider, status: int
) -> None:
    graph.add_message("Java Developer", at(1))
    graph.fail_next(status)
    provider = make_provider()
    with pytest.raises(Transient, match=f"HTTP {status}") as caught:
        provider.list_matching(keywords=KEYWORDS, cursor=None)
    assert not isinstance(caught.value, RateLimited)
    assert_secret_free(caught.value, idp)
    assert len(provider.list_matching(keywords=KEYWORDS, cursor=None)) == 1  # the retry works


def test_fetch_throttled_mid_sync_is_rate_limited(
    graph: FakeGraph, make_provider: MakeProvider
) -> None:
    graph.add_message("Java Developer", at(1))
    provider = make_provider()
    (ref,) = provider.list_matching(keywords=KEYWORDS, cursor=None)
    graph.fail_next(429, retry_after=1, path_prefix="/me/messages/")
    with pytest.raises(RateLimited):
        provider.fetch_raw(ref)


def test_read_timeout_is_transient(
    graph: FakeGraph, idp: LocalIdentityProvider, make_provider: MakeProvider
) -> None:
    graph.fail_next(200, delay=0.5)
    with pytest.raises(Transient, match="Timeout") as caught:
        make_provider(timeout=0.1).list_matching(keywords=KEYWORDS, cursor=None)
    assert_secret_free(caught.value, idp)


def test_unreachable_graph_is_transient(make_provider: MakeProvider) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(Transient, match="ConnectError"):
        make_provider(graph_base_url=f"https://127.0.0.1:{port}/v1.0").list_matching(
            keywords=KEYWORDS, cursor=None
        )


def test_forbidden_is_auth_revoked_and_bad_request_a_config_error(
    graph: FakeGraph, make_provider: MakeProvider
) -> None:
    graph.fail_next(403)
    with pytest.raises(AuthRevoked, match="ErrorAccessDenied"):
        make_provider().list_matching(keywords=KEYWORDS, cursor=None)
    graph.fail_next(400, code="ErrorInvalidUrlQuery")
    with pytest.raises(ProviderConfigError, match="ErrorInvalidUrlQuery"):
        make_provider().list_matching(keywords=KEYWORDS, cursor=None)


def test_next_link_to_another_host_is_not_followed(
    graph: FakeGraph, make_provider: MakeProvider
) -> None:
    for n in range(1, 4):
        graph.add_message(f"Java Developer {n}", at(n))
    graph.next_link_base = "https://attacker.test/v1.0"
    with pytest.raises(ProviderConfigError, match="link leaves the Graph host"):
        make_provider(page_size=2).list_matching(keywords=KEYWORDS, cursor=None)
    assert len(graph.requests) == 1


# --- TLS and secrets -----------------------------------------------------------------------


def test_ca_bundle_variables_do_not_override_the_configured_ca(
    graph: FakeGraph, make_provider: MakeProvider, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    empty = tmp_path / "empty.pem"
    empty.write_text("")
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"):
        monkeypatch.setenv(name, str(empty))
    graph.add_message("Java Developer", at(1))
    assert len(make_provider().list_matching(keywords=KEYWORDS, cursor=None)) == 1


def test_untrusted_server_certificate_is_transient(make_provider: MakeProvider) -> None:
    provider = make_provider(verify=ssl.create_default_context(), ca_file=None)
    with pytest.raises(Transient):
        provider.list_matching(keywords=KEYWORDS, cursor=None)


def test_logs_carry_no_tokens(
    graph: FakeGraph,
    idp: LocalIdentityProvider,
    make_provider: MakeProvider,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    graph.add_message("Java Developer", at(1))
    idp.expire_access_tokens()
    provider = make_provider()
    provider.fetch_raw(provider.list_matching(keywords=KEYWORDS, cursor=None)[0])

    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("services"))
    assert "refreshing the access token once" in ours
    assert not [s for s in secrets_of(idp) if s in caplog.text]


def test_malformed_token_cache_is_a_config_error(make_provider: MakeProvider) -> None:
    with pytest.raises(ProviderConfigError):
        make_provider(token_cache="{not json")


def test_cache_migrated_from_a_bare_refresh_token_works(
    graph: FakeGraph, idp: LocalIdentityProvider, ca_pem_file: str, make_provider: MakeProvider
) -> None:
    cache = msal.SerializableTokenCache()
    session = msal_session(ca_pem_file)
    app = msal.ConfidentialClientApplication(
        idp.client_id,
        client_credential=idp.client_secret,
        authority=idp.authority,
        instance_discovery=False,
        token_cache=cache,
        http_client=session,
    )
    result = app.acquire_token_by_refresh_token(idp.seed_refresh_token(), list(GRAPH_MAIL_READ))
    session.close()
    assert "access_token" in result
    graph.add_message("Data Engineer", at(1))

    provider = make_provider(token_cache=cache.serialize(), account_id=None)

    assert len(provider.list_matching(keywords=KEYWORDS, cursor=None)) == 1


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
