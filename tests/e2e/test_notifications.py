"""Reconnect emails through the running pipeline: one per disconnection, however many failed
syncs report the expired token, and one again after the user reconnected."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from confluent_kafka import Producer
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import IntegrationError, IntegrationErrorType, Provider
from schemas.contracts.topics import Topic
from services.api.crud import connect_integration
from services.common.crypto import CredentialCipher
from services.common.kafka import Outbound, ProducerGateway, build_producer_config
from services.db.models import EmailIntegration, PortalUser
from services.db.session import transaction
from services.demo.processes import ServiceGroup
from services.demo.seed import DemoIds
from tests.pipeline_fixtures import RecordingHandler, emails_settled, new_tenant
from tests.waiting import wait_until

pytestmark = [pytest.mark.kafka, pytest.mark.e2e]
Pipeline = tuple[ServiceGroup, str]


def error_event(ids: DemoIds, kind: IntegrationErrorType, message: str) -> Outbound:
    """An integration error of a sync of its own (each failed sync names its sync id)."""
    error = IntegrationError(
        integration_id=ids.integration_id,
        user_id=ids.user_id,
        tenant_id=ids.tenant_id,
        provider=Provider.GMAIL,
        sync_id=uuid.uuid4(),
        error_type=kind,
        error_message=message,
        occurred_at=datetime.now(UTC),
    )
    return Outbound.of(Topic.INTEGRATION_ERROR, error, key=str(ids.integration_id), source="/t")


def send_then_wait(
    bootstrap: str, sessions: sessionmaker[Session], ids: DemoIds, events: list[Outbound]
) -> None:
    """Send ``events`` and a marker behind them on the integration's partition; wait until the
    marker is applied (so are the events) and every queued email delivered."""
    marker = f"marker-{uuid.uuid4().hex}"
    gateway = ProducerGateway(Producer(build_producer_config(bootstrap=bootstrap, client_id="t")))
    gateway.send([*events, error_event(ids, IntegrationErrorType.TRANSIENT, marker)])

    def marker_applied() -> bool:
        with transaction(sessions) as session:
            row = session.get(EmailIntegration, ids.integration_id)
            return row is not None and row.last_sync_error == marker

    wait_until(marker_applied, "the marker event")
    wait_until(lambda: emails_settled(sessions, ids.integration_id), "the queued emails")


def test_two_failed_syncs_email_once_and_a_reconnect_rearms_the_email(
    pipeline: Pipeline,
    sessions: sessionmaker[Session],
    kafka_bootstrap: str,
    smtp_server: tuple[RecordingHandler, int],
    cipher: CredentialCipher,
) -> None:
    handler, _port = smtp_server
    ids = new_tenant(sessions, mailbox=None, roles=[], provider="gmail")
    account = f"mailbox-{uuid.uuid4().hex[:8]}@example.test"
    with transaction(sessions) as session:
        user = session.get(PortalUser, ids.user_id)
        row = session.get(EmailIntegration, ids.integration_id)
        assert user is not None and row is not None
        user_email = user.email
        row.account_email = account

    def sent() -> int:
        return sum(1 for m in handler.messages if m["To"] == user_email)

    expired = IntegrationErrorType.TOKEN_EXPIRED
    # two syncs failed with the expired token before the jobwriter disabled the integration
    send_then_wait(
        kafka_bootstrap,
        sessions,
        ids,
        [error_event(ids, expired, "invalid_grant"), error_event(ids, expired, "invalid_grant")],
    )
    assert sent() == 1

    with transaction(sessions) as session:  # the user reconnects the same mailbox (the API's)
        revived = connect_integration(
            session,
            tenant_id=ids.tenant_id,
            user_id=ids.user_id,
            provider="gmail",
            account_email=account,
            config={},
            cipher=cipher,
            credentials={"refresh_token": "new"},
        )
        assert revived.id == ids.integration_id and revived.is_active
    send_then_wait(kafka_bootstrap, sessions, ids, [error_event(ids, expired, "invalid_grant")])
    assert sent() == 2
