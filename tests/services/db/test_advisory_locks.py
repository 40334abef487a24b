"""The jobwriter's advisory locks: taken in one statement, message keys then requirements."""

from __future__ import annotations

import zlib
from typing import Any

import pytest
from psycopg2.extensions import cursor  # type: ignore[import-untyped]  # no stubs
from sqlalchemy import event, text
from sqlalchemy.orm import Session, sessionmaker

from services.db import requirements
from services.db.advisory_locks import lock_all
from services.db.session import transaction
from services.domain import requirements as rules
from services.domain.decisions import Decision, EmailResult
from services.jobwriter.store import SqlJobwriterStore
from tests.pipeline_fixtures import new_tenant
from tests.requirement_samples import RECEIVED as NOW
from tests.requirement_samples import java_job, vendor_email

pytestmark = pytest.mark.postgres


def held_locks(session: Session) -> set[tuple[int, int]]:
    """(key1, key2) of the two-key advisory locks this session's backend holds."""
    rows = session.execute(
        text(
            "SELECT classid::integer, objid::bigint FROM pg_locks"
            " WHERE locktype = 'advisory' AND objsubid = 2 AND pid = pg_backend_pid()"
        )
    )
    return {(tenant, objid - (1 << 32) if objid >= 1 << 31 else objid) for tenant, objid in rows}


def key(tenant: int, name: str) -> tuple[int, int]:
    value = zlib.crc32(name.encode())
    return tenant, value - (1 << 32) if value >= 1 << 31 else value


def lock_statements(session: Session) -> list[str]:
    """The advisory-lock statements sent on the session's connection from now on."""
    sent: list[str] = []
    raw: Any = session.connection().connection.dbapi_connection
    previous = raw.cursor_factory

    class Counting(cursor):  # type: ignore[misc]  # psycopg2 has no stubs
        def execute(self, query: Any, params: Any = None) -> Any:
            if "pg_advisory_xact_lock" in str(query):
                sent.append(str(query))
            return super().execute(query, params)

    raw.cursor_factory = Counting
    # the connection goes back to the pool as it came
    event.listen(
        session, "after_transaction_end", lambda *_: setattr(raw, "cursor_factory", previous)
    )
    return sent


def test_groups_are_taken_together_and_a_name_once(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        sent = lock_statements(session)
        lock_all(session, [(7, "msg|a"), (7, "block|x")], [(7, "block|x"), (8, "job|j")])
        assert held_locks(session) == {key(7, "msg|a"), key(7, "block|x"), key(8, "job|j")}
        assert len(sent) == 1


def test_a_batch_takes_its_requirement_locks_with_its_message_keys(
    sessions: sessionmaker[Session],
) -> None:
    """The store's same-message check also takes the blocks' and job ids' locks, so recording
    the sightings sends no lock statement of its own (and still holds them)."""
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    email = vendor_email(
        ids, "l1@techvendor.com", "ravi@techvendor.com", java_job(job_id="J-1")
    ).model_copy(update={"message_id": "<l1@techvendor.com>"})
    profile = rules.profile(email.jobs[0])
    with transaction(sessions) as session:
        sent = lock_statements(session)
        store = SqlJobwriterStore(session)
        store.checks([email], with_jobs=[email])
        assert len(sent) == 1
        # in the message keys' lookup, one round trip for both
        assert "FROM processed_emails" in sent[0]
        assert {
            key(ids.tenant_id, f"block|{rules.block_key(profile)}"),
            key(ids.tenant_id, f"job|{profile.job_id}"),
        } <= held_locks(session)
        decision = Decision(EmailResult.JOB_CREATED, None, list(enumerate(email.jobs)))
        store.record_sightings([(email, decision)], redelivered=[False], now=NOW)
        assert len(sent) == 1
    with transaction(sessions) as session:
        sent = lock_statements(session)
        requirements.record_sightings(
            session, emails=[(email, list(enumerate(email.jobs)))], now=NOW
        )
        assert len(sent) == 1  # alone, record_sightings takes them itself
