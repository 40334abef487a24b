"""POST /push/gmail on real PostgreSQL and Kafka: Pub/Sub push deliveries signed by a local
key (google-auth fetches its certificate from a local server), the debounce, one answer for
every rejection, the connection health in GET /integrations, the watch stopped on disconnect."""

# ruff: noqa: F811  (pytest injects the imported gmail_server fixture by parameter name)

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY
from pytest_httpserver import HTTPServer
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import SyncReason
from services.api.main import build_app
from services.api.settings import ApiSettings
from services.common.crypto import CredentialCipher
from services.db import push
from services.db.credentials import store_credentials
from services.db.models import EmailIntegration
from services.db.session import transaction
from services.demo.seed import DemoIds
from tests.kafka_helpers import own_kafka
from tests.pipeline_fixtures import new_tenant
from tests.providers.gmail_server import (
    CLIENT_ID,
    CLIENT_SECRET,
    FakeGmail,
    gmail_server,  # noqa: F401  (fixture)
)
from tests.providers.google_pubsub import (
    PUSH_AUDIENCE,
    PUSH_SERVICE_ACCOUNT,
    LocalPushSigner,
    push_body,
    running_certs_server,
)
from tests.services.api.sync_requests_reader import Requests
from tests.waiting import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]

KEY = Fernet.generate_key().decode()
REFRESH_TOKEN = "1//push-test-refresh-token"


@pytest.fixture
def certs_server() -> Iterator[HTTPServer]:
    with running_certs_server() as server:
        yield server


@pytest.fixture
def signer(certs_server: HTTPServer) -> LocalPushSigner:
    return LocalPushSigner(certs_server)


@pytest.fixture(scope="module")
def push_kafka(prepared: tuple[str, str]) -> Iterator[str]:
    """A broker of this module's own: the session's running fetchers would start the pushed
    syncs (clearing the pending mark) and let more requests through than the burst test counts."""
    with own_kafka(prepared[1], with_topics=True) as bootstrap:
        yield bootstrap


@pytest.fixture
def client(
    prepared: tuple[str, str],
    push_kafka: str,
    sessions: sessionmaker[Session],
    signer: LocalPushSigner,
    gmail_server: FakeGmail,
) -> Iterator[TestClient]:
    database_url = prepared[1]
    settings = ApiSettings(
        database_url=database_url,
        token_encryption_keys=KEY,
        environment="test",
        kafka_bootstrap_servers=push_kafka,
        gmail_push_audience=PUSH_AUDIENCE,
        gmail_push_service_account=PUSH_SERVICE_ACCOUNT,
        google_certs_url=signer.certs_url,
        google_client_id=CLIENT_ID,
        google_client_secret=CLIENT_SECRET,
        google_token_uri=f"{gmail_server.base_url}/token",
        gmail_api_endpoint=gmail_server.base_url,
        google_oauth_testing=True,
    )
    with TestClient(build_app(settings, sessions=sessions)) as test_client:
        yield test_client


def gmail_mailbox(sessions: sessionmaker[Session]) -> tuple[DemoIds, str]:
    ids = new_tenant(sessions, mailbox=None, roles=["java developer"], provider="gmail")
    address = f"recruiter-{uuid.uuid4().hex[:8]}@gmail.test"
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, ids.integration_id)
        assert row is not None
        row.account_email = address
        store_credentials(
            session,
            integration_id=ids.integration_id,
            cipher=CredentialCipher.from_setting(KEY),
            credentials={"refresh_token": REFRESH_TOKEN},
        )
    return ids, address


def pushes(outcome: str) -> float:
    value = REGISTRY.get_sample_value(
        "reqstream_push_notifications_total", {"provider": "gmail", "outcome": outcome}
    )
    return value or 0.0


def deliver(
    client: TestClient, signer: LocalPushSigner, address: str, history_id: int, **claims: object
) -> tuple[int, bytes]:
    response = client.post(
        "/push/gmail",
        content=push_body(address, history_id),
        headers={
            "Authorization": f"Bearer {signer.token(**claims)}",
            "Content-Type": "application/json",
        },
    )
    return response.status_code, response.content


@pytest.fixture
def requests_topic(push_kafka: str) -> Iterator[Requests]:
    reader = Requests(push_kafka)
    try:
        yield reader
    finally:
        reader.close()


def test_a_burst_of_fifty_notifications_requests_one_push_sync(
    client: TestClient,
    signer: LocalPushSigner,
    sessions: sessionmaker[Session],
    requests_topic: Requests,
) -> None:
    ids, address = gmail_mailbox(sessions)
    before = pushes("requested"), pushes("debounced")
    answers = {deliver(client, signer, address, 1000 + n)[0] for n in range(50)}
    assert answers == {204}
    assert (pushes("requested") - before[0], pushes("debounced") - before[1]) == (1, 49)
    requested = requests_topic.until_sentinel(ids)
    assert len(requested) == 1
    request = requested[0]
    assert request.reason is SyncReason.PUSH and not request.manual_trigger
    assert (request.tenant_id, request.user_id) == (ids.tenant_id, ids.user_id)
    with transaction(sessions) as session:
        row = push.locked_push_row(session, integration_id=ids.integration_id)
        assert row.pending_sync_id == request.sync_id
        assert row.last_history_id == 1049
        # the sync starts (the fetcher clears its mark): the next notification asks again
        push.clear_pending(session, integration_id=ids.integration_id, sync_id=request.sync_id)
    assert deliver(client, signer, address, 1050)[0] == 204
    again = requests_topic.until_sentinel(ids)
    assert len(again) == 1 and again[0].sync_id != request.sync_id

    listed = client.get("/integrations", headers={"X-API-Key": ids.api_key}).json()
    health = next(i for i in listed if i["id"] == ids.integration_id)["health"]
    assert health["push_state"] == "off"  # no watch yet: the next sync establishes it
    assert health["last_notification_at"] is not None
    assert health["cursor_age_seconds"] is None  # never synced


def test_every_rejection_looks_the_same_and_requests_nothing(
    client: TestClient,
    signer: LocalPushSigner,
    sessions: sessionmaker[Session],
    requests_topic: Requests,
    certs_server: HTTPServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ids, address = gmail_mailbox(sessions)
    assert deliver(client, signer, address, 500)[0] == 204  # the one accepted delivery
    stranger = LocalPushSigner()  # a key Google never published
    now = int(datetime.now(UTC).timestamp())
    body = push_body(address, 600)
    caplog.set_level(logging.DEBUG)
    rejected_before = pushes("rejected")
    rejected = [
        client.post("/push/gmail", content=body),  # no token
        client.post("/push/gmail", content=body, headers={"Authorization": "Bearer x.y.z"}),
        client.post(
            "/push/gmail",
            content=body,
            headers={"Authorization": f"Bearer {stranger.token()}"},  # wrongly signed
        ),
        *[
            client.post(
                "/push/gmail",
                content=body,
                headers={"Authorization": f"Bearer {signer.token(**claims)}"},
            )
            for claims in (
                {"aud": "https://elsewhere.example.test/push"},
                {"email": "someone@evil-project.iam.gserviceaccount.com"},
                {"email_verified": False},
                {"iss": "https://issuer.example.test"},
                {"iat": now - 7200, "exp": now - 3600},  # expired
            )
        ],
        client.post(  # not a Gmail notification
            "/push/gmail",
            content=b'{"message": {"data": "bm90IGpzb24="}}',
            headers={"Authorization": f"Bearer {signer.token()}"},
        ),
        client.post(  # an unknown mailbox
            "/push/gmail",
            content=push_body(f"nobody-{uuid.uuid4().hex[:6]}@gmail.test", 600),
            headers={"Authorization": f"Bearer {signer.token()}"},
        ),
        client.post(  # a replay of the accepted delivery (same history id)
            "/push/gmail",
            content=push_body(address, 500),
            headers={"Authorization": f"Bearer {signer.token()}"},
        ),
        client.post(  # overtaken: older than the accepted one
            "/push/gmail",
            content=push_body(address, 499),
            headers={"Authorization": f"Bearer {signer.token()}"},
        ),
    ]
    answers = {(r.status_code, r.content, r.headers["content-type"]) for r in rejected}
    assert answers == {(403, b'{"detail":"delivery rejected"}', "application/json")}
    assert pushes("rejected") - rejected_before == len(rejected)
    requested = requests_topic.until_sentinel(ids)
    assert len(requested) == 1  # the accepted one only
    with transaction(sessions) as session:
        assert (
            push.locked_push_row(session, integration_id=ids.integration_id).last_history_id == 500
        )
    token = signer.token()
    assert token not in caplog.text and "Bearer" not in caplog.text


def test_disconnecting_stops_the_gmail_watch(
    client: TestClient, sessions: sessionmaker[Session], gmail_server: FakeGmail
) -> None:
    ids, _ = gmail_mailbox(sessions)
    gmail_server.add_refresh_token(REFRESH_TOKEN)
    granted = datetime.now(UTC) - timedelta(days=6)
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, ids.integration_id)
        assert row is not None
        row.token_granted_at = granted  # a Testing app's token: it lapses in a day
        push.record_watch(
            session,
            integration_id=ids.integration_id,
            expires_at=datetime.now(UTC) + timedelta(days=7),
            error=None,
            now=datetime.now(UTC),
        )
    listed = client.get("/integrations", headers={"X-API-Key": ids.api_key}).json()
    health = next(i for i in listed if i["id"] == ids.integration_id)["health"]
    assert health["push_state"] == "active"
    assert health["token_health"] == "expiring"
    assert datetime.fromisoformat(health["token_lapses_at"]) == granted + timedelta(days=7)
    response = client.delete(
        f"/integrations/{ids.integration_id}", headers={"X-API-Key": ids.api_key}
    )
    assert response.status_code == 204
    wait_until(lambda: gmail_server.stop_calls == 1, timeout=10)
    with transaction(sessions) as session:
        assert push.watch_facts(session, integration_id=ids.integration_id).expires_at is None


def test_disconnecting_stops_a_watch_this_api_takes_no_deliveries_for(
    prepared: tuple[str, str], sessions: sessionmaker[Session], gmail_server: FakeGmail
) -> None:
    """A fetcher with a Pub/Sub topic set the watch up; the API without push settings still
    stops it, rather than leaving it to lapse."""
    ids, _ = gmail_mailbox(sessions)
    gmail_server.add_refresh_token(REFRESH_TOKEN)
    now = datetime.now(UTC)
    with transaction(sessions) as session:
        push.record_watch(
            session,
            integration_id=ids.integration_id,
            expires_at=now + timedelta(days=7),
            error=None,
            now=now,
        )
    settings = ApiSettings(
        database_url=prepared[1],
        token_encryption_keys=KEY,
        environment="test",
        google_client_id=CLIENT_ID,
        google_client_secret=CLIENT_SECRET,
        google_token_uri=f"{gmail_server.base_url}/token",
        gmail_api_endpoint=gmail_server.base_url,
    )
    stops = gmail_server.stop_calls
    with TestClient(build_app(settings, sessions=sessions)) as client:
        response = client.delete(
            f"/integrations/{ids.integration_id}", headers={"X-API-Key": ids.api_key}
        )
    assert response.status_code == 204
    assert gmail_server.stop_calls == stops + 1
    with transaction(sessions) as session:
        assert push.watch_facts(session, integration_id=ids.integration_id).expires_at is None
