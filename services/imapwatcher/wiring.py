"""IMAP watcher assembly: a consumer-group member on ``integration.imap.active`` (``group``)
driving one IDLE thread per owned integration (``watches``, ``usecase.watch_mailbox``).

A watch connects with its record's folder settings and the password read from PostgreSQL at
every (re)connect, and only while the integration is active there; new mail requests a
debounced push sync (``usecase.request_push_sync``).
"""

from __future__ import annotations

import logging
import ssl
import threading
from datetime import UTC, datetime
from functools import partial
from typing import Any

from confluent_kafka import Consumer
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import ImapWatch
from schemas.contracts.topics import Topic
from services.common.crypto import CredentialCipher, parse_keys
from services.common.health import HealthFile
from services.common.kafka import ProducerGateway, build_consumer_config, build_producer
from services.common.metrics import PRODUCED
from services.db import integrations
from services.db.credentials import load_credentials
from services.db.session import build_engine, build_sessionmaker, transaction
from services.domain.errors import CredentialsUnreadable
from services.imapwatcher.group import GroupMember
from services.imapwatcher.idle import IdleConnection, WatchedMailbox
from services.imapwatcher.settings import ImapWatcherSettings
from services.imapwatcher.store import PushStateStore
from services.imapwatcher.usecase import (
    Idler,
    MailboxUnavailable,
    WatchTiming,
    request_push_sync,
    watch_mailbox,
)
from services.imapwatcher.watch_health import FailureKind
from services.imapwatcher.watch_state import WatchState, forget_watch_state
from services.imapwatcher.watches import Watches

log = logging.getLogger(__name__)

Watcher = GroupMember  # what ``build`` returns: run / request_stop / stop / watched


def consumer_config(settings: ImapWatcherSettings) -> dict[str, Any]:
    """The classic group protocol, unlike the other stages' KIP-848 groups: it lets the watcher
    set its own session timeout (how long a dead replica's mailboxes go unwatched), where
    KIP-848 takes the broker's group.consumer.session.timeout.ms (at least 45 s). One topic,
    so the cooperative sticky assignor balances it evenly and moves only what must move."""
    config = build_consumer_config(
        bootstrap=settings.kafka_bootstrap_servers,
        group_id=settings.group_id,
        client_id=settings.client_id,
        extra={
            "group.protocol": "classic",
            "partition.assignment.strategy": "cooperative-sticky",
            "session.timeout.ms": settings.session_timeout_ms,
            "heartbeat.interval.ms": settings.heartbeat_interval_ms,
            # no commits: every assignment re-reads the compacted table from the beginning
            "enable.auto.commit": False,
            # a partition read to its end makes the broker hold the next fetch this long, which
            # delays the reading of the partitions assigned with it (500 by default)
            "fetch.wait.max.ms": 100,
        },
    )
    config.pop("group.remote.assignor", None)  # KIP-848 only
    return config


class MailboxWatch:
    """Runs one integration's watch: the callable ``Watches`` starts a thread with."""

    def __init__(
        self,
        settings: ImapWatcherSettings,
        sessions: sessionmaker[Session],
        producer: ProducerGateway,
        cipher: CredentialCipher | None,
    ) -> None:
        self._settings, self._sessions, self._producer, self._cipher = (
            settings,
            sessions,
            producer,
            cipher,
        )
        self._policy = settings.mail_server_policy()

    def __call__(self, record: ImapWatch, stop: threading.Event) -> None:
        s = self._settings
        context = ssl.create_default_context(cafile=s.ca_file) if record.use_tls else None

        def connect() -> Idler:
            box = WatchedMailbox(
                integration_id=record.integration_id,
                host=record.host,
                port=record.port,
                use_tls=record.use_tls,
                username=record.username,
                folder=record.folder,
                password=self.password(record.integration_id),
            )
            return IdleConnection(
                box,
                policy=self._policy,
                ssl_context=context,
                connect_timeout=s.connect_timeout_seconds,
            )

        def on_new_mail() -> None:
            sent = request_push_sync(
                self._sessions,
                self._producer,
                integration_id=record.integration_id,
                now=datetime.now(UTC),
            )
            PRODUCED.labels("imapwatcher", Topic.EMAIL_SYNC_REQUESTED.value).inc(len(sent))

        timing = WatchTiming(s.idle_renew_seconds, s.backoff_base_seconds, s.backoff_max_seconds)
        state = WatchState(
            PushStateStore(self._sessions),
            record.integration_id,
            renew_seconds=timing.renew_seconds,
        )
        watch_mailbox(
            record.integration_id, connect, on_new_mail, timing=timing, stop=stop, state=state
        )

    def password(self, integration_id: int) -> str:
        """The active integration's password; MailboxUnavailable otherwise."""
        if self._cipher is None:
            raise MailboxUnavailable("no TOKEN_ENCRYPTION_KEYS", kind=FailureKind.AUTH)
        try:
            with transaction(self._sessions) as session:
                state = integrations.integration_snapshot(session, integration_id=integration_id)
                if state is None or not state.is_active:
                    raise MailboxUnavailable("integration inactive")
                credentials = load_credentials(
                    session, integration_id=integration_id, cipher=self._cipher
                )
        except CredentialsUnreadable:
            raise MailboxUnavailable("credentials unreadable", kind=FailureKind.AUTH) from None
        except SQLAlchemyError as exc:
            raise MailboxUnavailable(f"database unavailable ({type(exc).__name__})") from None
        password = (credentials or {}).get("password")
        if not isinstance(password, str):
            raise MailboxUnavailable("no password stored", kind=FailureKind.AUTH)
        return password


def build(settings: ImapWatcherSettings) -> tuple[GroupMember, Engine]:
    engine = build_engine(settings.database_url)
    producer = build_producer(
        bootstrap=settings.kafka_bootstrap_servers, client_id=settings.client_id
    )
    keys = settings.token_encryption_keys
    cipher = CredentialCipher(parse_keys(keys.get_secret_value())) if keys else None
    sessions = build_sessionmaker(engine)
    watches = Watches(
        MailboxWatch(settings, sessions, producer, cipher),
        forget=partial(forget_watch_state, PushStateStore(sessions)),
    )
    member = GroupMember(
        Consumer(consumer_config(settings)), watches, health=HealthFile(settings.health_file)
    )
    return member, engine
