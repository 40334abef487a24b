"""Statements on the session's own psycopg2 connection, inside the session's transaction.

Why: in the jobwriter's batch, SQLAlchemy's execution layer (execution context, parameter and
result processing, expanding IN lists rendered per call) cost 100-400 µs CPU per statement, more
than the statement's own work on the client; at a few emails per batch that was most of a
batch's fixed cost. The batch's statements are plain SQL text with psycopg2 parameters
(``%(name)s``; ``in_rows`` renders the row list of an ``IN``) and return tuples.

Many rows go as ONE JSON parameter that the server expands (``RowsInsert``, ``recordset``):
one ``json.dumps`` cost about half of rendering them value by value, and orjson a tenth of
``json.dumps``. A JSON column's value goes in as orjson's text (None as JSON null, as
SQLAlchemy's JSON type binds it) and comes back decoded; a UUID comes back as text
(``uuid.UUID`` it)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import orjson
import psycopg2  # type: ignore[import-untyped]  # no stubs
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    ColumnDefault,
    DateTime,
    Float,
    Integer,
    String,
    Table,
    Uuid,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

Row = tuple[Any, ...]


@contextmanager
def _cursor(session: Session) -> Iterator[Any]:
    """The cursor of the session's transaction, its transaction begun; a psycopg2 error
    raised in it comes out as SQLAlchemy's (services.db.session's ``transaction`` and
    ``lock_wait_is_dependency`` read those), and a lost connection is invalidated first, as
    SQLAlchemy does for its own statements: with no pool pre-ping, a connection the server
    dropped meanwhile fails its first statement here and the caller's transaction raises
    DependencyUnavailable."""
    kept = _kept(session)
    try:
        yield kept.cursor
    except psycopg2.Error as exc:
        raise _as_sqlalchemy(kept, exc) from exc


def _kept(session: Session) -> _Kept:
    """The connection and one cursor, kept for the session's transaction (asking the session
    for them each statement cost as much as a small statement)."""
    transaction = session.get_transaction()
    kept: _Kept | None = session.info.get(_KEPT)
    if transaction is None or kept is None or kept.transaction is not transaction:
        connection = session.connection()
        dbapi_connection: Any = connection.connection.dbapi_connection
        kept = _Kept(session.get_transaction(), connection, dbapi_connection.cursor())
        session.info[_KEPT] = kept
    return kept


@dataclass(frozen=True)
class _Kept:
    transaction: Any  # the session's SessionTransaction these belong to
    connection: Connection
    cursor: Any  # psycopg2 cursor
    # statements to send ahead of the transaction's next one (``send_with_next``)
    pending: list[str] = field(default_factory=list)


def send_with_next(
    session: Session, sql: str, params: Mapping[str, Any] | Sequence[Any] | None = None
) -> None:
    """``sql`` (a statement whose rows nobody reads: a SAVEPOINT, a lock) sent ahead of this
    module's next statement in the session's transaction, in its round trip, its parameters
    rendered now: alone, such a statement cost ~50 µs CPU and a round trip. Its error is the
    next statement's. ``send_pending`` sends it at once, before a statement from outside this
    module that must follow it."""
    kept = _kept(session)
    if params is not None:
        with _cursor(session) as cursor:
            sql = cursor.mogrify(sql, params).decode()
    kept.pending.append(sql)


def send_pending(session: Session) -> None:
    """What ``send_with_next`` holds for the session's transaction, sent now (if any)."""
    kept = _kept(session)
    if kept.pending:
        ahead = "; ".join(kept.pending)
        kept.pending.clear()
        with _cursor(session) as cursor:
            cursor.execute(ahead)  # no parameters: psycopg2 sends it as it is


def _with_pending(kept: _Kept, sql: str) -> str:
    """``sql`` (run with parameters) after the statements held for it: one simple-query
    string, which PostgreSQL runs statement by statement in the open transaction; the
    cursor's rows are the last statement's. The held statements are rendered already: their
    ``%`` (a value's "100% Remote") doubled, or psycopg2 would read it as a placeholder of
    ``sql``'s parameters."""
    if not kept.pending:
        return sql
    ahead = "; ".join(kept.pending).replace("%", "%%")
    kept.pending.clear()
    return f"{ahead}; {sql}"


_KEPT = "services.db.dbapi cursor"  # session.info: the transaction's _Kept


def _as_sqlalchemy(kept: _Kept, exc: psycopg2.Error) -> DBAPIError:
    """``exc`` as SQLAlchemy would raise it from its own execution of the statement (an
    OperationalError for psycopg2's, and so on); a disconnect invalidates the connection so
    the pool replaces it."""
    connection = kept.connection
    dialect = connection.dialect
    disconnect = dialect.is_disconnect(exc, connection.connection.dbapi_connection, kept.cursor)
    if disconnect and not connection.invalidated:
        connection.invalidate(exc)
    wrapped: DBAPIError = DBAPIError.instance(
        getattr(kept.cursor, "query", None),
        None,
        exc,
        psycopg2.Error,
        connection_invalidated=disconnect,
        dialect=dialect,
    )
    return wrapped


def fetch_all(session: Session, sql: str, params: Mapping[str, Any] | Sequence[Any]) -> list[Row]:
    """The rows of one statement."""
    with _cursor(session) as cursor:
        cursor.execute(_with_pending(_kept(session), sql), params)
        rows: list[Row] = cursor.fetchall()
    return rows


def execute(session: Session, sql: str, params: Mapping[str, Any] | Sequence[Any]) -> None:
    """One statement without rows."""
    with _cursor(session) as cursor:
        cursor.execute(_with_pending(_kept(session), sql), params)


def in_rows(rows: Sequence[tuple[Any, ...]], *, width: int) -> InRows:
    """The parameter of ``(a, b) IN %(rows)s``: an empty list would be a syntax error, so it is
    one row of NULLs, which matches nothing."""
    return InRows(tuple(rows) if rows else ((None,) * width,))


class InRows:
    """An ``IN`` list of rows as psycopg2 renders a tuple of tuples, ``((1, 'a'), (2, 'b'))``,
    its values adapted in one ``mogrify`` of the connection: psycopg2's own tuple adapter
    (``SQL_IN``) is Python, a few calls per row and value, which at a batch of 200 cost more
    than the statement's other parameters."""

    def __init__(self, rows: tuple[tuple[Any, ...], ...]) -> None:
        self.rows = rows
        self._connection: Any = None

    def __conform__(self, _protocol: object) -> InRows:
        return self

    def prepare(self, connection: Any) -> None:
        self._connection = connection  # its encoding renders the strings

    def getquoted(self) -> bytes:
        template = ", ".join(f"({', '.join(['%s'] * len(row))})" for row in self.rows)
        rendered: bytes = self._connection.cursor().mogrify(
            f"({template})", [value for row in self.rows for value in row]
        )
        return rendered


class RowsInsert:
    """A multi-row INSERT into ``table`` of rows given as dicts with the same keys
    (SQLAlchemy's executemany form), ``suffix`` after it (ON CONFLICT, RETURNING). Columns the
    rows leave out get their model's Python-side default, as SQLAlchemy would insert.

    The rows go as ONE JSON parameter, expanded by the server (``json_populate_recordset``
    into the table's row type, which takes each column's type and length): encoding them in one
    ``json.dumps`` cost about half of rendering a VALUES list value by value with psycopg2, and
    orjson (``json_rows``) a tenth of that. What JSON changes is put back: datetimes go as ISO
    text and UUIDs as text (their columns read them as psycopg2's literals would be read); a
    JSON column's value is nested JSON, stored as its text, and its None (which the expansion
    would make SQL NULL) is JSON null as SQLAlchemy's JSON type binds it."""

    def __init__(self, table: Table, *, suffix: str = "", returning: bool = False) -> None:
        self._table = table
        self._suffix = suffix
        self._returning = returning
        self._statements: dict[tuple[str, ...], _Statement] = {}

    def __call__(self, session: Session, rows: Sequence[Mapping[str, Any]]) -> list[Row]:
        if not rows:
            return []
        statement = self._statement(rows)
        with _cursor(session) as cursor:
            cursor.execute(_with_pending(_kept(session), statement.sql), (statement.json(rows),))
            returned: list[Row] = cursor.fetchall() if self._returning else []
        return returned

    def send_with_next(self, session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
        """The insert held for the next statement's round trip (``send_with_next``); its
        RETURNING rows, if any, are not read."""
        if rows:
            statement = self._statement(rows)
            send_with_next(session, statement.sql, (statement.json(rows),))

    def _statement(self, rows: Sequence[Mapping[str, Any]]) -> _Statement:
        names = tuple(rows[0])
        statement = self._statements.get(names)
        if statement is None:
            statement = self._statements[names] = _Statement.of(self._table, names, self._suffix)
        return statement


@dataclass(frozen=True)
class _Statement:
    sql: str
    # the columns the rows leave out and their defaults, added to each row
    defaults: tuple[tuple[str, Callable[[], Any]], ...]

    @classmethod
    def of(cls, table: Table, names: tuple[str, ...], suffix: str) -> _Statement:
        defaulted = [
            column
            for column in table.columns
            if column.name not in names and _python_default(column) is not None
        ]
        columns = [table.columns[name] for name in names] + defaulted
        selected = ", ".join(
            f"coalesce({c.name}, 'null'::json)" if isinstance(c.type, JSON) else c.name
            for c in columns
        )
        sql = (
            f"INSERT INTO {table.name} ({', '.join(c.name for c in columns)})"
            f" SELECT {selected} FROM json_populate_recordset(NULL::{table.name}, %s) AS given"
            f" {suffix}"
        )
        return cls(sql, tuple((c.name, _python_default(c) or _none) for c in defaulted))

    def json(self, rows: Sequence[Mapping[str, Any]]) -> str:
        """The rows as the statement's JSON parameter, their left-out columns defaulted."""
        if self.defaults:
            rows = [{**row, **{name: make() for name, make in self.defaults}} for row in rows]
        return json_rows(rows)


def json_rows(rows: Sequence[Mapping[str, Any]]) -> str:
    """Rows as one JSON parameter (``RowsInsert``, ``recordset``): datetimes as ISO text
    (``isoformat``'s), UUIDs as text, JSON columns' values nested.

    orjson, not ``json.dumps`` (a tenth of its CPU, most of a batch's JSON share): a JSON
    column's stored text is orjson's (no spaces after separators, non-ASCII as UTF-8, not
    ``\\u`` escapes), the same values as ``json.dumps`` text; nothing reads that text as text
    (the json type has no equality, readers decode it). Keys as ``json.dumps`` takes them (a
    column's name is SQLAlchemy's ``quoted_name``, a str subclass orjson refuses as a key
    without ``OPT_NON_STR_KEYS``). Text, not orjson's bytes: psycopg2 would send bytes as
    bytea."""
    return orjson.dumps(rows, option=orjson.OPT_NON_STR_KEYS).decode()


def recordset(table: Table, names: Sequence[str], *, alias: str, extra: str = "") -> str:
    """``json_to_recordset`` of a ``json_rows`` parameter as ``alias``, its columns ``names``
    of ``table`` typed as ``cast_of`` types them (``extra``: more column definitions)."""
    columns = ", ".join(f"{name} {cast_of(table.columns[name])}" for name in names)
    return f"json_to_recordset(%s) AS {alias}({columns}{', ' + extra if extra else ''})"


def selected(table: Table, name: str, *, alias: str) -> str:
    """A ``recordset`` column as its table column takes it: a JSON column's None (which the
    expansion makes SQL NULL) as JSON null, as SQLAlchemy's JSON type binds it."""
    column = f"{alias}.{name}"
    return (
        f"coalesce({column}, 'null'::json)"
        if isinstance(table.columns[name].type, JSON)
        else column
    )


def _none() -> None:
    return None


def _python_default(column: Column[Any]) -> Callable[[], Any] | None:
    default = column.default
    if not isinstance(default, ColumnDefault):
        return None
    if default.is_callable:
        produce = default.arg  # wrapped by SQLAlchemy to take an execution context
        return lambda: produce(None)
    value = default.arg
    return lambda: value


def cast_of(column: Column[Any]) -> str:
    """The type a ``VALUES`` list's placeholder is cast to for ``column`` (a VALUES list outside
    an INSERT does not take its columns' types), and a ``recordset`` column's type; strings as
    unbounded varchar, so a value too long fails on the column as it would unbounded, instead
    of being cut by the cast."""
    kind = column.type
    if isinstance(kind, JSON):
        return "json"
    if isinstance(kind, String):
        return "varchar"
    if isinstance(kind, DateTime):
        return "timestamptz" if kind.timezone else "timestamp"
    if isinstance(kind, BigInteger):
        return "bigint"
    if isinstance(kind, Integer):
        return "integer"
    if isinstance(kind, Float):
        return "float8"
    if isinstance(kind, Uuid):
        return "uuid"
    raise TypeError(f"no VALUES cast for {column.name}: {kind!r}")


def as_uuid(value: str | uuid.UUID) -> uuid.UUID:
    """A uuid column's value: text, or a UUID where psycopg2's uuid adapter is registered."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(value)
