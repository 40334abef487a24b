"""Backends waiting for a lock: the condition a test waits for to know that a concurrent
transaction has reached the lock it is meant to wait at (instead of sleeping)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from services.db.session import transaction


def backends_waiting_for_a_lock(sessions: sessionmaker[Session], *, on: str | None = None) -> int:
    """Backends of this database waiting for a lock; with ``on``, only those whose statement
    names it (a table)."""
    with transaction(sessions) as session:
        waiting = session.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND datname = current_database()"
                " AND query ILIKE :like"
            ),
            {"like": f"%{on}%" if on is not None else "%"},
        )
    return int(waiting or 0)
