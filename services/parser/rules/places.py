"""The place scans the job builder and its evidence search share, remembered by text.

A job's block is read for "City, ST" for its location and again for the location's evidence,
an email's intro once per job, and label values and mentions recur: each text is scanned once,
whichever of the two asks first.
"""

from __future__ import annotations

from services.parser.rules.locations import (
    city_state_spans,
    has_shouted_place,
    normalise_location,
    uncapitalise,
)
from services.parser.rules.memo import per_text

__all__ = ["city_states", "normalised"]


def _city_states(text: str) -> tuple[tuple[int, int, str], ...]:
    found = tuple(city_state_spans(text))
    if found or not has_shouted_place(text):
        return found
    # "QA ANALYST (5+ YEARS) - PLANO, TX": read in title case (same length, same offsets)
    return tuple(city_state_spans(uncapitalise(text)))


city_states = per_text(_city_states)
normalised = per_text(normalise_location)
