"""The table header check's and the label value's pre-tests never turn away a text their
regex (``_CELL_GAP``, ``_CELL_SPLIT``) would match."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import labels
from tests.properties import examples


def test_the_only_printable_whitespace_is_the_space() -> None:
    # the pre-test's premise: a whitespace character other than " " makes a line unprintable
    spaces = (chr(c) for c in range(sys.maxunicode + 1))
    printable = [c for c in spaces if re.fullmatch(r"\s", c) and c.isprintable()]
    assert printable == [" "]


@settings(max_examples=examples(600), deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "Title", " ", "  ", "\t", "\xa0", "\u2003", "\r", "|", " | "])
        | st.text(max_size=4),
        max_size=12,
    )
)
def test_pre_tests_are_the_regexes(parts: list[str]) -> None:
    text = "".join(parts)
    # the pre-test never turns away a line the regex matches
    assert labels._maybe_header_lines([text]) or labels._CELL_GAP.search(text) is None
    assert labels._has_cell_split(text) == (labels._CELL_SPLIT.search(text) is not None)
