"""CSV cells a spreadsheet shows as text, never runs as a formula."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.domain.spreadsheet_cells import safe_cell, safe_row


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_a_cell_that_would_be_a_formula_is_prefixed_with_a_quote(value: str) -> None:
    assert safe_cell(value) == "'" + value


def test_other_values_are_written_as_they_read() -> None:
    assert safe_row(
        [None, "Java, Spring", 65.0, 72.5, 3, ["java", "kafka"], datetime(2026, 12, 1, tzinfo=UTC)]
    ) == ["", "Java, Spring", "65", "72.5", "3", "java; kafka", "2026-12-01T00:00:00+00:00"]
    assert safe_cell(["=cmd", "java"]) == "'=cmd; java"
