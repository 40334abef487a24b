"""Issue 12's OAuth holes, on real PostgreSQL with the local identity providers: a connect is
bound to the browser that started it (nonce cookie, PKCE S256, the mailbox shown), and
oauth_states hold nothing usable and expire."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import escape
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from services.api.main import build_app
from services.api.routes.oauth import NONCE_COOKIE
from services.api.settings import ApiSettings
from services.db import oauth_states
from services.db.models import EmailIntegration
from services.db.models import Tenant as TenantRow
from services.db.session import transaction
from services.db.tokens import hash_token
from tests.providers.google_identity import LocalGoogleIdentity
from tests.providers.identity_server import LocalIdentityProvider
from tests.services.api.connect_fixtures import *  # noqa: F403  (its fixtures: pytest finds them by name)
from tests.services.api.connect_fixtures import (
    CONNECT_TEST_MARKS,
    GOOGLE_CLIENT_ID,
    GOOGLE_CLIENT_SECRET,
    Tenant,
    consent,
    start_connect,
)

pytestmark = CONNECT_TEST_MARKS


def provider_url(browser: TestClient, url: str) -> str:
    """Follow the URL the tenant hands out, in ``browser``, up to the identity provider."""
    while urlsplit(url).netloc == "testserver":
        answer = browser.get(url, follow_redirects=False)
        assert answer.status_code in (302, 303, 307), answer.text
        url = answer.headers["location"]
    return url


def oauth_state_rows(sessions: sessionmaker[Session]) -> str:
    with transaction(sessions) as session:
        return repr(session.execute(text("SELECT * FROM oauth_states")).all())


# --- item 4: OAuth connect bound to the browser that started it -------------------------------


@pytest.mark.parametrize("provider", ["gmail", "outlook"])
def test_another_browser_cannot_attach_its_mailbox_to_the_tenant(
    provider: str,
    client: TestClient,
    attacker: TestClient,
    tenant: Tenant,
    sessions: sessionmaker[Session],
    ca_pem_file: str,
) -> None:
    handed_out = start_connect(client, tenant, provider)
    at_provider = provider_url(client, handed_out)  # the user's browser starts the connect

    # someone else opens the provider's URL, signs in with their mailbox, comes back
    stolen = consent(at_provider, ca_pem_file)
    hijack = attacker.get(f"/oauth/{provider}/callback", params=stolen)
    restart = attacker.get(handed_out, follow_redirects=False)

    assert hijack.status_code == 400, hijack.text
    assert restart.status_code == 400  # the start URL binds one browser only
    with transaction(sessions) as session:
        attached = session.scalars(
            select(EmailIntegration).where(
                EmailIntegration.tenant_id == tenant.ids.tenant_id,
                EmailIntegration.provider == provider,
            )
        ).all()
    assert attached == []
    # the browser that started it still finishes (the refused callback did not burn the state)
    finished = client.get(f"/oauth/{provider}/callback", params=consent(at_provider, ca_pem_file))
    assert finished.status_code == 200, finished.text


def test_the_start_endpoint_sets_a_lax_httponly_nonce_cookie_for_the_callback_only(
    client: TestClient, tenant: Tenant, settings: ApiSettings, sessions: sessionmaker[Session]
) -> None:
    started = client.get(start_connect(client, tenant, "gmail"), follow_redirects=False)

    cookie = started.headers["set-cookie"]
    assert cookie.startswith(f"{NONCE_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Path=/oauth/gmail/callback" in cookie
    assert "Max-Age=600" in cookie
    assert "Secure" not in cookie  # http://testserver
    assert started.headers["cache-control"] == "no-store"

    https = settings.model_copy(update={"public_base_url": "https://reqstream.example"})
    with TestClient(build_app(https, sessions=sessions), base_url="https://testserver") as tls:
        handed_out = start_connect(tls, tenant, "gmail")
        assert handed_out.startswith("https://reqstream.example/oauth/gmail/start?state=")
        secure = tls.get(
            urlsplit(handed_out)._replace(netloc="testserver").geturl(), follow_redirects=False
        )
    assert "Secure" in secure.headers["set-cookie"]


@pytest.mark.parametrize("provider", ["gmail", "outlook"])
def test_the_code_is_redeemed_with_a_pkce_s256_verifier(
    provider: str,
    client: TestClient,
    tenant: Tenant,
    google: LocalGoogleIdentity,
    idp: LocalIdentityProvider,
    ca_pem_file: str,
) -> None:
    at_provider = provider_url(client, start_connect(client, tenant, provider))
    query = parse_qs(urlsplit(at_provider).query)

    finished = client.get(f"/oauth/{provider}/callback", params=consent(at_provider, ca_pem_file))

    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43  # base64url of a SHA-256, unpadded
    assert finished.status_code == 200, finished.text
    if provider == "gmail":
        assert len(google.token_requests[0]["code_verifier"]) >= 43
    else:
        assert [r.grant_type for r in idp.token_requests] == ["authorization_code"]


def test_google_refuses_a_code_redeemed_without_its_verifier(
    google: LocalGoogleIdentity, ca_pem_file: str
) -> None:
    """The fake keeps Google's PKCE contract, so the test above can fail."""
    redirect = "http://testserver/oauth/gmail/callback"
    url = (
        f"{google.auth_uri}?response_type=code&client_id={GOOGLE_CLIENT_ID}"
        f"&redirect_uri={redirect}&scope=openid&state=s&code_challenge="
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
    )
    code = consent(url, ca_pem_file)["code"]
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect,
        "client_id": GOOGLE_CLIENT_ID,
        "client_secret": GOOGLE_CLIENT_SECRET,
    }

    missing = httpx.post(google.token_uri, data=form)
    wrong = httpx.post(google.token_uri, data={**form, "code_verifier": "x" * 43})
    right = httpx.post(
        google.token_uri,
        data={**form, "code_verifier": "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"},
    )

    assert missing.json() == {
        "error": "invalid_grant",
        "error_description": "Missing code verifier.",
    }
    assert wrong.json()["error_description"] == "Invalid code verifier."
    assert right.status_code == 200 and "id_token" in right.json()


def test_the_connected_mailbox_is_shown_to_the_user(
    client: TestClient, tenant: Tenant, sessions: sessionmaker[Session], ca_pem_file: str
) -> None:
    at_provider = provider_url(client, start_connect(client, tenant, "gmail"))

    page = client.get(
        "/oauth/gmail/callback",
        params=consent(at_provider, ca_pem_file),
        headers={"Accept": "text/html,application/xhtml+xml"},
    )

    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert "<strong>recruiter@gmail.test</strong>" in page.text
    with transaction(sessions) as session:
        tenant_row = session.get(TenantRow, tenant.ids.tenant_id)
        assert tenant_row is not None
        assert f"to <strong>{escape(tenant_row.name)}</strong>" in page.text
    assert f'{NONCE_COOKIE}=""' in page.headers["set-cookie"]  # the nonce is spent


# --- oauth_states: nothing usable stored, expired ones refused and cleaned --------------------


@pytest.mark.parametrize("provider", ["gmail", "outlook"])
def test_oauth_states_store_no_state_and_no_pkce_secret_in_clear(
    provider: str, client: TestClient, tenant: Tenant, sessions: sessionmaker[Session]
) -> None:
    at_provider = provider_url(client, start_connect(client, tenant, provider))
    state = parse_qs(urlsplit(at_provider).query)["state"][0]

    stored = oauth_state_rows(sessions)

    assert str(tenant.ids.tenant_id) in stored  # the row is there
    assert state not in stored
    assert hash_token(state) in stored
    for secret_name in ("code_verifier", "nonce", "auth_uri"):
        assert secret_name not in stored


def test_expired_oauth_states_are_refused_and_deleted(
    client: TestClient, tenant: Tenant, sessions: sessionmaker[Session]
) -> None:
    expired_at = datetime.now(UTC) - oauth_states.OAUTH_STATE_TTL - timedelta(seconds=1)
    with transaction(sessions) as session:
        expired = oauth_states.create_oauth_state(
            session,
            tenant_id=tenant.ids.tenant_id,
            user_id=tenant.ids.user_id,
            provider="gmail",
            now=expired_at,
        )

    refused = client.get("/oauth/gmail/start", params={"state": expired})
    start_connect(client, tenant, "gmail")  # any new connect cleans up

    assert refused.status_code == 400
    with transaction(sessions) as session:
        left = session.execute(
            text("SELECT count(*) FROM oauth_states WHERE tenant_id = :t"),
            {"t": tenant.ids.tenant_id},
        ).scalar_one()
    assert left == 1
