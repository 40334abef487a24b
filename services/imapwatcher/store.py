"""The watcher's push-state store on PostgreSQL (integration_push, ``services.db.push``): one
short transaction per record, so a watch never holds a connection while it idles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from services.db import push
from services.db.session import transaction
from services.imapwatcher.watch_health import FailureKind


class PushStateStore:
    """``watch_state.WatchStateStore`` on PostgreSQL."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def record_idle(self, integration_id: int, *, until: datetime, now: datetime) -> None:
        with transaction(self._sessions) as session:
            push.record_watch(
                session, integration_id=integration_id, expires_at=until, error=None, now=now
            )

    def record_failed(self, integration_id: int, *, kind: FailureKind, now: datetime) -> None:
        with transaction(self._sessions) as session:
            push.record_watch(
                session, integration_id=integration_id, expires_at=None, error=kind.value, now=now
            )

    def forget(self, integration_id: int) -> None:
        with transaction(self._sessions) as session:
            push.forget_watch(session, integration_id=integration_id)
