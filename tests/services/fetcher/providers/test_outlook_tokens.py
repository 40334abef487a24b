"""OutlookProvider's tokens through real MSAL against the local identity platform: refresh and
rotation, revocation and bad configuration, Graph's 401, the CA it trusts, and no token in any
log line or exception."""

from __future__ import annotations

import logging
import ssl
from typing import Any

import msal
import pytest

from services.fetcher.providers.base import (
    AuthRevoked,
    ProviderConfigError,
    Transient,
)
from tests.providers.graph_server import FakeGraph
from tests.providers.identity_server import (
    GRAPH_MAIL_READ,
    LocalIdentityProvider,
    MintedCache,
    mint_token_cache,
    msal_session,
    read_cache_secrets,
)
from tests.services.fetcher.providers.outlook_fixtures import *  # noqa: F403  (its fixtures: pytest finds them by name)
from tests.services.fetcher.providers.outlook_fixtures import (
    KEYWORDS,
    MakeProvider,
    assert_secret_free,
    at,
    refreshes,
    secrets_of,
)

pytestmark = pytest.mark.usefixtures("clean_tls_env")


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
