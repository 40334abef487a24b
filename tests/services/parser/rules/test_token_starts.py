"""The token rules tried only where their first two or three characters are: the same matches
as the patterns as written (random texts of their words, and the corpus)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import tokens
from tests.properties import examples
from tests.services.parser.rules.corpus_texts import corpus_texts

STARTED = [
    (tokens._EMPLOYMENT, tokens._EMPLOYMENT_TOKENS),
    (tokens._REMOTE, tokens._REMOTE_WORDS),
    (tokens._ONSITE, tokens._ONSITE_WORDS),
]
_WORDS = [
    "C2H", "c2h", "CTH", "cth", "contract to hire", "Contract-2-Perm", "contract", "C2C", "corp",
    "Corp-to-Corp", "corporation 2 corporation", "W2", "w-2", "W 2", "w2", "1099", "10", "FTE",
    "fte", "FT", "direct hire", "Direct  Hire", "perm", "Permanent", "permanent resident",
    "full time", "Full-Time", "fulltime", "employment", "position", "work from home", "WFH",
    "wfh", "telecommute", "remote", "Remotely", "remote teams", "on-site", "onsite", "On Site",
    "on sites", "in-office", "in office", "in person", "In-Person interview", "working from",
    "work at the", "work in", "our", "Irvine", "office", "home", "offshore", "and", "or",
    "\u0130", "\u0131", "\u017f", "\u212a", "\u2003", "\n", " ", "  ", "-", ",", "/", "(", ")",
]  # fmt: skip


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups(), m.lastgroup) for m in pattern.finditer(text)]


@settings(max_examples=examples(2000), deadline=None)
@given(st.lists(st.sampled_from(_WORDS) | st.text(max_size=3), max_size=24).map("".join))
def test_the_same_matches_as_written(text: str) -> None:
    for started, written in STARTED:
        assert _matches(started, text) == _matches(written, text), written.pattern


@pytest.mark.parametrize(("started", "written"), STARTED)
def test_the_same_matches_on_the_corpus(started: re.Pattern[str], written: re.Pattern[str]) -> None:
    for path, text in corpus_texts():
        assert _matches(started, text) == _matches(written, text), path
