"""A city's mentions in a text, read from the one line that first names the city when that
line's "City, ST" spans are provably the whole text's there.

The evidence search asks for the first span of a job's block that names a location value
("Phoenix, AZ"), and the value mostly came from a label, so the block had not been scanned for
cities: scanning all of it found every city only to keep the first one named the value. A span
that names a city starts where the text writes the city's name as the value has it
(``locations.city_state_spans`` names a city by the words it matched), so no span before the
line that first holds that name can name the value. That line is scanned on its own when no
"City, ST" match can run into it from the line before or out of it into the line after: such a
match crosses a line break only in the spaces before its state or its ZIP code, so the text
after the break would have to start with a state (after spaces or a comma) or a ZIP code. Then
the line's matches are the whole text's matches there: the regex has no look-behind and looks
ahead only at letters, which a line break is not. "Washington, DC" is found by a pattern of its
own, which also hides the cities it overlaps: a text that names Washington is scanned whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from services.parser.rules.lead import guarded
from services.parser.rules.locations import STATES
from services.parser.rules.wordtree import alternation

__all__ = ["city_mentions"]

Span = tuple[int, int]
CitySpans = Callable[[str], Sequence[tuple[int, int, str]]]

# what a "City, ST" match may still read after a line break: its state (after spaces or a
# comma) or its ZIP code; a superset (no look-ahead after the state), so never too little
_STATE = alternation([*STATES, *STATES.values()])
_CONTINUES = re.compile(rf"\s*(?:,\s*)?(?:{_STATE})|\s*,?\s*\d{{5}}")
_WASHINGTON = guarded(re.compile("washington", re.IGNORECASE))


def city_mentions(value: str, text: str, scan: CitySpans) -> Iterator[Span]:
    """The spans of ``text`` that ``scan`` (``city_state_spans``, remembered) finds naming
    ``value`` ("City, ST"), in order; the whole text is scanned only when the line that first
    holds the city's name does not give one (or cannot be read alone)."""
    first = text.find(value.rsplit(", ", 1)[0])
    if first < 0:
        return  # no span names a city the text does not write
    start = text.rfind("\n", 0, first) + 1
    end = text.find("\n", first)
    end = len(text) if end < 0 else end
    rest: Sequence[tuple[int, int, str]] | Iterator[tuple[int, int, str]]
    if _alone(value, text, start, end):
        for a, b, found in scan(text[start:end]):
            if found == value:
                yield start + a, start + b
        rest = (span for span in scan(text) if span[0] >= end)
    else:
        rest = scan(text)
    for a, b, found in rest:
        if found == value:
            yield a, b


def _alone(value: str, text: str, start: int, end: int) -> bool:
    """Whether the line ``text[start:end]`` has the same "City, ST" spans alone as in ``text``."""
    if value == "Washington, DC" or _WASHINGTON.search(text) is not None:
        return False
    return not (start > 0 and _CONTINUES.match(text, start)) and not (
        end < len(text) and _CONTINUES.match(text, end)
    )
