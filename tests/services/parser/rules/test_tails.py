"""A pattern's literal tail (tails.py) is found in every text the pattern matches."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import classify
from services.parser.rules.tails import TailFirst, required_tail
from tests.services.parser.rules.corpus_texts import corpus_texts


def _tail(source: str, flags: int = 0) -> str | None:
    found = required_tail(re.compile(source, flags))
    return None if found is None else found.pattern


def test_the_longest_tail_re_finds_by_a_literal() -> None:
    assert _tail(r"\b[a-z][\w-]+\.[ch]\b") == r"\.[ch]\b"
    assert _tail(r"\b[a-z][a-z0-9]*_\w+\s?\(") == r"_\w+\s?\("
    # under IGNORECASE a letter is no literal re scans for: the tail starts at the digit
    assert _tail(r"\bw-?9\b", re.IGNORECASE) == r"9\b"
    assert _tail(r"\b\d+\s*%\s+off\b", re.IGNORECASE) == r"%\s+off\b"
    assert _tail(r"\b(?:a|b)\s*(x)/(y)", re.IGNORECASE) == r"/(y)"  # groups renumbered


def test_no_tail_where_none_is_cheaper_or_none_stands_alone() -> None:
    assert _tail(r"\$\s?\d+/mo") is None  # re skips to "$" already
    assert _tail(r"\bhello\s+world\b", re.IGNORECASE) is None  # cased letters only
    assert _tail(r"(a)\s\1x") is None  # a back reference
    assert _tail(r"(?i)\bw-9") is None  # a global flag must stay at the start
    assert _tail(r"\bab|c\.d") is None  # an alternation is no sequence
    assert _tail(r"[a-z]+") is None


def test_tail_first_answers_as_the_search() -> None:
    pattern = re.compile(r"\b[a-z][\w-]+\.[ch]\b")
    tail = required_tail(pattern)
    assert tail is not None
    search = TailFirst(tail, pattern.search).search
    for text in ("see rebuild.c here", "mail me at a.com", "x.c", "-ab.h", "A.c", "ab.cc"):
        assert (search(text) is None) == (pattern.search(text) is None), text


def _rule_tails() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    parts = [*classify._SUBJECT_ANY.parts, *classify._BODY_ANY.parts]
    tails = [(part.pattern, required_tail(part.pattern)) for part in parts]
    return [(pattern, tail) for pattern, tail in tails if tail is not None]


RULE_TAILS = _rule_tails()
PIECES = sorted({t.pattern for _, t in RULE_TAILS} | {"rebuild.c", "a_b(", "W-9", "5% off"})


def test_the_rules_have_tails() -> None:
    assert len(RULE_TAILS) >= 5


def _check(text: str) -> None:
    for pattern, tail in RULE_TAILS:
        if pattern.search(text):
            assert tail.search(text), (pattern.pattern, text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*PIECES, " ", ".", "c", "9", "-", "%"]) | st.text(max_size=4)))
def test_every_match_holds_its_tail(parts: list[str]) -> None:
    _check("".join(parts))


def test_every_match_holds_its_tail_on_the_corpus() -> None:
    for _, text in corpus_texts():
        _check(text)
