"""The evidence search's shortcuts skip only scans that could find nothing: each is checked
against the scan it skips."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.decoding import decode_email
from services.parser.rules import extract, tokens
from services.parser.rules.evidence import (
    Region,
    _field_values,
    _first_support,
    _may_hold_city,
    _phrase,
)
from services.parser.rules.locations import city_state_spans
from tests.services.parser.rules.evidence_long_way import long_support

ROOT = Path(__file__).resolve().parents[4]
_PIECES = [
    "Dallas", "TX", "New York", "NY", "new york", "St. Louis", "MO", "Fort Worth", "Ft. Worth",
    "Washington", "D.C.", "DC", "Washington DC", "San  Jose", "CA", "California", "Raleigh",
    "North Carolina", "27601", "Bay Area", "Winston-Salem", "NC", "Jersey City", "NJ", "Texas",
    "Senior Developer", "IT", "Remote", "hybrid", "Client Office",
]  # fmt: skip
_GLUE = [", ", " ", "\n", " - ", ",", " / ", "  ", "; ", "(", ")"]
_TEXTS = st.lists(st.sampled_from(_PIECES) | st.sampled_from(_GLUE), max_size=14).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_every_city_found_passes_the_city_prefilter(text: str) -> None:
    for _, _, city in city_state_spans(text):
        assert _may_hold_city(city, text)


def test_the_prefilter_skips_texts_without_the_city() -> None:
    assert not _may_hold_city("Dallas, TX", "Austin, TX and Houston, TX")
    assert not _may_hold_city("Remote", "Remote, anywhere")
    assert _may_hold_city("Washington, DC", "Washington D.C.")
    assert _may_hold_city("Dallas, TX", "Onsite in Dallas TX")


_EMAILS = sorted((ROOT / "tests" / "services" / "parser" / "rules" / "cases").glob("*.eml"))


@pytest.mark.parametrize("path", _EMAILS[::3], ids=lambda p: p.name)
def test_the_first_support_is_the_long_ways(path: Path) -> None:
    """Every value of the email's jobs (most not in every block, so the search falls through to
    labels and lines), in the body's blocks of 1 to 6 lines."""
    decoded = decode_email(path.read_bytes())
    body = decoded.text
    starts = [0, *(i + 1 for i, c in enumerate(body) if c == "\n")]
    asked = {v for job in extract(decoded).jobs for v in _field_values(job)}
    for first in range(0, len(starts), 2):
        last = min(len(starts), first + 1 + first % 6)
        end = starts[last] - 1 if last < len(starts) else len(body)
        # label values outside the block: found only when the block does not support a value
        labels = tuple(
            (starts[i], starts[i + 1] - 1) for i in range(last, last + 3) if i + 1 < len(starts)
        )
        region = Region("body", body, starts[first], end, labels)
        text = body[region.start : region.end]
        for name, value in sorted(asked, key=repr):
            expected = long_support(name, value, region)
            assert _first_support(name, value, region, text) == expected, (name, value, first)


_VISA_WORDS = ["H-1B", "H1B", "h1", "GC-EAD", "GC EAD", "EAD", "EADs", "-EAD", " EAD", "H4", "H-4",
               "L2", "green card", "Green-Cards", "OPT", "STEM OPT", "OPT EAD", "CPT", "TN", "LPR",
               "USC", "U.S. citizen", "US Citizenship", "citizens", "permanent residents", "xEAD",
               "\u0130", "\u0131", "\u017f", "\u212a", "\u2003", "\n", " ", "-", ",",
               "/"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_VISA_WORDS) | st.text(max_size=3), max_size=20).map("".join))
def test_the_visa_look_ahead_keeps_the_matches(text: str) -> None:
    def matches(pattern: re.Pattern[str]) -> list[tuple[object, ...]]:
        return [(m.span(), m.groups(), m.lastgroup) for m in pattern.finditer(text)]

    assert matches(tokens._VISA) == matches(tokens._VISA_ALTERNATIVES)


_PHRASE_WORDS = ["Java", "java", "JAVA", "Developer", "C++", ".NET", "Acme", "İ", "ı", "ſ", "K",
                 "K", "ß", "x", "_", "*", "**", "  ", " ", "\n", "-", "/", "(", "1"]  # fmt: skip
_PHRASE_TEXT = st.lists(st.sampled_from(_PHRASE_WORDS) | st.text(max_size=2), max_size=16)


@settings(max_examples=500, deadline=None)
@given(_PHRASE_TEXT.map("".join), _PHRASE_TEXT.map("".join))
def test_the_phrase_starting_with_its_first_word_keeps_the_matches(value: str, text: str) -> None:
    """``_phrase`` tests "no word character before" after the first word: the matches of the
    pattern as first written, ``(?<!\\w)`` in front."""
    words = [re.escape(w) for w in re.sub(r"[*_]+", " ", value).split()]
    written = re.compile(r"(?<!\w)" + r"[\s*_]+".join(words) + r"(?!\w)", re.IGNORECASE)
    spans = [m.span() for m in _phrase(value).finditer(text)]
    assert spans == [m.span() for m in written.finditer(text)]
