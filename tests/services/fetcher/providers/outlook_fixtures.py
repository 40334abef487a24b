"""OutlookProvider's test set-up: the local HTTPS identity platform and Graph, a token cache minted
through real MSAL, and a factory of providers pointed at them (closed after the test). Test
modules import the fixtures by name (pytest finds fixtures in the test module's namespace)."""

from __future__ import annotations

import ssl
import traceback
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from services.fetcher.providers.outlook import OutlookProvider
from tests.providers.graph_server import FakeGraph
from tests.providers.identity_server import (
    CLIENT_SECRET,
    LocalIdentityProvider,
    MintedCache,
    ca_pem_file,
    clean_tls_env,
    client_ssl_context,
    https_server,
    https_server_session,
    httpserver_ssl_context,
    mint_token_cache,
    trustme_ca,
)

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


# the fixtures ``from tests.services.fetcher.providers.outlook_fixtures import *`` puts in a test
# module, where pytest finds them by name (the local identity provider's TLS fixtures included)
__all__ = [
    "ca_pem_file",
    "clean_tls_env",
    "client_ssl_context",
    "graph",
    "https_server",
    "https_server_session",
    "httpserver_ssl_context",
    "idp",
    "make_provider",
    "minted",
    "trustme_ca",
]
