"""From connecting a mailbox to job postings, per provider, every step a real process: the API
(OAuth connect and callback against the local identity servers; IMAP credentials for Dovecot)
→ the API's sync trigger → the fetcher's sync → parser → jobwriter → jobs in PostgreSQL. The
sync needs a new access token, and the refreshed credentials are stored encrypted."""

from __future__ import annotations

import base64
import ssl
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from services.common.crypto import CredentialCipher, generate_key
from services.db.models import EmailIntegration, JobPosting
from services.db.session import transaction
from services.demo.processes import ServiceGroup
from services.demo.run import free_port, trigger_sync, wait_for_run, wait_http_ready
from services.domain.errors import CredentialsUnreadable
from tests.pipeline_fixtures import Recruiter, new_recruiter
from tests.providers.dovecot import DovecotServer, requirement_email
from tests.providers.gmail_server import ACCOUNT_EMAIL as GMAIL_ACCOUNT
from tests.providers.gmail_server import AUTH_PATH, FakeGmail
from tests.providers.gmail_server import CLIENT_ID as GMAIL_CLIENT_ID
from tests.providers.gmail_server import CLIENT_SECRET as GMAIL_CLIENT_SECRET
from tests.providers.identity_server import read_cache_secrets
from tests.providers.microsoft import MicrosoftServers

pytestmark = [pytest.mark.kafka, pytest.mark.e2e, pytest.mark.imap]
Pipeline = tuple[ServiceGroup, str]
SENT = datetime.now(UTC) - timedelta(days=2)
# each test's roles are its own: the Gmail and Graph mailboxes are shared by the session
NEWSLETTER = "Quarterly staffing newsletter"


@dataclass(frozen=True)
class Api:
    url: str
    group: ServiceGroup


@pytest.fixture(scope="module")
def api(
    pipeline: Pipeline,
    gmail_server_session: FakeGmail,
    microsoft_servers_session: MicrosoftServers,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Api]:
    """The integrations API as its own process, its OAuth clients pointed at the local
    Google and Microsoft; the base URL browsers are redirected back to."""
    group, _ = pipeline
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    google = gmail_server_session.base_url
    env = {
        **group.env,
        "API_HTTP_PORT": str(port),
        "API_PUBLIC_BASE_URL": base_url,
        "API_GOOGLE_CLIENT_ID": GMAIL_CLIENT_ID,
        "API_GOOGLE_CLIENT_SECRET": GMAIL_CLIENT_SECRET,
        "API_GOOGLE_AUTH_URI": google + AUTH_PATH,
        "API_GOOGLE_TOKEN_URI": google + "/token",
        **microsoft_servers_session.environment("API_"),
    }
    api_group = ServiceGroup(env=env, log_dir=tmp_path_factory.mktemp("api-logs"))
    api_group.start("api")
    try:
        wait_http_ready(base_url, api_group)
        yield Api(base_url, api_group)
    finally:
        api_group.stop()


def connect_oauth(
    api: Api, provider: str, recruiter: Recruiter, *, tls: ssl.SSLContext | None = None
) -> tuple[int, str]:
    """The browser's part: start at the API (which sets the nonce cookie), consent at the provider
    (the local servers consent at once and redirect), land on the API's callback with the same
    cookie jar. The integration id and the code."""
    with httpx.Client(verify=tls or True, timeout=30) as browser:
        start = browser.get(
            f"{api.url}/integrations/connect/{provider}",
            params={"user_id": recruiter.user_id},
            headers=recruiter.headers,
        )
        assert start.status_code == 200, start.text
        # the API's start endpoint binds this browser (nonce cookie) and sends it to the provider
        begin = browser.get(start.json()["authorization_url"])
        assert begin.status_code in (302, 303, 307), begin.text
        assert begin.cookies, "the start endpoint sets the browser's nonce cookie"
        consent = browser.get(begin.headers["location"])
        assert consent.status_code == 302, consent.text
        callback = consent.headers["location"]
        assert callback.startswith(f"{api.url}/oauth/{provider}/callback?")
        done = browser.get(callback)
        assert done.status_code == 200, done.text
    assert done.json()["provider"] == provider
    code = parse_qs(urlsplit(callback).query)["code"][0]
    return int(done.json()["integration_id"]), code


def sync_to_jobs(
    pipeline: Pipeline,
    api: Api,
    sessions: sessionmaker[Session],
    recruiter: Recruiter,
    integration_id: int,
    *,
    roles: list[str],
) -> list[JobPosting]:
    """A sync through the API's trigger: one job per role, seen through the API too."""
    group, trigger_url = pipeline
    sync_id = trigger_sync(trigger_url, integration_id=integration_id, api_key=recruiter.api_key)
    run = wait_for_run(sessions, sync_id, check_alive=group.check_alive)
    assert (run.status, run.emails_found, run.jobs_created) == ("success", len(roles), len(roles))
    jobs = jobs_of(sessions, recruiter)
    assert sorted(j.title for j in jobs) == sorted(roles)
    assert_listed_with_jobs(api, recruiter, integration_id, len(roles))
    return jobs


def jobs_of(sessions: sessionmaker[Session], recruiter: Recruiter) -> list[JobPosting]:
    with transaction(sessions) as session:
        stmt = select(JobPosting).filter_by(tenant_id=recruiter.tenant_id)
        return list(session.scalars(stmt))


def integration(sessions: sessionmaker[Session], integration_id: int) -> EmailIntegration:
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, integration_id)
    assert row is not None
    return row


def stored_credentials(
    sessions: sessionmaker[Session],
    cipher: CredentialCipher,
    integration_id: int,
    *,
    secrets: Iterable[str],
) -> dict[str, Any]:
    """The integration's credentials column: none of ``secrets`` readable in it, no other key
    opens it, and the configured key (the services' TOKEN_ENCRYPTION_KEYS) does."""
    column = integration(sessions, integration_id).credentials_encrypted
    assert column is not None
    for secret in secrets:
        assert secret not in column
        assert base64.b64encode(secret.encode()).decode() not in column
        assert base64.urlsafe_b64encode(secret.encode()).decode() not in column
    with pytest.raises(CredentialsUnreadable):
        CredentialCipher.from_setting(generate_key()).decrypt(column)
    return cipher.decrypt(column)


def assert_listed_with_jobs(api: Api, recruiter: Recruiter, integration_id: int, jobs: int) -> None:
    """What the tenant sees through the API after the sync."""
    listed = httpx.get(f"{api.url}/integrations", headers=recruiter.headers, timeout=10)
    assert listed.status_code == 200, listed.text
    (row,) = [r for r in listed.json() if r["id"] == integration_id]
    assert (row["status"], row["has_credentials"]) == ("active", True)
    assert (row["stats"]["last_sync_status"], row["stats"]["jobs_created"]) == ("success", jobs)


def assert_no_secret_logged(pipeline: Pipeline, api: Api, secrets: Iterable[str]) -> None:
    processes = [*pipeline[0].processes, *api.group.processes]
    logs = {p.name: p.log_path.read_text(errors="replace") for p in processes}
    leaks = [(name, s[:8]) for name, text in logs.items() for s in secrets if s in text]
    assert leaks == []


def test_gmail_connect_to_jobs(
    pipeline: Pipeline,
    api: Api,
    sessions: sessionmaker[Session],
    cipher: CredentialCipher,
    gmail_server_session: FakeGmail,
) -> None:
    fake = gmail_server_session
    roles = ["Salesforce Developer", "Salesforce Administrator"]
    recruiter = new_recruiter(sessions, roles=roles)
    message_ids = {
        fake.add_message(requirement_email(subject, sent=SENT), internal_date=SENT)
        for subject in roles
    }
    fake.add_message(requirement_email(NEWSLETTER, sent=SENT), internal_date=SENT)

    integration_id, code = connect_oauth(api, "gmail", recruiter)
    connected = stored_credentials(sessions, cipher, integration_id, secrets=[])
    assert integration(sessions, integration_id).account_email == GMAIL_ACCOUNT
    assert connected["refresh_token"] in fake.issued_refresh_tokens()
    fake.expire_access_tokens()  # Google rejects the connect's token: the sync must refresh
    jobs = sync_to_jobs(pipeline, api, sessions, recruiter, integration_id, roles=roles)

    assert {j.provider_message_id for j in jobs} == message_ids
    secrets = [code, connected["refresh_token"], connected["token"], *fake.issued_access_tokens()]
    stored = stored_credentials(sessions, cipher, integration_id, secrets=secrets)
    assert stored["refresh_token"] == connected["refresh_token"]  # Google does not rotate it
    assert stored["token"] != connected["token"]
    assert stored["token"] in fake.issued_access_tokens()
    assert_no_secret_logged(pipeline, api, secrets)


def test_outlook_connect_to_jobs(
    pipeline: Pipeline,
    api: Api,
    sessions: sessionmaker[Session],
    cipher: CredentialCipher,
    microsoft_servers_session: MicrosoftServers,
) -> None:
    idp, graph = microsoft_servers_session.idp, microsoft_servers_session.graph
    roles = ["Golang Developer", "Golang Architect"]
    recruiter = new_recruiter(sessions, roles=roles)
    message_ids = {
        graph.add_message(subject, SENT, raw=requirement_email(subject, sent=SENT)).immutable_id
        for subject in roles
    }
    graph.add_message(NEWSLETTER, SENT, raw=requirement_email(NEWSLETTER, sent=SENT))

    tls = microsoft_servers_session.client_tls()
    integration_id, code = connect_oauth(api, "outlook", recruiter, tls=tls)
    connected = stored_credentials(sessions, cipher, integration_id, secrets=[])
    assert integration(sessions, integration_id).account_email == idp.user.preferred_username
    (connect_refresh,) = read_cache_secrets(connected["token_cache"], "RefreshToken")
    idp.expire_access_tokens()  # Graph rejects the cached token: the fetcher must refresh
    jobs = sync_to_jobs(pipeline, api, sessions, recruiter, integration_id, roles=roles)

    assert {j.provider_message_id for j in jobs} == message_ids
    secrets = [code, *idp.issued_refresh_tokens, *idp.issued_access_tokens]
    stored = stored_credentials(sessions, cipher, integration_id, secrets=secrets)
    assert stored["account_id"] == connected["account_id"]
    (refresh,) = read_cache_secrets(stored["token_cache"], "RefreshToken")
    # Azure AD rotated the refresh token; the newest one is what is kept
    assert refresh != connect_refresh and refresh == idp.issued_refresh_tokens[-1]
    (access,) = read_cache_secrets(stored["token_cache"], "AccessToken")
    assert idp.is_valid_access_token(access)
    assert_no_secret_logged(pipeline, api, secrets)


def test_imap_connect_to_jobs(
    pipeline: Pipeline,
    api: Api,
    sessions: sessionmaker[Session],
    cipher: CredentialCipher,
    dovecot: DovecotServer,
) -> None:
    user, password = dovecot.new_user()
    roles = ["Mainframe Developer", "Mainframe Tester"]
    recruiter = new_recruiter(sessions, roles=roles)
    for subject in [*roles, NEWSLETTER]:
        dovecot.append(user, requirement_email(subject, sent=SENT), SENT)

    body = {
        "user_id": recruiter.user_id,
        "host": dovecot.host,
        "port": dovecot.port,
        "username": user,
        "password": password,
        "use_tls": False,
        "folder": "INBOX",
    }
    created = httpx.post(f"{api.url}/integrations/imap", json=body, headers=recruiter.headers)
    assert created.status_code == 201, created.text
    assert password not in created.text
    integration_id = int(created.json()["id"])
    sync_to_jobs(pipeline, api, sessions, recruiter, integration_id, roles=roles)

    stored = stored_credentials(sessions, cipher, integration_id, secrets=[password])
    assert stored == {"password": password}
    assert_no_secret_logged(pipeline, api, [password])
