"""The table reader asks only lines with a pipe or a wide gap whether they are a header, and
finds the rows the line-by-line reading finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import labels
from services.parser.rules.labels import LabelHit
from tests.properties import examples
from tests.services.parser.rules.corpus_texts import corpus_texts


def _long_way(lines: list[str]) -> list[list[LabelHit]]:
    """find_table_rows as it read every line, asking each whether it is a header."""
    rows: list[list[LabelHit]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        gap = labels._CELL_GAP.search(line) is not None
        header = labels._header_columns(line) if "|" in line or gap else None
        if header is None:
            i += 1
            continue
        i += 1
        while i < len(lines) and lines[i].strip():
            cells = labels._cells(lines[i], header)
            if sum(1 for _, c in cells if c) >= 2:
                rows.append(
                    [
                        LabelHit(labels._FIELD_OF[label], label, cell, i, "", s, s + len(cell))
                        for (label, _), (s, cell) in zip(header, cells, strict=True)
                        if cell and label in labels._FIELD_OF
                    ]
                )
            i += 1
    return rows


_CELLS = ["Title", "Role", "Location", "Rate", "Duration", "S.No", "Notes", "Java Developer",
          "Dallas, TX", "$60/hr", "12 months", "1", "x"]  # fmt: skip
_GAPS = [" ", "  ", "   ", "\t", " | ", "|", "\u2003", "\xa0 "]
_LINES = st.lists(st.sampled_from(_CELLS + _GAPS), max_size=9).map("".join) | st.sampled_from(
    ["", "   ", "Title  Location  Rate", "| Role | Location | Duration |"]
)


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(_LINES, max_size=10))
def test_table_rows_are_those_of_the_line_by_line_reading(lines: list[str]) -> None:
    assert labels.find_table_rows(lines) == _long_way(lines)


def test_table_rows_of_every_corpus_mail() -> None:
    for path, text in corpus_texts():
        lines = text.split("\n")
        assert labels.find_table_rows(lines) == _long_way(lines), path
