"""The IMAP watcher against a real Dovecot, PostgreSQL and Kafka: a message appended to the
watched folder becomes an email.sync.requested with reason ``push`` within seconds; further
mail while that sync is pending is debounced; the fetcher's connect refusals apply."""

from __future__ import annotations

import ipaddress
import logging
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from confluent_kafka import Consumer, TopicPartition
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.codec import get_codec
from schemas.contracts.models import SyncReason, SyncRequested
from schemas.contracts.topics import Topic
from services.common.crypto import CredentialCipher
from services.db.models import EmailIntegration
from services.db.session import transaction
from services.domain.network import IpAddress, MailServerPolicy
from services.fetcher.providers.imap_connect import AddressRefused
from services.imapwatcher import wiring
from services.imapwatcher.idle import IdleConnection, SettingsRefused, WatchedMailbox
from services.imapwatcher.settings import ImapWatcherSettings
from tests.kafka_helpers import end_offsets, own_kafka
from tests.pipeline_fixtures import new_tenant, use_dovecot
from tests.providers.dovecot import DovecotServer, make_message
from tests.waiting import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.kafka, pytest.mark.imap]
# far more replicas than integrations: this one owns only the test's own integration
REPLICAS = 1_000_000


class Requests:
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


@pytest.fixture(scope="module")
def watch_kafka(database_url: str) -> Iterator[str]:
    """A broker of this module's own: the session's running fetchers would start the pushed
    sync (clearing its pending mark) and let the burst through as more requests."""
    with own_kafka(database_url, with_topics=True) as bootstrap:
        yield bootstrap


@pytest.fixture
def watched(
    sessions: sessionmaker[Session],
    cipher: CredentialCipher,
    dovecot: DovecotServer,
    token_keys: str,
    watch_kafka: str,
    caplog: pytest.LogCaptureFixture,
) -> Iterator[tuple[int, str, wiring.Watcher]]:
    user, password = dovecot.new_user()
    ids = new_tenant(sessions, mailbox=None, roles=["Java Developer"], provider="imap")
    use_dovecot(sessions, cipher, ids.integration_id, dovecot, user=user, password=password)
    bind = sessions.kw["bind"]
    settings = ImapWatcherSettings(
        database_url=bind.url.render_as_string(hide_password=False),
        kafka_bootstrap_servers=watch_kafka,
        token_encryption_keys=token_keys,
        imap_allowed_hosts=("127.0.0.1",),
        imap_allowed_ports=(str(dovecot.port),),
        imap_allow_plaintext=True,
        replicas=REPLICAS,
        replica_index=ids.integration_id % REPLICAS,
        refresh_seconds=0.5,
    )
    caplog.set_level(logging.INFO, logger="services.imapwatcher")
    watcher, engine = wiring.build(settings)
    runner = threading.Thread(target=watcher.run, daemon=True)
    runner.start()
    try:
        idling = f"integration {ids.integration_id} idling"
        wait_until(lambda: idling in caplog.text, "the watcher idles on the folder", timeout=30)
        yield ids.integration_id, user, watcher
    finally:
        watcher.request_stop()
        runner.join(timeout=10)
        watcher.stop()
        engine.dispose()


def test_appended_mail_requests_a_push_sync_within_seconds_and_a_burst_is_debounced(
    watched: tuple[int, str, wiring.Watcher], dovecot: DovecotServer, watch_kafka: str
) -> None:
    integration_id, user, _ = watched
    requests = Requests(watch_kafka)
    dovecot.append(user, make_message(subject="Java Developer", message_id=None), datetime.now(UTC))
    # no wall-clock assertion: latency belongs in a benchmark (about 1 s here, see the README)
    wait_until(lambda: len(requests.of(integration_id)) >= 1, "a push sync request", timeout=30)
    [request] = requests.of(integration_id)
    assert request.reason is SyncReason.PUSH

    # no fetcher starts the pending sync here: every later notification is covered by it
    for n in range(5):
        subject = f"Java Developer {n}"
        dovecot.append(user, make_message(subject=subject, message_id=None), datetime.now(UTC))
    with dovecot.session(user) as client:
        count = client.select_folder("INBOX", readonly=True)[b"EXISTS"]
    assert count == 6
    deadline = time.monotonic() + 3.0  # a bounded look for a request that must not come
    while time.monotonic() < deadline:
        assert len(requests.of(integration_id)) == 1


def test_a_disabled_integration_is_no_longer_watched(
    watched: tuple[int, str, wiring.Watcher], sessions: sessionmaker[Session]
) -> None:
    integration_id, _, watcher = watched
    assert watcher.watched() == [integration_id]
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, integration_id)
        assert row is not None
        row.is_active = False
    wait_until(lambda: watcher.watched() == [], "the watch is dropped", timeout=30)


def test_the_fetchers_connect_refusals_apply() -> None:
    """A public name that resolves to loopback (DNS rebinding) and plain IMAP where the policy
    wants TLS are refused before a byte is sent, as a sync refuses them."""
    box = WatchedMailbox(1, "mail.example.test", 143, False, "user", "INBOX", password="pw")

    def to_loopback(host: str, port: int) -> list[IpAddress]:
        return [ipaddress.ip_address("127.0.0.1")]

    rebound = IdleConnection(
        box,
        policy=MailServerPolicy(allow_plaintext=True),
        ssl_context=None,
        connect_timeout=1,
        resolve=to_loopback,
    )
    with pytest.raises(AddressRefused):
        rebound.open()
    plaintext = IdleConnection(
        box, policy=MailServerPolicy(), ssl_context=None, connect_timeout=1, resolve=to_loopback
    )
    with pytest.raises(SettingsRefused):
        plaintext.open()
