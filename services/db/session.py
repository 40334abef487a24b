"""Engine and transaction scope. PostgreSQL is the only supported database."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from services.common.errors import RetryableError


def normalise_url(url: str) -> str:
    # accept the plain libpq form that docker images and testcontainers hand out
    if url.startswith("postgresql://"):
        return "postgresql+psycopg2://" + url.removeprefix("postgresql://")
    if url.startswith("postgres://"):
        return "postgresql+psycopg2://" + url.removeprefix("postgres://")
    return url


def build_engine(url: str, *, pool_size: int = 5) -> Engine:
    return create_engine(normalise_url(url), pool_size=pool_size, pool_pre_ping=True, future=True)


def build_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction; connection-level failures surface as RetryableError."""
    try:
        with factory.begin() as session:
            yield session
    except OperationalError as exc:
        raise RetryableError(f"database unavailable: {exc.orig}") from exc
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise RetryableError(f"database connection lost: {exc.orig}") from exc
        raise


def wait_for_database(engine: Engine, *, timeout: float = 60.0) -> None:
    """Fail fast at start-up, with bounded retry while the database comes up."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return
        except OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
