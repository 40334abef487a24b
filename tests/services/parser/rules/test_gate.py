"""Gated regex searches give exactly the pattern's answer; the gate only saves work."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import category_rules, classify, job_calls
from services.parser.rules.gate import (
    _ASCII_FOLDS,
    Folded,
    GatedPattern,
    GatedRules,
    PieceIndex,
    all_clauses,
    fold,
    required_clauses,
)
from tests.services.parser.rules.corpus_texts import corpus_texts

RULES = [rule[1] for rule in (*category_rules.SUBJECT_RULES, *category_rules.BODY_RULES)]
PATTERNS = [*RULES, job_calls.ASKS_FOR_CANDIDATES, job_calls.INVITES_REQUIREMENT]
PATTERNS.append(GatedPattern.of(classify._APPLY))
# Words the rules look for, and the characters re.IGNORECASE folds onto ASCII letters.
WORDS = sorted({piece for gated in PATTERNS for clause in gated.clauses for piece, _ in clause})
TRICKY = ["\u0130", "\u0131", "\u017f", "\u212a", "\u03c2", "\u00df", "\n", " ", "  ", ",", "$"]


def test_clauses_name_the_words_a_match_needs() -> None:
    pattern = re.compile(r"\b(?:share|send)\s+(?:me\s+)?resumes?\b", re.IGNORECASE)
    assert required_clauses(pattern) == (
        frozenset({("resume", True)}),
        frozenset({("share", True), ("send", True)}),
    )


def test_optional_parts_and_classes_give_no_clause() -> None:
    assert required_clauses(re.compile(r"(?:hot)?\s*[a-z]+x?")) == ()
    assert required_clauses(re.compile(r"ab|")) == ()  # an empty alternative matches anything


def test_case_sensitive_parts_stay_case_sensitive() -> None:
    gated = GatedPattern.of(re.compile(r"(?i:apply)\s+\bOPT\b"))
    assert gated.clauses == (frozenset({("apply", True)}), frozenset({("OPT", False)}))
    assert gated.search(Folded("APPLY OPT")) is not None
    assert gated.search(Folded("apply opt")) is None


def test_a_few_characters_of_a_class_and_caseless_ones_are_pieces() -> None:
    """ "[$€£]" needs one of its characters; "€" has no case, so re.IGNORECASE matches it alone
    and lower() keeps it. A letter outside ASCII does fold (σ/ς): no piece."""
    money = re.compile(r"[$€£]\s?\d{3}|\d{3}\s*(?:€|euros?)", re.IGNORECASE)
    assert all_clauses(money) == (
        frozenset({("$", True), ("€", True), ("£", True), ("euro", True)}),
    )
    assert all_clauses(re.compile(r"[σé]y", re.IGNORECASE)) == (frozenset({("y", True)}),)


CASELESS = [re.compile(p, re.IGNORECASE) for p in (r"[$€£]\s?\d", r"€uro|σx", r"•\s*\w", r"[é€]y")]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["€", "£", "$", "•", "σ", "ς", "Σ", "é", "É", "1", "x", "y"])
        | st.text(max_size=2),
        max_size=12,
    ).map("".join)
)
def test_caseless_pieces_gate_exactly(text: str) -> None:
    for pattern in CASELESS:
        gated = GatedPattern.of(pattern)
        clauses = all_clauses(pattern)
        assert bool(gated.search(Folded(text))) == bool(pattern.search(text))
        if pattern.search(text):
            assert Folded(text).satisfies(clauses), (pattern.pattern, text)


@pytest.mark.parametrize("text", ["\u0130nterview", "ıntervıew", "Kubernetes ſkills", "KUBERNETES"])
def test_ignorecase_folds_of_non_ascii_letters_are_kept(text: str) -> None:
    for word in ("interview", "kubernetes skills", "kubernetes"):
        pattern = re.compile(re.escape(word), re.IGNORECASE)
        gated = GatedPattern.of(pattern)
        assert bool(gated.search(Folded(text))) == bool(pattern.search(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS + TRICKY) | st.text(max_size=4), max_size=40))
def test_gated_search_equals_plain_search(parts: list[str]) -> None:
    text = " ".join(parts)
    folded = Folded(text)
    for gated in PATTERNS:
        assert bool(gated.search(folded)) == bool(gated.pattern.search(text))
        assert gated.findall(folded) == gated.pattern.findall(text)


def test_gated_search_equals_plain_search_on_the_corpus() -> None:
    for path, text in corpus_texts():
        folded = Folded(text)
        for gated in PATTERNS:
            assert bool(gated.search(folded)) == bool(gated.pattern.search(text)), path


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS + TRICKY) | st.text(max_size=4), max_size=40))
def test_piece_index_finds_exactly_the_pieces_in_the_text(parts: list[str]) -> None:
    text = Folded(" ".join(parts))
    indexed = Folded(text.text, classify._PIECES)
    assert classify._PIECES.pieces
    for piece in classify._PIECES.pieces:
        assert indexed.contains(piece) == text.contains(piece), piece


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS + TRICKY) | st.text(max_size=4), max_size=40))
def test_gated_rules_name_exactly_the_rules_a_text_may_match(parts: list[str]) -> None:
    text = Folded(" ".join(parts), classify._PIECES)
    plain = Folded(text.text)
    for any_of in (classify._SUBJECT_ANY, classify._BODY_ANY):
        expected = [i for i, gated in enumerate(any_of.parts) if gated.may_match(plain)]
        assert any_of._possible(text) == expected


def test_gated_rules_need_every_piece_in_the_index() -> None:
    gated = GatedPattern.of(re.compile(r"hotlist"))
    with pytest.raises(ValueError, match="missing"):
        GatedRules([gated], PieceIndex([GatedPattern.of(re.compile(r"bench"))]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["java", "spring", "boot", "kafka", "sql", "x", " "]), max_size=8))
def test_gated_rules_ask_every_clause_of_a_pattern(parts: list[str]) -> None:
    # required_clauses gives two at most; a pattern built with more is asked all of them
    clauses = tuple(frozenset({(word, True)}) for word in ("java", "spring", "boot"))
    patterns = [
        GatedPattern(re.compile("java"), clauses, re.compile("java")),
        GatedPattern(re.compile("kafka"), clauses[:1], re.compile("kafka")),
        GatedPattern(re.compile("sql|x"), (), re.compile("sql|x")),
        GatedPattern(re.compile("boot"), clauses[1:], re.compile("boot")),
    ]
    index = PieceIndex(patterns)
    text = Folded(" ".join(parts), index)
    expected = [i for i, gated in enumerate(patterns) if gated.may_match(Folded(text.text))]
    assert GatedRules(patterns, index).possible(text) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(TRICKY + ["•", "–", "é", "A", "b"]) | st.text(max_size=3), max_size=12)
)
def test_fold_translates_only_texts_that_need_it(parts: list[str]) -> None:
    text = "".join(parts)
    assert fold(text) == text.translate(_ASCII_FOLDS).lower()
    for char in map(chr, _ASCII_FOLDS):  # the characters fold looks for are the table's
        assert fold(f"•{char}") == f"•{char}".translate(_ASCII_FOLDS).lower()
