"""Hyperscan as a prefilter (prefilter.py): every pattern that matches an ASCII text is among
the candidates its scan names, whatever Hyperscan's own reading of ``\\w``, ``\\s`` or case."""

from __future__ import annotations

import importlib.util
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import classify, prefilter
from services.parser.rules.anyof import AnyOf
from services.parser.rules.gate import Folded, PieceIndex
from services.parser.rules.prefilter import Prefilter, hyperscan_source
from tests.services.parser.rules.corpus_texts import corpus_texts
from tests.services.parser.rules.test_anyof import BODY, SUBJECT, TRICKY, WORDS

needs_hyperscan = pytest.mark.skipif(
    importlib.util.find_spec("hyperscan") is None, reason="hyperscan is not installed"
)
PARTS = [part.pattern for part in (*classify._SUBJECT_ANY.parts, *classify._BODY_ANY.parts)]
ASCII_TEXTS = st.lists(
    st.sampled_from([*WORDS, *TRICKY]).filter(str.isascii)
    | st.text(st.characters(max_codepoint=127), max_size=4),
    max_size=40,
).map(" ".join)


def _rewritten(pattern: str, flags: int = 0) -> re.Pattern[str] | None:
    """The rewrite, which is Python syntax too, as a Python pattern."""
    source = hyperscan_source(re.compile(pattern, flags))
    return None if source is None else re.compile(source)


def test_one_character_items_are_the_ascii_characters_re_matches() -> None:
    """Case folding as re folds ("ſ" is "s", the Kelvin sign "k"), its \\s (with \\x1c-\\x1f)."""
    long_s = _rewritten("\u017fkill", re.IGNORECASE)
    assert long_s is not None and long_s.fullmatch("SKILL") and long_s.fullmatch("skill")
    kelvin = _rewritten("\u212a", re.IGNORECASE)
    assert kelvin is not None and kelvin.fullmatch("k") and kelvin.fullmatch("K")
    space = _rewritten(r"\s")
    assert space is not None and [c for c in map(chr, range(128)) if space.fullmatch(c)] == [
        c for c in map(chr, range(128)) if c.isspace()
    ]
    assert _rewritten("caf\u00e9") is None  # no ASCII text holds it
    assert _rewritten("caf\u00e9|cafe") is not None


def test_assertions_are_dropped_or_kept_as_ascii_reads_them() -> None:
    """Look-arounds, ends and back references only widen; \\b and a text's start stay."""
    assert hyperscan_source(re.compile(r"(?<!x)a(?=b)c$")) == r"\x61\x63"
    assert hyperscan_source(re.compile(r"^\bab\B")) == r"^\b\x61\x62\B"
    assert hyperscan_source(re.compile(r"(?m)^a")) == r"\x61"
    assert hyperscan_source(re.compile(r"(a)\1")) == r"(?:\x61)[\x00-\x7f]*"


@settings(max_examples=300, deadline=None)
@given(ASCII_TEXTS)
def test_a_rewrite_matches_wherever_its_pattern_does(text: str) -> None:
    for pattern in PARTS:
        if pattern.search(text):
            rewritten = _rewritten(pattern.pattern, pattern.flags)
            assert rewritten is not None and rewritten.search(text), pattern.pattern


def _check_candidates(filter_: Prefilter, patterns: list[re.Pattern[str]], text: str) -> None:
    candidates = filter_.candidates(text)
    if not text.isascii():
        assert candidates is None
        return
    assert candidates is not None and candidates == sorted(candidates)
    matching = {i for i, pattern in enumerate(patterns) if pattern.search(text)}
    assert matching <= set(candidates), text


@needs_hyperscan
@settings(max_examples=300, deadline=None)
@given(ASCII_TEXTS)
def test_candidates_hold_every_matching_pattern(text: str) -> None:
    _check_candidates(
        classify._BODY_ANY._prefilter, [part.pattern for part in classify._BODY_ANY.parts], text
    )


@needs_hyperscan
def test_candidates_hold_every_matching_pattern_on_the_corpus() -> None:
    patterns = [part.pattern for part in classify._BODY_ANY.parts]
    for _, text in corpus_texts():
        _check_candidates(classify._BODY_ANY._prefilter, patterns, text)


@needs_hyperscan
def test_a_pattern_hyperscan_refuses_is_a_candidate_for_every_text() -> None:
    refused = re.compile(r"x?")  # matches an empty text: Hyperscan will not compile it
    filter_ = Prefilter([re.compile("abc"), refused, re.compile("\u00e9")])
    assert filter_.candidates("zzz") == [1]
    assert filter_.candidates("an abc") == [0, 1]
    assert filter_.candidates("caf\u00e9") is None


def test_without_hyperscan_the_rules_are_asked_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(prefilter, "_hyperscan", lambda: None)
    for any_of, patterns in ((AnyOf(SUBJECT), SUBJECT), (AnyOf(BODY), BODY)):
        index = PieceIndex(any_of.parts)
        any_of.index_with(index)
        assert not any_of._prefilter.available
        for text in ("Please share resumes for the Java role", "Hotlist of consultants", ""):
            expected = [i for i, pattern in enumerate(patterns) if pattern.search(text)]
            assert any_of.matching(Folded(text, index)) == expected


@needs_hyperscan
def test_warm_compiles_the_database_before_any_text() -> None:
    filter_ = Prefilter([re.compile("abc")])
    filter_.warm()
    assert filter_._database is not None
    assert filter_.candidates("abc") == [0]
