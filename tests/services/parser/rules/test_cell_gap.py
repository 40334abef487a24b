"""The table header check's and the label value's pre-tests never turn away a text their
regex (``_CELL_GAP``, ``_CELL_SPLIT``) would match."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import labels


def test_the_only_printable_whitespace_is_the_space() -> None:
    # the pre-test's premise: a whitespace character other than " " makes a line unprintable
    spaces = (chr(c) for c in range(sys.maxunicode + 1))
    printable = [c for c in spaces if re.fullmatch(r"\s", c) and c.isprintable()]
    assert printable == [" "]


@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "Title", " ", "  ", "\t", "\xa0", "\u2003", "\r", "|", "x y"])
        | st.text(max_size=4),
        max_size=12,
    )
)
def test_cell_gap_is_the_regex(parts: list[str]) -> None:
    line = "".join(parts)
    assert labels._has_cell_gap(line) == (labels._CELL_GAP.search(line) is not None)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "Dallas", " ", "  ", "\t", "\xa0", "\u2003", "\r", "|", " | "])
        | st.text(max_size=4),
        max_size=12,
    )
)
def test_cell_split_is_the_regex(parts: list[str]) -> None:
    value = "".join(parts)
    assert labels._has_cell_split(value) == (labels._CELL_SPLIT.search(value) is not None)
