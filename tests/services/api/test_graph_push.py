"""POST /push/graph on real PostgreSQL and Kafka: the validation handshake, a verified
notification → one push sync, a burst → one, lifecycle events, and one answer for every
rejection (unknown subscription, wrong clientState, malformed) with nothing requested."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import Provider, SyncReason
from services.api.main import build_app
from services.api.settings import ApiSettings
from services.common.crypto import CredentialCipher
from services.db import push
from services.db.models import IntegrationPush
from services.db.session import transaction
from services.demo.seed import DemoIds
from services.domain.graph_push import sealed_client_state
from services.domain.push import PushState, WatchFacts, push_state, renewal_due
from tests.kafka_helpers import own_kafka
from tests.pipeline_fixtures import new_tenant
from tests.services.api.sync_requests_reader import Requests

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]

KEY = Fernet.generate_key().decode()
CLIENT_STATE = "graph-client-state-secret-0123456789"


@pytest.fixture(scope="module")
def graph_kafka(prepared: tuple[str, str]) -> Iterator[str]:
    """A broker of this module's own: the session's running fetchers would start the pushed
    syncs (clearing the pending mark) and let more requests through than the tests count."""
    with own_kafka(prepared[1], with_topics=True) as bootstrap:
        yield bootstrap


@pytest.fixture
def client(
    prepared: tuple[str, str], graph_kafka: str, sessions: sessionmaker[Session]
) -> Iterator[TestClient]:
    settings = ApiSettings(
        database_url=prepared[1],
        token_encryption_keys=KEY,
        environment="test",
        kafka_bootstrap_servers=graph_kafka,
    )
    with TestClient(build_app(settings, sessions=sessions)) as test_client:
        yield test_client


@pytest.fixture
def requests_topic(graph_kafka: str) -> Iterator[Requests]:
    reader = Requests(graph_kafka)
    try:
        yield reader
    finally:
        reader.close()


def outlook_subscription(sessions: sessionmaker[Session]) -> tuple[DemoIds, str]:
    """An Outlook integration with a Graph subscription; its id."""
    ids = new_tenant(sessions, mailbox=None, roles=["java developer"], provider="outlook")
    subscription_id = str(uuid.uuid4())
    now = datetime.now(UTC)
    with transaction(sessions) as session:
        push.record_graph_subscription(
            session,
            integration_id=ids.integration_id,
            subscription_id=subscription_id,
            sealed_client_state=sealed_client_state(
                CredentialCipher.from_setting(KEY), CLIENT_STATE
            ),
            expires_at=now + timedelta(days=2),
            now=now,
        )
    return ids, subscription_id


def created(subscription_id: str, client_state: str = CLIENT_STATE) -> dict[str, object]:
    return {
        "subscriptionId": subscription_id,
        "clientState": client_state,
        "changeType": "created",
        "resource": "Users/u/Messages/AAMk",
        "tenantId": "t",
    }


def lifecycle(subscription_id: str, event: str) -> dict[str, object]:
    return {"subscriptionId": subscription_id, "clientState": CLIENT_STATE, "lifecycleEvent": event}


def deliver(client: TestClient, *notifications: dict[str, object]) -> tuple[int, bytes]:
    response = client.post(
        "/push/graph",
        content=json.dumps({"value": list(notifications)}),
        headers={"Content-Type": "application/json"},
    )
    return response.status_code, response.content


def push_row(sessions: sessionmaker[Session], ids: DemoIds) -> IntegrationPush:
    with transaction(sessions) as session:
        row = session.get(IntegrationPush, ids.integration_id)
        assert row is not None
        session.expunge(row)
        return row


def watch_facts(sessions: sessionmaker[Session], ids: DemoIds) -> WatchFacts:
    with transaction(sessions) as session:
        return push.watch_facts(session, integration_id=ids.integration_id)


def test_the_validation_handshake_echoes_the_token_as_plain_text(client: TestClient) -> None:
    token = "Validation: Testing client application reachability for subscription Request-Id: 1"
    response = client.post("/push/graph", params={"validationToken": token})
    assert response.status_code == 200
    assert response.text == token
    assert response.headers["content-type"].startswith("text/plain")
    for unsafe in ("", "x" * 2000, "<script>\n</script>"):
        refused = client.post("/push/graph", params={"validationToken": unsafe})
        assert refused.status_code == 400 and refused.text == ""


def test_a_verified_notification_requests_one_push_sync(
    client: TestClient, sessions: sessionmaker[Session], requests_topic: Requests
) -> None:
    ids, subscription_id = outlook_subscription(sessions)
    assert deliver(client, created(subscription_id))[0] == 202
    requested = requests_topic.until_sentinel(ids)
    assert len(requested) == 1
    assert requested[0].reason is SyncReason.PUSH
    assert requested[0].provider is Provider.OUTLOOK
    row = push_row(sessions, ids)
    assert row.pending_sync_id == requested[0].sync_id and row.last_notification_at is not None


def test_a_burst_of_notifications_requests_one_push_sync(
    client: TestClient, sessions: sessionmaker[Session], requests_topic: Requests
) -> None:
    ids, subscription_id = outlook_subscription(sessions)
    answers = {deliver(client, created(subscription_id), created(subscription_id))[0]}
    answers |= {deliver(client, created(subscription_id))[0] for _ in range(30)}
    assert answers == {202}
    assert len(requests_topic.until_sentinel(ids)) == 1


def test_every_rejection_is_the_same_answer_and_requests_nothing(
    client: TestClient,
    sessions: sessionmaker[Session],
    requests_topic: Requests,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ids, subscription_id = outlook_subscription(sessions)
    caplog.set_level(logging.DEBUG)
    answers = {
        deliver(client, created(subscription_id, "wrong-client-state")),
        deliver(client, created(subscription_id, "")),
        deliver(client, created(str(uuid.uuid4()))),  # unknown subscription
        deliver(client, {"subscriptionId": subscription_id}),  # no clientState
        deliver(client),  # no notifications
    }
    malformed = client.post("/push/graph", content=b"{not json")
    answers.add((malformed.status_code, malformed.content))
    assert len(answers) == 1
    assert next(iter(answers))[0] == 403
    assert requests_topic.until_sentinel(ids) == []
    assert push_row(sessions, ids).pending_sync_id is None
    assert CLIENT_STATE not in caplog.text and "wrong-client-state" not in caplog.text


def test_a_disconnected_integration_is_rejected_like_an_unknown_one(
    client: TestClient, sessions: sessionmaker[Session], requests_topic: Requests
) -> None:
    ids, subscription_id = outlook_subscription(sessions)
    unknown = deliver(client, created(str(uuid.uuid4())))
    with transaction(sessions) as session:
        push.forget_watch(session, integration_id=ids.integration_id)
    assert deliver(client, created(subscription_id)) == unknown
    assert requests_topic.until_sentinel(ids) == []


def test_lifecycle_events_renew_fail_or_resync(
    client: TestClient, sessions: sessionmaker[Session], requests_topic: Requests
) -> None:
    ids, subscription_id = outlook_subscription(sessions)
    now = datetime.now(UTC)
    assert not renewal_due(watch_facts(sessions, ids), now=now)

    assert deliver(client, lifecycle(subscription_id, "reauthorizationRequired"))[0] == 202
    assert renewal_due(watch_facts(sessions, ids), now=now)

    assert deliver(client, lifecycle(subscription_id, "subscriptionRemoved"))[0] == 202
    facts = watch_facts(sessions, ids)
    assert push_state(facts, now=now) is PushState.FAILED and renewal_due(facts, now=now)
    assert requests_topic.until_sentinel(ids) == []

    assert deliver(client, lifecycle(subscription_id, "missed"))[0] == 202
    requested = requests_topic.until_sentinel(ids)
    assert len(requested) == 1 and requested[0].reason is SyncReason.PUSH
