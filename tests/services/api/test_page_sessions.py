"""Issue 12's page sign-in on real PostgreSQL: the run-history page takes a read-only session from
the sign-in form, never a key in the URL; sessions end with the key, expire and sign out;
another site cannot sign a browser in or out (login CSRF)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from services.api.routes.pages import CSRF_COOKIE, SESSION_COOKIE
from services.db import api_keys, api_sessions
from services.db.session import transaction
from services.db.tokens import hash_token
from tests.services.api.connect_fixtures import *  # noqa: F403  (its fixtures: pytest finds them by name)
from tests.services.api.connect_fixtures import (
    CONNECT_TEST_MARKS,
    Tenant,
)
from tests.services.api.page_sign_in import form_token, sign_in

pytestmark = CONNECT_TEST_MARKS


def session_cookie(token: str) -> dict[str, str]:
    """A Cookie header (TestClient's per-request cookies are deprecated); it wins over the jar."""
    return {"Cookie": f"{SESSION_COOKIE}={token}"}


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
