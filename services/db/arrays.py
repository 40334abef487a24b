"""Sets of rows passed as one array parameter per column.

``unnest(:a, :b) AS name(x, y)`` in a statement built once stands for any number of rows: the
statement's text never changes, so SQLAlchemy compiles it once and nothing is built per call
(an IN list of tuples or a VALUES list is a new statement, and a new cache key, every time)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, func
from sqlalchemy.dialects.postgresql import ARRAY


def unnest_table(name: str, **columns: tuple[str, ARRAY[Any]]) -> Any:
    """A derived table ``name`` with a column per keyword, each read from the array parameter
    named in its (parameter, array type) pair."""
    return (
        func.unnest(*(bindparam(param, type_=kind) for param, kind in columns.values()))
        .table_valued(*columns)
        .render_derived(name=name)
    )
