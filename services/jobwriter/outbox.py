"""The outbox sender: emails queued in the notifications table are sent after the
transaction that queued them committed, and marked sent.

A row is claimed with FOR UPDATE SKIP LOCKED and stays locked while it is sent and marked,
so two jobwriter replicas never send the same row. A crash after the queuing commit loses
nothing (the row waits, unsent, for the next sweep: at start-up and every ``interval``); a
failed attempt is retried later with backoff. The one window left is a crash after the relay
accepted the email and before ``sent_at`` committed: that email goes twice, with the same
Message-ID.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from services.common.metrics import NOTIFICATIONS
from services.db import notifications
from services.db.session import transaction
from services.domain.errors import RetryableError

log = logging.getLogger(__name__)
DEFAULT_INTERVAL = 5.0  # seconds between sweeps for queued or retried emails
STOP_TIMEOUT = 15.0  # seconds; above one SMTP timeout


class EmailSender(Protocol):
    def send(self, *, to: str, subject: str, body: str, message_id: str | None = None) -> None: ...


@dataclass(frozen=True)
class RetryPolicy:
    """Delay before attempt n+1 after n failed ones: base · 2^(n-1), at most cap."""

    base: float = 10.0  # seconds
    cap: float = 3600.0  # seconds

    def delay(self, failed_attempts: int) -> timedelta:
        return timedelta(seconds=min(self.cap, self.base * 2 ** max(failed_attempts - 1, 0)))


def message_id(notification_id: int, sender: str) -> str:
    domain = sender.rpartition("@")[2] or "localhost"
    return f"<reqstream-notification-{notification_id}@{domain}>"


class OutboxSender:
    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        notifier: EmailSender,
        sender_address: str,
        retry: RetryPolicy = RetryPolicy(),
        interval: float = DEFAULT_INTERVAL,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sessions = sessions
        self._notifier = notifier
        self._sender_address = sender_address
        self._retry = retry
        self._interval = interval
        self._clock = clock
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def send_due(self, *, limit: int = 100) -> int:
        """Send the queued emails whose time has come, one transaction each; how many were
        delivered. Database errors propagate (the sweep tries again later)."""
        delivered = 0
        for _ in range(limit):
            with transaction(self._sessions) as session:
                now = self._clock()
                claimed = notifications.claim_due(session, now=now, limit=1)
                if not claimed:
                    break
                email = claimed[0]
                try:
                    self._notifier.send(
                        to=email.recipient,
                        subject=email.subject,
                        body=email.body,
                        message_id=message_id(email.id, self._sender_address),
                    )
                except RetryableError as exc:
                    retry_at = now + self._retry.delay(email.attempts + 1)
                    log.warning(
                        "notification %s not sent (attempt %d), retry at %s: %s",
                        email.id,
                        email.attempts + 1,
                        retry_at.isoformat(),
                        exc,
                    )
                    notifications.mark_failed(
                        session, notification_id=email.id, error=str(exc), retry_at=retry_at
                    )
                    NOTIFICATIONS.labels("failed").inc()
                    continue
                notifications.mark_sent(session, notification_id=email.id, now=self._clock())
            delivered += 1
            NOTIFICATIONS.labels("sent").inc()
            log.info("notification %s sent", email.id)
        return delivered

    def wake(self) -> None:
        """Sweep now (the use case queued an email and committed)."""
        self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="outbox-sender", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(STOP_TIMEOUT)

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                self.send_due()
            except (RetryableError, SQLAlchemyError) as exc:
                log.warning("outbox sweep failed, next in %.0f s: %s", self._interval, exc)
            self._wake.wait(self._interval)
