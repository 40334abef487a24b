"""Issue 12's API keys on real PostgreSQL: a tenant lists and revokes its own keys only (by the
API and the CLI), revocation is immediate, expired keys are refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from services.cli import apikeys
from services.db import api_keys
from services.db.models import ApiKey
from services.db.session import transaction
from tests.services.api.connect_fixtures import *  # noqa: F403  (its fixtures: pytest finds them by name)
from tests.services.api.connect_fixtures import (
    CONNECT_TEST_MARKS,
    Tenant,
)

pytestmark = CONNECT_TEST_MARKS


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
