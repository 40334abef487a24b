"""Helpers for the IMAP watcher's tests against real Kafka, PostgreSQL and Dovecot: an IMAP
integration pointed at a Dovecot user, its record on integration.imap.active, and the push
sync requests that come out."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from confluent_kafka import Consumer, TopicPartition
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.codec import get_codec
from schemas.contracts.models import SyncRequested
from schemas.contracts.topics import Topic
from services.common.crypto import CredentialCipher
from services.common.kafka import build_producer
from services.db import push
from services.db.models import EmailIntegration, IntegrationPush
from services.db.session import transaction
from services.scheduler.imap_watches import announce, record_of
from tests.kafka_helpers import end_offsets
from tests.pipeline_fixtures import new_tenant, use_dovecot
from tests.providers.dovecot import DovecotServer
from tests.waiting import wait_until

SOURCE = "/reqstream/tests"


@dataclass(frozen=True)
class DovecotMailbox:
    integration_id: int
    user: str
    api_key: str = ""  # the tenant's, for the API
    password: str = ""


def dovecot_integration(
    sessions: sessionmaker[Session], cipher: CredentialCipher, dovecot: DovecotServer
) -> DovecotMailbox:
    """A fresh tenant whose active IMAP integration reads a new Dovecot user's INBOX."""
    user, password = dovecot.new_user()
    ids = new_tenant(sessions, mailbox=None, roles=["Java Developer"], provider="imap")
    use_dovecot(sessions, cipher, ids.integration_id, dovecot, user=user, password=password)
    return DovecotMailbox(ids.integration_id, user, ids.api_key, password)


def publish_watch(
    bootstrap: str, sessions: sessionmaker[Session], integration_id: int, *, active: bool = True
) -> None:
    """The integration's record on integration.imap.active (a tombstone unless ``active``), as
    the api publishes it."""
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, integration_id)
        assert row is not None
        record = record_of(
            integration_id=row.id, tenant_id=row.tenant_id, config=row.config, active=active
        )
    announce(build_producer(bootstrap=bootstrap, client_id="tests"), [record], source=SOURCE)


def settle_catch_up(sessions: sessionmaker[Session], integration_id: int) -> None:
    """The watcher requests a catch-up sync on connecting; no fetcher runs here to start it, so
    its pending mark is cleared as that sync's start would: new mail then requests anew."""

    def pending() -> uuid.UUID | None:
        with transaction(sessions) as session:
            row = session.get(IntegrationPush, integration_id)
            return row.pending_sync_id if row is not None else None

    wait_until(lambda: pending() is not None, "the catch-up request", timeout=30)
    sync_id = pending()
    assert sync_id is not None
    with transaction(sessions) as session:
        push.clear_pending(session, integration_id=integration_id, sync_id=sync_id)


class SyncRequests:
    """email.sync.requested from the end of the topic on."""

    def __init__(self, bootstrap: str) -> None:
        self.consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"t-{uuid.uuid4()}"})
        topic = Topic.EMAIL_SYNC_REQUESTED
        ends = end_offsets(bootstrap, topic)
        self.consumer.assign([TopicPartition(topic.value, p, o) for p, o in ends.items()])
        self.seen: list[SyncRequested] = []

    def of(self, integration_id: int) -> list[SyncRequested]:
        msg = self.consumer.poll(0.2)
        if msg is not None and not msg.error():
            decoded = get_codec(Topic.EMAIL_SYNC_REQUESTED).decode(msg.value())
            assert isinstance(decoded, SyncRequested)
            self.seen.append(decoded)
        return [r for r in self.seen if r.integration_id == integration_id]

    def close(self) -> None:
        self.consumer.close()
