"""The watcher's use cases: keep one mailbox's IDLE running (``watch_mailbox``), and turn new
mail into a debounced push sync request (``request_push_sync``).

``watch_mailbox`` loops until stopped: connect (the fetcher's safe path), EXAMINE, IDLE; an
EXISTS ends the IDLE round and calls ``on_new_mail``; the IDLE is re-issued every
``renew_seconds`` (RFC 2177); any connection failure closes and reconnects after an exponential
backoff. Every successful connect also calls ``on_new_mail`` (a catch-up): mail may have arrived
while nobody was idling (during an outage, or before this watch began: a watcher process that
was killed and restarted, or an integration handed to another replica), and the debounce makes
a spare request cheap. ``connect`` reads the password (and whether the integration is still
active) at every attempt, so a changed password is used at the next reconnect and a disabled
integration is not logged into. With a ``state`` it records the push state at every IDLE
issued and every failure (``watch_state``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import SyncRequested
from schemas.contracts.topics import Topic
from services.common.kafka import Outbound, ProducerGateway
from services.db import integrations
from services.db.session import transaction
from services.fetcher.providers.imap_connect import CONNECTION_FAILURES, failure_of
from services.imapwatcher.handler import backoff_seconds, has_new_mail, idle_wait_seconds
from services.imapwatcher.idle import SettingsRefused
from services.imapwatcher.watch_health import FailureKind, kind_of
from services.imapwatcher.watch_state import WatchState
from services.scheduler.push_requests import accept_push

log = logging.getLogger(__name__)


class MailboxUnavailable(Exception):  # noqa: N818  (named for what happened)
    """Nothing to log in with now: the integration is inactive, has no readable password, or
    the database did not answer. Retried with the same backoff as a connection failure.
    ``kind``: what the push state shows (None: not the mailbox's fault, nothing)."""

    def __init__(self, reason: str, *, kind: FailureKind | None = None) -> None:
        super().__init__(reason)
        self.kind = kind


# a connection failure (categorised as a sync's would be), settings the policy refuses, or no
# credentials to connect with
WATCH_FAILURES: tuple[type[Exception], ...] = (
    *CONNECTION_FAILURES,
    SettingsRefused,
    MailboxUnavailable,
)
SOURCE = "/reqstream/imapwatcher"
# seconds one wait for IDLE responses lasts at most, so a stop is noticed soon
CHECK_SECONDS = 1.0


class Idler(Protocol):
    def open(self) -> None: ...
    def start_idle(self) -> None: ...
    def responses(self, timeout: float) -> list[object]: ...
    def end_idle(self) -> None: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class WatchTiming:
    renew_seconds: float
    backoff_base_seconds: float
    backoff_max_seconds: float


def watch_mailbox(
    integration_id: int,
    connect: Callable[[], Idler],
    on_new_mail: Callable[[], object],
    *,
    timing: WatchTiming,
    stop: threading.Event,
    clock: Callable[[], float] = time.monotonic,
    state: WatchState | None = None,
) -> None:
    failures = 0
    while not stop.wait(
        backoff_seconds(failures, base=timing.backoff_base_seconds, cap=timing.backoff_max_seconds)
    ):
        connection: Idler | None = None
        try:
            connection = connect()
            connection.open()
            log.info("IMAP watch: integration %s idling", integration_id)
            _notify(integration_id, on_new_mail)  # the catch-up: nobody idled until now
            failures = 0
            _idle_rounds(
                integration_id,
                connection,
                on_new_mail,
                timing=timing,
                stop=stop,
                clock=clock,
                on_idle=state.idling if state else None,
            )
        except WATCH_FAILURES as exc:
            failures += 1
            if state is not None and not stop.is_set():  # stopped: the watch moved or ended
                state.failed(failure_kind(exc))
            category = (
                str(exc)
                if isinstance(exc, MailboxUnavailable)
                else "refused settings"
                if isinstance(exc, SettingsRefused)
                else failure_of(exc, connected=True)
            )
            log.warning(
                "IMAP watch: integration %s: %s (%s); reconnect #%d",
                integration_id,
                category,
                type(exc).__name__,
                failures,
            )
        finally:
            if connection is not None:
                connection.close()


def _idle_rounds(
    integration_id: int,
    connection: Idler,
    on_new_mail: Callable[[], object],
    *,
    timing: WatchTiming,
    stop: threading.Event,
    clock: Callable[[], float],
    on_idle: Callable[[], None] | None = None,
) -> None:
    while not stop.is_set():
        connection.start_idle()
        if on_idle is not None:
            on_idle()
        started, new_mail = clock(), False
        while not stop.is_set() and not new_mail:
            wait = idle_wait_seconds(
                idle_started=started, now=clock(), renew_every=timing.renew_seconds
            )
            if wait <= 0:
                break  # re-issue before the server drops it
            new_mail = has_new_mail(connection.responses(min(wait, CHECK_SECONDS)))
        connection.end_idle()
        if new_mail:
            _notify(integration_id, on_new_mail)


def failure_kind(exc: Exception) -> FailureKind | None:
    """The push state's failure kind for a watch failure (never the server's text)."""
    if isinstance(exc, MailboxUnavailable):
        return exc.kind
    if isinstance(exc, SettingsRefused):
        return FailureKind.CONNECT
    return kind_of(failure_of(exc, connected=True))


def _notify(integration_id: int, on_new_mail: Callable[[], object]) -> None:
    try:
        on_new_mail()
    except Exception:  # noqa: BLE001  (database or broker down: the cron's sync is the safety net)
        log.exception("IMAP watch: integration %s: push sync not requested", integration_id)


def request_push_sync(
    sessions: sessionmaker[Session],
    producer: ProducerGateway,
    *,
    integration_id: int,
    now: datetime,
) -> list[SyncRequested]:
    """New mail in the integration's folder: a push sync unless one is pending (debounced in
    ``accept_push``); the pending mark commits only after the broker acknowledged the request.
    Returns the requests sent (none: debounced, or the integration is gone or inactive)."""
    with transaction(sessions) as session:
        snapshot = integrations.integration_snapshot(session, integration_id=integration_id)
        if snapshot is None or not snapshot.is_active:
            return []
        accepted = accept_push(session, [snapshot], now=now)
        requests = list(accepted.requests) if accepted else []
        producer.send(
            Outbound.of(Topic.EMAIL_SYNC_REQUESTED, r, key=str(r.integration_id), source=SOURCE)
            for r in requests
        )
    return requests
