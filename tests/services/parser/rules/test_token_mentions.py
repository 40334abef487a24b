"""The lazy mention scans the evidence search reads in a job's own block: the same spans, in
the same order, as the remembered ones (a list's tokens are judged once the list is complete)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import tokens
from tests.properties import examples

_WORDS = [
    "USC", "GC", "GC-EAD", "H4-EAD", "H1B", "h-1b", "OPT", "CPT", "TN", "Nashville, TN", "EAD",
    "green card", "U.S. citizen", "citizenship", "No", "not", "only", "accepted", "except",
    "C2C", "W2", "1099", "C2H", "FTE", "full time", "position", "perm", "direct hire",
    "regardless of race,", "/", ", ", " or ", " and ", "\n", ".", " ", "-", "(", ")",
]  # fmt: skip
_TEXTS = [
    "Visa: USC/GC/H4-EAD\nEmployment: C2C or W2",
    "No H1B/OPT please. USC and GC only. W2 only, no C2C",
    "H1B not accepted; GC-EAD, TN fine. Nashville, TN. Full time position.",
    "We hire regardless of race, religion or citizenship. Contract to hire, 1099",
]
Scan = Callable[[str], Iterable[tuple[int, int, object]]]
_SCANS: list[tuple[Scan, Scan]] = [
    (tokens.visa_mentions, tokens.visa_spans),
    (tokens.employment_mentions, tokens.employment_spans),
]


@pytest.mark.parametrize("text", _TEXTS)
def test_the_same_spans_as_remembered(text: str) -> None:
    for lazy, remembered in _SCANS:
        assert list(lazy(text)) == list(remembered(text))
    assert list(tokens.visa_mentions(_TEXTS[0])) != []


@settings(max_examples=examples(1000), deadline=None)
@given(st.lists(st.sampled_from(_WORDS) | st.text(max_size=3), max_size=24).map(" ".join))
def test_the_same_spans_on_token_texts(text: str) -> None:
    for lazy, remembered in _SCANS:
        assert list(lazy(text)) == list(remembered(text))
