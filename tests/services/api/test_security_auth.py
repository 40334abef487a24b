"""Issue 12, the API's authentication holes, on real PostgreSQL with the local identity
providers: OAuth connect bound to the browser that started it (nonce cookie, PKCE, the mailbox
shown), oauth_states holding nothing usable and expiring, API keys listed, revoked and expiring,
the run-history page signed in with a read-only session instead of a key in the URL, and keys
redacted from log lines however they are percent-encoded."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from html import escape
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from services.api.main import build_app
from services.api.redact import RedactSecrets
from services.api.routes.oauth import NONCE_COOKIE
from services.api.routes.pages import CSRF_COOKIE, SESSION_COOKIE
from services.api.settings import ApiSettings
from services.cli import apikeys
from services.db import api_keys, api_sessions, oauth_states
from services.db.models import ApiKey, EmailIntegration
from services.db.models import Tenant as TenantRow
from services.db.session import transaction
from services.db.tokens import hash_token
from tests.providers.google_identity import LocalGoogleIdentity
from tests.providers.identity_server import (
    LocalIdentityProvider,
    ca_pem_file,
    clean_tls_env,
    client_ssl_context,
    https_server,
    https_server_session,
    httpserver_ssl_context,
    trustme_ca,
)
from tests.services.api.page_sign_in import form_token, sign_in
from tests.services.api.test_api import (
    GOOGLE_CLIENT_ID,
    GOOGLE_CLIENT_SECRET,
    Tenant,
    client,
    consent,
    google,
    google_server,
    idp,
    other,
    settings,
    start_connect,
    tenant,
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
    client,
    google,
    google_server,
    idp,
    other,
    settings,
    tenant,
)
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.usefixtures("clean_tls_env"),
    pytest.mark.filterwarnings("ignore:response_mode='form_post' is recommended"),
]


@pytest.fixture
def attacker(settings: ApiSettings, sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    """Another browser: its own cookie jar."""
    with TestClient(build_app(settings, sessions=sessions)) as browser:
        yield browser


def provider_url(browser: TestClient, url: str) -> str:
    """Follow the URL the tenant hands out, in ``browser``, up to the identity provider."""
    while urlsplit(url).netloc == "testserver":
        answer = browser.get(url, follow_redirects=False)
        assert answer.status_code in (302, 303, 307), answer.text
        url = answer.headers["location"]
    return url


def session_cookie(token: str) -> dict[str, str]:
    """A Cookie header (TestClient's per-request cookies are deprecated); it wins over the jar."""
    return {"Cookie": f"{SESSION_COOKIE}={token}"}


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


# --- item 6: keys listed, revoked at once, expiring ------------------------------------------


def test_a_tenant_lists_and_revokes_its_own_keys_only(
    client: TestClient, tenant: Tenant, other: Tenant, sessions: sessionmaker[Session]
) -> None:
    with transaction(sessions) as session:
        spare, spare_row = api_keys.create_api_key(
            session, tenant_id=tenant.ids.tenant_id, name="spare"
        )
        spare_id = spare_row.id
        other_ids = [
            row.id for row in api_keys.list_api_keys(session, tenant_id=other.ids.tenant_id)
        ]

    anonymous = [client.get("/apikeys"), client.post(f"/apikeys/{spare_id}/revoke")]
    listed = client.get("/apikeys", headers=tenant.headers)
    foreign = client.post(f"/apikeys/{other_ids[0]}/revoke", headers=tenant.headers)
    revoked = client.post(f"/apikeys/{spare_id}/revoke", headers=tenant.headers)
    after = client.get("/integrations", headers={"X-API-Key": spare})

    assert [response.status_code for response in anonymous] == [401, 401]
    assert listed.status_code == 200
    assert [key["name"] for key in listed.json()] == ["test", "tests", "spare"]
    assert all(
        set(key) == {"id", "name", "key_prefix", "created_at", "expires_at", "revoked_at"}
        for key in listed.json()
    )
    assert spare not in listed.text and tenant.api_key not in listed.text
    assert not set(other_ids) & {key["id"] for key in listed.json()}
    assert foreign.status_code == 404
    assert client.get("/integrations", headers=other.headers).status_code == 200
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert after.status_code == 401  # at once
    assert client.get("/integrations", headers=tenant.headers).status_code == 200


def test_the_cli_lists_and_revokes_keys(
    prepared: tuple[str, str], tenant: Tenant, sessions: sessionmaker[Session]
) -> None:
    database = ["--database-url", prepared[1]]
    runner = CliRunner()
    with transaction(sessions) as session:
        key = api_keys.live_api_key(session, raw_key=tenant.api_key)
        assert key is not None
        key_id = key.id

    listed = runner.invoke(
        apikeys.app, ["list", "--tenant-id", str(tenant.ids.tenant_id), *database]
    )
    revoked = runner.invoke(apikeys.app, ["revoke", str(key_id), *database])
    unknown = runner.invoke(apikeys.app, ["revoke", "2147483647", *database])
    tenant_option = ["--tenant-id", str(tenant.ids.tenant_id)]
    expiring = runner.invoke(
        apikeys.app, ["create", *tenant_option, "--name", "ci", "--expires-in-days", "2", *database]
    )

    assert listed.exit_code == 0, listed.output
    assert listed.stdout.splitlines()[0].startswith("id\ttenant\tprefix")
    assert any(
        line.startswith(f"{key_id}\t{tenant.ids.tenant_id}\trqs_")
        for line in listed.stdout.splitlines()
    )
    assert tenant.api_key not in listed.stdout
    assert revoked.exit_code == 0, revoked.output
    assert unknown.exit_code == 1
    with transaction(sessions) as session:
        assert api_keys.tenant_for_api_key(session, raw_key=tenant.api_key) is None
        row = session.get(ApiKey, key_id)
        assert row is not None and row.revoked_at is not None
        new_key = api_keys.live_api_key(session, raw_key=expiring.stdout.strip().splitlines()[-1])
        assert new_key is not None and new_key.expires_at is not None
        left = new_key.expires_at - datetime.now(UTC)
        assert timedelta(days=2) - timedelta(minutes=5) < left <= timedelta(days=2)


def test_an_expired_key_is_refused(
    client: TestClient, tenant: Tenant, sessions: sessionmaker[Session]
) -> None:
    with transaction(sessions) as session:
        expired, _ = api_keys.create_api_key(
            session,
            tenant_id=tenant.ids.tenant_id,
            name="old",
            expires_at=datetime.now(UTC) - timedelta(seconds=1),
        )
        lasting, _ = api_keys.create_api_key(
            session,
            tenant_id=tenant.ids.tenant_id,
            name="new",
            expires_at=datetime.now(UTC) + timedelta(days=1),
        )

    assert client.get("/integrations", headers={"X-API-Key": expired}).status_code == 401
    assert client.get("/integrations", headers={"X-API-Key": lasting}).status_code == 200


# --- item 6: the page signs in with a read-only session, never a key in the URL ---------------


def test_a_key_in_the_page_url_is_not_accepted_and_never_stored_in_a_cookie(
    client: TestClient, tenant: Tenant
) -> None:
    response = client.get("/runs", params={"key": tenant.api_key}, follow_redirects=False)

    assert response.status_code == 401
    assert tenant.api_key not in response.headers.get("set-cookie", "")
    assert "<form method='post' action='/runs/sign-in'>" in response.text


def test_sign_in_exchanges_the_key_for_a_short_read_only_session(
    client: TestClient, tenant: Tenant, sessions: sessionmaker[Session]
) -> None:
    signed_in = sign_in(client, tenant.api_key)

    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/runs"
    cookie = signed_in.headers["set-cookie"]
    token = client.cookies[SESSION_COOKIE]
    assert tenant.api_key not in cookie and token.startswith("rqss_")
    assert "HttpOnly" in cookie and "Path=/runs" in cookie and "SameSite=lax" in cookie
    assert f"Max-Age={int(api_sessions.API_SESSION_TTL.total_seconds())}" in cookie
    assert timedelta(hours=1) >= api_sessions.API_SESSION_TTL
    assert client.get("/runs").status_code == 200
    # read-only: the session is no API key anywhere else
    for headers in ({"X-API-Key": token}, {"Authorization": f"Bearer {token}"}):
        assert client.get("/integrations", headers=headers).status_code == 401
    assert client.get("/integrations", headers=session_cookie(token)).status_code == 401
    # only the hash is stored
    with transaction(sessions) as session:
        stored = repr(session.execute(text("SELECT * FROM api_sessions")).all())
    assert token not in stored and hash_token(token) in stored


def test_a_wrong_key_does_not_sign_in(client: TestClient, tenant: Tenant) -> None:
    refused = sign_in(client, tenant.api_key + "x")
    too_big = client.post("/runs/sign-in", data={"key": "x" * 10_000}, follow_redirects=False)

    assert refused.status_code == 401
    assert SESSION_COOKIE not in client.cookies
    assert too_big.status_code == 413


def test_revoking_the_key_ends_its_sessions_at_once(
    client: TestClient, tenant: Tenant, sessions: sessionmaker[Session]
) -> None:
    sign_in(client, tenant.api_key)
    assert client.get("/runs").status_code == 200
    with transaction(sessions) as session:
        key = api_keys.live_api_key(session, raw_key=tenant.api_key)
        assert key is not None
        key_id = key.id

    client.post(f"/apikeys/{key_id}/revoke", headers=tenant.headers)
    after = client.get("/runs")

    assert after.status_code == 401
    assert f'{SESSION_COOKIE}=""' in after.headers["set-cookie"]


def test_sessions_expire_and_sign_out_ends_them(
    client: TestClient, tenant: Tenant, sessions: sessionmaker[Session]
) -> None:
    with transaction(sessions) as session:
        key = api_keys.live_api_key(session, raw_key=tenant.api_key)
        assert key is not None
        stale = api_sessions.create_api_session(
            session,
            api_key_id=key.id,
            now=datetime.now(UTC) - api_sessions.API_SESSION_TTL - timedelta(seconds=1),
        )
    assert client.get("/runs", headers=session_cookie(stale)).status_code == 401

    sign_in(client, tenant.api_key)
    token = client.cookies[SESSION_COOKIE]
    client.post("/runs/sign-out", follow_redirects=False)
    assert client.get("/runs", headers=session_cookie(token)).status_code == 401


# --- login CSRF: another site cannot sign a browser in (or out) ---------------------------------


def test_another_sites_form_cannot_sign_a_browser_in(client: TestClient, tenant: Tenant) -> None:
    """An attacker's page posts *its own* key to our sign-in: it has no form token to send (it
    cannot read the cookie), so the browser is not signed in."""
    forged = client.post("/runs/sign-in", data={"key": tenant.api_key}, follow_redirects=False)
    assert forged.status_code == 403
    assert SESSION_COOKIE not in client.cookies

    token = form_token(client.get("/runs").text)  # a token of the browser's own, still refused
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.test"}):
        response = client.post(
            "/runs/sign-in",
            data={"key": tenant.api_key, "csrf": token},
            headers=headers,
            follow_redirects=False,
        )
        assert response.status_code == 403, headers
        assert SESSION_COOKIE not in client.cookies
    wrong = client.post(
        "/runs/sign-in", data={"key": tenant.api_key, "csrf": "x" * 43}, follow_redirects=False
    )
    assert wrong.status_code == 403 and SESSION_COOKIE not in client.cookies


def test_the_form_token_lives_in_a_strict_cookie_and_the_form(
    client: TestClient, tenant: Tenant
) -> None:
    form = client.get("/runs")
    cookie = form.headers["set-cookie"]

    assert f"{CSRF_COOKIE}={form_token(form.text)}" in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/runs/sign-in" in cookie
    same_site = {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"}
    signed_in = client.post(
        "/runs/sign-in",
        data={"key": tenant.api_key, "csrf": form_token(form.text)},
        headers=same_site,
        follow_redirects=False,
    )
    assert signed_in.status_code == 303 and SESSION_COOKIE in client.cookies


def test_another_site_cannot_sign_a_browser_out(client: TestClient, tenant: Tenant) -> None:
    sign_in(client, tenant.api_key)
    forged = client.post(
        "/runs/sign-out", headers={"Sec-Fetch-Site": "cross-site"}, follow_redirects=False
    )

    assert forged.status_code == 403
    assert client.get("/runs").status_code == 200


# --- item 6: keys redacted from every log line after percent-decoding -------------------------


@pytest.mark.parametrize(
    "target",
    [
        "/runs?key={key}",
        "/runs?key={encoded}",
        "/runs?%6Bey={encoded}",
        "/runs?x=1&k%65y={double}",
        "/anything/{encoded}",
    ],
)
def test_access_log_lines_never_carry_a_key(target: str) -> None:
    key = "rqs_" + "AbC-dEf_0123456789" * 2
    path = target.format(
        key=key,
        encoded=key.replace("_", "%5F", 1),
        double=key.replace("_", "%255F").replace("-", "%252D"),
    )
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", path, "1.1", 401),
        None,
    )

    assert RedactSecrets().filter(record)

    line = record.getMessage()
    assert "AbC-dEf" not in line and "0123456789" not in line
    assert "[REDACTED]" in line
