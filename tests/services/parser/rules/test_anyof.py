"""Rules searched alternative by alternative (anyof.py) match exactly the texts the whole
rules match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import category_rules, classify
from services.parser.rules.anyof import AnyOf, top_level_alternatives
from services.parser.rules.gate import Folded, PieceIndex
from tests.services.parser.rules.corpus_texts import corpus_texts

SUBJECT = [*(rule[1].pattern for rule in category_rules.SUBJECT_RULES), *classify._SUBJECT_ASKS]
BODY = [
    *(rule[1].pattern for rule in category_rules.BODY_RULES),
    *(call.pattern for call in classify._CALLS),
    classify._APPLY,
]
# the words the alternatives look for, and characters re.IGNORECASE folds onto ASCII letters
WORDS = sorted(
    {
        piece
        for any_of in (classify._SUBJECT_ANY, classify._BODY_ANY)
        for part in any_of.parts
        for clause in part.clauses
        for piece, _ in clause
    }
)
TRICKY = ["\u0130", "\u0131", "\u017f", "\u212a", "\n", " ", "  ", ",", "$", "I", "we", "9", "-"]
# runs of CJK characters, which a rule of the kind no piece gates looks for (prechecks.py)
CJK = ["\u3042" * 6, "\u4e00\u30ff" * 3, "\u3042" * 12]


def _sources(pattern: str) -> list[str]:
    return [p.pattern for p in top_level_alternatives(re.compile(pattern))]


def test_split_at_top_level_bars_only() -> None:
    assert _sources(r"a|(b|c)|[|]|\||x(?:y|z)") == ["a", "(b|c)", "[|]", r"\|", "x(?:y|z)"]
    assert _sources(r"[]|]x|[^]|]y|z") == ["[]|]x", "[^]|]y", "z"]
    assert _sources(r"(a)|\1") == [r"(a)|\1"]  # a back reference cannot stand alone
    assert _sources(r"abc") == ["abc"]


def test_a_group_of_alternatives_is_split_too() -> None:
    """ "\\b(?:a|b)\\b" is "\\ba\\b|\\bb\\b": each alternative gated on its own words."""
    assert _sources(r"\b(?:nota\s+fiscal|cher\s+client)\b|x") == [
        r"\bnota\s+fiscal\b",
        r"\bcher\s+client\b",
        "x",
    ]
    assert _sources(r"\b(?:a|b)s") == [r"\b(?:a|b)s"]  # the group is not the whole
    assert _sources(r"(?:a)\b(?:b|c)") == [r"(?:a)\b(?:b|c)"]
    assert _sources(r"(?:a|[)|]x)") == ["a", "[)|]x"]


def test_ungated_alternatives_are_searched_together() -> None:
    """Alternatives without pieces ("x\\d") are searched as one; one with a short piece only
    ("9") is gated by it."""
    rules = AnyOf([re.compile(r"\bw-?9\b|\binvoice\b|\bcoi\b|x\d|y\d", re.IGNORECASE)])
    parts = [p.pattern.pattern for p in rules.parts]
    assert parts == [r"x\d|y\d", r"\bw-?9\b", r"\binvoice\b", r"\bcoi\b"]
    rules.index_with(PieceIndex(rules.parts))
    assert rules.matching(Folded("the W-9 form", PieceIndex(rules.parts))) == [0]


def _expected(patterns: list[re.Pattern[str]], text: str) -> list[int]:
    return [i for i, pattern in enumerate(patterns) if pattern.search(text)]


def _check(text: str) -> None:
    for any_of, patterns in ((classify._SUBJECT_ANY, SUBJECT), (classify._BODY_ANY, BODY)):
        assert any_of.matching(Folded(text, classify._PIECES)) == _expected(patterns, text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS + TRICKY + CJK) | st.text(max_size=4), max_size=40))
def test_matching_equals_the_whole_rules(parts: list[str]) -> None:
    _check(" ".join(parts))


def test_matching_equals_the_whole_rules_on_the_corpus() -> None:
    for _, text in corpus_texts():
        _check(text)


def test_a_part_few_characters_start_skips_to_them() -> None:
    """A part without leading words that "$" or a digit starts is searched with re's skip
    (skipping.py); one that any letter starts keeps its guard. The answers are the same."""
    rules = AnyOf([re.compile(r"\d\s?\d{3}|\b[a-z]\d{3}\b", re.IGNORECASE)])
    rules.index_with(PieceIndex(rules.parts))
    assert len(rules.parts) == 1 and rules._skipping == {}  # letters start it: no skip
    narrow = AnyOf([re.compile(r"[$€]\s?\d{3}|\b\d{5}\b")])  # "[$€]" gates the first
    narrow.index_with(PieceIndex(narrow.parts))
    assert [p.pattern.pattern for p in narrow.parts] == [r"\b\d{5}\b", r"[$€]\s?\d{3}"]
    assert set(narrow._skipping) == {0, 1}
    for text, expected in (("pay $ 120", [0]), ("zip 75001", [0]), ("none here", []), ("€12", [])):
        assert narrow.matching(Folded(text, PieceIndex(narrow.parts))) == expected, text


def test_a_part_with_a_literal_prefix_is_searched_as_written() -> None:
    """re skips to a literal prefix ("$", "|") itself, faster than a finder that stops at every
    non-ASCII character too: such a part gets no skipping scan and no leading words, and
    answers the same."""
    rules = AnyOf([re.compile(r"\$\s?\d+\s*/\s*mo\b|\b\d{5}\b", re.IGNORECASE)])
    rules.index_with(PieceIndex(rules.parts))
    literal = [i for i, p in enumerate(rules.parts) if p.pattern.pattern.startswith("\\$")]
    assert literal and not set(literal) & set(rules._skipping)
    assert all(rules._leading[i] is None for i in literal)
    for text, expected in (("$12/mo", [0]), ("ž $ 5 / mo", [0]), ("$12/hr", []), ("75001", [0])):
        assert rules.matching(Folded(text, PieceIndex(rules.parts))) == expected, text


def test_matching_reads_the_scans_made_ahead_and_matches_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [text for _, text in corpus_texts()[:40]] + ["W2 only, no C2C", "Pérez: W2 only"]
    folded = [Folded(text, classify._PIECES) for text in texts]
    any_of = classify._BODY_ANY
    expected = [any_of.matching(text) for text in folded]
    scan = any_of._prefilter.candidates
    asked: list[str] = []

    def counted(text: str) -> list[int] | None:
        asked.append(text)
        return scan(text)

    any_of.scan_ahead(texts)
    monkeypatch.setattr(any_of._prefilter, "candidates", counted)
    try:
        assert [any_of.matching(text) for text in folded] == expected
        # asked again: only a text the scan ahead left (non-ASCII, or no Hyperscan)
        assert asked == [text for text in texts if scan(text) is None]
    finally:
        any_of.forget_scans()
    any_of.matching(folded[0])
    assert asked[-1] == texts[0]  # forgotten: scanned again
