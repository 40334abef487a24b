"""A rule's first match found from the run before its first unit (beforeunit.py): the same
match as the rule's own search, for a toy rule and for the experience scans' any-of
(fields._FIRST_EXPERIENCE), whose promise is checked on random texts of its words and the corpus."""

from __future__ import annotations

import re
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import fields
from services.parser.rules.beforeunit import BeforeUnit
from services.parser.rules.skipping import Skipping
from tests.properties import examples
from tests.services.parser.rules.corpus_texts import corpus_texts

_KILOS = BeforeUnit(
    Skipping(re.compile(r"(?:about\s+)?\d+\s*kg", re.IGNORECASE)),
    re.compile("kg", re.IGNORECASE),
    string.digits + string.whitespace + "abotu",
)
_EXPERIENCE_RULES = (fields._EXPERIENCE, fields._EXPERIENCE_LOOSE)
_WORDS = [
    "8+ years", "5 yrs", "5-7 yrs", "3 to 5 Years", "10 – 12 YEARS", "(5) years", "5) years",
    "minimum of 10 years", "Min. 8 yrs", "at least 5 years", "at  least\u00a05 yrs",
    "over 10 years",
    "at lea\u017ft 5 years", "\u0130n 5 years", "years", "yearly", "yr", "Exp", "experience",
    "of Java", "of", "Experience: ", "Total", "\u2013", "\u00a0", "\u2003", "\n", " ", "  ", "+",
    "-", ",", ":", ".", "(", ")", "7", "12", "x", "y",
]  # fmt: skip


def _span(match: re.Match[str] | None) -> tuple[int, int] | None:
    return None if match is None else match.span()


def test_the_first_match_is_the_rules() -> None:
    texts = ["", "12 boxes", "about 12 kg", "weighs about  7kg, 9 kg", "kg 5 kg", "x:about 3 kg"]
    for text in texts:
        assert _span(_KILOS.search(text)) == _span(_KILOS._rule.search(text)), text
    assert _span(_KILOS.search("it weighs about 12 kg")) == (10, 21)


def test_a_non_ascii_character_before_the_unit_reads_the_whole_text() -> None:
    # "ſ" folds to "s": "at leaſt" is the loose rule's "at least", outside the opening characters
    text = "Need at lea\u017ft 5 years here"
    assert _span(fields._FIRST_EXPERIENCE.search(text)) == (5, 21)


def test_no_opening_character_starts_a_unit() -> None:
    assert not any(fields.YEARS_UNIT.match(c + "ear") for c in fields.YEARS_OPENING)


def _keeps_the_promise(text: str) -> None:
    """Each experience rule's match opens with opening (or non-ASCII) characters up to its
    unit, and the any-of's first match is found from the run before the first unit."""
    for rule in _EXPERIENCE_RULES:
        for match in rule.finditer(text):
            unit = fields.YEARS_UNIT.search(text, match.start())
            assert unit is not None and unit.start() < match.end(), text
            opening = text[match.start() : unit.start()]
            assert all(c in fields.YEARS_OPENING or not c.isascii() for c in opening), text
    found = fields._FIRST_EXPERIENCE.search(text)
    assert _span(found) == _span(fields._ANY_EXPERIENCE.search(text)), text


@settings(max_examples=examples(1500), deadline=None)
@given(st.lists(st.sampled_from(_WORDS) | st.text(max_size=3), max_size=24).map("".join))
def test_the_promise_on_random_texts(text: str) -> None:
    _keeps_the_promise(text)


def test_the_promise_on_the_corpus() -> None:
    for _path, text in corpus_texts():
        _keeps_the_promise(text)
