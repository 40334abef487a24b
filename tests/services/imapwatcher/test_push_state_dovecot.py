"""The IMAP watcher's push state against a real Dovecot, PostgreSQL and Kafka, as
GET /integrations shows it: active while the watcher idles, the last notification moving with
new mail, failed (kind ``auth``, no server text) with a wrong password and active again once the
password is right, off once the integration's record is tombstoned."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from functools import partial
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from services.api.main import build_app
from services.api.settings import ApiSettings
from services.common.crypto import CredentialCipher
from services.db import push
from services.db.models import IntegrationPush
from services.db.session import transaction
from services.domain.push import WatchFacts
from services.imapwatcher import wiring
from services.imapwatcher.settings import ImapWatcherSettings
from tests.imap_watch import DovecotMailbox, dovecot_integration, publish_watch
from tests.kafka_helpers import own_kafka
from tests.pipeline_fixtures import use_dovecot
from tests.providers.dovecot import DovecotServer, make_message
from tests.waiting import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.kafka, pytest.mark.imap]


@pytest.fixture(scope="module")
def watch_kafka(database_url: str) -> Iterator[str]:
    """A broker of this module's own: no fetcher starts (and clears) the pushed syncs."""
    with own_kafka(database_url, with_topics=True) as bootstrap:
        yield bootstrap


@pytest.fixture
def api(sessions: sessionmaker[Session], token_keys: str) -> Iterator[TestClient]:
    url = sessions.kw["bind"].url.render_as_string(hide_password=False)
    settings = ApiSettings(database_url=url, token_encryption_keys=token_keys, environment="test")
    with TestClient(build_app(settings, sessions=sessions)) as client:
        yield client


@contextmanager
def watching(
    sessions: sessionmaker[Session],
    dovecot: DovecotServer,
    token_keys: str,
    bootstrap: str,
    mailbox: DovecotMailbox,
) -> Iterator[wiring.Watcher]:
    """A watcher of its own group (it owns every partition) watching ``mailbox``."""
    publish_watch(bootstrap, sessions, mailbox.integration_id)
    settings = ImapWatcherSettings(
        database_url=sessions.kw["bind"].url.render_as_string(hide_password=False),
        kafka_bootstrap_servers=bootstrap,
        token_encryption_keys=token_keys,
        imap_allowed_hosts=("127.0.0.1",),
        imap_allowed_ports=(str(dovecot.port),),
        imap_allow_plaintext=True,
        group_id=f"imapwatcher-{uuid.uuid4()}",
        backoff_base_seconds=0.1,  # the failure threshold is reached within a second
        backoff_max_seconds=0.5,
    )
    watcher, engine = wiring.build(settings)
    runner = threading.Thread(target=watcher.run, daemon=True)
    runner.start()
    try:
        yield watcher
    finally:
        watcher.request_stop()
        runner.join(timeout=30)
        engine.dispose()
        # later watchers read the whole table: this mailbox is no longer theirs to watch
        publish_watch(bootstrap, sessions, mailbox.integration_id, active=False)


Watch = Callable[[DovecotMailbox], AbstractContextManager[wiring.Watcher]]


@pytest.fixture
def mailbox(
    sessions: sessionmaker[Session], cipher: CredentialCipher, dovecot: DovecotServer
) -> DovecotMailbox:
    return dovecot_integration(sessions, cipher, dovecot)


@pytest.fixture
def watch(
    sessions: sessionmaker[Session], dovecot: DovecotServer, token_keys: str, watch_kafka: str
) -> Watch:
    return partial(watching, sessions, dovecot, token_keys, watch_kafka)


def push_row(sessions: sessionmaker[Session], integration_id: int) -> IntegrationPush | None:
    with transaction(sessions) as session:
        row = session.get(IntegrationPush, integration_id)
        if row is not None:
            session.expunge(row)
        return row


def facts(sessions: sessionmaker[Session], integration_id: int) -> WatchFacts:
    with transaction(sessions) as session:
        return push.watch_facts(session, integration_id=integration_id)


def health(api: TestClient, mailbox: DovecotMailbox) -> dict[str, Any]:
    listed = api.get("/integrations", headers={"X-API-Key": mailbox.api_key}).json()
    found: dict[str, Any] = next(i for i in listed if i["id"] == mailbox.integration_id)["health"]
    return found


def test_an_idling_watch_is_active_and_new_mail_moves_the_last_notification(
    sessions: sessionmaker[Session],
    dovecot: DovecotServer,
    watch_kafka: str,
    mailbox: DovecotMailbox,
    watch: Watch,
    api: TestClient,
) -> None:
    assert health(api, mailbox)["push_state"] == "off"
    with watch(mailbox):
        wait_until(
            lambda: facts(sessions, mailbox.integration_id).expires_at is not None,
            "the IDLE is recorded",
            timeout=60,
        )
        shown = health(api, mailbox)
        assert shown["push_state"] == "active" and shown["watch_error"] is None

        def notified() -> datetime | None:
            row = push_row(sessions, mailbox.integration_id)
            return None if row is None else row.last_notification_at

        before = notified()
        dovecot.append(
            mailbox.user, make_message(subject="Java Developer", message_id=None), datetime.now(UTC)
        )
        wait_until(lambda: notified() not in (None, before), "the notification is recorded")
        first = notified()
        assert first is not None
        dovecot.append(
            mailbox.user,
            make_message(subject="Java Developer 2", message_id=None),
            datetime.now(UTC),
        )
        # debounced (a sync is pending), the notification still counts
        wait_until(lambda: (notified() or first) > first, "the next notification is recorded")
        shown = health(api, mailbox)
        assert datetime.fromisoformat(shown["last_notification_at"]) == notified()
        assert shown["push_state"] == "active"

        publish_watch(watch_kafka, sessions, mailbox.integration_id, active=False)
        wait_until(
            lambda: facts(sessions, mailbox.integration_id) == WatchFacts(None, None, None),
            "a tombstone turns the push state off",
            timeout=30,
        )
        assert health(api, mailbox)["push_state"] == "off"


def test_a_wrong_password_shows_failed_auth_until_the_password_is_right(
    sessions: sessionmaker[Session],
    cipher: CredentialCipher,
    dovecot: DovecotServer,
    mailbox: DovecotMailbox,
    watch: Watch,
    api: TestClient,
) -> None:
    use_dovecot(
        sessions, cipher, mailbox.integration_id, dovecot, user=mailbox.user, password="wrong"
    )
    with watch(mailbox):
        wait_until(
            lambda: facts(sessions, mailbox.integration_id).error is not None,
            "the failure is recorded",
            timeout=60,
        )
        assert facts(sessions, mailbox.integration_id).error == "auth"  # no server text
        shown = health(api, mailbox)
        assert shown["push_state"] == "failed" and shown["watch_error"] == "auth"

        # the watch reads the password at every reconnect: the right one mends it
        use_dovecot(
            sessions,
            cipher,
            mailbox.integration_id,
            dovecot,
            user=mailbox.user,
            password=mailbox.password,
        )
        wait_until(
            lambda: facts(sessions, mailbox.integration_id).error is None,
            "the recovery is recorded",
            timeout=60,
        )
        assert health(api, mailbox)["push_state"] == "active"
