"""Sync runs and job postings through the status API on real PostgreSQL: runs newest first with
counts and timings, each email's outcome and its job links, a job posting."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

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


# --- sync runs ----------------------------------------------------------------------------------


def test_syncs_are_listed_newest_first_with_counts_and_timings(
    client: TestClient, sessions: sessionmaker[Session], tenant: DemoIds, other: DemoIds
) -> None:
    older = seed_run(sessions, tenant, started_at=T0)
    failed = seed_failed_run(
        sessions, tenant, started_at=T0 + timedelta(minutes=15), message="boom"
    )
    seed_run(sessions, other, started_at=T0 + timedelta(minutes=30))

    response = client.get("/syncs", headers=headers(tenant))

    assert response.status_code == 200
    runs = response.json()
    assert [run["sync_id"] for run in runs] == [str(failed), str(older.sync_id)]
    assert runs[0]["status"] == "failed"
    assert runs[0]["message"] == "boom"
    success = runs[1]
    assert success["status"] == "success"
    assert success["manual_trigger"] is True
    assert success["integration_id"] == tenant.integration_id
    assert (success["emails_found"], success["emails_processed"]) == (4, 3)
    assert (success["jobs_created"], success["emails_failed"]) == (2, 1)
    assert success["duration_seconds"] == 5.0
    assert datetime.fromisoformat(success["started_at"]) == T0

    limited = client.get("/syncs", params={"limit": 1}, headers=headers(tenant)).json()
    assert [run["sync_id"] for run in limited] == [str(failed)]
    filtered = client.get(
        "/syncs", params={"integration_id": tenant.integration_id}, headers=headers(tenant)
    ).json()
    assert len(filtered) == 2
    assert client.get("/syncs", params={"limit": 0}, headers=headers(tenant)).status_code == 422


def test_a_run_shows_the_outcome_of_each_email_and_its_job_links(
    client: TestClient, sessions: sessionmaker[Session], tenant: DemoIds
) -> None:
    run = seed_run(sessions, tenant)

    response = client.get(f"/syncs/{run.sync_id}", headers=headers(tenant))

    assert response.status_code == 200
    body = response.json()
    assert body["sync_id"] == str(run.sync_id)
    assert body["status"] == "success"
    emails = {email["provider_message_id"]: email for email in body["emails"]}
    assert set(emails) == set(run.message_ids.values())
    # received order, pending (no ledger row) last
    assert body["emails"][-1]["provider_message_id"] == run.message_ids["pending"]

    created = emails[run.message_ids["job_created"]]
    assert created["result"] == "job_created"
    assert created["subject"] == "Role: Sr Java Developer · Dallas, TX · C2C"
    assert created["sender"] == "vendor@vendor.test"
    assert created["category"] == "job_requirement"
    assert created["confidence"] == pytest.approx(0.93)
    assert created["job_ids"] == run.job_ids
    assert created["jobs"] == [{"id": i, "href": f"/jobs/{i}"} for i in run.job_ids]

    skipped = emails[run.message_ids["skipped"]]
    assert (skipped["result"], skipped["skip_reason"]) == ("skipped", "not_job")
    assert skipped["category"] == "hotlist"
    assert skipped["job_ids"] == []
    failed = emails[run.message_ids["failed"]]
    assert (failed["result"], failed["skip_reason"]) == ("failed", "AI parsing failed")
    pending = emails[run.message_ids["pending"]]
    assert pending["result"] == "pending"
    assert pending["subject"] is None
    assert pending["received_at"] is None

    # the links resolve
    job = client.get(created["jobs"][1]["href"], headers=headers(tenant))
    assert job.status_code == 200
    assert job.json()["title"] == "Java Lead"


def test_a_job_posting(
    client: TestClient, sessions: sessionmaker[Session], tenant: DemoIds
) -> None:
    run = seed_run(sessions, tenant)

    response = client.get(f"/jobs/{run.job_ids[0]}", headers=headers(tenant))

    assert response.status_code == 200
    job = response.json()
    assert job["id"] == run.job_ids[0]
    assert job["title"] == "Sr Java Developer"
    assert job["integration_id"] == tenant.integration_id
    assert job["provider_message_id"] == run.message_ids["job_created"]
    assert job["skills"] == ["java", "spring"]
    assert job["visa"] == ["usc", "gc"]
