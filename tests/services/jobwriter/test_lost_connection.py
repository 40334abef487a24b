"""The jobwriter's engine has no pool pre-ping (a round trip per batch): a connection the server
dropped between two batches fails the next batch's first statement, on the psycopg2 cursor
(services.db.dbapi), and that batch must come out as DependencyUnavailable (the partition
waits), never as a raw driver error (which would be dead-lettered); the pool then reconnects
and the batch applies once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from services.db import requirements
from services.db.advisory_locks import lock_all
from services.db.models import ProcessedEmail
from services.db.session import build_engine, build_sessionmaker, transaction
from services.domain.errors import DependencyUnavailable, RetryableError
from services.jobwriter.store import sql_stores
from services.jobwriter.usecase import Jobwriter
from tests.pipeline_fixtures import new_tenant
from tests.requirement_samples import RECEIVED, java_job, vendor_email


@pytest.fixture
def unpinged(prepared: tuple[str, str]) -> Iterator[Engine]:
    """An engine as the jobwriter builds it: one connection, no pre-ping."""
    engine = build_engine(prepared[1], pool_size=1, pre_ping=False)
    yield engine
    engine.dispose()


def _backend_pid(sessions: sessionmaker[Session]) -> int:
    with transaction(sessions) as session:
        return int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())


@pytest.mark.postgres
def test_a_dropped_connection_makes_the_batch_wait_then_apply_once(
    unpinged: Engine, sessions: sessionmaker[Session]
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    own = build_sessionmaker(unpinged)
    jobwriter = Jobwriter(stores=sql_stores(own), clock=lambda: RECEIVED)
    jobwriter.apply_parsed_batch([vendor_email(ids, "m1", "ravi@techvendor.com", java_job())])
    # the server ends the jobwriter's idle pooled connection (a restart, an idle timeout)
    pid = _backend_pid(own)
    with transaction(sessions) as session:
        session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    second = [vendor_email(ids, "m2", "mike@apex.com", java_job())]
    with pytest.raises(DependencyUnavailable):
        jobwriter.apply_parsed_batch(second)
    # the partition's retry: a new connection, the batch applied once
    jobwriter.apply_parsed_batch(second)
    assert _backend_pid(own) != pid
    with transaction(sessions) as session:
        ledger = session.scalars(
            select(ProcessedEmail.provider_message_id)
            .where(ProcessedEmail.tenant_id == ids.tenant_id)
            .order_by(ProcessedEmail.provider_message_id)
        ).all()
        assert list(ledger) == ["m1", "m2"]


@pytest.mark.postgres
def test_a_lock_timeout_on_a_raw_statement_is_retryable(
    prepared: tuple[str, str], sessions: sessionmaker[Session]
) -> None:
    """A lock wait past the jobwriter's lock_timeout in one of the batch's psycopg2 statements
    (here the requirement locks, held by another writer) is a transient error of the batch
    (RetryableError: retried later), not an unclassified driver error (dead-lettered)."""
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    engine = build_engine(prepared[1], pool_size=1, lock_timeout_ms=200, pre_ping=False)
    try:
        jobwriter = Jobwriter(stores=sql_stores(build_sessionmaker(engine)), clock=lambda: RECEIVED)
        email = vendor_email(ids, "m1", "ravi@techvendor.com", java_job())
        jobs = [(email, list(enumerate(email.jobs)))]
        with transaction(sessions) as other:
            lock_all(other, requirements.lock_names(jobs, requirements.profiles_of(jobs)))
            with pytest.raises(RetryableError) as raised:
                jobwriter.apply_parsed_batch([email])
            assert not isinstance(raised.value, DependencyUnavailable)
        jobwriter.apply_parsed_batch([email])  # the lock released: applied
    finally:
        engine.dispose()
