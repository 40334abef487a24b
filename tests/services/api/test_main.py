"""The app as main.py assembles it: the OpenAPI description's routes, tags and auth, and the
connect routes following the provider registry."""

from __future__ import annotations

from fastapi.testclient import TestClient

from schemas.contracts.models import Provider
from services.fetcher.providers.registry import PROVIDERS, Connection, connected_by
from tests.services.api.connect_fixtures import *  # noqa: F403  (its fixtures: pytest finds them by name)
from tests.services.api.connect_fixtures import (
    CONNECT_TEST_MARKS,
    Tenant,
)

pytestmark = CONNECT_TEST_MARKS


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
