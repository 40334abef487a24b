"""The skill vocabulary as a prefix tree matches exactly what the plain longest-first
alternation of its words matches."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import skills
from services.parser.rules.wordtree import alternation

ALIASES = sorted({*skills._INSENSITIVE_MAP, *skills._CASE_SENSITIVE})
GLUE = [" ", ", ", "/", ".", ".js", "+", "#", "-", "\n", "(", ")", "s", "1", "\u0131", "\u017f"]


def _longest_first(words: list[str], flags: int) -> re.Pattern[str]:
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(skills._EDGE_LEFT + "(" + alternation + ")" + skills._EDGE_RIGHT, flags)


PLAIN = [
    (skills._INSENSITIVE, _longest_first(list(skills._INSENSITIVE_MAP), re.IGNORECASE)),
    (skills._SENSITIVE, _longest_first(list(skills._CASE_SENSITIVE), 0)),
]


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), m.group(1)) for m in pattern.finditer(text)]


def test_the_tree_shares_prefixes() -> None:
    assert alternation(["java", "java ee", "javascript"]) == (r"java(?:(?:\ ee|script))?")


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(ALIASES).map(lambda w: w.upper() if len(w) % 3 == 0 else w)
        | st.sampled_from(GLUE),
        max_size=30,
    )
)
def test_tree_and_longest_first_alternation_agree(parts: list[str]) -> None:
    text = "".join(parts)
    for tree, plain in PLAIN:
        assert _matches(tree, text) == _matches(plain, text)
