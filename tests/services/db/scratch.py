"""A database of a test's own on the session's PostgreSQL server, dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import Session, sessionmaker

from services.db.migrate import upgrade
from services.db.session import build_engine, build_sessionmaker, normalise_url


@contextmanager
def scratch_database(server_url: str, *, prefix: str, revision: str = "head") -> Iterator[str]:
    """The URL of a new database migrated to ``revision``."""
    url = make_url(normalise_url(server_url))
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    own_url = url.set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(own_url, revision)
        yield own_url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def sessions_for(url: str) -> Iterator[sessionmaker[Session]]:
    engine = build_engine(url, pool_size=2)
    try:
        yield build_sessionmaker(engine)
    finally:
        engine.dispose()
