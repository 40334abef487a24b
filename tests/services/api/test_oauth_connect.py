"""Gmail and Outlook connect through local identity providers: the portal's connect call, the
browser's start and consent, the callback storing encrypted credentials, and every refusal;
no secret in any response or log line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from services.api.main import build_app
from services.api.routes.oauth import BAD_STATE
from services.api.settings import ApiSettings
from services.db import oauth_states
from services.db.session import transaction
from services.demo.run import free_port
from tests.providers.google_identity import LocalGoogleIdentity
from tests.providers.identity_server import (
    LocalIdentityProvider,
    read_cache_secrets,
)
from tests.services.api.connect_fixtures import *  # noqa: F403  (its fixtures: pytest finds them by name)
from tests.services.api.connect_fixtures import (
    CONNECT_TEST_MARKS,
    GOOGLE_CLIENT_ID,
    GOOGLE_CODE,
    REDIRECT_GMAIL,
    Tenant,
    assert_no_secrets,
    consent,
    decrypt,
    google_secrets,
    integration_row,
    open_start,
    start_connect,
)

pytestmark = CONNECT_TEST_MARKS


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
