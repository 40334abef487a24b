"""The integrations API on real PostgreSQL: API keys, tenant isolation, Gmail and Outlook connect
through local identity providers, IMAP, disconnect, and no secret in any response or log line."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient
from pydantic import ValidationError
from pytest_httpserver import HTTPServer
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import Provider
from services.api.main import build_app
from services.api.redact import RedactSecrets
from services.api.routes.oauth import BAD_STATE
from services.api.settings import ApiSettings
from services.common.crypto import CredentialCipher
from services.db import api_keys, oauth_states
from services.db.models import ApiKey, EmailIntegration
from services.db.session import transaction
from services.demo.run import free_port
from services.demo.seed import DemoIds
from services.fetcher.providers.registry import PROVIDERS, Connection, connected_by
from tests.pipeline_fixtures import new_tenant
from tests.providers.google_identity import LocalGoogleIdentity
from tests.providers.identity_server import (
    CLIENT_ID,
    CLIENT_SECRET,
    LocalIdentityProvider,
    ca_pem_file,
    clean_tls_env,
    client_ssl_context,
    https_server,
    https_server_session,
    httpserver_ssl_context,
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
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.usefixtures("clean_tls_env"),
    # the API filters this MSAL warning at import; pytest resets filters per test
    pytest.mark.filterwarnings("ignore:response_mode='form_post' is recommended"),
]

KEY = Fernet.generate_key()
GOOGLE_CLIENT_ID = "google-client.apps.test"
GOOGLE_CLIENT_SECRET = "google-client-secret"  # noqa: S105  (test value)
GOOGLE_EMAIL = "Recruiter@Gmail.test"
# sample secrets for the log filter's test; the fakes issue random ones
GOOGLE_CODE = "4/google-auth-code"
GOOGLE_ACCESS = "ya29.google-access-token"
GOOGLE_REFRESH = "1//google-refresh-token"
IMAP_PASSWORD = "imap-pa55word"  # noqa: S105  (test value)
REDIRECT_GMAIL = "http://testserver/oauth/gmail/callback"


class Tenant:
    """A tenant with a user, a maildir integration and an API key."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.ids: DemoIds = new_tenant(sessions, mailbox=None, roles=["java developer"])
        with transaction(sessions) as session:
            self.api_key, _ = api_keys.create_api_key(
                session, tenant_id=self.ids.tenant_id, name="tests"
            )

    @property
    def headers(self) -> dict[str, str]:
        return {"X-API-Key": self.api_key}


@pytest.fixture
def google_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        yield server
        server.check_handler_errors()
    finally:
        server.clear()
        server.stop()


@pytest.fixture
def google(google_server: HTTPServer) -> LocalGoogleIdentity:
    """Google's authorize and token endpoints (PKCE checked), signing in GOOGLE_EMAIL."""
    return LocalGoogleIdentity(
        google_server,
        client_id=GOOGLE_CLIENT_ID,
        client_secret=GOOGLE_CLIENT_SECRET,
        email=GOOGLE_EMAIL,
    )


@pytest.fixture
def idp(https_server: HTTPServer) -> LocalIdentityProvider:
    return LocalIdentityProvider(https_server)


@pytest.fixture
def settings(
    prepared: tuple[str, str],
    google: LocalGoogleIdentity,
    idp: LocalIdentityProvider,
    ca_pem_file: str,
) -> ApiSettings:
    return ApiSettings(
        database_url=prepared[1],
        token_encryption_keys=KEY.decode(),
        environment="test",
        public_base_url="http://testserver/",
        google_client_id=GOOGLE_CLIENT_ID,
        google_client_secret=GOOGLE_CLIENT_SECRET,
        google_auth_uri=google.auth_uri,
        google_token_uri=google.token_uri,
        microsoft_client_id=CLIENT_ID,
        microsoft_client_secret=CLIENT_SECRET,
        microsoft_authority=idp.authority,
        ca_file=ca_pem_file,
    )


@pytest.fixture
def client(settings: ApiSettings, sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    with TestClient(build_app(settings, sessions=sessions)) as test_client:
        yield test_client


@pytest.fixture
def tenant(sessions: sessionmaker[Session]) -> Tenant:
    return Tenant(sessions)


@pytest.fixture
def other(sessions: sessionmaker[Session]) -> Tenant:
    return Tenant(sessions)


@pytest.fixture
def no_secret_logged(
    caplog: pytest.LogCaptureFixture, google: LocalGoogleIdentity
) -> Iterator[Callable[[list[str]], None]]:
    """Everything logged at any level during the test; at the end no watched secret (the
    defaults, what Google issued, and those the test adds) may appear in it."""
    caplog.set_level(logging.DEBUG)
    watched: list[str] = [IMAP_PASSWORD]

    def watch(more: list[str]) -> None:
        watched.extend(more)

    yield watch
    watched.extend(google_secrets(google))
    text = caplog.text
    for secret in watched:
        assert secret not in text, "a secret reached the logs"


def integration_row(sessions: sessionmaker[Session], integration_id: int) -> EmailIntegration:
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, integration_id)
        assert row is not None
        return row


def decrypt(row: EmailIntegration) -> dict[str, Any]:
    assert row.credentials_encrypted is not None
    return CredentialCipher([KEY]).decrypt(row.credentials_encrypted)


def google_secrets(google: LocalGoogleIdentity) -> list[str]:
    return [*google.issued_codes, *google.issued_access_tokens, *google.issued_refresh_tokens]


def start_connect(client: TestClient, tenant: Tenant, provider: str) -> str:
    """The API-key step: the URL the tenant's portal sends the user's browser to."""
    connect = client.get(
        f"/integrations/connect/{provider}?user_id={tenant.ids.user_id}", headers=tenant.headers
    )
    assert connect.status_code == 200, connect.text
    url: str = connect.json()["authorization_url"]
    return url


def open_start(browser: TestClient, start_url: str) -> str:
    """The browser opens the start URL: binds itself, and is sent on to the provider."""
    started = browser.get(start_url, follow_redirects=False)
    assert started.status_code == 302, started.text
    location: str = started.headers["location"]
    return location


def consent(authorization_url: str, ca_pem_file: str) -> dict[str, str]:
    """The provider signs the user in and redirects back: the callback's query."""
    browser = msal_session(ca_pem_file)  # trusts the local CA; Google's fake is plain HTTP
    try:
        answer = browser.get(authorization_url, allow_redirects=False)
    finally:
        browser.close()
    assert answer.status_code == 302, answer.text
    return dict(parse_qsl(urlsplit(answer.headers["Location"]).query))


def assert_no_secrets(text: str, *secrets: str) -> None:
    for secret in (GOOGLE_CODE, GOOGLE_ACCESS, GOOGLE_REFRESH, IMAP_PASSWORD, *secrets):
        assert secret not in text


# --- authentication and isolation ------------------------------------------------------------


def test_health_needs_no_key(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_every_integration_route_needs_a_valid_api_key(
    client: TestClient, tenant: Tenant, sessions: sessionmaker[Session]
) -> None:
    user = tenant.ids.user_id
    routes = [
        ("GET", "/integrations"),
        ("GET", f"/integrations/connect/gmail?user_id={user}"),
        ("DELETE", f"/integrations/{tenant.ids.integration_id}"),
        ("POST", "/integrations/imap"),
    ]
    for method, path in routes:
        assert client.request(method, path).status_code == 401
        bad = client.request(method, path, headers={"X-API-Key": tenant.api_key + "x"})
        assert bad.status_code == 401
        assert bad.headers["www-authenticate"] == "Bearer"

    bearer = client.get("/integrations", headers={"Authorization": f"Bearer {tenant.api_key}"})
    assert bearer.status_code == 200
    with transaction(sessions) as session:
        session.execute(
            update(ApiKey)
            .where(ApiKey.tenant_id == tenant.ids.tenant_id)
            .values(revoked_at=datetime.now(UTC))
        )
    assert client.get("/integrations", headers=tenant.headers).status_code == 401


def test_tenants_cannot_reach_each_others_users_or_integrations(
    client: TestClient, tenant: Tenant, other: Tenant, sessions: sessionmaker[Session]
) -> None:
    connect = client.get(
        f"/integrations/connect/gmail?user_id={other.ids.user_id}", headers=tenant.headers
    )
    imap = client.post(
        "/integrations/imap",
        headers=tenant.headers,
        json={
            "user_id": other.ids.user_id,
            "host": "imap.test",
            "port": 993,
            "username": "u",
            "password": IMAP_PASSWORD,
        },
    )
    delete = client.delete(f"/integrations/{other.ids.integration_id}", headers=tenant.headers)
    listed = client.get("/integrations", headers=tenant.headers).json()

    assert connect.status_code == imap.status_code == delete.status_code == 404
    assert integration_row(sessions, other.ids.integration_id).is_active
    assert [item["id"] for item in listed] == [tenant.ids.integration_id]
    assert_no_secrets(imap.text)


# --- Gmail -------------------------------------------------------------------------------------


def test_gmail_connect_then_callback_stores_encrypted_credentials(
    client: TestClient,
    tenant: Tenant,
    sessions: sessionmaker[Session],
    google: LocalGoogleIdentity,
    ca_pem_file: str,
    no_secret_logged: Callable[[list[str]], None],
) -> None:
    no_secret_logged([tenant.api_key])
    start_url = start_connect(client, tenant, "gmail")
    start = urlsplit(start_url)
    assert f"{start.scheme}://{start.netloc}{start.path}" == "http://testserver/oauth/gmail/start"
    state = parse_qs(start.query)["state"][0]

    authorization_url = open_start(client, start_url)
    url = urlsplit(authorization_url)
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert f"{url.scheme}://{url.netloc}{url.path}" == google.auth_uri
    assert query == {
        "response_type": "code",
        "client_id": GOOGLE_CLIENT_ID,
        "redirect_uri": REDIRECT_GMAIL,
        "scope": "openid email https://www.googleapis.com/auth/gmail.readonly",
        "access_type": "offline",
        "prompt": "consent",
        "state": state,
        "code_challenge": query["code_challenge"],
        "code_challenge_method": "S256",
    }
    params = consent(authorization_url, ca_pem_file)

    callback = client.get("/oauth/gmail/callback", params=params)
    replay = client.get("/oauth/gmail/callback", params=params)

    assert callback.status_code == 200, callback.text
    assert callback.json() == {
        "integration_id": callback.json()["integration_id"],
        "provider": "gmail",
        "account_email": "recruiter@gmail.test",
    }
    assert replay.status_code == 400
    row = integration_row(sessions, callback.json()["integration_id"])
    assert (row.tenant_id, row.user_id, row.provider) == (
        tenant.ids.tenant_id,
        tenant.ids.user_id,
        "gmail",
    )
    assert row.is_active and row.account_email == "recruiter@gmail.test"
    assert row.credentials_encrypted is not None
    assert_no_secrets(row.credentials_encrypted, *google_secrets(google))
    stored = decrypt(row)
    assert stored["refresh_token"] == google.issued_refresh_tokens[0]
    assert stored["token"] == google.issued_access_tokens[0]
    assert stored["scopes"] == ["https://www.googleapis.com/auth/gmail.readonly"]
    assert datetime.fromisoformat(stored["expiry"]) > datetime.now(UTC) + timedelta(minutes=50)
    assert len(google.token_requests) == 1  # the replay never reached Google
    assert google.token_requests[0]["code_verifier"]
    for response in (callback, replay):
        assert_no_secrets(response.text, *google_secrets(google))


def test_gmail_callback_rejects_bad_expired_and_foreign_states(
    client: TestClient, tenant: Tenant, sessions: sessionmaker[Session], google: LocalGoogleIdentity
) -> None:
    long_ago = datetime.now(UTC) - oauth_states.OAUTH_STATE_TTL - timedelta(seconds=1)
    with transaction(sessions) as session:
        expired = oauth_states.create_oauth_state(
            session,
            tenant_id=tenant.ids.tenant_id,
            user_id=tenant.ids.user_id,
            provider="gmail",
            now=long_ago,
        )
        outlook_state = oauth_states.create_oauth_state(
            session,
            tenant_id=tenant.ids.tenant_id,
            user_id=tenant.ids.user_id,
            provider="outlook",
            now=datetime.now(UTC),
        )

    for state in ("", "made-up", expired, outlook_state):
        started = client.get("/oauth/gmail/start", params={"state": state})
        response = client.get("/oauth/gmail/callback", params={"code": GOOGLE_CODE, "state": state})
        assert started.status_code == response.status_code == 400
        assert response.json() == {"detail": BAD_STATE}
    assert google.token_requests == []


def test_a_refused_code_is_400_and_burns_the_state(
    client: TestClient,
    tenant: Tenant,
    google: LocalGoogleIdentity,
    ca_pem_file: str,
    no_secret_logged: Callable[[list[str]], None],
) -> None:
    params = consent(open_start(client, start_connect(client, tenant, "gmail")), ca_pem_file)

    refused = client.get("/oauth/gmail/callback", params={**params, "code": "4/wrong-code"})
    retried = client.get("/oauth/gmail/callback", params=params)

    assert refused.status_code == 400
    assert refused.json() == {"detail": "the provider refused the authorization (invalid_grant)"}
    assert retried.status_code == 400
    assert "4/wrong-code" not in refused.text


def test_a_declined_consent_is_400(client: TestClient, tenant: Tenant) -> None:
    authorization_url = open_start(client, start_connect(client, tenant, "gmail"))
    state = parse_qs(urlsplit(authorization_url).query)["state"][0]

    declined = client.get(
        "/oauth/gmail/callback", params={"error": "access_denied", "state": state}
    )

    assert declined.status_code == 400
    assert declined.json() == {"detail": "authorization was not granted"}


# --- Outlook -----------------------------------------------------------------------------------


def test_outlook_connect_then_callback_stores_the_msal_cache(
    client: TestClient,
    tenant: Tenant,
    sessions: sessionmaker[Session],
    idp: LocalIdentityProvider,
    ca_pem_file: str,
    no_secret_logged: Callable[[list[str]], None],
) -> None:
    auth_uri = open_start(client, start_connect(client, tenant, "outlook"))
    assert auth_uri.startswith(f"{idp.authority}/oauth2/v2.0/authorize?")
    assert parse_qs(urlsplit(auth_uri).query)["code_challenge_method"] == ["S256"]
    # the user's browser: sign in at the identity provider, get redirected with code and state
    params = consent(auth_uri, ca_pem_file)

    callback = client.get("/oauth/outlook/callback", params=params)
    replay = client.get("/oauth/outlook/callback", params=params)

    assert callback.status_code == 200, callback.text
    assert callback.json()["provider"] == "outlook"
    assert replay.status_code == 400
    row = integration_row(sessions, callback.json()["integration_id"])
    assert row.account_email == idp.user.preferred_username
    stored = decrypt(row)
    assert stored["account_id"] == idp.user.home_account_id
    refresh_tokens = read_cache_secrets(stored["token_cache"], "RefreshToken")
    assert refresh_tokens == idp.issued_refresh_tokens
    assert row.credentials_encrypted is not None
    no_secret_logged([params["code"], *refresh_tokens, *idp.issued_access_tokens])
    for text in (row.credentials_encrypted, callback.text, replay.text):
        assert_no_secrets(text, params["code"], *refresh_tokens, *idp.issued_access_tokens)


def test_outlook_connect_with_the_identity_provider_down_is_502(
    settings: ApiSettings, sessions: sessionmaker[Session], tenant: Tenant
) -> None:
    nobody_listens = settings.model_copy(
        update={"microsoft_authority": f"https://localhost:{free_port()}/tenant"}
    )

    with TestClient(build_app(nobody_listens, sessions=sessions)) as down:
        response = down.get(start_connect(down, tenant, "outlook"), follow_redirects=False)

    assert response.status_code == 502
    assert "set-cookie" not in response.headers
    assert response.json() == {"detail": "identity provider unavailable"}


# --- IMAP, listing, disconnect --------------------------------------------------------------------


def imap_body(user_id: int, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "user_id": user_id,
        "host": "imap.example.test",
        "port": 993,
        "username": "recruiter@example.test",
        "password": IMAP_PASSWORD,
    }
    body.update(overrides)
    return body


def test_imap_create_list_and_disconnect(
    client: TestClient,
    tenant: Tenant,
    sessions: sessionmaker[Session],
    no_secret_logged: Callable[[list[str]], None],
) -> None:
    created = client.post(
        "/integrations/imap", headers=tenant.headers, json=imap_body(tenant.ids.user_id)
    )

    assert created.status_code == 201, created.text
    body = created.json()
    assert body["provider"] == "imap" and body["status"] == "active" and body["has_credentials"]
    assert body["config"] == {
        "host": "imap.example.test",
        "port": 993,
        "username": "recruiter@example.test",
        "use_tls": True,
        "folder": "INBOX",
    }
    row = integration_row(sessions, body["id"])
    assert decrypt(row) == {"password": IMAP_PASSWORD}
    listed = client.get("/integrations", headers=tenant.headers)
    assert [item["id"] for item in listed.json()] == [tenant.ids.integration_id, body["id"]]
    # a password does not lapse
    assert listed.json()[1]["health"]["token_health"] == "ok"
    assert listed.json()[1]["health"]["token_lapses_at"] is None
    assert listed.json()[1]["stats"] == {
        "emails_processed": 0,
        "jobs_created": 0,
        "last_synced_at": None,
        "last_sync_status": None,
        "last_sync_error": None,
    }

    deleted = client.delete(f"/integrations/{body['id']}", headers=tenant.headers)

    assert deleted.status_code == 204
    row = integration_row(sessions, body["id"])
    assert not row.is_active and row.disconnected_at is not None
    assert row.credentials_encrypted is None
    after = client.get("/integrations", headers=tenant.headers).json()[1]
    assert after["status"] == "disconnected" and not after["has_credentials"]
    assert after["health"]["token_health"] == "none"
    for response in (created, listed, deleted):
        assert_no_secrets(response.text)


def test_reconnecting_the_same_mailbox_revives_its_integration(
    client: TestClient, tenant: Tenant, sessions: sessionmaker[Session]
) -> None:
    first = client.post(
        "/integrations/imap", headers=tenant.headers, json=imap_body(tenant.ids.user_id)
    ).json()
    client.delete(f"/integrations/{first['id']}", headers=tenant.headers)

    again = client.post(
        "/integrations/imap",
        headers=tenant.headers,
        json=imap_body(tenant.ids.user_id, password="new-pa55", username="Recruiter@Example.test"),
    ).json()

    assert again["id"] == first["id"] and again["status"] == "active"
    assert decrypt(integration_row(sessions, first["id"])) == {"password": "new-pa55"}


def test_invalid_bodies_are_422_without_echoing_the_input(
    client: TestClient, tenant: Tenant
) -> None:
    missing_user = imap_body(tenant.ids.user_id)
    del missing_user["user_id"]

    for body in (missing_user, imap_body(tenant.ids.user_id, port=70000)):
        response = client.post("/integrations/imap", headers=tenant.headers, json=body)
        assert response.status_code == 422
        assert_no_secrets(response.text)
        assert "input" not in response.json()["detail"][0]


def test_openapi_lists_the_routes_with_tags_and_auth(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()

    connect = spec["paths"]["/integrations/connect/{provider}"]["get"]
    assert connect["tags"] == ["integrations"] and connect["summary"] == "Connect"
    assert {"APIKeyHeader": []} in connect["security"]
    assert spec["paths"]["/oauth/{provider}/callback"]["get"]["tags"] == ["oauth"]
    assert "security" not in spec["paths"]["/oauth/{provider}/callback"]["get"]


def test_connect_routes_follow_the_provider_registry(client: TestClient, tenant: Tenant) -> None:
    spec = client.get("/openapi.json").json()
    # the API names providers by the contract's enum, which lists every registry entry
    assert spec["components"]["schemas"]["Provider"]["enum"] == [p.value for p in PROVIDERS]
    context = client.app.state.context  # type: ignore[attr-defined]  # Starlette's app is untyped here
    assert set(context.oauth) == set(connected_by(Connection.OAUTH))
    for provider in (p for p in Provider if p not in connected_by(Connection.OAUTH)):
        connect = client.get(
            f"/integrations/connect/{provider}?user_id={tenant.ids.user_id}",
            headers=tenant.headers,
        )
        start = client.get(f"/oauth/{provider}/start?state=s", follow_redirects=False)
        callback = client.get(f"/oauth/{provider}/callback?state=s&code=c")
        assert connect.status_code == start.status_code == callback.status_code == 404, provider
        assert connect.json() == {"detail": f"{provider} is not connected by OAuth"}
    assert client.get("/oauth/yahoo/callback?state=s&code=c").status_code == 422


# --- settings and log redaction ---------------------------------------------------------------


def test_settings_refuse_placeholder_secrets_outside_development() -> None:
    common: dict[str, Any] = {
        "database_url": "postgresql://localhost/x",
        "token_encryption_keys": KEY.decode(),
        "google_client_secret": "changeme",
    }

    with pytest.raises(ValidationError, match="API_GOOGLE_CLIENT_SECRET is a placeholder"):
        ApiSettings(**common, environment="production")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ApiSettings(**common, environment="development")
    assert any("placeholder" in str(w.message) for w in caught)


def test_settings_refuse_bad_keys_without_printing_them() -> None:
    with pytest.raises(ValidationError) as caught:
        ApiSettings(
            database_url="postgresql://localhost/x",
            token_encryption_keys=f"{KEY.decode()},changeme",
        )

    assert "key #2 is not a Fernet key" in str(caught.value)
    assert KEY.decode() not in str(caught.value) and "changeme" not in str(caught.value)


def test_the_log_filter_redacts_codes_tokens_and_keys() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        (
            "127.0.0.1:5000",
            "GET",
            f"/oauth/gmail/callback?code={GOOGLE_CODE}&state=s3cr3t",
            "1.1",
            200,
        ),
        None,
    )
    other = logging.LogRecord(
        "x",
        logging.INFO,
        __file__,
        1,
        "body %s key %s",
        ({"refresh_token": GOOGLE_REFRESH, "password": IMAP_PASSWORD}, "rqs_abcDEF123_-x"),
        None,
    )

    for item in (record, other):
        assert RedactSecrets().filter(item)
    assert record.getMessage() == (
        '127.0.0.1:5000 - "GET /oauth/gmail/callback?code=[REDACTED]&state=[REDACTED] HTTP/1.1" 200'
    )
    assert_no_secrets(other.getMessage(), "abcDEF123")
