"""Number rules that start with their digit (the check of the character before it moved after
the first digit): the same matches as the patterns as written."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import fields
from services.parser.rules.digitfirst import DIGIT_FIRST
from tests.properties import examples
from tests.services.parser.rules.corpus_texts import corpus_texts

_WORDS = [
    "5", "12", "123", "0", "9m", "6M+", "6 M", "5M+ users", "8+ years", "8 yrs", "10+ years of",
    "experience", "exp", "Java", "of Java", "3-5 years", "3 to 5 yrs", "09/01/2026", "9/1/26",
    " - ", "–", "to", "08/31/2027", "/", ".", "$", ",", "a", "_", "x1", "\u0660\u0661", "\u00b2",
    "\u0130", "\u017f", "\u2003", "\n", " ", "-", "(", "years", "relevant", "hands-on",
]  # fmt: skip


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def test_the_number_rules_start_with_their_digit() -> None:
    assert {
        fields._DATE_RANGE,
        fields._TERSE_MONTHS,
        fields._EXPERIENCE,
        fields._EXPERIENCE_OF,
    } <= (DIGIT_FIRST.keys())
    for pattern in DIGIT_FIRST:
        assert pattern.pattern.startswith("(?P<")


@settings(max_examples=examples(2000), deadline=None)
@given(st.lists(st.sampled_from(_WORDS) | st.text(max_size=3), max_size=24).map("".join))
def test_the_same_matches_as_written(text: str) -> None:
    for pattern, written in DIGIT_FIRST.items():
        assert _matches(pattern, text) == _matches(written, text), written.pattern


def test_the_same_matches_on_the_corpus() -> None:
    for path, text in corpus_texts():
        for pattern, written in DIGIT_FIRST.items():
            assert _matches(pattern, text) == _matches(written, text), path
