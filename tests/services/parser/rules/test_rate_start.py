"""The rate pattern starts at an amount or a bound's word, never at the spaces before them, and
names its first characters: it finds what the pattern as first written found, less the
leading spaces that every reader strips (checked against that pattern)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import fields
from services.parser.rules.lead import as_written
from tests.properties import examples
from tests.services.parser.rules.corpus_texts import corpus_texts


def _first_written() -> re.Pattern[str]:
    """The pattern before: no start guard, and "(?P<bound>…)?\\s*" (a match could start with
    the spaces before an amount)."""
    source = as_written(fields._RATE).pattern
    assert source.startswith(fields._RATE_START)
    source = source[len(fields._RATE_START) :]
    head, bound = "(?:(?P<bound>", ")\\s*)?"
    assert source.startswith(head)
    end = source.index(bound)
    return re.compile(
        "(?P<bound>" + source[len(head) : end] + ")?\\s*" + source[end + len(bound) :], re.I
    )


FIRST_WRITTEN = _first_written()
_PIECES = [
    "up to", "upto", "Up To", "max", "Maximum.", "max bill rate:", "max pay rate -", "NTE:",
    "not to exceed", "not more than", "no more than", "below", "under", "capped at", "cap at",
    "min.", "minimum", "at least", "starting at", "starting from", "$", "US$", "USD", "usd", "C$",
    "CAD", "EUR", "GBP", "€", "£", "60", "62.5", "120,000", "120", "k", "K", "$60/hr", "55-60",
    " - ", " to ", "–", "/hr", "per hour", "an hour", "p.h.", "hourly", "ph", "/yr", "per annum",
    "annually", "pa", "max", "cap", "W2", "C2C", "rate", "Rate:", "ſ", "\u212a", "\u0130", "at",
    "st", "no", "us",
]  # fmt: skip
_GLUE = [" ", "  ", "\n", "\n  ", "\t", "", ",", ".", ":", "(", ")", "         "]
_TEXTS = st.lists(st.sampled_from(_PIECES) | st.sampled_from(_GLUE), max_size=20).map("".join)


def _same(text: str) -> None:
    before = list(FIRST_WRITTEN.finditer(text))
    now = list(fields._RATE.finditer(text))
    assert [(m.end(), m.groupdict()) for m in now] == [(m.end(), m.groupdict()) for m in before]
    for new, old in zip(now, before, strict=True):
        skipped = text[old.start() : new.start()]
        assert new.start() >= old.start() and (not skipped or skipped.isspace())
    assert fields._rate(text, labelled=True) == _as_before(text, labelled=True)
    assert fields._rate(text, labelled=False) == _as_before(text, labelled=False)


def _as_before(text: str, *, labelled: bool) -> object:
    written, fields._RATE = fields._RATE, FIRST_WRITTEN
    try:
        return fields._rate(text, labelled=labelled)
    finally:
        fields._RATE = written


@settings(max_examples=examples(3000), deadline=None)
@given(_TEXTS)
def test_the_same_rates_as_the_pattern_first_written(text: str) -> None:
    _same(text)


def test_the_same_rates_on_the_corpus() -> None:
    for _, text in corpus_texts():
        _same(text)


def test_a_rate_after_spaces_starts_at_its_amount() -> None:
    text = "Rate:          $82 - $87/hr on C2C"
    assert [m.span() for m in FIRST_WRITTEN.finditer(text)][0] == (5, 27)
    assert [m.span() for m in fields._RATE.finditer(text)][0] == (15, 27)
