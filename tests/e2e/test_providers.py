"""Real mailboxes through the running pipeline: Gmail (the real client against a local Gmail)
and IMAP (a real Dovecot), the retry table, token expiry, and a scan for leaked secrets."""

from __future__ import annotations

import base64
import json
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from confluent_kafka import Consumer, TopicPartition
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.dlq import DeadLetterHeaders
from schemas.contracts.topics import Topic
from services.common.crypto import CredentialCipher
from services.common.kafka import consumed_headers
from services.db.credentials import store_credentials
from services.db.models import EmailIntegration, JobPosting, PortalUser, SyncRun
from services.db.session import transaction
from services.demo.processes import ServiceGroup
from services.demo.run import trigger_sync, wait_for_run
from services.demo.seed import DemoIds
from services.fetcher.handler import EXHAUSTED_PREFIX
from tests.pipeline_fixtures import RecordingHandler, new_tenant, use_dovecot
from tests.providers.dovecot import DovecotServer, requirement_email
from tests.providers.gmail_server import FakeGmail
from tests.waiting import wait_until

pytestmark = [pytest.mark.kafka, pytest.mark.e2e, pytest.mark.imap]
Pipeline = tuple[ServiceGroup, str]
ROLES = ["Java Developer", "Data Engineer"]
# what a leak scan looks for: every secret the tests hand to the system
SECRETS: set[str] = set()
T0 = datetime.now(UTC) - timedelta(days=2)


def requirement(subject: str, n: int) -> bytes:
    return requirement_email(subject, sent=T0 + timedelta(minutes=n))


def gmail_tenant(
    sessions: sessionmaker[Session], cipher: CredentialCipher, fake: FakeGmail
) -> tuple[DemoIds, str]:
    ids = new_tenant(sessions, mailbox=None, roles=ROLES, provider="gmail")
    refresh_token = f"1//rt-{uuid.uuid4().hex}"
    fake.add_refresh_token(refresh_token)
    SECRETS.update({refresh_token, ids.api_key})
    with transaction(sessions) as session:
        store_credentials(
            session,
            integration_id=ids.integration_id,
            cipher=cipher,
            credentials={"refresh_token": refresh_token},
        )
    return ids, refresh_token


def run_sync(pipeline: Pipeline, sessions: sessionmaker[Session], ids: DemoIds) -> SyncRun:
    group, base_url = pipeline
    sync_id = trigger_sync(base_url, integration_id=ids.integration_id, api_key=ids.api_key)
    return wait_for_run(sessions, sync_id, check_alive=group.check_alive)


def jobs_of(sessions: sessionmaker[Session], ids: DemoIds) -> list[JobPosting]:
    with transaction(sessions) as session:
        return list(session.scalars(select(JobPosting).filter_by(tenant_id=ids.tenant_id)))


def test_gmail_sync_survives_a_rate_limit_and_advances_its_cursor(
    pipeline: Pipeline,
    sessions: sessionmaker[Session],
    cipher: CredentialCipher,
    gmail_server_session: FakeGmail,
) -> None:
    fake = gmail_server_session
    ids, _ = gmail_tenant(sessions, cipher, fake)
    for n, subject in enumerate(["Sr Java Developer", "Data Engineer", "Lunch?"]):
        fake.add_message(requirement(subject, n), internal_date=T0 + timedelta(minutes=n))
    fake.fail_next(429, headers={"Retry-After": "1"})
    run = run_sync(pipeline, sessions, ids)
    assert (run.status, run.emails_found, run.jobs_created) == ("success", 2, 2)
    assert {j.title for j in jobs_of(sessions, ids)} == {"Sr Java Developer", "Data Engineer"}
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, ids.integration_id)
        assert row is not None and row.provider_cursor is not None
        assert row.provider_cursor["after_epoch"] >= int(T0.timestamp())
        # the refreshed access token was kept, encrypted
        stored = cipher.decrypt(row.credentials_encrypted or "")
    assert stored.get("token") in fake.issued_access_tokens()
    fake.add_message(requirement("Java Developer", 9), internal_date=T0 + timedelta(minutes=9))
    again = run_sync(pipeline, sessions, ids)
    assert (again.emails_found, again.jobs_created) == (1, 1)
    api_query = [r.query.get("q", [""])[0] for r in fake.api_requests() if r.query.get("q")]
    assert any("after:" in q for q in api_query)


def test_gmail_rate_limited_forever_fails_the_run_and_dead_letters_the_request(
    pipeline: Pipeline,
    sessions: sessionmaker[Session],
    cipher: CredentialCipher,
    gmail_server_session: FakeGmail,
    kafka_bootstrap: str,
) -> None:
    fake = gmail_server_session
    ids, _ = gmail_tenant(sessions, cipher, fake)
    for _ in range(4):  # the first try and three retries
        fake.fail_next(429, headers={"Retry-After": "1"})
    run = run_sync(pipeline, sessions, ids)
    assert run.status == "failed"
    assert run.message is not None and run.message.startswith(EXHAUSTED_PREFIX)
    dead = find_dead_letter(kafka_bootstrap, str(ids.integration_id))
    headers = DeadLetterHeaders.from_kafka_headers(dead)
    assert headers.stage.value == "fetcher" and headers.error_class == "RetriesExhausted"
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, ids.integration_id)
    assert row is not None and row.is_active  # the mailbox is fine; the provider was busy


def find_dead_letter(bootstrap: str, key: str) -> list[tuple[str, bytes]]:
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"t-{uuid.uuid4()}",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
        }
    )
    consumer.subscribe([Topic.EMAIL_SYNC_REQUESTED_DLQ.value])
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is not None and msg.error() is None and msg.key() == key.encode():
                headers = msg.headers()
                assert isinstance(headers, list)
                return [(k, v) for k, v in headers if isinstance(v, bytes)]
    finally:
        consumer.close()
    raise AssertionError("no dead letter for the request")


def test_gmail_revoked_token_disables_and_emails_once(
    pipeline: Pipeline,
    sessions: sessionmaker[Session],
    cipher: CredentialCipher,
    gmail_server_session: FakeGmail,
    smtp_server: tuple[RecordingHandler, int],
) -> None:
    fake = gmail_server_session
    ids, refresh_token = gmail_tenant(sessions, cipher, fake)
    fake.revoke_refresh_token(refresh_token)
    with transaction(sessions) as session:
        user = session.get(PortalUser, ids.user_id)
        assert user is not None
        email = user.email
    run = run_sync(pipeline, sessions, ids)
    assert run.status == "failed"

    def disabled() -> bool:
        with transaction(sessions) as session:
            row = session.get(EmailIntegration, ids.integration_id)
            return row is not None and not row.is_active

    wait_until(disabled)
    wait_until(lambda: any(m["To"] == email for m in smtp_server[0].messages))
    retry = run_sync(pipeline, sessions, ids)  # a later sync of the disabled integration
    assert (retry.status, retry.message) == ("failed", "Integration not found or inactive")
    sent = [m for m in smtp_server[0].messages if m["To"] == email]
    assert len(sent) == 1
    assert sent[0]["Subject"] == "Action Required: Reconnect Your Email Integration"
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, ids.integration_id)
    assert row is not None and row.last_sync_error == "Token expired - please reconnect"


def test_imap_sync_through_dovecot(
    pipeline: Pipeline,
    sessions: sessionmaker[Session],
    cipher: CredentialCipher,
    dovecot: DovecotServer,
) -> None:
    user, password = dovecot.new_user()
    SECRETS.add(password)
    for n, subject in enumerate(["Java Developer - Plano", "Hotlist: available consultants"]):
        dovecot.append(user, requirement(subject, n), T0 + timedelta(minutes=n))
    ids = new_tenant(sessions, mailbox=None, roles=ROLES, provider="imap")
    SECRETS.add(ids.api_key)
    use_dovecot(sessions, cipher, ids.integration_id, dovecot, user=user, password=password)
    run = run_sync(pipeline, sessions, ids)
    assert (run.status, run.emails_found, run.jobs_created) == ("success", 1, 1)
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, ids.integration_id)
        assert row is not None and row.provider_cursor is not None
    assert row.provider_cursor["last_uid"] >= 1


def test_no_secret_on_any_topic_or_in_any_log(
    pipeline: Pipeline,
    kafka_bootstrap: str,
    gmail_server_session: FakeGmail,
) -> None:
    """Runs after the tests above in this module: every topic and every service log, whole."""
    secrets = SECRETS | gmail_server_session.issued_access_tokens()
    assert len(secrets) >= 5  # the scan looks for something real
    group, _ = pipeline
    haystacks: dict[str, bytes] = {
        f"log:{p.name}": p.log_path.read_bytes() for p in group.processes
    }
    for topic in Topic:
        haystacks[f"topic:{topic}"] = everything_on(kafka_bootstrap, topic)
    leaks = [
        (where, secret[:6] + "…")
        for where, data in haystacks.items()
        for secret in secrets
        if secret.encode() in data
        or base64.b64encode(secret.encode()) in data
        or json.dumps(secret).encode() in data
    ]
    assert leaks == []


def everything_on(bootstrap: str, topic: Topic) -> bytes:
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"scan-{uuid.uuid4()}",
            "enable.auto.commit": False,
        }
    )
    metadata = consumer.list_topics(topic.value, timeout=10).topics[topic.value]
    chunks: list[bytes] = []
    for partition in metadata.partitions:
        tp = TopicPartition(topic.value, partition)
        low, high = consumer.get_watermark_offsets(tp, timeout=10)
        if high <= low:
            continue
        consumer.assign([TopicPartition(topic.value, partition, low)])
        while True:
            msg = consumer.poll(5)
            assert msg is not None, f"{topic}[{partition}] ended before {high}"
            if msg.error():
                continue
            chunks.append(msg.value() or b"")
            chunks.extend(v for _, v in consumed_headers(msg) if isinstance(v, bytes))
            if (msg.offset() or 0) + 1 >= high:
                break
    consumer.close()
    return b"\n".join(chunks)
