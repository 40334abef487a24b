"""A labelled line read with its groups fetched at once and the label only lower-cased is the
hit the long way reads (label spaces normalised, separator stripped)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import labels
from services.parser.rules.labels import LabelHit

SPELLINGS = sorted(labels._FIELD_OF)
GLUE = [" ", "  ", ": ", " - ", " – ", "\t", "|", "*", "**", "__", "•", "1. ", "(C2C)", "#2"]
VALUES = [
    "Dallas, TX",
    "12 months",
    "",
    "x" * 170,
    "y" * 161,
    "Java | Python",
    "role  title  rate",
    "\u017f",
]
CASES = ["\u0130", "\u212a", "\u00a0", "\u2003"]


def _long_way(piece: str, offset: int, index: int) -> LabelHit | None:
    match = labels._LABEL_LINE.match(piece)
    if match is None:
        return None
    label = " ".join(match.group("label").lower().split())
    raw = match.group("value")
    value = raw.strip().strip("*_").strip()
    if match.group("sep").strip() == "" and len(value) > 160:
        return None
    if labels._has_cell_split(value):
        cells = [c.strip(" *").lower() for c in labels._CELL_SPLIT.split(value) if c.strip()]
        if len(cells) >= 2 and all(c in labels._FIELD_OF for c in cells):
            return None
    start = offset + match.start("value") + raw.find(value)
    field = labels._FIELD_OF[label]
    if field == "job_id" and label == "req" and not labels._DIGIT.search(value):
        field = "title"
    qualifier = match.group("qual") or ""
    return LabelHit(field, label, value, index, qualifier, start, start + len(value))


def test_spellings_have_single_spaces_only() -> None:
    assert all(" ".join(s.split()) == s and s == s.lower() for s in SPELLINGS)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(SPELLINGS).map(lambda w: w.upper() if len(w) % 2 else w.title())
        | st.sampled_from(GLUE + VALUES + CASES)
        | st.text(max_size=3),
        max_size=10,
    ).map("".join),
    st.integers(0, 5),
)
def test_parse_piece_is_the_long_way(piece: str, offset: int) -> None:
    assert labels._parse_piece(piece, offset, 3) == _long_way(piece, offset, 3)
