"""The API against a hostile tenant (issue 12): IMAP integrations aimed inside the network, at
other ports or without TLS, and control characters bound for a wire protocol."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from confluent_kafka import Producer
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.topics import Topic
from services.api.main import build_app
from services.api.settings import ApiSettings
from services.common.kafka import Outbound, ProducerGateway, build_producer_config
from services.db.models import EmailIntegration
from services.db.session import transaction
from services.demo.seed import DemoIds
from tests.pipeline_fixtures import new_tenant
from tests.services.api.api_app import KEY, api_settings
from tests.services.api.test_deadletters import dead_letter, redrive_and_wait

pytestmark = [pytest.mark.postgres]
PASSWORD = "imap-Pa55-word"  # noqa: S105  (test value)


@pytest.fixture
def tenant(sessions: sessionmaker[Session]) -> DemoIds:
    return new_tenant(sessions, mailbox=None, roles=["java developer"])


def client_for(settings: ApiSettings, sessions: sessionmaker[Session]) -> TestClient:
    return TestClient(build_app(settings, sessions=sessions))


@pytest.fixture
def client(prepared: tuple[str, str], sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    with client_for(api_settings(prepared[1]), sessions) as test_client:
        yield test_client


def imap_body(ids: DemoIds, **overrides: Any) -> dict[str, Any]:
    body = {
        "user_id": ids.user_id,
        "host": "imap.example.com",
        "port": 993,
        "username": "recruiter@example.com",
        "password": PASSWORD,
    }
    return body | overrides


def imap_count(sessions: sessionmaker[Session], ids: DemoIds) -> int:
    with transaction(sessions) as session:
        query = select(func.count()).where(
            EmailIntegration.tenant_id == ids.tenant_id, EmailIntegration.provider == "imap"
        )
        return int(session.scalar(query) or 0)


def refusal(response: Any) -> str:
    assert response.status_code == 422, response.text
    assert PASSWORD not in response.text
    return " ".join(str(error["msg"]) for error in response.json()["detail"])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"host": "127.0.0.1"}, "address 127.0.0.1 is not allowed (loopback)"),
        ({"host": "::1"}, "address ::1 is not allowed (loopback)"),
        ({"host": "::ffff:127.0.0.1"}, "(loopback)"),
        ({"host": "169.254.169.254"}, "address 169.254.169.254 is not allowed (metadata)"),
        ({"host": "fd00:ec2::254"}, "(metadata)"),
        ({"host": "10.0.0.8"}, "(private)"),
        ({"host": "192.168.1.1"}, "(private)"),
        ({"host": "localhost"}, "host localhost is not allowed (a local name)"),
        ({"host": "db.internal"}, "(a local name)"),
        ({"host": "imap.example.com:993"}, "host is not a valid DNS name"),
        ({"port": 22}, "port 22 is not allowed (allowed: 143, 993)"),
        ({"port": 6379}, "port 6379 is not allowed"),
        ({"use_tls": False, "port": 143}, "use_tls must be true"),
    ],
)
def test_imap_hosts_ports_and_plain_text_outside_the_policy_are_422(
    client: TestClient,
    sessions: sessionmaker[Session],
    tenant: DemoIds,
    overrides: dict[str, Any],
    message: str,
) -> None:
    response = client.post(
        "/integrations/imap",
        headers={"X-API-Key": tenant.api_key},
        json=imap_body(tenant, **overrides),
    )

    assert message in refusal(response)
    assert imap_count(sessions, tenant) == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", "recruiter\r\nA2 LOGOUT"),
        ("username", "recruiter\x00"),
        ("password", "pw\r\nA2 DELETE INBOX"),
        ("folder", "INBOX\r\nA3 EXPUNGE"),
        ("folder", "INBOX\u2028"),
        ("host", "imap.example.com\r\nA1 NOOP"),
        ("host", "imap.example.com\x85"),
    ],
)
def test_control_characters_in_imap_fields_are_422_without_echo(
    client: TestClient,
    sessions: sessionmaker[Session],
    tenant: DemoIds,
    field: str,
    value: str,
) -> None:
    response = client.post(
        "/integrations/imap",
        headers={"X-API-Key": tenant.api_key},
        json=imap_body(tenant, **{field: value}),
    )

    assert f"{field} contains control characters" in refusal(response)
    assert value not in response.text and "A2 " not in response.text
    assert imap_count(sessions, tenant) == 0


def test_a_public_host_is_accepted_and_stored_normalised(
    client: TestClient, tenant: DemoIds
) -> None:
    response = client.post(
        "/integrations/imap",
        headers={"X-API-Key": tenant.api_key},
        json=imap_body(tenant, host="IMAP.Example.COM."),
    )

    assert response.status_code == 201, response.text
    assert response.json()["config"]["host"] == "imap.example.com"


def test_the_operator_can_admit_an_on_premise_server_and_plain_imap(
    prepared: tuple[str, str], sessions: sessionmaker[Session], tenant: DemoIds
) -> None:
    settings = ApiSettings(
        database_url=prepared[1],
        token_encryption_keys=KEY,
        environment="test",
        imap_allowed_hosts=("10.20.0.0/16", "mail.corp.example"),
        imap_allowed_ports=("143", "993", "10143"),
        imap_allow_plaintext=True,
    )
    body = imap_body(tenant, host="10.20.1.5", port=10143, use_tls=False)
    with client_for(settings, sessions) as client:
        admitted = client.post(
            "/integrations/imap", headers={"X-API-Key": tenant.api_key}, json=body
        )
        outside = client.post(
            "/integrations/imap",
            headers={"X-API-Key": tenant.api_key},
            json=imap_body(tenant, host="10.21.0.1"),
        )

    assert admitted.status_code == 201, admitted.text
    assert "(private)" in refusal(outside)


def test_oauth_callback_parameters_with_control_characters_are_400(client: TestClient) -> None:
    for params in ({"state": "s\r\nX-Injected: 1", "code": "c"}, {"state": "s", "code": "c\n"}):
        response = client.get("/oauth/gmail/callback", params=params)
        assert response.status_code == 400
        assert response.json() == {"detail": "invalid callback parameters"}


# --- dead-letter re-drive (item 2): plain-text reasons, the tenant's letters only ---------------


@pytest.fixture
def kafka_client(
    prepared: tuple[str, str], sessions: sessionmaker[Session]
) -> Iterator[TestClient]:
    bootstrap, database_url = prepared
    with client_for(api_settings(database_url, kafka=bootstrap), sessions) as test_client:
        yield test_client


def send_dead_letters(bootstrap: str, letters: list[Outbound]) -> None:
    producer = Producer(build_producer_config(bootstrap=bootstrap, client_id="security-test"))
    ProducerGateway(producer).send(letters)


@pytest.mark.kafka
def test_a_redrive_reason_is_plain_text_never_a_pattern(
    kafka_client: TestClient, prepared: tuple[str, str], sessions: sessionmaker[Session]
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=[])
    send_dead_letters(prepared[0], [dead_letter(ids, "Undecodable MIME (part 2)")])

    catastrophic = redrive_and_wait(kafka_client, ids, reason="(?:.|.){1,19}QQQ")
    # not a valid pattern at all, but a fine piece of text
    literal = redrive_and_wait(kafka_client, ids, reason="mime (part")

    assert catastrophic["redriven"] == 0
    assert literal["redriven"] == 1
    too_long = kafka_client.post(
        f"/deadletters/{Topic.EMAIL_RAW_DLQ.value}/redrive",
        headers={"X-API-Key": ids.api_key},
        params={"reason": "x" * 201},
    )
    assert too_long.status_code == 422


@pytest.mark.kafka
def test_a_redrive_counts_only_the_callers_dead_letters(
    kafka_client: TestClient, prepared: tuple[str, str], sessions: sessionmaker[Session]
) -> None:
    mine = new_tenant(sessions, mailbox=None, roles=[])
    theirs = new_tenant(sessions, mailbox=None, roles=[])
    send_dead_letters(
        prepared[0],
        [dead_letter(mine, "schema says no"), *(dead_letter(theirs, "nope") for _ in range(3))],
    )

    done = redrive_and_wait(kafka_client, mine, reason="something else")

    assert (done["examined"], done["redriven"]) == (1, 0)  # the other tenant's 3 stay unseen


@pytest.mark.kafka
def test_a_filtered_redrive_leaves_the_letters_it_skipped_for_later(
    kafka_client: TestClient, prepared: tuple[str, str], sessions: sessionmaker[Session]
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=[])
    # one integration: one key, one partition, in this order
    send_dead_letters(prepared[0], [dead_letter(ids, "reason-a"), dead_letter(ids, "reason-b")])

    only_a = redrive_and_wait(kafka_client, ids, reason="reason-a")
    the_rest = redrive_and_wait(kafka_client, ids)
    nothing_left = redrive_and_wait(kafka_client, ids)

    assert only_a["redriven"] == 1
    assert the_rest["redriven"] == 1  # reason-b, skipped above, is still there
    assert nothing_left["redriven"] == 0


@pytest.mark.kafka
def test_redrive_jobs_are_the_callers_own(
    kafka_client: TestClient, sessions: sessionmaker[Session]
) -> None:
    mine = new_tenant(sessions, mailbox=None, roles=[])
    theirs = new_tenant(sessions, mailbox=None, roles=[])
    job = redrive_and_wait(kafka_client, mine)

    other = kafka_client.get(job["href"], headers={"X-API-Key": theirs.api_key})

    assert other.status_code == 404
