"""The Alembic migrations build exactly the schema the models declare."""

from __future__ import annotations

import pytest

from services.db.migrate import check

pytestmark = pytest.mark.postgres


def test_migrations_match_models(prepared: tuple[str, str]) -> None:
    check(prepared[1])
