"""The integrations API's test set-up: the app on real PostgreSQL with local Google and Microsoft
identity providers, tenants with an API key, and the steps of an OAuth connect. Test modules
import the fixtures by name (pytest finds fixtures in the test module's namespace)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient
from pytest_httpserver import HTTPServer
from sqlalchemy.orm import Session, sessionmaker

from services.api.main import build_app
from services.api.settings import ApiSettings
from services.common.crypto import CredentialCipher
from services.db import api_keys
from services.db.models import EmailIntegration
from services.db.session import transaction
from services.demo.seed import DemoIds
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
    trustme_ca,
)

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
def attacker(settings: ApiSettings, sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    """Another browser: its own cookie jar."""
    with TestClient(build_app(settings, sessions=sessions)) as browser:
        yield browser


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


# what every connect test module carries: PostgreSQL, no CA-bundle variables, and MSAL's
# form_post warning filtered (the API filters it at import; pytest resets filters per test)
CONNECT_TEST_MARKS = [
    pytest.mark.postgres,
    pytest.mark.usefixtures("clean_tls_env"),
    pytest.mark.filterwarnings("ignore:response_mode='form_post' is recommended"),
]

# the fixtures ``from tests.services.api.connect_fixtures import *`` puts in a test module, where
# pytest finds them by name (the local identity provider's TLS fixtures included)
__all__ = [
    "attacker",
    "ca_pem_file",
    "clean_tls_env",
    "client",
    "client_ssl_context",
    "google",
    "google_server",
    "https_server",
    "https_server_session",
    "httpserver_ssl_context",
    "idp",
    "no_secret_logged",
    "other",
    "settings",
    "tenant",
    "trustme_ca",
]
