"""The requirements API on real PostgreSQL: a tenant's requirements with vendor counts, search,
sort, one requirement with its sightings; another tenant's is a 404."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import ParsedEmail
from services.api.main import build_app
from services.db import requirements
from services.db.session import transaction
from services.demo.seed import DemoIds
from tests.pipeline_fixtures import new_tenant
from tests.requirement_samples import RECEIVED, java_job, vendor_email
from tests.services.api.api_app import api_settings, headers


@pytest.fixture
def client(prepared: tuple[str, str], sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    with TestClient(build_app(api_settings(prepared[1]), sessions=sessions)) as test_client:
        yield test_client


def record(sessions: sessionmaker[Session], *emails: ParsedEmail) -> None:
    with transaction(sessions) as session:
        requirements.record_sightings(
            session, emails=[(email, list(enumerate(email.jobs))) for email in emails], now=RECEIVED
        )


def seeded(sessions: sessionmaker[Session]) -> DemoIds:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    record(
        sessions,
        vendor_email(ids, "a1@techvendor.com", "Ravi <ravi@techvendor.com>", java_job()),
        vendor_email(ids, "b1@apex.com", "mike@apex.com", java_job(title="Sr. Java Dev")),
        vendor_email(
            ids,
            "c1@apex.com",
            "mike@apex.com",
            java_job(title="Data Analyst", skills=["sql", "tableau", "excel"]),
        ),
    )
    return ids


@pytest.mark.postgres
def test_requirements_list_counts_vendors_searches_and_sorts(
    client: TestClient, sessions: sessionmaker[Session]
) -> None:
    ids = seeded(sessions)
    by_vendors = client.get("/requirements?sort=vendors", headers=headers(ids))
    assert by_vendors.status_code == 200, by_vendors.text
    # two vendors, two wordings: the tie goes to the latest
    assert [(r["title"], r["vendors"], r["sightings"]) for r in by_vendors.json()] == [
        ("Sr. Java Dev", 2, 2),
        ("Data Analyst", 1, 1),
    ]
    found = client.get("/requirements?q=tableau", headers=headers(ids)).json()
    assert [r["title"] for r in found] == ["Data Analyst"]
    assert client.get("/requirements?status=closed", headers=headers(ids)).json() == []


@pytest.mark.postgres
def test_a_requirement_shows_its_sightings_and_is_tenant_scoped(
    client: TestClient, sessions: sessionmaker[Session]
) -> None:
    ids = seeded(sessions)
    other = new_tenant(sessions, mailbox=None, roles=["java"])
    [first, *_] = client.get("/requirements?sort=vendors", headers=headers(ids)).json()
    detail = client.get(f"/requirements/{first['id']}", headers=headers(ids))
    assert detail.status_code == 200, detail.text
    sightings = detail.json()["sighting_list"]
    assert [(s["vendor_domain"], s["title"]) for s in sightings] == [
        ("techvendor.com", "Senior Java Developer"),
        ("apex.com", "Sr. Java Dev"),
    ]
    assert client.get(f"/requirements/{first['id']}", headers=headers(other)).status_code == 404
    assert client.get("/requirements", headers=headers(other)).json() == []
    assert client.get("/requirements").status_code == 401
