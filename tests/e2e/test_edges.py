"""Edges of the pipeline on real servers: oversized emails, poison input, CloudEvents headers,
expired tokens."""

from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from confluent_kafka import Consumer, Message, Producer
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.codec import header_value
from schemas.contracts.dlq import DeadLetterHeaders
from schemas.contracts.models import IntegrationError, IntegrationErrorType, Provider
from schemas.contracts.topics import Topic
from services.common.kafka import Outbound, ProducerGateway, build_producer_config
from services.db.models import EmailIntegration, JobPosting, PortalUser, RawEmailBlob
from services.db.session import transaction
from services.demo.processes import ServiceGroup
from services.demo.run import trigger_sync, wait_for_run
from services.fetcher.handler import MAX_INLINE_RAW_BYTES
from tests.pipeline_fixtures import RecordingHandler, emails_settled, new_tenant
from tests.waiting import wait_until

pytestmark = [pytest.mark.kafka, pytest.mark.e2e]
Pipeline = tuple[ServiceGroup, str]
REQUIREMENT = """\
Message-ID: <{mid}>
Date: Tue, 10 Nov 2026 10:00:00 -0600
From: "Vendor" <req@vendor.example.com>
To: recruiter@demo.example.test
Subject: Requirement: Java Developer - Austin, TX - C2C
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset="utf-8"

Role: Java Developer
Location: Austin, TX
Duration: 6 months
Rate: $58/hr C2C
Visa: USC/GC

--b1
Content-Type: application/octet-stream; name="spec.bin"
Content-Disposition: attachment; filename="spec.bin"
Content-Transfer-Encoding: base64

{blob}
--b1--
"""


def gateway(bootstrap: str) -> ProducerGateway:
    return ProducerGateway(Producer(build_producer_config(bootstrap=bootstrap, client_id="t")))


def find_message(bootstrap: str, topic: Topic, match: Callable[[Message], bool]) -> Message:
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"test-{uuid.uuid4()}",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
        }
    )
    consumer.subscribe([topic.value])
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is not None and msg.error() is None and match(msg):
                return msg
    finally:
        consumer.close()
    raise TimeoutError(f"no matching message on {topic}")


def test_oversized_email_travels_by_reference_and_becomes_a_job(
    pipeline: Pipeline, sessions: sessionmaker[Session], kafka_bootstrap: str, tmp_path: Path
) -> None:
    group, base_url = pipeline
    mailbox = tmp_path / "big"
    mailbox.mkdir()
    mailbox.chmod(0o755)
    padding = base64.encodebytes(b"\0" * (MAX_INLINE_RAW_BYTES + 100_000)).decode()
    mid = f"big-{uuid.uuid4().hex}@vendor.example.com"
    (mailbox / "big.eml").write_text(REQUIREMENT.format(mid=mid, blob=padding))
    ids = new_tenant(sessions, mailbox=mailbox, roles=["Java Developer"])
    sync_id = trigger_sync(base_url, integration_id=ids.integration_id, api_key=ids.api_key)
    run = wait_for_run(sessions, sync_id, check_alive=group.check_alive)
    assert (run.status, run.emails_found, run.jobs_created) == ("success", 1, 1)
    with transaction(sessions) as session:
        job = session.scalars(select(JobPosting).filter_by(tenant_id=ids.tenant_id)).one()
        blobs = session.scalars(select(RawEmailBlob).filter_by(tenant_id=ids.tenant_id)).all()
    assert job.title == "Java Developer" and job.provider_message_id == mid
    assert len(blobs) == 1 and len(blobs[0].raw) > MAX_INLINE_RAW_BYTES

    raw = find_message(
        kafka_bootstrap, Topic.EMAIL_RAW, lambda m: m.key() == str(ids.integration_id).encode()
    )
    headers = raw.headers()
    assert isinstance(headers, list)
    assert header_value(headers, "ce_specversion") == "1.0"
    assert header_value(headers, "ce_type") == "dev.reqstream.email.raw.v1"
    assert header_value(headers, "ce_source") == "/reqstream/fetcher"
    assert header_value(headers, "ce_id") and header_value(headers, "ce_time")
    assert len(raw.value() or b"") < 10_000  # the reference, not the body


def test_poison_raw_email_is_dead_lettered_and_the_parser_goes_on(
    pipeline: Pipeline, kafka_bootstrap: str
) -> None:
    marker = f"poison-{uuid.uuid4().hex}"
    gateway(kafka_bootstrap).send([Outbound(Topic.EMAIL_RAW, marker, b"{not json")])
    dead = find_message(kafka_bootstrap, Topic.EMAIL_RAW_DLQ, lambda m: m.key() == marker.encode())
    assert dead.value() == b"{not json"
    headers = DeadLetterHeaders.from_kafka_headers(dead.headers())  # type: ignore[arg-type]
    assert headers.stage.value == "parser"
    assert headers.error_class == "InvalidMessage" and "email.raw" in headers.reason
    group, _ = pipeline
    group.check_alive()


def test_token_expired_disables_the_integration_and_emails_the_user_once(
    pipeline: Pipeline,
    sessions: sessionmaker[Session],
    kafka_bootstrap: str,
    smtp_server: tuple[RecordingHandler, int],
) -> None:
    handler, _port = smtp_server
    ids = new_tenant(sessions, mailbox=None, roles=[], provider="gmail")
    marker = new_tenant(sessions, mailbox=None, roles=[], provider="gmail")
    with transaction(sessions) as session:
        user = session.get(PortalUser, ids.user_id)
        assert user is not None
        user_email = user.email

    def event(
        integration_id: int, user_id: int, tenant_id: int, kind: IntegrationErrorType
    ) -> Outbound:
        error = IntegrationError(
            integration_id=integration_id,
            user_id=user_id,
            tenant_id=tenant_id,
            provider=Provider.GMAIL,
            error_type=kind,
            error_message="invalid_grant",
            occurred_at=datetime.now(UTC),
        )
        return Outbound.of(Topic.INTEGRATION_ERROR, error, key=str(integration_id), source="/t")

    expired = event(
        ids.integration_id, ids.user_id, ids.tenant_id, IntegrationErrorType.TOKEN_EXPIRED
    )
    # twice, as a redelivery would bring it, then a marker behind it on the same partition
    gateway(kafka_bootstrap).send(
        [
            expired,
            expired,
            event(
                marker.integration_id,
                marker.user_id,
                marker.tenant_id,
                IntegrationErrorType.TRANSIENT,
            ),
        ]
    )

    def marker_applied() -> bool:
        with transaction(sessions) as session:
            row = session.get(EmailIntegration, marker.integration_id)
            return row is not None and row.last_sync_status == "failed"

    wait_until(marker_applied)
    # the outbox sender delivers after the commit; a row marked sent is sent for good
    wait_until(lambda: emails_settled(sessions, ids.integration_id), "the reconnect email")
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, ids.integration_id)
        marker_row = session.get(EmailIntegration, marker.integration_id)
    assert row is not None and marker_row is not None
    assert not row.is_active and row.last_sync_error == "Token expired - please reconnect"
    assert marker_row.is_active  # a transient error is logged, not a reason to disconnect
    sent = [m for m in handler.messages if m["To"] == user_email]
    assert len(sent) == 1
    assert sent[0]["Subject"] == "Action Required: Reconnect Your Email Integration"
    assert "Gmail email integration has been disconnected" in sent[0].get_content()
