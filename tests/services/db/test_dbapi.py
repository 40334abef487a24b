"""Statements on the session's psycopg2 cursor: one held for the next statement goes in its
round trip, and ends with its transaction when none followed (real PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from psycopg2.extensions import cursor  # type: ignore[import-untyped]  # no stubs
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from services.db import dbapi
from services.db.session import transaction

pytestmark = pytest.mark.postgres


def round_trips(session: Session) -> list[str]:
    """The statements sent on the session's connection from now on, one per round trip; call
    it before the transaction's first statement of services.db.dbapi (which keeps a cursor)."""
    sent: list[str] = []
    raw: Any = session.connection().connection.dbapi_connection
    previous = raw.cursor_factory

    class Counting(cursor):  # type: ignore[misc]  # psycopg2 has no stubs
        def execute(self, query: Any, params: Any = None) -> Any:
            sent.append(query.decode() if isinstance(query, bytes) else str(query))
            return super().execute(query, params)

    raw.cursor_factory = Counting
    # the connection goes back to the pool as it came
    event.listen(
        session, "after_transaction_end", lambda *_: setattr(raw, "cursor_factory", previous)
    )
    return sent


def test_a_held_statement_goes_in_the_next_statements_round_trip(
    sessions: sessionmaker[Session],
) -> None:
    with transaction(sessions) as session:
        sent = round_trips(session)
        dbapi.send_with_next(session, "SAVEPOINT held")
        assert sent == []
        assert dbapi.fetch_all(session, "SELECT %(n)s", {"n": 7}) == [(7,)]
        assert dbapi.values(session, "SELECT * FROM (VALUES %s) AS v(n)", [(1,)], returning=True)
        assert len(sent) == 2 and sent[0] == "SAVEPOINT held; SELECT %(n)s"
        dbapi.execute(session, "ROLLBACK TO SAVEPOINT held", ())  # it was taken


def test_a_held_statement_is_sent_alone_when_asked(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        sent = round_trips(session)
        dbapi.send_with_next(session, "SAVEPOINT held")
        dbapi.send_pending(session)
        dbapi.send_pending(session)  # nothing left to send
        assert sent == ["SAVEPOINT held"]
        dbapi.execute(session, "ROLLBACK TO SAVEPOINT held", ())


def test_a_held_statement_ends_with_its_transaction(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        dbapi.send_with_next(session, "SAVEPOINT held")
    with pytest.raises(DBAPIError, match="held"), transaction(sessions) as session:
        sent = round_trips(session)
        dbapi.execute(session, "ROLLBACK TO SAVEPOINT held", ())
    assert sent == ["ROLLBACK TO SAVEPOINT held"]


def test_a_held_statements_parameters_are_rendered_when_held(
    sessions: sessionmaker[Session],
) -> None:
    with transaction(sessions) as session:
        sent = round_trips(session)
        dbapi.send_with_next(session, "SELECT pg_advisory_xact_lock(%(k)s)", {"k": 424242})
        [(held,)] = dbapi.fetch_all(
            session,
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = %(k)s"
            " AND pid = pg_backend_pid()",
            {"k": 424242},
        )
        assert held == 1
        assert [s.split(";")[0] for s in sent] == ["SELECT pg_advisory_xact_lock(424242)"]


def test_held_rows_go_in_the_next_statements_round_trip(sessions: sessionmaker[Session]) -> None:
    """An insert's rows rendered when held, as ``values`` sends them (a NULL, quotes, a JSON
    text), and inserted by the next statement's round trip."""
    rows = [(1, "it's", None), (2, None, dbapi.json_text({"a": [1, "b"]}))]
    with transaction(sessions) as session:
        session.execute(text("CREATE TEMP TABLE held (n integer, s varchar, j json)"))
        sent = round_trips(session)
        dbapi.send_values_with_next(session, "INSERT INTO held (n, s, j) VALUES %s", rows)
        dbapi.send_values_with_next(session, "INSERT INTO held VALUES %s", [])  # nothing
        assert sent == []
        found = dbapi.fetch_all(session, "SELECT n, s, j FROM held ORDER BY n", ())
        assert found == [(1, "it's", None), (2, None, {"a": [1, "b"]})]
        assert len(sent) == 1 and sent[0].startswith("INSERT INTO held (n, s, j) VALUES (1, ")
