"""The recruiter's pages (requirements list, one requirement, vendors, the CSV download):
rendered through TestClient, then in a real headless Chromium that signs in with the form and
comes back to the page it asked for (screenshot saved to test-artifacts/requirements.png)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from services.api.main import build_app
from services.api.requirement_csv import COLUMNS
from services.api.routes.pages import SESSION_COOKIE
from tests.pipeline_fixtures import new_tenant
from tests.requirement_listing import (
    HOSTILE_EVIDENCE,
    HOSTILE_TITLE,
    Listing,
    mark_merged,
    seed_listing,
)
from tests.services.api.api_app import api_settings
from tests.services.api.page_sign_in import sign_in
from tests.services.api.test_pages import (
    ARTIFACTS,
    browser_sign_in_url,
    chromium_binary,
    run_chromium,
    served,
)

pytestmark = [pytest.mark.postgres]
SCREENSHOT = ARTIFACTS / "requirements.png"
__all__ = ["served"]  # the fixture, found by pytest under its name


@pytest.fixture
def client(prepared: tuple[str, str], sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    with TestClient(build_app(api_settings(prepared[1]), sessions=sessions)) as test_client:
        yield test_client


@pytest.fixture
def listing(sessions: sessionmaker[Session]) -> Listing:
    return seed_listing(sessions)


def key(listing: Listing) -> dict[str, str]:
    return {"X-API-Key": listing.ids.api_key}


def rows_of(text: str, listing: Listing) -> list[int]:
    """The requirement rows of a list page, in order."""
    ids = (listing.java, listing.analyst, listing.python, listing.hostile)
    shown = [i for i in ids if f"id='requirement-{i}'" in text or f'id="requirement-{i}"' in text]
    return sorted(shown, key=lambda i: text.replace('"', "'").index(f"id='requirement-{i}'"))


# --- TestClient -----------------------------------------------------------------------------------


def test_a_page_asks_to_sign_in_and_returns_to_it(client: TestClient, listing: Listing) -> None:
    asked = "/runs/requirements?visa=H1B&sort=vendors"
    form = client.get(asked)
    assert form.status_code == 401
    assert f"<input type='hidden' name='next' value='{asked.replace('&', '&amp;')}'>" in form.text

    for stray in (f"key={listing.ids.api_key}", f"q={listing.ids.api_key}"):
        with_key = client.get(f"{asked}&{stray}")
        assert with_key.status_code == 401
        assert listing.ids.api_key not in with_key.text  # a key in a URL is never echoed
        assert f"value='{asked.replace('&', '&amp;')}'" in with_key.text

    signed_in = sign_in(client, listing.ids.api_key, next_page=asked)
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == asked
    shown = client.get(asked)  # with the session cookie
    assert shown.status_code == 200
    assert rows_of(shown.text, listing) == [listing.java]
    for path in ("/runs/vendors", f"/runs/requirements/{listing.java}"):
        assert client.get(path).status_code == 200, path
    # the session cookie is for the pages only
    assert client.get("/requirements").status_code == 401


@pytest.mark.parametrize(
    "elsewhere",
    [
        "https://evil.test/runs",
        "//evil.test/runs",
        "/requirements",
        "/runs/../apikeys",
        "/runs\\..\\apikeys",
        "/runs/requirements\r\nSet-Cookie: x=1",
    ],
)
def test_signing_in_never_sends_the_browser_elsewhere(
    client: TestClient, listing: Listing, elsewhere: str
) -> None:
    response = sign_in(client, listing.ids.api_key, next_page=elsewhere)
    assert response.status_code == 303
    assert response.headers["location"] == "/runs"


def test_the_list_page_applies_its_filters_and_escapes(
    client: TestClient, listing: Listing
) -> None:
    everything = client.get("/runs/requirements", headers=key(listing))
    assert everything.status_code == 200
    assert everything.headers["cache-control"] == "no-store"
    assert rows_of(everything.text, listing) == [
        listing.java,
        listing.analyst,
        listing.hostile,
        listing.python,
    ]
    assert "&lt;script&gt;alert(" in everything.text
    assert "<script>alert(" not in everything.text
    assert listing.ids.api_key not in everything.text

    # a browser form: blank fields, enum values in any case
    filtered = client.get(
        "/runs/requirements?q=&visa=h1b&location=&work_mode=&rate_min=&rate_max=&sort=vendors&days=7",
        headers=key(listing),
    )
    assert filtered.status_code == 200, filtered.text
    assert rows_of(filtered.text, listing) == [listing.java]
    assert "<span id='total'>1</span>" in filtered.text
    assert "value='H1B' checked" in filtered.text
    assert "href='/runs/requirements.csv?visa=H1B&amp;sort=vendors&amp;days=7'" in filtered.text
    assert "<th>Vendors (window)</th>" in filtered.text

    paged = client.get("/runs/requirements?limit=2", headers=key(listing))
    assert rows_of(paged.text, listing) == [listing.java, listing.analyst]
    assert "rel='next' href='/runs/requirements?offset=2&amp;limit=2'" in paged.text

    bad = client.get("/runs/requirements?rate_min=90&rate_max=60", headers=key(listing))
    assert bad.status_code == 422
    assert "rate_max: must not be below rate_min" in bad.text


def test_the_csv_download_link_gives_the_filtered_rows(
    client: TestClient, listing: Listing
) -> None:
    sign_in(client, listing.ids.api_key)
    assert SESSION_COOKIE in client.cookies
    response = client.get("/runs/requirements.csv?visa=H1B&sort=vendors&days=7")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [int(r["id"]) for r in rows] == [listing.java]
    everything = list(csv.DictReader(io.StringIO(client.get("/runs/requirements.csv").text)))
    assert {r["title"] for r in everything} >= {"'" + HOSTILE_TITLE, "Data Analyst"}


def test_the_requirement_page_shows_sightings_evidence_and_history(
    client: TestClient, listing: Listing
) -> None:
    response = client.get(f"/runs/requirements/{listing.java}", headers=key(listing))
    assert response.status_code == 200
    text = response.text
    assert text.count("<tr class='sighting'") == 3
    for shown in (
        "second@agency.test",
        "recruiter@agency.test",
        "Sr. Java Dev - Charlotte",
        "Ravi &lt;ravi@techvendor.com&gt;",
        "href='/runs/requirements?vendor=apex.com'",
        "70 / hour",
        "H1B, GC",
        "C2C, W2",
    ):
        assert shown in text, shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert HOSTILE_EVIDENCE not in text
    assert "<tr class='change'>" in text and "<td>rate_min</td><td>65.0</td><td>70.0</td>" in text

    hostile = client.get(f"/runs/requirements/{listing.hostile}", headers=key(listing))
    assert "&lt;script&gt;alert(" in hostile.text and "<script>alert(" not in hostile.text
    assert client.get("/runs/requirements/999999999", headers=key(listing)).status_code == 404


def test_a_merged_requirement_links_to_the_one_it_lives_on_in(
    client: TestClient, listing: Listing, sessions: sessionmaker[Session]
) -> None:
    mark_merged(sessions, listing.python, into=listing.java)
    shown = client.get(f"/runs/requirements/{listing.python}", headers=key(listing)).text
    assert f"merged into <a href='/runs/requirements/{listing.java}'>#{listing.java}</a>" in shown
    listed = client.get("/runs/requirements", headers=key(listing)).text
    assert listing.python not in rows_of(listed, listing)


def test_the_vendors_page_shows_each_vendors_figures(client: TestClient, listing: Listing) -> None:
    response = client.get("/runs/vendors", headers=key(listing))
    assert response.status_code == 200
    text = response.text
    assert text.count("<tr class='vendor'") == 6
    apex = text[text.index("id='vendor-apex.com'") :].split("</tr>")[0]
    assert "<td class='num'>2</td><td class='num'>2</td><td class='num'>50%</td>" in apex
    assert "50–65 / hour (median 57.50, 2)" in apex
    assert "href='/runs/requirements?vendor=apex.com'" in apex
    assert "<span class='muted small'>Apex</span>" in apex
    recent = client.get("/runs/vendors?days=7", headers=key(listing)).text
    assert recent.count("<tr class='vendor'") == 3 and "vendor-b.com" not in recent


def test_tenant_b_sees_none_of_tenant_a_on_the_pages(
    client: TestClient, listing: Listing, sessions: sessionmaker[Session]
) -> None:
    other = new_tenant(sessions, mailbox=None, roles=["java"])
    b = {"X-API-Key": other.api_key}
    shown = client.get("/runs/requirements", headers=b)
    assert shown.status_code == 200 and "id='no-requirements'" in shown.text
    assert rows_of(shown.text, listing) == []
    assert client.get(f"/runs/requirements/{listing.java}", headers=b).status_code == 404
    vendors = client.get("/runs/vendors", headers=b).text
    assert "No vendors yet" in vendors and "apex.com" not in vendors
    exported = client.get("/runs/requirements.csv", headers=b).text
    assert exported.strip() == ",".join(COLUMNS)


# --- a real browser -------------------------------------------------------------------------------


def browse(served: str, key: str, asked: str, directory: Path, *extra: str) -> str:
    """Chromium signs in with the form (asking to come back to ``asked``) and dumps the DOM
    of the page it lands on; ``extra`` adds flags (a screenshot)."""
    url = browser_sign_in_url(served, key, asked)
    result = run_chromium(
        chromium_binary(), "--virtual-time-budget=5000", *extra, "--dump-dom", url
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Missing or invalid API key" not in result.stdout
    return result.stdout


def test_headless_chromium_shows_the_recruiter_pages(
    served: str, listing: Listing, tmp_path: Path
) -> None:
    key = listing.ids.api_key
    listed = browse(served, key, "/runs/requirements?employment_type=W2&sort=vendors", tmp_path)
    assert rows_of(listed, listing) == [listing.python, listing.java, listing.analyst]
    assert '<input type="checkbox" name="employment_type" value="W2" checked="">' in listed
    csv_link = 'id="csv" href="/runs/requirements.csv?employment_type=W2&amp;sort=vendors"'
    assert csv_link in listed
    assert "&lt;script&gt;" not in listed  # the hostile row is filtered out
    with httpx.Client(base_url=served) as browser_like:  # the link, followed with the cookie
        sign_in(browser_like, key)
        downloaded = browser_like.get("/runs/requirements.csv?employment_type=W2&sort=vendors")
    assert downloaded.headers["content-type"] == "text/csv; charset=utf-8"
    assert [int(r["id"]) for r in csv.DictReader(io.StringIO(downloaded.text))] == [
        listing.python,
        listing.java,
        listing.analyst,
    ]

    detail = browse(served, key, f"/runs/requirements/{listing.java}", tmp_path)
    assert detail.count('class="sighting"') == 3
    assert "second@agency.test" in detail and "Sr. Java Dev - Charlotte" in detail
    assert "&lt;img src=x onerror=alert(1)&gt;" in detail

    vendors = browse(served, key, "/runs/vendors", tmp_path)
    assert vendors.count('class="vendor"') == 6
    assert f'href="/runs/requirements?vendor={quote("apex.com")}"' in vendors

    ARTIFACTS.mkdir(exist_ok=True)
    SCREENSHOT.unlink(missing_ok=True)
    browse(
        served,
        key,
        "/runs/requirements",
        tmp_path,
        f"--screenshot={SCREENSHOT}",
        "--window-size=1280,900",
    )
    assert SCREENSHOT.is_file() and SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
