"""The run-history page: rendered through TestClient, then in a real headless Chromium against
the API served by uvicorn (screenshot saved to test-artifacts/run-history.png)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from services.api.main import build_app
from services.api.routes.pages import SESSION_COOKIE, sign_in_page
from services.db import push
from services.db.models import EmailIntegration
from services.db.session import transaction
from services.demo.run import free_port
from services.demo.seed import DemoIds
from tests.pipeline_fixtures import new_tenant
from tests.services.api.api_app import api_settings
from tests.services.api.page_sign_in import sign_in
from tests.services.api.status_fixtures import T0, SeededRun, seed_failed_run, seed_run

pytestmark = [pytest.mark.postgres]

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
SCREENSHOT = ARTIFACTS / "run-history.png"
HOSTILE_SUBJECT = "<script>alert('x')</script> Role: Java & Spring"
TOKEN_ERROR = "Token expired - please reconnect"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def client(prepared: tuple[str, str], sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    with TestClient(build_app(api_settings(prepared[1]), sessions=sessions)) as test_client:
        yield test_client


@dataclass(frozen=True)
class History:
    tenant: DemoIds
    other: DemoIds
    completed: SeededRun  # the newest run, on the tenant's maildir integration
    failed: uuid.UUID  # an older run that failed in the fetcher
    disabled_integration: int  # a Gmail integration stopped by an expired token
    foreign: SeededRun  # the other tenant's run
    # an Outlook integration whose subscription failed and whose sign-in lapses in 12 hours
    outlook_integration: int


@pytest.fixture
def history(sessions: sessionmaker[Session]) -> History:
    tenant = new_tenant(sessions, mailbox=None, roles=["java developer"])
    other = new_tenant(sessions, mailbox=None, roles=["java developer"])
    failed = seed_failed_run(
        sessions, tenant, started_at=T0, message="Provider unavailable after retries: timeout"
    )
    completed = seed_run(
        sessions, tenant, started_at=T0 + timedelta(minutes=15), job_subject=HOSTILE_SUBJECT
    )
    with transaction(sessions) as session:
        maildir = session.get(EmailIntegration, tenant.integration_id)
        assert maildir is not None
        maildir.last_sync_error = None  # the later run succeeded
        gmail = EmailIntegration(
            tenant_id=tenant.tenant_id,
            user_id=tenant.user_id,
            provider="gmail",
            account_email="recruiter@gmail.test",
            config={},
            is_active=False,
            last_synced_at=T0,
            last_sync_status="failed",
            last_sync_error=TOKEN_ERROR,
            token_granted_at=T0 - timedelta(days=3),
            token_failed_at=T0,
        )
        now = datetime.now(UTC)
        outlook = EmailIntegration(
            tenant_id=tenant.tenant_id,
            user_id=tenant.user_id,
            provider="outlook",
            account_email="recruiter@outlook.test",
            config={},
            is_active=True,
            credentials_encrypted="sealed",  # stands for a stored token cache
            # synced just now and not due for long: a running pipeline leaves it alone
            last_synced_at=now,
            sync_frequency_minutes=100_000,
            token_granted_at=now - timedelta(days=200),
            token_refreshed_at=now - timedelta(days=89.5),
            cursor_updated_at=now - timedelta(hours=3),
        )
        session.add_all([gmail, outlook])
        session.flush()
        gmail_id, outlook_id = gmail.id, outlook.id
        push.record_watch(
            session,
            integration_id=outlook_id,
            expires_at=None,
            error="Transient: HTTP 503",
            now=now,
        )
        push.record_notification(
            session,
            integration_id=outlook_id,
            history_id=None,
            now=now - timedelta(hours=4),
            pending_sync_id=None,
        )
    foreign = seed_run(sessions, other, started_at=T0 + timedelta(minutes=30))
    return History(tenant, other, completed, failed, gmail_id, foreign, outlook_id)


def assert_shows_history(page: str, history: History) -> None:
    """The page lists the tenant's runs newest first, the completed run with its emails and
    outcomes, and the integrations' status and last error, and nothing of the other tenant."""
    completed = f"run-{history.completed.sync_id}"
    failed = f"run-{history.failed}"
    assert completed in page
    assert failed in page
    assert page.index(completed) < page.index(failed), "newest first"
    assert f"run-{history.foreign.sync_id}" not in page
    assert history.foreign.message_ids["job_created"] not in page
    # the completed run's emails and outcomes
    assert "&lt;script&gt;alert(" in page
    assert "<script>alert(" not in page
    assert "skipped email" in page
    assert "not_job" in page
    assert "AI parsing failed" in page
    assert history.completed.message_ids["pending"].strip("<>") in page
    for result in ("job created", "skipped", "failed", "pending"):
        assert f">{result}</span>" in page, result
    for job_id in history.completed.job_ids:
        assert f"/jobs/{job_id}" in page
    assert "Sr Java Developer" in page
    assert "Java Lead" in page
    # the failed run's message and the integrations' status and last error
    assert "Provider unavailable after retries: timeout" in page
    assert f"integration-{history.disabled_integration}" in page
    assert TOKEN_ERROR in page
    assert ">disabled</span>" in page
    # connection health: push state, last notification, cursor age, sign-in and its lapse
    outlook = page[page.index(f"integration-{history.outlook_integration}") :]
    outlook = outlook[: outlook.index("</tr>")]
    assert "data-state='failed'" in outlook.replace('"', "'")
    assert "Transient" in outlook and "503" not in outlook  # the kind only
    assert "3.0 h" in outlook  # cursor age
    assert "data-health='expiring'" in outlook.replace('"', "'")
    assert "lapses" in outlook and outlook.count("<time") == 3  # synced, notified, lapse
    gmail = page[page.index(f"integration-{history.disabled_integration}") :]
    assert "data-health='failed'" in gmail[: gmail.index("</tr>")].replace('"', "'")
    # no key anywhere in the page
    assert history.tenant.api_key not in page
    assert "rqs_" not in page


# --- TestClient -----------------------------------------------------------------------------------


def test_the_page_needs_an_api_key(client: TestClient, history: History) -> None:
    for params, cookies in (
        ({}, {}),
        ({"key": "rqs_wrong"}, {}),
        ({}, {SESSION_COOKIE: "rqss_wrong"}),
    ):
        client.cookies.clear()
        client.cookies.update(cookies)
        response = client.get("/runs", params=params, follow_redirects=False)
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("text/html")
        assert "<form method='post' action='/runs/sign-in'>" in response.text
        assert "rqs_wrong" not in response.text
        assert str(history.completed.sync_id) not in response.text
        if cookies:  # a stale cookie is cleared
            assert "Missing or invalid API key" in response.text
            assert f'{SESSION_COOKIE}=""' in response.headers["set-cookie"]


def test_the_page_renders_runs_emails_and_outcomes(client: TestClient, history: History) -> None:
    response = client.get("/runs", headers={"X-API-Key": history.tenant.api_key})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    page = response.text
    assert '<meta http-equiv="refresh" content="10">' in page
    assert page.count("<details class='run'") == 2
    newest = (
        f"<details class='run' id='run-{history.completed.sync_id}' data-status='success' open>"
    )
    assert newest in page
    assert_shows_history(page, history)

    bearer = client.get("/runs", headers={"Authorization": f"Bearer {history.tenant.api_key}"})
    assert bearer.status_code == 200
    one = client.get(
        "/runs", params={"limit": 1}, headers={"X-API-Key": history.tenant.api_key}
    ).text
    assert str(history.completed.sync_id) in one
    assert str(history.failed) not in one


def test_a_browser_signs_in_with_the_form_and_sees_the_history(
    client: TestClient, history: History
) -> None:
    form = client.get("/runs")
    response = sign_in(client, history.tenant.api_key)

    assert form.status_code == 401 and "name='key'" in form.text
    assert response.status_code == 303
    assert response.headers["location"] == "/runs"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=rqss_")
    assert history.tenant.api_key not in cookie
    assert history.tenant.api_key not in response.text

    page = client.get(response.headers["location"])  # the client sends the cookie back
    assert page.status_code == 200
    assert_shows_history(page.text, history)


# --- a real browser -------------------------------------------------------------------------------


def chromium_binary() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(
        "Chromium is required for the run-history browser test: apt-get install -y -qq chromium"
    )


def run_chromium(binary: str, *args: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        return subprocess.run(  # noqa: S603  (fixed arguments, our own URL)
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


BROWSER_SIGN_IN = "/test-browser/sign-in"  # ?asked=<page>&key=<key>
# a user at the keyboard, scripted: the real sign-in form (with its token and the token's
# cookie), the key typed in, the page asked for as ``next``, submitted from this origin
_TYPE_AND_SUBMIT = """<script>
var q = new URLSearchParams(location.search);
var form = document.querySelector("form[action='/runs/sign-in']");
form.elements.key.value = q.get('key');
var next = document.createElement('input');
next.type = 'hidden'; next.name = 'next'; next.value = q.get('asked');
form.appendChild(next);
form.submit();
</script>"""


def add_browser_sign_in(app: FastAPI) -> None:
    """A test-only page on the served origin that signs a headless browser in with the form."""

    def browser_sign_in(request: Request) -> Response:
        form = sign_in_page(request, failed=False)
        page = bytes(form.body).decode() + _TYPE_AND_SUBMIT
        response = HTMLResponse(page)
        for name, value in form.raw_headers:
            if name == b"set-cookie":
                response.raw_headers.append((name, value))
        return response

    app.add_api_route(BROWSER_SIGN_IN, browser_sign_in, include_in_schema=False)


def browser_sign_in_url(served: str, key: str, asked: str) -> str:
    return f"{served}{BROWSER_SIGN_IN}?{urlencode({'asked': asked, 'key': key})}"


@pytest.fixture
def served(prepared: tuple[str, str], sessions: sessionmaker[Session]) -> Iterator[str]:
    """The API under uvicorn in a thread on a free loopback port."""
    port = free_port()
    app = build_app(api_settings(prepared[1]), sessions=sessions)
    add_browser_sign_in(app)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive(), "uvicorn did not start"
        assert time.monotonic() < deadline, "uvicorn did not start within 20 s"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_headless_chromium_shows_the_run_history(
    served: str, history: History, tmp_path: Path
) -> None:
    binary = chromium_binary()
    # the sign-in form, filled in and submitted as a user would; the browser follows the
    # redirect to the page with its session cookie. The virtual-time budget lets the POST and
    # the redirect finish, and stays under the page's 10 s self-refresh
    url = browser_sign_in_url(served, history.tenant.api_key, "/runs")

    dom = run_chromium(binary, "--virtual-time-budget=5000", "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert_shows_history(dom.stdout, history)
    assert "Missing or invalid API key" not in dom.stdout
    # the completed (newest) run is expanded; its emails are in rows of the table
    assert f'id="run-{history.completed.sync_id}" data-status="success" open' in dom.stdout
    assert dom.stdout.count('class="email"') >= 4

    ARTIFACTS.mkdir(exist_ok=True)
    SCREENSHOT.unlink(missing_ok=True)
    shot = run_chromium(
        binary,
        "--virtual-time-budget=5000",
        f"--screenshot={SCREENSHOT}",
        "--window-size=1280,900",
        url,
    )
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert SCREENSHOT.is_file()
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert SCREENSHOT.stat().st_size > 10_000
