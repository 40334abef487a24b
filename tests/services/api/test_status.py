"""The status API on real PostgreSQL: every endpoint needs an API key, another tenant's
integration, run and job are 404, an integration's status, and the OpenAPI document."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from services.db.models import EmailIntegration
from services.db.session import transaction
from services.demo.seed import DemoIds
from tests.services.api.api_app import headers
from tests.services.api.status_fixtures import (
    T0,
    client,
    other,
    seed_failed_run,
    seed_run,
    tenant,
)

# pytest finds fixtures by name in this module's namespace
FIXTURES = (client, other, tenant)
pytestmark = [pytest.mark.postgres]


# --- auth and isolation -------------------------------------------------------------------------


def test_every_status_endpoint_needs_an_api_key(client: TestClient, tenant: DemoIds) -> None:
    calls = [
        ("GET", f"/integrations/{tenant.integration_id}"),
        ("POST", f"/integrations/{tenant.integration_id}/sync"),
        ("GET", "/syncs"),
        ("GET", f"/syncs/{uuid.uuid4()}"),
        ("GET", "/jobs/1"),
    ]
    for method, path in calls:
        for auth in ({}, {"X-API-Key": "rqs_not-a-key"}, {"Authorization": "Bearer rqs_nope"}):
            response = client.request(method, path, headers=auth)
            assert response.status_code == 401, (method, path, auth)
            assert response.json() == {"detail": "missing or invalid API key"}


def test_another_tenants_integration_run_and_job_are_404(
    client: TestClient, sessions: sessionmaker[Session], tenant: DemoIds, other: DemoIds
) -> None:
    theirs = seed_run(sessions, other)

    calls = [
        ("GET", f"/integrations/{other.integration_id}"),
        ("GET", f"/syncs/{theirs.sync_id}"),
        ("GET", f"/jobs/{theirs.job_ids[0]}"),
        ("GET", f"/syncs/{uuid.uuid4()}"),
        ("GET", "/jobs/999999999"),
        ("GET", "/integrations/999999999"),
    ]
    for method, path in calls:
        response = client.request(method, path, headers=headers(tenant))
        assert response.status_code == 404, path
    listed = client.get(
        "/syncs", params={"integration_id": other.integration_id}, headers=headers(tenant)
    )
    assert listed.status_code == 200
    assert listed.json() == []
    # the owner sees them
    for path in (f"/syncs/{theirs.sync_id}", f"/jobs/{theirs.job_ids[0]}"):
        assert client.get(path, headers=headers(other)).status_code == 200


# --- integration status -------------------------------------------------------------------------


def test_integration_status_has_stats_and_no_secrets(
    client: TestClient, sessions: sessionmaker[Session], tenant: DemoIds
) -> None:
    seed_run(sessions, tenant)
    seed_failed_run(
        sessions,
        tenant,
        started_at=T0 + timedelta(minutes=15),
        message="Provider unavailable after retries: timeout",
    )
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, tenant.integration_id)
        assert row is not None
        row.credentials_encrypted = "gAAAA-encrypted-secret"
        row.config = {"path": "/secret/place"}

    response = client.get(f"/integrations/{tenant.integration_id}", headers=headers(tenant))

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == tenant.integration_id
    assert body["status"] == "active"
    assert body["is_active"] is True
    assert body["last_sync_status"] == "failed"
    assert body["last_sync_error"] == "Provider unavailable after retries: timeout"
    assert body["emails_processed_count"] == 3
    assert body["jobs_created_count"] == 2
    assert datetime.fromisoformat(body["last_synced_at"]) == T0 + timedelta(minutes=15, seconds=3)
    assert "credentials_encrypted" not in body
    assert "config" not in body
    assert "gAAAA" not in response.text
    assert "/secret/place" not in response.text


# --- OpenAPI ------------------------------------------------------------------------------------

NEW_OPERATIONS = {
    ("/integrations/{integration_id}", "get"): "IntegrationStatus",
    ("/integrations/{integration_id}/sync", "post"): "SyncAccepted",
    ("/syncs", "get"): "SyncRunSummary",
    ("/syncs/{sync_id}", "get"): "SyncRunDetail",
    ("/jobs/{job_id}", "get"): "JobPostingPublic",
}


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_openapi_documents_the_status_api(client: TestClient) -> None:
    response = client.get("/openapi.json")

    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "reqstream API"
    schemas = spec["components"]["schemas"]
    # every reference resolves
    for ref in _refs(spec):
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[1] in schemas, ref
    for (path, method), model in NEW_OPERATIONS.items():
        operation = spec["paths"][path][method]
        assert operation["summary"], path
        assert operation["description"].strip().endswith("."), path
        success = next(code for code in operation["responses"] if code.startswith("2"))
        schema = operation["responses"][success]["content"]["application/json"]["schema"]
        assert f"#/components/schemas/{model}" in set(_refs(schema)), path
        assert operation["security"], f"{path} must declare the API-key schemes"
        if "{" in path:
            assert "404" in operation["responses"], path
    # the per-email outcome and its job links are part of the documented schema
    email = schemas["SyncEmail"]["properties"]
    assert {"result", "skip_reason", "category", "confidence", "job_ids", "jobs"} <= set(email)
    assert set(schemas["EmailOutcome"]["enum"]) == {"job_created", "skipped", "failed", "pending"}
    assert "credentials_encrypted" not in schemas["IntegrationStatus"]["properties"]
    page = spec["paths"]["/runs"]["get"]
    assert "text/html" in page["responses"]["200"]["content"]
    # browsers sign in for a session cookie; no key in the URL (issue 12)
    assert not any(p["name"] == "key" for p in page.get("parameters", []))
    assert spec["components"]["securitySchemes"]["APIKeyCookie"]["in"] == "cookie"
