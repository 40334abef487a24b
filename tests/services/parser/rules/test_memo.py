"""Remembered results are the function's own, computed once per text, within the memory bound;
and the shortcuts jobs.py builds on them give what the long way gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import memo
from services.parser.rules.jobs import _ADDRESS_LINE, JobDraft, _without_addresses
from services.parser.rules.labels import LabelHit
from services.parser.rules.locations import city_state_spans


def test_a_text_is_computed_once_and_forget_starts_over() -> None:
    calls: list[str] = []

    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    remembered = memo.per_text(length)
    long_text = "x" * (memo.SHORT_TEXT + 1)
    for text in ("abc", "abc", long_text, long_text, "".join(["ab", "c"])):
        assert remembered(text) == len(text)
    assert calls == ["abc", long_text]  # equal texts share a result, however they were built
    memo.forget()
    assert remembered("abc") == 3
    assert calls == ["abc", long_text, "abc"]


_FIELDS = st.sampled_from(["title", "location", "rate", "visa", "skills"])
_HITS = st.lists(
    st.builds(
        LabelHit, field=_FIELDS, label=st.sampled_from(["a", "b"]), value=st.text(max_size=3),
        line=st.integers(0, 5),
    ),
    max_size=6,
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(hits=_HITS, shared=_HITS, name=_FIELDS)
def test_labelled_is_the_blocks_labels_else_the_shared_ones(
    hits: list[LabelHit], shared: list[LabelHit], name: str
) -> None:
    draft = JobDraft("T", True, hits, "", shared, "", None)
    own = [h for h in hits if h.field == name]
    assert draft.labelled(name) == (own or [h for h in shared if h.field == name])


_LINES = st.lists(
    st.sampled_from(
        ["Dallas, TX", "Phone: 555-123-4567", "1 Main Street", "", "Java dev", "Call ph", "ph",
         "555", "123", "4567", "(555) 123-4567", "+1", "www", " tel", "Suite"]
    ),
    max_size=8,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(lines=_LINES)
def test_address_lines_are_dropped_as_before(lines: list[str]) -> None:
    """Line by line, also where a match of the whole text runs on into the next line
    ("ph" over "555 …", "555" over "123")."""
    text = "\n".join(lines)
    expected = "\n".join(line for line in text.split("\n") if not _ADDRESS_LINE.search(line))
    assert _without_addresses(text) == expected


_PLACES = st.lists(
    st.sampled_from(
        ["Dallas, TX", "Washington D.C.", "Raleigh North Carolina 27601", "New York, NY", "Remote",
         "Austin Texas", "IT, TX", "Bay Area, CA", "remote", " ", "\n", ",", "Senior Developer"]
    ),
    max_size=6,
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(parts=_PLACES)
def test_a_city_is_always_city_comma_state(parts: list[str]) -> None:
    """job_evidence skips the city scan for a location without ", " ("Remote")."""
    assert all(", " in value for _, _, value in city_state_spans(" ".join(parts)))
