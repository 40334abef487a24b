import heapq
import itertools

import pytest

from services.parser.rules import fields
from services.parser.rules.fields import mention_spans

_PIECES = ("6 months", "12+ mos", "1 year contract", "9m+", "5M+ users", "09/01/2026 - 08/31/2027",
           "2 days/week onsite", "three weeks", "8+ years of Java", "5 yrs experience",
           "Java: 8+ years", "minimum 10 years", "exp: 5-7 yrs", "3 to 5 Years",
           "\n", ", ")  # fmt: skip


def _merged(field: str, text: str) -> list[tuple[int, int]]:
    """What mention_spans was: the field's scans merged."""
    if field == "duration_months":
        scans = (fields._DATE_RANGE, fields._DURATION_SCAN, fields._TERSE_MONTHS)
        spans = ((m.span() for m in p.finditer(text) if m.end() > m.start()) for p in scans)
        return list(heapq.merge(*spans))
    found = sorted((a, b) for a, b, _ in fields._experience_of(text))
    experience = (fields._EXPERIENCE, fields._EXPERIENCE_LOOSE_SCAN)
    return list(heapq.merge(found, *((m.span() for m in p.finditer(text)) for p in experience)))


@pytest.mark.parametrize("field", ["duration_months", "experience_years"])
def test_mention_spans_are_the_merged_scans(field: str) -> None:
    for pieces in itertools.product(_PIECES, repeat=3):
        text = " ".join(pieces)
        assert list(mention_spans(field, text)) == _merged(field, text), text


def test_the_first_mention_is_the_shortest_at_the_first_position() -> None:
    # both experience scans match from 5: "5 years experience" and the loose "5 years"
    text = "Need 5 years experience"
    assert next(mention_spans("experience_years", text)) == _merged("experience_years", text)[0]
    assert next(mention_spans("experience_years", text)) == (5, 12)


def test_an_experience_of_before_any_scanned_mention_comes_first() -> None:
    text = "Java: 8+ years, then 5 years of experience"
    assert next(mention_spans("experience_years", text)) == (0, 14)
    assert list(mention_spans("experience_years", text)) == _merged("experience_years", text)
