"""Two watcher processes (``python -m services.imapwatcher``) in one consumer group over real
Kafka, PostgreSQL and Dovecot: they split the integrations of integration.imap.active; one is
SIGKILLed (no goodbye to the group); after the session timeout the other watches its mailboxes
too, and mail appended to one of them still becomes a push sync request."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import SyncReason
from services.cli.settings import process_environment
from services.common.crypto import CredentialCipher
from services.demo.processes import ServiceGroup, ServiceProcess
from tests.imap_watch import SyncRequests, dovecot_integration, publish_watch, settle_catch_up
from tests.kafka_helpers import own_kafka
from tests.providers.dovecot import DovecotServer, make_message
from tests.waiting import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.kafka, pytest.mark.imap]
MAILBOXES = 4
SESSION_TIMEOUT_MS = 6000  # the broker's smallest (group.min.session.timeout.ms)


@pytest.fixture(scope="module")
def watch_kafka(database_url: str) -> Iterator[str]:
    """A broker of this module's own: the session's running fetchers would consume the push
    requests."""
    with own_kafka(database_url, with_topics=True) as bootstrap:
        yield bootstrap


def messages(replica: ServiceProcess) -> list[str]:
    """The replica's log messages so far (JSON lines; librdkafka's own lines skipped)."""
    found = []
    for line in replica.log_path.read_text(errors="replace").splitlines():
        try:
            found.append(str(json.loads(line).get("msg", "")))
        except ValueError:
            continue
    return found


def watched_by(replica: ServiceProcess) -> set[int]:
    """The integrations the replica's log says it watches now: idling, not stopped since."""
    watching: set[int] = set()
    for message in messages(replica):
        words = message.split()
        if message.startswith("IMAP watch: integration ") and len(words) >= 5:
            if words[4] == "idling":
                watching.add(int(words[3]))
            elif words[4] == "stopped":
                watching.discard(int(words[3]))
    return watching


def holds_partitions(replica: ServiceProcess) -> bool:
    return any(
        m.startswith("IMAP watch: assigned [") and m[-2].isdigit() for m in messages(replica)
    )


def test_a_killed_watchers_mailboxes_move_to_the_survivor(
    sessions: sessionmaker[Session],
    cipher: CredentialCipher,
    dovecot: DovecotServer,
    token_keys: str,
    database_url: str,
    watch_kafka: str,
    tmp_path: Path,
) -> None:
    mailboxes = [dovecot_integration(sessions, cipher, dovecot) for _ in range(MAILBOXES)]
    for mailbox in mailboxes:
        publish_watch(watch_kafka, sessions, mailbox.integration_id)
    ids = {mailbox.integration_id for mailbox in mailboxes}
    env = {
        **process_environment(),
        "DATABASE_URL": database_url,
        "KAFKA_BOOTSTRAP_SERVERS": watch_kafka,
        "TOKEN_ENCRYPTION_KEYS": token_keys,
        "LOG_LEVEL": "INFO",
        "IMAP_ALLOWED_HOSTS": "127.0.0.1",
        "IMAP_ALLOWED_PORTS": str(dovecot.port),
        "IMAP_ALLOW_PLAINTEXT": "true",
        "IMAPWATCHER_GROUP_ID": f"imapwatcher-{uuid.uuid4()}",
        "IMAPWATCHER_SESSION_TIMEOUT_MS": str(SESSION_TIMEOUT_MS),
    }
    with ServiceGroup(env, tmp_path) as group:
        group.start("imapwatcher", replica=0)
        group.start("imapwatcher", replica=1)
        first, second = group.processes

        def split() -> bool:
            group.check_alive()
            a, b = watched_by(first), watched_by(second)
            # both hold partitions (the second's assignment follows the first's revocation)
            return (
                holds_partitions(first) and holds_partitions(second) and a | b == ids and not a & b
            )

        wait_until(split, "both watchers joined and every mailbox watched once", timeout=120)
        for integration_id in ids:  # no fetcher here: the watches' catch-ups stay pending
            settle_catch_up(sessions, integration_id)
        victim, survivor = (first, second) if watched_by(first) else (second, first)
        taken = watched_by(victim)
        assert taken  # the split may give one replica every mailbox; the victim has some

        requests = SyncRequests(watch_kafka)  # from before the kill on
        try:
            victim.process.kill()  # SIGKILL: no LeaveGroup, the session has to time out
            victim.process.wait()
            group.processes.remove(victim)

            wait_until(
                lambda: taken <= watched_by(survivor),
                "the survivor watches the killed replica's mailboxes",
                timeout=120,
            )
            assert watched_by(survivor) == ids

            mailbox = next(m for m in mailboxes if m.integration_id in taken)
            message = make_message(subject="Java Developer", message_id=None)
            dovecot.append(mailbox.user, message, datetime.now(UTC))
            # the survivor's catch-up request when it connected, which the appended mail is
            # debounced into (or, had it not come yet, the appended mail's own request)
            wait_until(
                lambda: len(requests.of(mailbox.integration_id)) >= 1,
                "a push sync request from the survivor",
                timeout=60,
            )
            [request] = requests.of(mailbox.integration_id)
            assert request.reason is SyncReason.PUSH
        finally:
            requests.close()
