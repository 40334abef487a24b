"""OutlookProvider against Graph's faults: throttling with Retry-After, server errors, timeouts,
an unreachable Graph, refusals, and a next link to another host."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from services.fetcher.providers.base import (
    AuthRevoked,
    ProviderConfigError,
    RateLimited,
    Transient,
)
from tests.providers.graph_server import FakeGraph
from tests.providers.identity_server import LocalIdentityProvider
from tests.services.fetcher.providers.outlook_fixtures import *  # noqa: F403  (its fixtures: pytest finds them by name)
from tests.services.fetcher.providers.outlook_fixtures import (
    KEYWORDS,
    MakeProvider,
    assert_secret_free,
    at,
)

pytestmark = pytest.mark.usefixtures("clean_tls_env")


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
