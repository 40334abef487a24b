"""Readiness of the database for the ops endpoints: SELECT 1 answers."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from services.db.session import normalise_url

CHECK_TIMEOUT = 2  # seconds to connect before the database counts as not ready


def database_check(engine: Engine) -> Callable[[], bool]:
    def check() -> bool:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    return check


def database_probe(url: str) -> Callable[[], bool]:
    """A check on its own one-connection engine, which keeps readiness probes out of the
    workers' pool (a saturated pool must not read as a database outage)."""
    engine = create_engine(
        normalise_url(url),
        pool_size=1,
        pool_pre_ping=True,
        connect_args={"connect_timeout": CHECK_TIMEOUT},
    )
    return database_check(engine)
