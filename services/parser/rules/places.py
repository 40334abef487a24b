"""The place scans the job builder and its evidence search share, remembered by text.

A job's block is read for "City, ST" for its location and again for the location's evidence,
an email's intro once per job, and label values and mentions recur: each text is scanned once,
whichever of the two asks first.
"""

from __future__ import annotations

from services.parser.rules.locations import city_state_spans, normalise_location
from services.parser.rules.memo import per_text

__all__ = ["city_states", "normalised"]

city_states = per_text(lambda text: tuple(city_state_spans(text)))
normalised = per_text(normalise_location)
