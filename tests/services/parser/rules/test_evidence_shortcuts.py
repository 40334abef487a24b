"""The evidence search's shortcuts skip only scans that could find nothing: each is checked
against the scan it skips."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules.jobs import _may_hold_city
from services.parser.rules.locations import city_state_spans

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
