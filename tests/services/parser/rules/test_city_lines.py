"""The location evidence reads only the line that first names the city when it can: the spans
it gives are the whole text's, in order (checked against scanning the whole text)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules.citylines import city_mentions
from services.parser.rules.locations import city_state_spans
from tests.properties import examples

_PIECES = [
    "Dallas", "TX", "Texas", "New York", "NY", "St. Louis", "MO", "Fort Worth", "Ft. Worth",
    "Washington", "D.C.", "DC", "WASHINGTON", "San Jose", "CA", "California", "Raleigh",
    "North Carolina", "27601", "75001-1234", "Bay Area", "Winston-Salem", "NC", "Jersey City",
    "NJ", "Senior Developer", "IT", "Remote", "Location:", "Phoenix", "AZ", "IN", "OR",
    "Client Office", "Indiana", "Troy", "Troyes", "OH", "Ohio",
]  # fmt: skip
_GLUE = [", ", " ", "\n", "\n\n", " - ", ",", " / ", "  ", "; ", "(", ")", "\n,", ",\n", " \n "]
_TEXTS = st.lists(st.sampled_from(_PIECES) | st.sampled_from(_GLUE), max_size=16).map("".join)
_VALUES = st.sampled_from(
    ["Dallas, TX", "New York, NY", "St. Louis, MO", "Fort Worth, TX", "Washington, DC",
     "San Jose, CA", "Raleigh, NC", "Phoenix, AZ", "Troy, OH", "Jersey City, NJ", "Dallas, NC"]
)  # fmt: skip


def _long_way(value: str, text: str) -> list[tuple[int, int]]:
    return [(a, b) for a, b, found in city_state_spans(text) if found == value]


@settings(max_examples=examples(3000), deadline=None)
@given(_VALUES, _TEXTS)
def test_the_line_gives_the_whole_texts_spans(value: str, text: str) -> None:
    assert list(city_mentions(value, text, city_state_spans)) == _long_way(value, text)


@settings(max_examples=examples(1000), deadline=None)
@given(_TEXTS)
def test_every_city_the_text_names(text: str) -> None:
    for value in {found for _, _, found in city_state_spans(text)}:
        assert list(city_mentions(value, text, city_state_spans)) == _long_way(value, text)


def test_a_state_or_zip_on_the_next_line_belongs_to_the_city_before_it() -> None:
    for text in (
        "Intro\nOnsite in Dallas\nTX 75001\nRate",
        "Intro\nDallas,\n75001 TX",
        "A\nDallas TX\n75001",
    ):
        assert list(city_mentions("Dallas, TX", text, city_state_spans)) == _long_way(
            "Dallas, TX", text
        )


def test_only_the_line_is_read_when_it_stands_alone() -> None:
    read: list[str] = []

    def scan(text: str) -> list[tuple[int, int, str]]:
        read.append(text)
        return city_state_spans(text)

    text = "Hi,\nWe need a developer in Austin, TX.\nLocation: Dallas, TX (Onsite)\nRate: $60/hr"
    assert next(city_mentions("Dallas, TX", text, scan)) == (
        text.index("Dallas"),
        text.index(" (On"),
    )
    assert read == ["Location: Dallas, TX (Onsite)"]
