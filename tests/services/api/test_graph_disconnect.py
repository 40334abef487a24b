"""Disconnecting an Outlook integration deletes its Graph subscription (DELETE
/subscriptions/{id} with the mailbox's own token, through real MSAL and httpx against the local
identity platform and Graph over HTTPS) and forgets it and its clientState; a Graph that fails
or no longer knows it never blocks the disconnect, and no token reaches the log."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient
from pytest_httpserver import HTTPServer
from sqlalchemy.orm import Session, sessionmaker

from services.api.main import build_app
from services.api.settings import ApiSettings
from services.common.crypto import CredentialCipher
from services.db import push
from services.db.credentials import store_credentials
from services.db.models import EmailIntegration, IntegrationPush
from services.db.session import transaction
from services.demo.seed import DemoIds
from services.domain.graph_push import sealed_client_state
from tests.pipeline_fixtures import new_tenant
from tests.providers.graph_server import FakeGraph
from tests.providers.identity_server import (
    CLIENT_SECRET,
    LocalIdentityProvider,
    MintedCache,
    ca_pem_file,
    clean_tls_env,
    client_ssl_context,
    https_server,
    https_server_session,
    httpserver_ssl_context,
    mint_token_cache,
    trustme_ca,
)

# pytest finds fixtures by name in this module's namespace
FIXTURES = (
    ca_pem_file,
    clean_tls_env,
    client_ssl_context,
    https_server,
    https_server_session,
    httpserver_ssl_context,
    trustme_ca,
)
pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("clean_tls_env")]
KEY = Fernet.generate_key().decode()
CLIENT_STATE = "graph-client-state-secret-disconnect-0123"


@pytest.fixture
def idp(https_server: HTTPServer) -> LocalIdentityProvider:
    return LocalIdentityProvider(https_server)


@pytest.fixture
def graph(https_server: HTTPServer, idp: LocalIdentityProvider) -> FakeGraph:
    return FakeGraph(https_server, token_validator=idp.is_valid_access_token)


@pytest.fixture
def client(
    prepared: tuple[str, str],
    sessions: sessionmaker[Session],
    idp: LocalIdentityProvider,
    graph: FakeGraph,
    ca_pem_file: str,
) -> Iterator[TestClient]:
    settings = ApiSettings(
        database_url=prepared[1],
        token_encryption_keys=KEY,
        environment="test",
        microsoft_client_id=idp.client_id,
        microsoft_client_secret=CLIENT_SECRET,
        microsoft_authority=idp.authority,
        graph_base_url=graph.base_url,
        ca_file=ca_pem_file,
    )
    with TestClient(build_app(settings, sessions=sessions)) as test_client:
        yield test_client


def subscribed_outlook(
    sessions: sessionmaker[Session], minted: MintedCache, subscription_id: str
) -> DemoIds:
    ids = new_tenant(sessions, mailbox=None, roles=["java developer"], provider="outlook")
    cipher = CredentialCipher.from_setting(KEY)
    now = datetime.now(UTC)
    with transaction(sessions) as session:
        store_credentials(
            session,
            integration_id=ids.integration_id,
            cipher=cipher,
            credentials={"token_cache": minted.token_cache, "account_id": minted.account_id},
        )
        push.record_graph_subscription(
            session,
            integration_id=ids.integration_id,
            subscription_id=subscription_id,
            sealed_client_state=sealed_client_state(cipher, CLIENT_STATE),
            expires_at=now + timedelta(days=6),
            now=now,
        )
    return ids


def disconnect(client: TestClient, ids: DemoIds) -> int:
    response = client.delete(
        f"/integrations/{ids.integration_id}", headers={"X-API-Key": ids.api_key}
    )
    return response.status_code


def forgotten(sessions: sessionmaker[Session], ids: DemoIds) -> bool:
    with transaction(sessions) as session:
        row = session.get(IntegrationPush, ids.integration_id)
        integration = session.get(EmailIntegration, ids.integration_id)
        assert row is not None and integration is not None
        return (
            row.graph_subscription_id is None
            and row.graph_client_state is None
            and row.watch_expires_at is None
            and integration.credentials_encrypted is None
            and not integration.is_active
        )


def test_disconnecting_deletes_the_graph_subscription_and_forgets_it(
    client: TestClient,
    sessions: sessionmaker[Session],
    idp: LocalIdentityProvider,
    graph: FakeGraph,
    ca_pem_file: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    minted = mint_token_cache(idp, ca_file=ca_pem_file)
    subscription_id = str(uuid.uuid4())
    graph.subscriptions[subscription_id] = {"id": subscription_id}
    ids = subscribed_outlook(sessions, minted, subscription_id)

    with caplog.at_level(logging.DEBUG):
        assert disconnect(client, ids) == 204

    assert subscription_id not in graph.subscriptions
    [deleted] = [r for r in graph.requests if r.method == "DELETE"]
    assert deleted.path == f"/subscriptions/{subscription_id}" and deleted.status == 204
    assert forgotten(sessions, ids)
    for secret in (*idp.issued_access_tokens, *idp.issued_refresh_tokens, CLIENT_STATE):
        assert secret not in caplog.text


@pytest.mark.parametrize("status", [404, 503, 401])
def test_a_graph_failure_never_blocks_the_disconnect(
    status: int,
    client: TestClient,
    sessions: sessionmaker[Session],
    idp: LocalIdentityProvider,
    graph: FakeGraph,
    ca_pem_file: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    minted = mint_token_cache(idp, ca_file=ca_pem_file)
    subscription_id = str(uuid.uuid4())
    graph.subscriptions[subscription_id] = {"id": subscription_id}
    ids = subscribed_outlook(sessions, minted, subscription_id)
    # 404: Graph no longer knows it; 503: Graph is down; 401 twice: the grant is gone
    graph.fail_next(status, times=2, path_prefix="/subscriptions/")

    with caplog.at_level(logging.INFO):
        assert disconnect(client, ids) == 204

    assert forgotten(sessions, ids)
    if status != 404:
        assert "Graph subscription not deleted" in caplog.text
    for secret in (*idp.issued_access_tokens, *idp.issued_refresh_tokens, CLIENT_STATE):
        assert secret not in caplog.text
