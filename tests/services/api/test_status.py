"""The status API on real PostgreSQL (and Kafka for the manual trigger): integration status,
sync runs with per-email outcomes, jobs, tenant isolation, the OpenAPI document."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from confluent_kafka import Consumer, TopicPartition
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.codec import get_codec
from schemas.contracts.models import SyncRequested
from schemas.contracts.topics import Topic
from services.api.main import build_app
from services.api.settings import ApiSettings
from services.db.integration_counters import add_to_counters
from services.db.models import (
    EmailIntegration,
    JobPosting,
    ProcessedEmail,
    SyncRun,
    SyncRunEmail,
)
from services.db.session import transaction
from services.demo.seed import DemoIds
from tests.pipeline_fixtures import new_tenant

pytestmark = [pytest.mark.postgres]

KEY = Fernet.generate_key().decode()
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def api_settings(database_url: str, *, kafka: str | None = None) -> ApiSettings:
    return ApiSettings(
        database_url=database_url,
        token_encryption_keys=KEY,
        environment="test",
        kafka_bootstrap_servers=kafka,
    )


def headers(ids: DemoIds) -> dict[str, str]:
    return {"X-API-Key": ids.api_key}


# --- seeding ------------------------------------------------------------------------------------


@dataclass
class SeededRun:
    sync_id: uuid.UUID
    message_ids: dict[str, str]  # outcome -> provider message id
    job_ids: list[int] = field(default_factory=list)


def seed_run(
    sessions: sessionmaker[Session],
    ids: DemoIds,
    *,
    started_at: datetime = T0,
    integration_id: int | None = None,
    job_subject: str = "Role: Sr Java Developer · Dallas, TX · C2C",
) -> SeededRun:
    """A completed run of four emails: one job email (two postings), one skipped, one failed,
    one still pending (published, not yet in the ledger)."""
    integration_id = integration_id or ids.integration_id
    sync_id = uuid.uuid4()
    suffix = sync_id.hex[:8]
    message_ids = {
        outcome: f"<{outcome}-{suffix}@vendor.test>"
        for outcome in ("job_created", "skipped", "failed", "pending")
    }
    with transaction(sessions) as session:
        session.add(
            SyncRun(
                id=sync_id,
                integration_id=integration_id,
                tenant_id=ids.tenant_id,
                manual_trigger=True,
                status="success",
                keywords_searched=2,
                emails_found=4,
                emails_processed=3,
                jobs_created=2,
                emails_failed=1,
                requested_at=started_at - timedelta(seconds=1),
                started_at=started_at,
                fetched_at=started_at + timedelta(seconds=2),
                finished_at=started_at + timedelta(seconds=5),
            )
        )
        session.flush()
        session.add_all(
            SyncRunEmail(sync_id=sync_id, provider_message_id=m, handled=o != "pending")
            for o, m in message_ids.items()
        )
        jobs = [
            JobPosting(
                tenant_id=ids.tenant_id,
                integration_id=integration_id,
                created_by_user_id=ids.user_id,
                provider_message_id=message_ids["job_created"],
                job_index=index,
                source_subject=job_subject,
                source_sender="vendor@vendor.test",
                source_received_at=started_at - timedelta(hours=1),
                title=title,
                location="Dallas, TX",
                employment_types=["c2c"],
                skills=["java", "spring"],
                visa=["usc", "gc"],
                confidence=0.93,
                extractor_name="rules",
                extraction_version="1",
            )
            for index, title in enumerate(["Sr Java Developer", "Java Lead"])
        ]
        session.add_all(jobs)
        session.flush()
        # outcome -> (skip reason, category, confidence)
        ledger: dict[str, tuple[str | None, str | None, float | None]] = {
            "job_created": (None, "job_requirement", 0.93),
            "skipped": ("not_job", "hotlist", 0.88),
            "failed": ("AI parsing failed", None, None),
        }
        for minutes, (outcome, (skip_reason, category, confidence)) in enumerate(ledger.items()):
            session.add(
                ProcessedEmail(
                    integration_id=integration_id,
                    tenant_id=ids.tenant_id,
                    sync_id=sync_id,
                    provider_message_id=message_ids[outcome],
                    subject=job_subject if outcome == "job_created" else f"{outcome} email",
                    sender="vendor@vendor.test",
                    received_at=started_at - timedelta(hours=1) + timedelta(minutes=minutes),
                    result=outcome,
                    skip_reason=skip_reason,
                    category=category,
                    confidence=confidence,
                    job_id=jobs[0].id if outcome == "job_created" else None,
                    jobs_created=2 if outcome == "job_created" else 0,
                    processed_at=started_at + timedelta(seconds=4),
                )
            )
        row = session.get(EmailIntegration, integration_id)
        assert row is not None
        row.last_synced_at = started_at + timedelta(seconds=5)
        row.last_sync_status = "success"
        add_to_counters(session, added={integration_id: (3, 2)})
        return SeededRun(sync_id, message_ids, [job.id for job in jobs])


def seed_failed_run(
    sessions: sessionmaker[Session], ids: DemoIds, *, started_at: datetime, message: str
) -> uuid.UUID:
    """A run that failed in the fetcher; the integration records the error."""
    sync_id = uuid.uuid4()
    with transaction(sessions) as session:
        session.add(
            SyncRun(
                id=sync_id,
                integration_id=ids.integration_id,
                tenant_id=ids.tenant_id,
                status="failed",
                message=message,
                started_at=started_at,
                finished_at=started_at + timedelta(seconds=3),
            )
        )
        row = session.get(EmailIntegration, ids.integration_id)
        assert row is not None
        row.last_synced_at = started_at + timedelta(seconds=3)
        row.last_sync_status = "failed"
        row.last_sync_error = message
    return sync_id


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def client(prepared: tuple[str, str], sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    with TestClient(build_app(api_settings(prepared[1]), sessions=sessions)) as test_client:
        yield test_client


@pytest.fixture
def tenant(sessions: sessionmaker[Session]) -> DemoIds:
    return new_tenant(sessions, mailbox=None, roles=["java developer"])


@pytest.fixture
def other(sessions: sessionmaker[Session]) -> DemoIds:
    return new_tenant(sessions, mailbox=None, roles=["java developer"])


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


# --- manual trigger -----------------------------------------------------------------------------


def test_manual_sync_without_kafka_is_503(client: TestClient, tenant: DemoIds) -> None:
    response = client.post(f"/integrations/{tenant.integration_id}/sync", headers=headers(tenant))

    assert response.status_code == 503
    assert "KAFKA_BOOTSTRAP_SERVERS" in response.json()["detail"]


def _consumer_at_end(bootstrap: str, topic: str) -> Consumer:
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"test-status-{uuid.uuid4().hex}",
            "enable.auto.commit": False,
        }
    )
    metadata = consumer.list_topics(topic, timeout=10)
    partitions = []
    for partition in metadata.topics[topic].partitions:
        _low, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)
        partitions.append(TopicPartition(topic, partition, high))
    consumer.assign(partitions)
    return consumer


@pytest.mark.kafka
def test_manual_sync_produces_the_schedulers_request(
    prepared: tuple[str, str],
    sessions: sessionmaker[Session],
    tenant: DemoIds,
    other: DemoIds,
) -> None:
    bootstrap, database_url = prepared
    topic = Topic.EMAIL_SYNC_REQUESTED.value
    consumer = _consumer_at_end(bootstrap, topic)
    settings = api_settings(database_url, kafka=bootstrap)
    try:
        with TestClient(build_app(settings, sessions=sessions)) as client:
            denied = client.post(
                f"/integrations/{other.integration_id}/sync", headers=headers(tenant)
            )
            response = client.post(
                f"/integrations/{tenant.integration_id}/sync", headers=headers(tenant)
            )
        assert denied.status_code == 404
        assert response.status_code == 202
        accepted = response.json()
        assert accepted["integration_id"] == tenant.integration_id
        assert accepted["manual_trigger"] is True

        received: list[tuple[SyncRequested, dict[str, bytes], bytes | None]] = []
        deadline = datetime.now(UTC) + timedelta(seconds=30)
        while datetime.now(UTC) < deadline:
            msg = consumer.poll(0.5)
            if msg is None or msg.error():
                continue
            decoded = get_codec(Topic.EMAIL_SYNC_REQUESTED).decode(msg.value())
            assert isinstance(decoded, SyncRequested)
            if decoded.tenant_id in (tenant.tenant_id, other.tenant_id):
                raw_headers = msg.headers() or []
                assert isinstance(raw_headers, list)
                flat = {name: value for name, value in raw_headers if isinstance(value, bytes)}
                received.append((decoded, flat, msg.key()))
            if any(str(r.sync_id) == accepted["sync_id"] for r, _, _ in received):
                break
    finally:
        consumer.close()

    assert len(received) == 1, "exactly one request, none for the other tenant's integration"
    request, message_headers, key = received[0]
    assert isinstance(request, SyncRequested)
    assert str(request.sync_id) == accepted["sync_id"]
    assert key == str(tenant.integration_id).encode()
    assert request.integration_id == tenant.integration_id
    assert request.tenant_id == tenant.tenant_id
    assert request.user_id == tenant.user_id
    assert request.provider == "maildir"
    assert request.manual_trigger is True
    assert request.slot is None
    assert message_headers["ce_type"] == get_codec(Topic.EMAIL_SYNC_REQUESTED).event_type.encode()
    assert message_headers["ce_source"] == b"/reqstream/api"
    assert message_headers["ce_subject"] == str(tenant.integration_id).encode()


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
