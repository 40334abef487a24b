"""Every match of a pattern starts with one of its leading words, so searching only where they
occur answers as ``search`` does (leading.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import classify
from services.parser.rules.gate import fold
from services.parser.rules.leading import leading_words, search_at_words
from tests.properties import examples

PATTERNS = [
    re.compile(source, flags)
    for source, flags in [
        (r"\bshare|send", re.I),
        (r"(?:share|send|let\s+me\s+know)\s+(?:me\s+)?resumes?", re.I),
        (r"please\s+(?:find|see)\b", re.I),
        (r"\b(?:he|she)\s+(?:is|has)\b", re.I),
        (r"(?<!\bi\s)(?:share|send)\s+me", re.I),
        (r"(?i:Apply)\s+OPT", 0),
        (r"OPT\s+(?i:apply)", 0),
        (r"[Rr]esume\s+of", 0),
        (r"\b(?:[Rr]esume|[Pp]rofile|CV)\s+of", 0),
        (r"[Rr](?i:esume)", 0),
        (r"(?:[Ss]k|[Kk]e)(?:ills|lvin)", re.I),
        (r"x(?:y|z)+q", 0),
        (r"(?:ab)+c", re.I),
        (r"(?>ab|ac)d", re.I),
        (r"sk\s*ills", re.I),
        (r"^\s*kelvin", re.I | re.M),
        (r"\bw-?9\b", re.I),
    ]
] + [
    part.pattern for any_of in (classify._SUBJECT_ANY, classify._BODY_ANY) for part in any_of.parts
]
WORDS = ["share", "send", "me", "resume", "Resume", "please", "find", "see", "he", "she", "is",
         "has", "i", "Apply", "OPT", "of", "xyzq", "x", "y", "z", "q", "ab", "ac", "d", "c", "sk",
         "ills", "kelvin", "Kelvin", "Profile", "CV", "lvin", "Sk", "Ke", "w-9", "w9", "have",
         "we"]  # fmt: skip
TRICKY = [" ", "  ", "\n", "\u0130", "\u0131", "\u017f", "\u212a", "\u03a3", "S", "K", "-", ","]


def test_words_of_branches_groups_and_repeats() -> None:
    words = leading_words(re.compile(r"\b(?:share|send)\s+me", re.I))
    assert words == frozenset({("share", True), ("send", True)})
    assert leading_words(re.compile(r"(?i:Apply)\s+OPT")) == frozenset({("apply", True)})
    assert leading_words(re.compile(r"(?:ab)+c")) == frozenset({("ab", False)})
    assert leading_words(re.compile(r"[Rr]esume|CV")) == frozenset(
        {("Resume", False), ("resume", False), ("CV", False)}
    )


@pytest.mark.parametrize(
    "source", [r"(?:ab)?c", r"ab|", r"[a-c]d", r"[^a]c", r"\s*x", r".x", r"\u0130x"]
)
def test_no_words_when_a_match_may_start_otherwise(source: str) -> None:
    flags = re.I if source == r"\u0130x" else 0
    assert leading_words(re.compile(source, flags)) is None


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from(WORDS + TRICKY) | st.text(max_size=3), max_size=25).map("".join))
def test_search_at_words_is_search(text: str) -> None:
    folded = fold(text)
    for pattern in PATTERNS:
        words = leading_words(pattern)
        if words is None:
            continue
        for match in pattern.finditer(text):  # the premise, match by match
            assert any(
                (folded if ignore_case else text).startswith(word, match.start())
                for word, ignore_case in words
            ), (pattern.pattern, text)
        found = search_at_words(pattern, words, text, folded)
        assert found == (pattern.search(text) is not None), (pattern.pattern, text)
