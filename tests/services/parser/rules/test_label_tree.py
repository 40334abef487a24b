"""The label spellings as a prefix tree match exactly what the longest-first alternation of
them matches, and the table reader's and the signature check's shortcuts are exact."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import labels
from tests.properties import examples

SPELLINGS = sorted(labels._FIELD_OF)
GLUE = [" ", "  ", ": ", " - ", "\t", "|", "*", "**", "•", "1. ", "(C2C)", "#2", "x", "\u017f"]
LONGEST_FIRST = "|".join(re.escape(w) for w in sorted(labels._FIELD_OF, key=len, reverse=True))
# the patterns as they were written before the tree: the same source with the plain alternation
PLAIN = [
    re.compile(p.pattern.replace(labels._ALTERNATION, LONGEST_FIRST), p.flags)
    for p in (labels._LABEL_LINE, labels._INLINE_LABEL)
]

_texts = st.lists(
    st.sampled_from(SPELLINGS).map(lambda w: w.upper() if len(w) % 3 == 0 else w)
    | st.sampled_from(GLUE),
    max_size=12,
).map("".join)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], object]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(_texts)
def test_tree_and_longest_first_alternation_agree(text: str) -> None:
    for tree, plain in zip((labels._LABEL_LINE, labels._INLINE_LABEL), PLAIN, strict=True):
        assert tree.pattern != plain.pattern
        assert _matches(tree, text) == _matches(plain, text)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["job", "title", "Location", "rate", " ", "  ", "\t", "\u00a0", "\u2003", "\n"]
        ),
        max_size=10,
    ).map("".join)
)
def test_a_cell_gap_means_two_spaced_cells_or_more(line: str) -> None:
    cells = len(labels._SPACED_CELL.findall(line))
    assert (labels._CELL_GAP.search(line) is not None) == (cells >= 2)


@settings(max_examples=300, deadline=None)
@given(st.lists(_texts | st.sampled_from(["", " ", "\t", "Dallas, TX", "Regards"]), max_size=6))
def test_has_labels_is_whether_find_labels_finds_any(lines: list[str]) -> None:
    assert labels.has_labels(lines) == bool(labels.find_labels(lines))


LAZY_TAIL = r"(?P<value>.*?)\s*$"  # the value as written before _VALUE_TAIL
LAZY = re.compile(
    labels._LABEL_LINE.pattern.replace(labels._VALUE_TAIL, LAZY_TAIL), labels._LABEL_LINE.flags
)


@settings(max_examples=examples(500), deadline=None)
@given(
    st.lists(
        st.sampled_from(SPELLINGS[:40])
        | st.sampled_from(GLUE + ["Dallas", "TX", ",", "\n", "\u00a0", "\u2003", "\r", "  x"]),
        max_size=12,
    ).map("".join)
)
def test_value_tail_matches_as_the_lazy_tail(line: str) -> None:
    assert LAZY.pattern != labels._LABEL_LINE.pattern
    new, old = labels._LABEL_LINE.match(line), LAZY.match(line)
    assert (new is None) == (old is None)
    if new is not None and old is not None:
        assert new.span() == old.span()
        assert new.groupdict() == old.groupdict()
        assert new.span("value") == old.span("value")
