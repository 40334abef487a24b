"""A free text is read for a rate only when a match could carry a currency, a "k" or a unit:
the texts turned away by that check are those where every match would be turned away anyway."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import fields
from tests.properties import examples
from tests.services.parser.rules.corpus_texts import corpus_texts

_PIECES = [
    "up to", "max", "NTE:", "$", "US$", "USD", "usd", "uſd", "C$", "CAD", "EUR", "GBP", "€", "£",
    "60", "62.5", "120,000", "120", "7", "k", "K", "\u212a", "$60/hr", "55-60", " - ", " to ",
    "/hr", "per hour", "an hour", "a h", "p.h.", "hourly", "ph", "/yr", "per annum", "annually",
    "yearly", "pa", "cap", "W2", "C2C", "rate", "Rate:", "ſ", "\u0130", "\u0661", "hours", "yrs",
]  # fmt: skip
_GLUE = [" ", "  ", "\n", "\t", "", ",", ".", ":", "(", ")", "/"]
_TEXTS = st.lists(st.sampled_from(_PIECES) | st.sampled_from(_GLUE), max_size=16).map("".join)


def _same(text: str) -> None:
    assert fields._rate(text, labelled=False) == fields._read_rate(text, labelled=False)


@settings(max_examples=examples(2000), deadline=None)
@given(_TEXTS)
def test_checked_rate_is_the_read_rate(text: str) -> None:
    _same(text)


def test_checked_rate_of_every_corpus_mail() -> None:
    for path, text in corpus_texts():
        for line in [text, *text.split("\n")]:
            read = fields._read_rate(line, labelled=False)
            assert fields._rate(line, labelled=False) == read, path


def test_a_text_without_a_qualified_number_is_not_read() -> None:
    assert not fields._may_quote_rate("12 openings for 3 teams, 2024")
    assert fields._may_quote_rate("60 per hour")
    assert fields._may_quote_rate("rate 90K")
