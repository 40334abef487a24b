"""The integrations routes on real PostgreSQL: API keys, tenant isolation, IMAP create, list,
reconnect and disconnect, invalid bodies; no secret in any response."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from services.db.models import ApiKey
from services.db.session import transaction
from tests.services.api.connect_fixtures import *  # noqa: F403  (its fixtures: pytest finds them by name)
from tests.services.api.connect_fixtures import (
    CONNECT_TEST_MARKS,
    IMAP_PASSWORD,
    Tenant,
    assert_no_secrets,
    decrypt,
    integration_row,
)

pytestmark = CONNECT_TEST_MARKS


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
