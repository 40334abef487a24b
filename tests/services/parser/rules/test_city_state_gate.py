"""The "City, ST" regex tried only where the city before a state word starts finds what
finditer finds, the regex with its states as prefix trees matches what it matched with plain
alternations, and the cached scan returns what the scan does."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import locations
from tests.properties import examples

WORDS = [
    *locations.STATES,
    *locations.STATES.values(),
    "Dallas", "New", "York", "St.", "Fort", "Worth", "Java", "Developer", "Washington",
    "D.C.", "dc", "tx", "é", "😀", "x", "A",
]  # fmt: skip
GLUE = [" ", ", ", ",", "  ", "\n", "-", "27601", "(", ")", "/", ""]

TAILS = ["", " ", "x", "é", "😀", ", 27601", "a", "."]
# "City, ST" shapes often, their near misses (a code glued to a letter) as often
_mentions = st.tuples(
    st.sampled_from(["Dallas", "New York", "St. Paul", "Fort Worth", "Java", "IT", "A"]),
    st.sampled_from([", ", " ", ",", "  "]),
    st.sampled_from([*locations.STATES, *locations.STATES.values(), "Tx", "tx"]),
    st.sampled_from(TAILS),
).map("".join)
_texts = st.lists(st.sampled_from(WORDS) | st.sampled_from(GLUE) | _mentions, max_size=14).map(
    "".join
)


@settings(max_examples=examples(2000), deadline=None)
@given(_texts)
def test_matches_tried_at_city_starts_are_finditer_matches(text: str) -> None:
    found = [(m.span(), m.groupdict()) for m in locations._city_state_matches(text)]
    assert found == [(m.span(), m.groupdict()) for m in locations._CITY_STATE.finditer(text)]


def test_the_city_regex_is_case_sensitive() -> None:
    """The automaton finds the states as written: the regex must compare them so."""
    assert not locations._CITY_STATE.flags & re.IGNORECASE


def test_white_space_is_str_isspace() -> None:
    """The separator is walked back with str.isspace(): re's \\s."""
    space = re.compile(r"\s")
    chars = (chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert all(bool(space.match(c)) == c.isspace() for c in chars)


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_cached_spans_are_the_scan(text: str) -> None:
    first = locations.city_state_spans(text)
    first.append((0, 0, "mutated by a caller"))
    assert locations.city_state_spans(text) == list(locations._city_state_spans.__wrapped__(text))


CODES = "|".join(locations.STATES)
NAMES = "|".join(sorted((re.escape(n) for n in locations.STATES.values()), key=len, reverse=True))
PLAIN = re.compile(
    locations._CITY_STATE.pattern.replace(f"(?P<code>{locations._CODES})", f"(?P<code>{CODES})")
    .replace(f"(?P<bare>{locations._CODES})", f"(?P<bare>{CODES})")
    .replace(f"(?P<name>{locations._NAMES})", f"(?P<name>{NAMES})")
    .replace(f"(?P<spelled>{locations._NAMES})", f"(?P<spelled>{NAMES})")
)


@settings(max_examples=examples(1000), deadline=None)
@given(_texts)
def test_state_trees_match_as_the_plain_alternations(text: str) -> None:
    assert CODES not in locations._CITY_STATE.pattern
    assert PLAIN.pattern.count(CODES) == 2 and PLAIN.pattern.count(NAMES) == 2
    found = [(m.span(), m.groupdict()) for m in locations._CITY_STATE.finditer(text)]
    assert found == [(m.span(), m.groupdict()) for m in PLAIN.finditer(text)]
