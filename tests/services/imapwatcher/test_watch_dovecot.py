"""The IMAP watcher against a real Dovecot, PostgreSQL and Kafka: it watches the integrations
recorded on integration.imap.active; a message appended to the watched folder becomes an
email.sync.requested with reason ``push`` within seconds; further mail while that sync is
pending is debounced; a tombstone stops the watch; the fetcher's connect refusals apply."""

from __future__ import annotations

import ipaddress
import logging
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import SyncReason
from services.common.crypto import CredentialCipher
from services.db.models import EmailIntegration
from services.db.session import transaction
from services.domain.network import IpAddress, MailServerPolicy
from services.fetcher.providers.imap_connect import AddressRefused
from services.imapwatcher import wiring
from services.imapwatcher.idle import IdleConnection, SettingsRefused, WatchedMailbox
from services.imapwatcher.settings import ImapWatcherSettings
from tests.imap_watch import SyncRequests, dovecot_integration, publish_watch, settle_catch_up
from tests.kafka_helpers import own_kafka
from tests.providers.dovecot import DovecotServer, make_message
from tests.waiting import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.kafka, pytest.mark.imap]


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
    mailbox = dovecot_integration(sessions, cipher, dovecot)
    publish_watch(watch_kafka, sessions, mailbox.integration_id)
    bind = sessions.kw["bind"]
    settings = ImapWatcherSettings(
        database_url=bind.url.render_as_string(hide_password=False),
        kafka_bootstrap_servers=watch_kafka,
        token_encryption_keys=token_keys,
        imap_allowed_hosts=("127.0.0.1",),
        imap_allowed_ports=(str(dovecot.port),),
        imap_allow_plaintext=True,
        group_id=f"imapwatcher-{uuid.uuid4()}",  # a group of its own: it owns every partition
    )
    caplog.set_level(logging.INFO, logger="services.imapwatcher")
    watcher, engine = wiring.build(settings)
    runner = threading.Thread(target=watcher.run, daemon=True)
    runner.start()
    try:
        idling = f"integration {mailbox.integration_id} idling"
        wait_until(lambda: idling in caplog.text, "the watcher idles on the folder", timeout=60)
        settle_catch_up(sessions, mailbox.integration_id)
        yield mailbox.integration_id, mailbox.user, watcher
    finally:
        watcher.request_stop()
        runner.join(timeout=30)
        engine.dispose()
        # later tests' watchers read the whole table: this mailbox is no longer theirs to watch
        publish_watch(watch_kafka, sessions, mailbox.integration_id, active=False)


def test_appended_mail_requests_a_push_sync_within_seconds_and_a_burst_is_debounced(
    watched: tuple[int, str, wiring.Watcher], dovecot: DovecotServer, watch_kafka: str
) -> None:
    integration_id, user, _ = watched
    requests = SyncRequests(watch_kafka)
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


def test_a_tombstone_stops_the_watch(
    watched: tuple[int, str, wiring.Watcher],
    sessions: sessionmaker[Session],
    watch_kafka: str,
) -> None:
    integration_id, _, watcher = watched
    assert watcher.watched() == [integration_id]
    with transaction(sessions) as session:
        row = session.get(EmailIntegration, integration_id)
        assert row is not None
        row.is_active = False
    publish_watch(watch_kafka, sessions, integration_id, active=False)
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
