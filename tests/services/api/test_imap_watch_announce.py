"""Connecting an IMAP mailbox through the API puts its record on integration.imap.active (after
the commit, without the password); disconnecting it tombstones the record. Real PostgreSQL and
Kafka; without a broker the API still answers and leaves it to the scheduler's reconcile."""

from __future__ import annotations

import json
import logging

import pytest
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.topics import Topic
from services.api.main import build_app
from services.api.settings import ApiSettings
from services.common.compacted import read_table
from services.db import api_keys
from services.db.session import transaction
from tests.pipeline_fixtures import new_tenant

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]
PASSWORD = "imap-pa55word"  # noqa: S105  (test value)


def connect_and_disconnect(
    sessions: sessionmaker[Session], settings: ApiSettings
) -> tuple[int, str | None]:
    """Connect an IMAP mailbox, read its record back (with a broker), disconnect it."""
    ids = new_tenant(sessions, mailbox=None, roles=["java developer"])
    with transaction(sessions) as session:
        key, _ = api_keys.create_api_key(session, tenant_id=ids.tenant_id, name="tests")
    headers = {"X-API-Key": key}
    body = {
        "user_id": ids.user_id,
        "host": "imap.example.test",
        "port": 993,
        "username": "recruiter@example.test",
        "password": PASSWORD,
        "folder": "Jobs",
    }
    with TestClient(build_app(settings, sessions=sessions)) as client:
        created = client.post("/integrations/imap", headers=headers, json=body)
        assert created.status_code == 201, created.text
        integration_id = int(created.json()["id"])
        bootstrap = settings.kafka_bootstrap_servers
        value = None
        if bootstrap:
            table = read_table(bootstrap, Topic.INTEGRATION_IMAP_ACTIVE, client_id="tests")
            value = table.get(str(integration_id).encode(), b"").decode()
        deleted = client.delete(f"/integrations/{integration_id}", headers=headers)
        assert deleted.status_code == 204
    return integration_id, value


def test_connect_publishes_the_folder_and_disconnect_a_tombstone(
    sessions: sessionmaker[Session], database_url: str, kafka_bootstrap: str
) -> None:
    settings = ApiSettings(
        database_url=database_url,
        token_encryption_keys=Fernet.generate_key().decode(),
        environment="test",
        kafka_bootstrap_servers=kafka_bootstrap,
    )
    integration_id, value = connect_and_disconnect(sessions, settings)

    assert value is not None and PASSWORD not in value
    assert json.loads(value) == {
        "integration_id": integration_id,
        "tenant_id": json.loads(value)["tenant_id"],
        "host": "imap.example.test",
        "port": 993,
        "use_tls": True,
        "username": "recruiter@example.test",
        "folder": "Jobs",
    }
    after = read_table(kafka_bootstrap, Topic.INTEGRATION_IMAP_ACTIVE, client_id="tests")
    assert str(integration_id).encode() not in after


def test_without_a_broker_the_api_answers_and_leaves_it_to_the_reconcile(
    sessions: sessionmaker[Session], database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    settings = ApiSettings(
        database_url=database_url,
        token_encryption_keys=Fernet.generate_key().decode(),
        environment="test",
    )
    caplog.set_level(logging.WARNING, logger="services.api")
    integration_id, _ = connect_and_disconnect(sessions, settings)
    assert f"integration {integration_id}: imap watch not announced" in caplog.text
