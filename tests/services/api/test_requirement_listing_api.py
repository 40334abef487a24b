"""The requirements list, detail, vendor view and CSV export on real PostgreSQL, seeded by the
real jobwriter: every filter, both sorts, paging, field history, vendor figures, a
formula-safe CSV, and tenant B seeing none of tenant A's requirements, vendors or rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from services.api.main import build_app
from services.api.requirement_csv import COLUMNS
from tests.requirement_listing import (
    HOSTILE_CLIENT,
    HOSTILE_EVIDENCE,
    HOSTILE_TITLE,
    Listing,
    mark_merged,
    seed_listing,
)
from tests.services.api.api_app import api_settings

pytestmark = [pytest.mark.postgres]


@pytest.fixture
def client(prepared: tuple[str, str], sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    with TestClient(build_app(api_settings(prepared[1]), sessions=sessions)) as test_client:
        yield test_client


@pytest.fixture
def listing(sessions: sessionmaker[Session]) -> Listing:
    return seed_listing(sessions)


def ids_of(client: TestClient, listing: Listing, query: str) -> list[int]:
    response = client.get(f"/requirements?{query}", headers={"X-API-Key": listing.ids.api_key})
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.json()]


def test_each_filter_narrows_the_list(client: TestClient, listing: Listing) -> None:
    java, analyst, python, hostile = listing.java, listing.analyst, listing.python, listing.hostile
    assert ids_of(client, listing, "") == [java, analyst, hostile, python]  # newest first
    assert ids_of(client, listing, "q=TABLEAU") == [analyst]
    assert ids_of(client, listing, "q=java+dev") == [java]
    assert ids_of(client, listing, "q=%25") == []  # a LIKE wildcard is a plain character
    assert ids_of(client, listing, "visa=H1B") == [java]
    assert ids_of(client, listing, "visa=USC&visa=GC") == [java, analyst]
    assert ids_of(client, listing, "location=charlotte") == [java]
    assert ids_of(client, listing, "work_mode=remote") == [analyst]
    assert ids_of(client, listing, "employment_type=W2") == [java, analyst, python]
    assert ids_of(client, listing, "employment_type=C2C&visa=USC") == []
    assert ids_of(client, listing, "rate_min=85") == [python]
    assert ids_of(client, listing, "rate_max=60") == [analyst]
    assert ids_of(client, listing, "rate_min=65&rate_max=75&rate_unit=hour") == [java]
    assert ids_of(client, listing, "rate_unit=year") == []
    assert ids_of(client, listing, "vendor=apex.com") == [java, analyst]
    assert ids_of(client, listing, "status=closed") == []


def test_sort_by_vendors_counts_all_or_the_last_days(client: TestClient, listing: Listing) -> None:
    java, analyst, python, hostile = listing.java, listing.analyst, listing.python, listing.hostile
    assert ids_of(client, listing, "sort=vendors") == [python, java, analyst, hostile]
    assert ids_of(client, listing, "sort=vendors&days=7") == [java, analyst, hostile, python]
    rows = client.get(
        "/requirements?sort=vendors&days=7", headers={"X-API-Key": listing.ids.api_key}
    ).json()
    assert [(r["vendors"], r["recent_vendors"]) for r in rows] == [(2, 2), (1, 1), (1, 1), (3, 0)]
    java_row = rows[0]
    assert java_row["employment_types"] == ["C2C", "W2"]
    assert java_row["visa"] == ["GC", "H1B"]
    assert (java_row["sightings"], java_row["rate_min"]) == (3, 70.0)


def test_a_merged_requirement_is_left_out_unless_asked_for(
    client: TestClient, listing: Listing, sessions: sessionmaker[Session]
) -> None:
    mark_merged(sessions, listing.python, into=listing.java)
    assert listing.python not in ids_of(client, listing, "")
    assert ids_of(client, listing, "status=merged") == [listing.python]


def test_pages_carry_the_total(client: TestClient, listing: Listing) -> None:
    key = {"X-API-Key": listing.ids.api_key}
    first = client.get("/requirements?limit=3", headers=key)
    rest = client.get("/requirements?limit=3&offset=3", headers=key)
    assert first.headers["x-total-count"] == rest.headers["x-total-count"] == "4"
    assert [r["id"] for r in first.json() + rest.json()] == ids_of(client, listing, "")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("rate_min=90&rate_max=60", "rate_max"),
        ("visa=martian", "visa"),
        ("days=0", "days"),
        ("sort=random", "sort"),
        ("limit=501", "limit"),
    ],
)
def test_a_bad_filter_is_a_422_naming_it(
    client: TestClient, listing: Listing, query: str, field: str
) -> None:
    response = client.get(f"/requirements?{query}", headers={"X-API-Key": listing.ids.api_key})
    assert response.status_code == 422, response.text
    assert field in response.text


def test_detail_has_every_sighting_where_it_arrived_and_the_history(
    client: TestClient, listing: Listing
) -> None:
    response = client.get(
        f"/requirements/{listing.java}", headers={"X-API-Key": listing.ids.api_key}
    )
    assert response.status_code == 200, response.text
    detail = response.json()
    assert (detail["vendors"], detail["sightings"], detail["rate_min"]) == (2, 3, 70.0)
    sightings = detail["sighting_list"]
    assert [
        (s["vendor_domain"], s["mailbox"], s["provider_message_id"], s["rate_min"])
        for s in sightings
    ] == [
        ("apex.com", "second@agency.test", "a1@apex.com", 65.0),
        ("techvendor.com", "recruiter@agency.test", "t1@techvendor.com", 65.0),
        ("techvendor.com", "recruiter@agency.test", "t2@techvendor.com", 70.0),
    ]
    apex, first, _ = sightings
    assert apex["integration_id"] == listing.second_mailbox
    assert apex["subject"] == "Sr. Java Dev - Charlotte"
    assert apex["employment_types"] == ["C2C", "W2"]
    assert apex["sender"] == "mike@apex.com"
    assert apex["vendor_company"] == "Apex"
    assert apex["job_posting_id"] is not None
    assert first["visa"] == ["H1B", "GC"]
    assert first["evidence"][1]["text"] == HOSTILE_EVIDENCE
    assert first["received_at"] is not None
    changes = {(h["field"], h["old_value"], h["new_value"]) for h in detail["history"]}
    assert ("rate_min", 65.0, 70.0) in changes
    assert ("rate_max", 65.0, 70.0) in changes


def test_vendor_view_tells_duplicates_clients_and_rates(
    client: TestClient, listing: Listing
) -> None:
    key = {"X-API-Key": listing.ids.api_key}
    vendors = client.get("/vendors", headers=key).json()
    assert [v["vendor"] for v in vendors] == [
        "apex.com",
        "b.com",
        "c.com",
        "d.com",
        "evil.test",
        "techvendor.com",
    ]
    apex = vendors[0]
    assert (apex["requirements"], apex["sightings"]) == (2, 2)
    assert (apex["duplicate_share"], apex["client_share"]) == (0.5, 0.5)
    assert apex["companies"] == ["Apex"]
    assert apex["rates"] == [
        {"unit": "hour", "sightings": 2, "min": 50.0, "max": 65.0, "median": 57.5}
    ]
    techvendor = client.get("/vendors/TechVendor.com", headers=key).json()
    assert (techvendor["requirements"], techvendor["sightings"]) == (1, 2)
    assert (techvendor["duplicate_share"], techvendor["client_share"]) == (1.0, 1.0)
    assert techvendor["rates"][0]["median"] == 67.5
    assert client.get("/vendors/evil.test", headers=key).json()["duplicate_share"] == 0.0
    recent = [v["vendor"] for v in client.get("/vendors?days=7", headers=key).json()]
    assert recent == ["apex.com", "evil.test", "techvendor.com"]
    assert client.get("/vendors/b.com?days=7", headers=key).status_code == 404
    assert client.get("/vendors/nobody.test", headers=key).status_code == 404


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_export_is_the_filtered_list_quoted_and_formula_safe(
    client: TestClient, listing: Listing
) -> None:
    key = {"X-API-Key": listing.ids.api_key}
    response = client.get("/requirements.csv", headers=key)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="requirements.csv"' in response.headers["content-disposition"]
    assert response.headers["x-export-truncated"] == "false"
    assert response.text.splitlines()[0] == ",".join(COLUMNS)
    rows = read_csv(response.text)
    assert [int(r["id"]) for r in rows] == ids_of(client, listing, "")
    hostile = next(r for r in rows if int(r["id"]) == listing.hostile)
    assert hostile["title"] == "'" + HOSTILE_TITLE  # shown as text, never run
    assert hostile["client"] == HOSTILE_CLIENT  # comma, quotes and line break survive quoting
    java = next(r for r in rows if int(r["id"]) == listing.java)
    assert (java["visa"], java["employment_types"], java["rate_min"]) == (
        "GC; H1B",
        "C2C; W2",
        "70",
    )
    assert (java["vendors"], java["sightings"]) == ("2", "3")

    filtered = read_csv(client.get("/requirements.csv?visa=H1B", headers=key).text)
    assert [int(r["id"]) for r in filtered] == [listing.java]
    sorted_rows = read_csv(client.get("/requirements.csv?sort=vendors&days=7", headers=key).text)
    assert [int(r["id"]) for r in sorted_rows] == ids_of(client, listing, "sort=vendors&days=7")
    assert client.get("/requirements.csv?rate_min=9&rate_max=1", headers=key).status_code == 422


def test_tenant_b_sees_none_of_tenant_a(
    client: TestClient, listing: Listing, sessions: sessionmaker[Session]
) -> None:
    other = seed_listing(sessions, name="other")
    a = {"X-API-Key": listing.ids.api_key}
    b = {"X-API-Key": other.ids.api_key}
    # B's copies of the same requirements from the same vendors count for B alone
    assert ids_of(client, other, "") == [other.java, other.analyst, other.hostile, other.python]
    assert not {listing.java, listing.analyst} & set(ids_of(client, other, "vendor=apex.com"))
    assert client.get(f"/requirements/{listing.java}", headers=b).status_code == 404
    assert client.get(f"/requirements/{other.java}", headers=a).status_code == 404
    mine = client.get(f"/requirements/{listing.java}", headers=a).json()
    assert {s["mailbox"] for s in mine["sighting_list"]} == {
        "recruiter@agency.test",
        "second@agency.test",
    }
    assert (mine["vendors"], mine["sightings"]) == (2, 3)
    apex_a = client.get("/vendors/apex.com", headers=a).json()
    assert (apex_a["requirements"], apex_a["sightings"]) == (2, 2)
    exported = {int(r["id"]) for r in read_csv(client.get("/requirements.csv", headers=b).text)}
    assert exported == {other.java, other.analyst, other.python, other.hostile}
    for path in ("/requirements", "/requirements.csv", "/vendors", "/vendors/apex.com"):
        assert client.get(path).status_code == 401, path


def test_another_tenants_vendor_is_not_found(
    client: TestClient, listing: Listing, sessions: sessionmaker[Session]
) -> None:
    from tests.pipeline_fixtures import new_tenant

    empty = new_tenant(sessions, mailbox=None, roles=["java"])
    b = {"X-API-Key": empty.api_key}
    assert client.get("/requirements", headers=b).json() == []
    assert client.get("/vendors", headers=b).json() == []
    assert client.get("/vendors/apex.com", headers=b).status_code == 404
    assert client.get("/requirements.csv", headers=b).text.strip() == ",".join(COLUMNS)
    assert client.get(f"/requirements/{listing.hostile}", headers=b).status_code == 404


def test_openapi_documents_the_filters_and_the_csv(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    listed = spec["paths"]["/requirements"]["get"]
    names = {p["name"] for p in listed["parameters"]}
    assert names >= {"q", "visa", "location", "work_mode", "employment_type", "rate_min"}
    assert names >= {"rate_max", "status", "sort", "days", "offset", "limit", "vendor"}
    exported = spec["paths"]["/requirements.csv"]["get"]
    assert "text/csv" in exported["responses"]["200"]["content"]
    assert {"APIKeyHeader": []} in exported["security"]
    assert spec["paths"]["/vendors/{vendor}"]["get"]["tags"] == ["vendors"]
    assert "/runs/requirements" in spec["paths"]
