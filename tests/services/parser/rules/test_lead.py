"""First-character guards give exactly the pattern's matches; they only skip positions sooner."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import (
    category_rules,
    classify,
    clients,
    fields,
    job_calls,
    jobs,
    labels,
    locations,
    skills,
    titles,
    tokens,
)
from services.parser.rules.lead import as_written, guarded
from tests.services.parser.rules.corpus_texts import corpus_texts

_MODULES = (classify, clients, fields, job_calls, jobs, labels, locations, skills, titles, tokens)
# every guarded pattern of the rules: module constants and the classifier's gated rules
GUARDED = [
    p
    for p in (
        *(v for m in _MODULES for v in vars(m).values() if isinstance(v, re.Pattern)),
        *(rule[1].runs for rule in (*category_rules.SUBJECT_RULES, *category_rules.BODY_RULES)),
        job_calls.ASKS_FOR_CANDIDATES.runs,
        job_calls.INVITES_REQUIREMENT.runs,
    )
    if as_written(p) is not p
]
WORDS = ["up to $60/hr", "H-1B", "GC-EAD", "C2C", "W2", "1099", "Dallas, TX", "Remote",
         "6+ months", "8 years of Java", "Job ID: JR123", "Developer", "hybrid 3 days onsite",
         "Client: Acme"]  # fmt: skip
TRICKY = ["\u0130", "\u0131", "\u017f", "\u212a", "\u2003", "\n", " ", "  ", ",", "$", "(", "-"]


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups(), m.lastgroup) for m in pattern.finditer(text)]


def test_the_hot_patterns_are_guarded() -> None:
    assert len(GUARDED) > 40
    assert fields._RATE in GUARDED and tokens._VISA in GUARDED


def test_a_guard_names_the_first_characters() -> None:
    pattern = guarded(re.compile(r"\b(?:W-?2|C2C)\b|(?i:\bfull)|\d+", re.MULTILINE))
    assert pattern.pattern == r"(?=(?-i:[CW\d])|(?i:[f]))(?:\b(?:W-?2|C2C)\b|(?i:\bfull)|\d+)"
    assert pattern.flags == re.compile("", re.MULTILINE).flags


def test_a_guard_skips_a_leading_optional_run_before_the_first_characters() -> None:
    """ "\\s*" before an amount: a space starts a match only when an amount follows the run."""
    pattern = guarded(re.compile(r"(?:max\s*)?\s*\$\d+", re.IGNORECASE))
    assert pattern.pattern == r"(?=(?i:[m])|(?i:[\s])*(?i:[\$]))(?:(?:max\s*)?\s*\$\d+)"
    assert [m.span() for m in pattern.finditer("up to  $60, max $70 or  60")] == [(5, 10), (12, 19)]


@pytest.mark.parametrize(
    "source", [r"^\s*x", r"\Ax", "abc", r".x", r"a?", r"[^a]b", r"(?:a|)", "(?i)abc"]
)
def test_no_guard_where_none_helps_or_none_can_be_told(source: str) -> None:
    pattern = re.compile(source)
    assert guarded(pattern) is pattern


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS + TRICKY) | st.text(max_size=4), max_size=30))
def test_guarded_matches_equal_the_written_patterns(parts: list[str]) -> None:
    text = " ".join(parts)
    for pattern in GUARDED:
        assert _matches(pattern, text) == _matches(as_written(pattern), text), pattern.pattern


def test_guarded_matches_equal_the_written_patterns_on_the_corpus() -> None:
    for path, text in corpus_texts():
        for pattern in GUARDED:
            assert _matches(pattern, text) == _matches(as_written(pattern), text), path
