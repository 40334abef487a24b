"""IMAP watcher assembly: which mailboxes this replica watches, one thread per mailbox.

Every ``refresh_seconds`` the supervisor re-reads the active IMAP integrations this replica owns
(``handler.owns``); it starts a watch for a new one and stops the watch of one that went away,
was disabled, or whose settings or password changed (then starts it again with the new ones).
"""

from __future__ import annotations

import logging
import ssl
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import Provider
from schemas.contracts.topics import Topic
from services.common.crypto import CredentialCipher, parse_keys
from services.common.health import HealthFile
from services.common.kafka import ProducerGateway, build_producer
from services.common.metrics import PRODUCED
from services.db import integrations
from services.db.credentials import load_credentials
from services.db.session import build_engine, build_sessionmaker, transaction
from services.domain.errors import CredentialsUnreadable
from services.imapwatcher.handler import owns
from services.imapwatcher.idle import IdleConnection, WatchedMailbox
from services.imapwatcher.settings import ImapWatcherSettings
from services.imapwatcher.usecase import Idler, WatchTiming, request_push_sync, watch_mailbox

log = logging.getLogger(__name__)


@dataclass
class _Watch:
    mailbox: WatchedMailbox
    stop: threading.Event
    thread: threading.Thread


@dataclass
class Watcher:
    settings: ImapWatcherSettings
    sessions: sessionmaker[Session]
    producer: ProducerGateway
    cipher: CredentialCipher | None
    _watches: dict[int, _Watch] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    health: HealthFile = field(default_factory=lambda: HealthFile(None))

    def owned_mailboxes(self) -> list[WatchedMailbox]:
        s = self.settings
        with transaction(self.sessions) as session:
            rows = integrations.active_rows_of_provider(session, provider=Provider.IMAP)
            mine = [
                r for r in rows if owns(r.id, replica_index=s.replica_index, replicas=s.replicas)
            ]
            boxes = []
            for row in mine:
                password = self._password(session, row.id)
                if password is None:
                    continue
                config = row.config or {}
                use_tls = bool(config.get("use_tls", True))
                boxes.append(
                    WatchedMailbox(
                        integration_id=row.id,
                        host=str(config.get("host", "")),
                        port=int(config.get("port", 993 if use_tls else 143)),
                        use_tls=use_tls,
                        username=str(config.get("username", "")),
                        folder=str(config.get("folder", "INBOX")),
                        password=password,
                    )
                )
        return boxes

    def _password(self, session: Session, integration_id: int) -> str | None:
        if self.cipher is None:
            return None
        try:
            credentials = load_credentials(
                session, integration_id=integration_id, cipher=self.cipher
            )
        except CredentialsUnreadable:
            log.warning("IMAP watch: integration %s: credentials unreadable", integration_id)
            return None
        password = (credentials or {}).get("password")
        return password if isinstance(password, str) else None

    def refresh(self) -> None:
        """Start and stop watches so they match the owned mailboxes."""
        wanted = {box.integration_id: box for box in self.owned_mailboxes()}
        for integration_id, watch in list(self._watches.items()):
            if wanted.get(integration_id) != watch.mailbox:
                self._end(integration_id)
        for integration_id, box in wanted.items():
            if integration_id not in self._watches:
                self._begin(box)

    def watched(self) -> list[int]:
        return sorted(self._watches)

    def _begin(self, box: WatchedMailbox) -> None:
        stop = threading.Event()
        s = self.settings
        timing = WatchTiming(s.idle_renew_seconds, s.backoff_base_seconds, s.backoff_max_seconds)
        policy = s.mail_server_policy()
        context = ssl.create_default_context(cafile=s.ca_file) if box.use_tls else None

        def connect() -> Idler:
            return IdleConnection(
                box, policy=policy, ssl_context=context, connect_timeout=s.connect_timeout_seconds
            )

        def on_new_mail() -> None:
            sent = request_push_sync(
                self.sessions,
                self.producer,
                integration_id=box.integration_id,
                now=datetime.now(UTC),
            )
            PRODUCED.labels("imapwatcher", Topic.EMAIL_SYNC_REQUESTED.value).inc(len(sent))

        thread = threading.Thread(
            target=watch_mailbox,
            args=(box.integration_id, connect, on_new_mail),
            kwargs={"timing": timing, "stop": stop},
            name=f"idle-{box.integration_id}",
            daemon=True,
        )
        self._watches[box.integration_id] = _Watch(box, stop, thread)
        thread.start()

    def _end(self, integration_id: int) -> None:
        watch = self._watches.pop(integration_id)
        watch.stop.set()
        watch.thread.join(timeout=5)

    def run(self) -> None:
        """Refresh until ``stop``; a failed refresh (database down) keeps the running watches."""
        while not self._stop.is_set():
            try:
                self.refresh()
                self.health.touch()  # alive: the database answers and the watches are current
            except Exception:  # noqa: BLE001  (retried at the next refresh)
                log.exception("IMAP watch: refresh failed")
            self._stop.wait(self.settings.refresh_seconds)

    def request_stop(self) -> None:
        """Ends ``run`` (safe from a signal handler)."""
        self._stop.set()

    def stop(self) -> None:
        self._stop.set()
        for integration_id in list(self._watches):
            self._end(integration_id)


def build(settings: ImapWatcherSettings) -> tuple[Watcher, Engine]:
    engine = build_engine(settings.database_url)
    producer = build_producer(
        bootstrap=settings.kafka_bootstrap_servers, client_id=settings.client_id
    )
    keys = settings.token_encryption_keys
    cipher = CredentialCipher(parse_keys(keys.get_secret_value())) if keys else None
    sessions = build_sessionmaker(engine)
    health = HealthFile(settings.health_file)
    return Watcher(settings, sessions, producer, cipher, health=health), engine
