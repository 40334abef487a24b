"""Statements on the session's psycopg2 cursor: one held for the next statement goes in its
round trip, and ends with its transaction when none followed (real PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from psycopg2.extensions import cursor  # type: ignore[import-untyped]  # no stubs
from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    event,
    insert,
    text,
)
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
        assert dbapi.fetch_all(session, "SELECT 1", ())
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


def _kinds(name: str) -> Table:
    """A table of the column kinds the jobwriter's inserts write."""
    return Table(
        name,
        MetaData(),
        Column("n", Integer),
        Column("s", String(5)),
        Column("t", Text),
        Column("f", Float),
        Column("at", DateTime(timezone=True)),
        Column("naive", DateTime),
        Column("u", Uuid),
        Column("j", JSON, nullable=True),
        Column("listed", JSON, default=list),
        Column("counted", Integer, default=0),
    )


_KINDS_DDL = (
    "(n integer, s varchar(5), t text, f float8, at timestamptz, naive timestamp, u uuid,"
    " j json, listed json, counted integer)"
)
# a JSON column as its value (jsonb's text of it): its own text is the encoder's
_KINDS_TEXT = (
    "SELECT n, s, t, f, at, naive, u::text, j::jsonb::text, listed::jsonb::text, counted"
    " FROM {} ORDER BY n"
)


def test_inserted_rows_read_back_as_sqlalchemy_inserts_them(
    sessions: sessionmaker[Session],
) -> None:
    """Rows sent as one JSON parameter come out of the table as SQLAlchemy's insert leaves
    them: quotes, backslashes and non-ASCII text, a float's every digit, timestamps with
    microseconds and an offset, UUIDs, JSON values of every kind (their keys in the order
    given), a JSON column's None as JSON null (not SQL NULL), a left-out column's default."""
    rows: list[dict[str, Any]] = [
        {
            "n": 1,
            "s": "it's",
            "t": 'back\\slash "q" ünï 😀\n',
            "f": 0.1 + 0.2,
            "at": datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=timezone(timedelta(hours=5.5))),
            "naive": datetime(2026, 1, 2, 3, 4, 5, 6),
            "u": uuid.uuid4(),
            "j": None,
        },
        {"n": 2, "s": None, "t": None, "f": None, "at": None, "naive": None, "u": None, "j": {}},
        *(
            {"n": n, "s": "", "t": "", "f": -1e300, "at": None, "naive": None, "u": None, "j": j}
            for n, j in enumerate(
                [{"a": [1, "b", None], "ü": 1.5, "q": "'\\\""}, "Dallas, TX", [], 0, True], 3
            )
        ),
    ]
    names = tuple(rows[0])
    expanded = (
        f"INSERT INTO expanded ({', '.join(names)}) SELECT "
        + ", ".join(dbapi.selected(_kinds("expanded"), name, alias="given") for name in names)
        + f" FROM {dbapi.recordset(_kinds('expanded'), names, alias='given')}"
    )
    with transaction(sessions) as session:
        for name in ("sent", "expanded", "reference"):
            session.execute(text(f"CREATE TEMP TABLE {name} {_KINDS_DDL} ON COMMIT DROP"))
        session.execute(insert(_kinds("reference")), rows)
        assert dbapi.RowsInsert(_kinds("sent"), suffix="RETURNING n", returning=True)(
            session, rows
        ) == [(n,) for n in range(1, 8)]
        dbapi.execute(session, expanded, (dbapi.json_rows(rows),))
        sent = dbapi.fetch_all(session, _KINDS_TEXT.format("sent"), ())
        assert sent == dbapi.fetch_all(session, _KINDS_TEXT.format("reference"), ())
        assert sent[0][7] == "null" and sent[1][7] == "{}" and sent[0][8] == "[]"
        assert dbapi.fetch_all(session, "SELECT json_object_keys(j) FROM sent WHERE n = 3", ()) == [
            ("a",),
            ("ü",),
            ("q",),
        ]
        # json_to_recordset's typed columns (a statement's own rows: requirement_writes)
        reference = dbapi.fetch_all(session, _KINDS_TEXT.format("reference"), ())
        assert [
            row[:8] for row in dbapi.fetch_all(session, _KINDS_TEXT.format("expanded"), ())
        ] == [row[:8] for row in reference]


def test_an_inserted_value_too_long_for_its_column_fails(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(DBAPIError, match="too long"), transaction(sessions) as session:
        session.execute(text(f"CREATE TEMP TABLE sent {_KINDS_DDL}"))
        dbapi.RowsInsert(_kinds("sent"))(session, [{"n": 1, "s": "longer"}])


def test_held_inserted_rows_go_in_the_next_statements_round_trip(
    sessions: sessionmaker[Session],
) -> None:
    with transaction(sessions) as session:
        session.execute(text(f"CREATE TEMP TABLE sent {_KINDS_DDL} ON COMMIT DROP"))
        sent = round_trips(session)
        dbapi.RowsInsert(_kinds("sent")).send_with_next(session, [{"n": 1, "j": None}])
        assert sent == []
        found = dbapi.fetch_all(session, "SELECT n, j::text, listed::text FROM sent", ())
        assert found == [(1, "null", "[]")]
        assert len(sent) == 1 and sent[0].startswith("INSERT INTO sent ")


def test_a_held_statements_percent_signs_are_text_before_a_statement_with_parameters(
    sessions: sessionmaker[Session],
) -> None:
    """A held statement is already rendered: its ``%`` (a requirement's history value
    "100% Remote") must not be read as a placeholder of the next statement's parameters, and
    stays one ``%`` when the held statements go alone."""
    with transaction(sessions) as session:
        session.execute(text(f"CREATE TEMP TABLE sent {_KINDS_DDL} ON COMMIT DROP"))
        held = dbapi.RowsInsert(_kinds("sent"))
        held.send_with_next(session, [{"n": 1, "t": "100% Remote", "j": {"%s": "%(x)s"}}])
        assert dbapi.fetch_all(session, "SELECT t, j::text FROM sent WHERE n = %s", (1,)) == [
            ("100% Remote", '{"%s":"%(x)s"}')
        ]
        held.send_with_next(session, [{"n": 2, "t": "50%"}])
        dbapi.send_pending(session)
        assert dbapi.fetch_all(session, "SELECT t FROM sent WHERE n = 2", ()) == [("50%",)]


def test_in_rows_match_the_rows_given_and_none_when_empty(sessions: sessionmaker[Session]) -> None:
    given = [(1, "it's"), (2, "ünï 😀 50%"), (3, 'back\\slash "q"')]
    query = (
        "SELECT n, s FROM (VALUES (1, 'it''s'), (2, 'ünï 😀 50%%'), (3, 'other'))"
        " AS v(n, s) WHERE (n, s) IN %(rows)s ORDER BY n"
    )
    with transaction(sessions) as session:
        assert dbapi.fetch_all(session, query, {"rows": dbapi.in_rows(given, width=2)}) == [
            (1, "it's"),
            (2, "ünï 😀 50%"),
        ]
        assert dbapi.fetch_all(session, query, {"rows": dbapi.in_rows([], width=2)}) == []
