"""Patterns searched with re's skip to their first characters (skipping.py): the same match
objects as the patterns' own search and finditer, on random texts of their words and the corpus."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import evidence, fields, tokens
from services.parser.rules.skipping import Skipping, SkippingBefore, finder
from tests.properties import examples
from tests.services.parser.rules.corpus_texts import corpus_texts

Scan = Skipping | SkippingBefore
SCANS: list[Scan] = [
    tokens._VISA_SCAN,
    tokens._EMPLOYMENT_SCAN,
    tokens._NEGATION_SCAN,
    tokens._EEO_SCAN,
    *tokens._WORK_MODE_SCANS,
    fields._DURATION_SCAN,
    fields._MINIMUM_YEARS_SCAN,
    fields._EXPERIENCE_LOOSE_SCAN,
    fields._JOB_ID_SCAN,
    evidence._REMOTE_SCAN,
]
_WORDS = [
    "C2H", "contract to hire", "CTH", "C2C", "Corp-to-Corp", "W2", "w-2", "1099", "FTE",
    "direct hire", "perm", "Permanent resident", "full time", "Full-Time position", "H1B",
    "H-1B", "GC EAD", "green card", "EAD", "OPT", "STEM OPT", "CPT", "TN", "Nashville, TN",
    "USC", "US citizen", "citizenship", "regardless of race", "No", "not", "except", "w/o",
    "hybrid", "3 days onsite", "on-site", "in office", "remote", "Remotely", "remote teams",
    "work from home", "WFH", "telecommute", "working from Irvine office", "6+ months",
    "two years", "1 yr", "12 weeks", "minimum 5 years", "at least 8+ yrs", "over 10 years",
    "Job ID: JR12345", "Req # 77-A", "position id", "VMS id", "experience", "of", "\u0130n",
    "\u0130n office", "\u0130N-PERSON", "\u017fTEM OPT",
    "\u0131", "\u017f", "\u212a", "\u2003", "\n", " ", "  ", "-", ",", "/", "(", ")", ".", ":",
]  # fmt: skip


def _matches(scan: Scan | re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups(), m.lastgroup) for m in scan.finditer(text)]


def _found(scan: Scan | re.Pattern[str], text: str) -> tuple[object, ...] | None:
    m = scan.search(text)
    return None if m is None else (m.span(), m.groups(), m.lastgroup)


def test_the_hot_scans_skip() -> None:
    """Each scan has a finder (else it is the pattern's own search: no faster)."""
    for scan in SCANS:
        assert finder(scan.pattern) is not None, scan.pattern.pattern


@settings(max_examples=examples(1500), deadline=None)
@given(st.lists(st.sampled_from(_WORDS) | st.text(max_size=3), max_size=24).map("".join))
def test_the_same_matches_as_the_pattern(text: str) -> None:
    for scan in SCANS:
        assert _matches(scan, text) == _matches(scan.pattern, text), scan.pattern.pattern
        assert _found(scan, text) == _found(scan.pattern, text), scan.pattern.pattern


@pytest.mark.parametrize("scan", SCANS, ids=lambda s: s.pattern.pattern[:40])
def test_the_same_matches_on_the_corpus(scan: Scan) -> None:
    for path, text in corpus_texts():
        assert _matches(scan, text) == _matches(scan.pattern, text), path


def test_folded_letters_start_a_match() -> None:
    """ "\u0130n office" is in office under re.IGNORECASE: a non-ASCII first character counts."""
    scan = Skipping(re.compile(r"\bin[\s-]?office\b", re.IGNORECASE))
    assert _matches(scan, "work \u0130n office") == [((5, 14), (), None)]
    assert _matches(scan, "IN-OFFICE, in office") == [((0, 9), (), None), ((11, 20), (), None)]


def test_a_pattern_without_a_one_character_guard_keeps_its_search() -> None:
    assert finder(re.compile(r"^\s*x")) is None  # anchored: re finds it already
    assert finder(re.compile(r"(?:max\s*)?\s*\$\d+", re.I)) is None  # "\s*" run before "$"


def test_a_space_before_the_literal_starts_a_visa() -> None:
    """The visa scan finds "EAD" matches that start at the space or hyphen before them, which
    its finder (letters only) does not stop at."""
    scan = tokens._VISA_SCAN
    assert isinstance(scan, SkippingBefore)
    for text in ("GC EAD", " EAD only", "H4-EAD, OPT", "x EAD EAD-EAD\tEADs", "EAD", "-EAD"):
        assert _matches(scan, text) == _matches(scan.pattern, text), text
        assert _found(scan, text) == _found(scan.pattern, text), text
    assert _matches(scan, "a EAD")[0][0] == (1, 5)  # the space is the match's


def test_two_sources_of_positions_merge_in_order() -> None:
    """Matches from the literal and from the finder come in text order, each once."""
    scan = SkippingBefore(re.compile(r"[\s-]ab|c"), r"[\s-]", "ab")
    text = "c ab-abcc ab c"
    assert _matches(scan, text) == _matches(scan.pattern, text)
    assert [m[0] for m in _matches(scan, text)] == [
        (0, 1),
        (1, 4),
        (4, 7),
        (7, 8),
        (8, 9),
        (9, 12),
        (13, 14),
    ]


def test_two_sources_need_a_finder() -> None:
    with pytest.raises(ValueError, match="no finder"):
        SkippingBefore(re.compile(r"^\s*x"), r"\s", "x")


def test_a_finder_for_too_many_first_characters_is_none() -> None:
    """``most`` leaves a pattern that many characters start (every letter) its own search."""
    pattern = re.compile(r"\b[a-z]\d|\$\d", re.IGNORECASE)
    assert finder(pattern) is not None
    assert finder(pattern, most=12) is None
    assert not Skipping(pattern, most=12).skips
    assert Skipping(re.compile(r"\bw-?9\b", re.IGNORECASE), most=12).skips
