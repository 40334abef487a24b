"""Gmail push end to end on real Kafka and PostgreSQL: a fetcher process with a Pub/Sub topic,
the API in process, the local Gmail. The first (cron) sync searches and establishes the watch;
then every email added to the mailbox makes the fake publish a signed Pub/Sub push to the API,
which requests a debounced push sync; the fetcher reads the change with history.list and
publishes the email. An expired history id resyncs through the search."""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pytest_httpserver import HTTPServer
from sqlalchemy import select

from services.api.main import build_app
from services.api.settings import ApiSettings
from services.db import ledger
from services.db.models import EmailIntegration, SyncRun
from services.db.session import transaction
from services.demo.seed import DemoIds
from tests.e2e.fetcher_stack import FetcherStack, fetcher_stack
from tests.providers.dovecot import make_message
from tests.providers.gmail_server import ACCOUNT_EMAIL
from tests.providers.google_pubsub import (
    PUSH_AUDIENCE,
    PUSH_SERVICE_ACCOUNT,
    LocalPushSigner,
    push_body,
    running_certs_server,
)
from tests.waiting import wait_until

pytestmark = [pytest.mark.kafka, pytest.mark.e2e]
TOPIC = "projects/reqstream-test/topics/gmail-push"
ROLE = "Kotlin Developer"


@pytest.fixture(scope="module")
def stack(
    database_url: str, token_keys: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FetcherStack]:
    with fetcher_stack(
        server_database_url=database_url,
        token_keys=token_keys,
        log_dir=tmp_path_factory.mktemp("push-logs"),
        fetcher_env={"FETCHER_GMAIL_PUBSUB_TOPIC": TOPIC},
        replicas=1,
    ) as started:
        yield started


@pytest.fixture(scope="module")
def certs_server() -> Iterator[HTTPServer]:
    with running_certs_server() as server:
        yield server


@pytest.fixture(scope="module")
def api(stack: FetcherStack, token_keys: str, certs_server: HTTPServer) -> Iterator[TestClient]:
    signer = LocalPushSigner(certs_server)
    bind = stack.sessions.kw["bind"]
    settings = ApiSettings(
        database_url=bind.url.render_as_string(hide_password=False),
        token_encryption_keys=token_keys,
        environment="test",
        kafka_bootstrap_servers=stack.kafka_bootstrap,
        gmail_push_audience=PUSH_AUDIENCE,
        gmail_push_service_account=PUSH_SERVICE_ACCOUNT,
        google_certs_url=signer.certs_url,
    )
    with TestClient(build_app(settings, sessions=stack.sessions)) as client:

        def publish(address: str, history_id: int) -> None:
            """Pub/Sub pushing Gmail's notification to the API, as Google would."""
            response = client.post(
                "/push/gmail",
                content=push_body(address, history_id),
                headers={"Authorization": f"Bearer {signer.token()}"},
            )
            assert response.status_code == 204, response.text

        stack.gmail.on_notify = publish
        yield client
        stack.gmail.on_notify = None


def add_email(stack: FetcherStack, n: int) -> str:
    now = datetime.now(UTC)
    return stack.gmail.add_message(
        make_message(
            subject=f"{ROLE} requirement {n}",
            message_id=f"push-{uuid.uuid4().hex}@vendor.example.com",
            date=now,
            body=f"Role: {ROLE}\nLocation: Austin, TX\n",
        ),
        internal_date=now,
    )


def published(stack: FetcherStack, ids: DemoIds) -> Counter[str]:
    return Counter(
        e.provider_message_id for e in stack.raw_emails() if e.integration_id == ids.integration_id
    )


def cursor(stack: FetcherStack, ids: DemoIds) -> dict[str, Any]:
    with transaction(stack.sessions) as session:
        row = session.get(EmailIntegration, ids.integration_id)
        assert row is not None
        return dict(row.provider_cursor or {})


def push_runs(stack: FetcherStack, ids: DemoIds) -> list[SyncRun]:
    with transaction(stack.sessions) as session:
        return list(
            session.scalars(
                select(SyncRun).filter_by(integration_id=ids.integration_id, reason="push")
            )
        )


def test_a_notified_email_is_published_by_a_push_sync_reading_history(
    stack: FetcherStack, api: TestClient
) -> None:
    ids, first = stack.gmail_tenant(ROLE, 1)
    with transaction(stack.sessions) as session:
        row = session.get(EmailIntegration, ids.integration_id)
        assert row is not None
        row.account_email = ACCOUNT_EMAIL  # the address the fake's notifications name
    stack.send(ids)  # the cron's first sync: a search, then the watch
    wait_until(lambda: "history_id" in cursor(stack, ids), "first cursor", timeout=60)
    assert stack.gmail.watch is not None and stack.gmail.watch.topic == TOPIC
    assert published(stack, ids) == Counter({first[0]: 1})

    # one notified email: push request → history.list from the cursor → email.raw
    added_at = time.monotonic()
    new = add_email(stack, 1)
    wait_until(lambda: new in published(stack, ids), "the notified email", timeout=60)
    latency = time.monotonic() - added_at
    print(f"push latency (mailbox → email.raw, one email): {latency:.2f} s")
    assert any(r.path.endswith("/history") for r in stack.gmail.api_requests())
    assert [r.reason for r in push_runs(stack, ids)] == ["push"]

    # a burst of 50 notifications: a few debounced push syncs, every email published once
    burst = [add_email(stack, 100 + n) for n in range(50)]
    wait_until(lambda: set(burst) <= set(published(stack, ids)), "the burst's emails", timeout=120)
    counts = published(stack, ids)
    assert all(counts[m] == 1 for m in [*first, new, *burst])
    assert len(push_runs(stack, ids)) <= 1 + 50 // 2  # debounced: far fewer syncs than emails
    print(f"push syncs for a burst of 50 notified emails: {len(push_runs(stack, ids)) - 1}")
    wait_until(
        lambda: cursor(stack, ids).get("history_id") == stack.gmail.history_id,
        "cursor at the mailbox's history id",
        timeout=60,
    )

    # the history id expires: the next push sync resyncs through the search
    # what the jobwriter would have recorded (none runs here): the resync's search lists the
    # recent emails again, and the ledger is what skips them
    with transaction(stack.sessions) as session:
        for message_id in published(stack, ids):
            ledger.record_skipped(
                session,
                integration_id=ids.integration_id,
                tenant_id=ids.tenant_id,
                sync_id=uuid.uuid4(),
                provider_message_id=message_id,
                thread_id=None,
                received_at=None,
                reason="processed_in_test",
                now=datetime.now(UTC),
            )
    searches = len([r for r in stack.gmail.api_requests() if "q" in r.query])
    stack.gmail.expire_history()
    later = add_email(stack, 999)
    wait_until(lambda: later in published(stack, ids), "the email after expiry", timeout=60)
    assert published(stack, ids)[later] == 1
    assert len([r for r in stack.gmail.api_requests() if "q" in r.query]) > searches
    wait_until(
        lambda: cursor(stack, ids).get("history_id") == stack.gmail.history_id,
        "cursor after the resync",
        timeout=60,
    )
