"""Engine and transaction scope. PostgreSQL is the only supported database."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from services.domain.errors import DependencyUnavailable, RetryableError


def normalise_url(url: str) -> str:
    # accept the plain libpq form that docker images and testcontainers hand out
    if url.startswith("postgresql://"):
        return "postgresql+psycopg2://" + url.removeprefix("postgresql://")
    if url.startswith("postgres://"):
        return "postgresql+psycopg2://" + url.removeprefix("postgres://")
    return url


def build_engine(
    url: str, *, pool_size: int = 5, lock_timeout_ms: int | None = None, pre_ping: bool = True
) -> Engine:
    """``lock_timeout_ms`` bounds how long a statement waits for a row lock: a consumer then
    retries that message later instead of stalling its whole partition. ``pre_ping`` tests
    each connection as it is checked out (a round trip per transaction); without it a
    connection the server dropped fails the transaction's first statement, which ``transaction``
    raises as DependencyUnavailable, and the pool replaces it for the next."""
    connect_args = {"options": f"-c lock_timeout={lock_timeout_ms}"} if lock_timeout_ms else {}
    return create_engine(
        normalise_url(url),
        pool_size=pool_size,
        pool_pre_ping=pre_ping,
        future=True,
        connect_args=connect_args,
    )


def build_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction. A lost or refused connection surfaces as DependencyUnavailable (every
    message would fail alike); a server-reported transient error of this transaction (lock
    timeout, deadlock, serialization failure: SQLSTATE classes 40 and 55) as RetryableError."""
    try:
        with factory.begin() as session:
            yield session
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise DependencyUnavailable(f"database connection lost: {exc.orig}") from exc
        if not isinstance(exc, OperationalError):
            raise
        sqlstate = getattr(exc.orig, "pgcode", None)
        if sqlstate is None:  # no server answer: the connection failed
            raise DependencyUnavailable(f"database unavailable: {exc.orig}") from exc
        raise RetryableError(f"transient database error {sqlstate}: {exc.orig}") from exc


# SQLSTATE lock_not_available: a lock wait ran past the session's lock_timeout
LOCK_NOT_AVAILABLE = "55P03"


@contextmanager
def lock_wait_is_dependency(what: str) -> Iterator[None]:
    """A lock timeout inside raises DependencyUnavailable instead of RetryableError: the row
    is held by another service's work (a fetcher deciding a sync lease), nothing about this
    message, so its consumer's partition waits and tries again rather than spending the
    message's retry tiers and dead-lettering a good message."""
    try:
        yield
    except OperationalError as exc:
        if getattr(exc.orig, "pgcode", None) != LOCK_NOT_AVAILABLE:
            raise
        raise DependencyUnavailable(f"{what} is locked by another transaction") from exc


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
