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


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        ("Java Developer - C2C", "Employment: C2C or W2\nRate: $60/hr"),
        ("", "No C2C, W2 only"),
        ("Java Developer", ""),
    ],
)
def test_spans_within_a_subject_and_block_are_the_blocks(subject: str, text: str) -> None:
    for around in (f"{subject}\n{text}", text):
        assert tokens.employment_spans_within(text, around) == tuple(tokens.employment_spans(text))
    assert tokens.employment_spans_within(text, f"x{text}") is None  # no line break before it


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        ("No W2 /", "C2C"),  # one list across the line break, negated before it
        ("contract to", "permanent role"),  # a match across the line break
    ],
)
def test_spans_within_are_none_across_the_line_break(subject: str, text: str) -> None:
    assert tokens.employment_spans(text)  # the block alone names one
    assert tokens.employment_spans_within(text, f"{subject}\n{text}") is None


# and the pieces of tokens a line break may split: "contract to" / "hire", "full" / "time"
_SPLIT_WORDS = [*_WORDS, "contract", "contract to", "to", "hire", "permanent", "resident", "corp",
                "full", "time", "direct", "No W2 /", "W2 or"]  # fmt: skip


@settings(max_examples=examples(1000), deadline=None)
@given(
    st.lists(st.sampled_from(_SPLIT_WORDS) | st.text(max_size=3), max_size=6).map(" ".join),
    st.lists(st.sampled_from(_SPLIT_WORDS) | st.text(max_size=3), max_size=12).map(" ".join),
)
def test_spans_within_on_token_texts(subject: str, text: str) -> None:
    within = tokens.employment_spans_within(text, f"{subject}\n{text}")
    if within is not None:
        assert list(within) == tokens.employment_spans(text)
