"""The experience rules skip a text without "yr" or "year" (any case): every rule but the bare
"Exp: 10+" needs its unit ``years?|yrs?``, so the skip changes no result."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import fields
from services.parser.rules.gate import fold

_PIECES = ["years", "Yrs", "YEAR", "yr", "y r", "ye ar", "experience", "exp: ", "Experience: ",
           "minimum ", "at least ", "with a degree", " of Java", "Java: ", "Python (", "  ",
           "\n", "5", "10+", "3-5 ", "12", "(", ")", ",", ";", ".", "+", "-", "ſ", "K", "İ", "ı",
           "Ｙ", "y", "e", "a", "r", "s", " months", "Duration", "contract"]  # fmt: skip
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=14).map("".join)


def test_only_ascii_letters_match_the_units_letters() -> None:
    """Under IGNORECASE, "y", "e", "a" and "r" match only themselves and their capitals, and
    ``str.lower`` maps those to the letter: a unit in the text is "yr" or "year" lowercased."""
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    for letter in "year":
        matched = set(re.compile(letter, re.IGNORECASE).findall(every))
        assert matched == {letter, letter.upper()}
        assert {c.lower() for c in matched} == {letter}


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.booleans())
def test_the_prefilter_keeps_the_years(text: str, labelled: bool) -> None:
    assert fields._experience_years(text, labelled=labelled) == fields._read_experience_years(
        text, labelled=labelled
    )


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_a_text_the_prefilter_skips_has_no_years_of(text: str) -> None:
    if not fields._says_years(text):
        assert fields._read_experience_of(text) == ()


def test_texts_with_years_are_read() -> None:
    assert fields.experience_years("Java: 8+ YRS", labelled=False) == 8
    assert fields.experience_years("10+", labelled=True) == 10
    assert fields.experience_years("10+", labelled=False) is None


_RULE_PIECES = [*_PIECES, "Degree", "DEGREE", "degrees", "Exp", "EXP", "eXperience", "Min ",
                "mİn ", "MIN. ", "minimum of ", "At  Least ", "at leaſt ", "lea", "st",
                "bachelor's ", "4-year ", "plus ", "and ", "with "]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_RULE_PIECES), max_size=16).map("".join))
def test_a_rule_matches_only_texts_holding_its_words(text: str) -> None:
    """_read_experience_years runs a rule only on a text whose fold() holds one of its words."""
    folded = fold(text)
    for rule, words in fields.WORDS_OF_RULES:
        assert rule.search(text) is None or any(word in folded for word in words), rule.pattern


def test_only_the_folded_letters_match_the_rules_words() -> None:
    """Under IGNORECASE each letter of the words matches only characters fold() turns into it."""
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    letters = {letter for _, words in fields.WORDS_OF_RULES for word in words for letter in word}
    for letter in letters:
        matched = set(re.compile(letter, re.IGNORECASE).findall(every))
        assert {fold(c) for c in matched} == {letter}, letter
