"""The job-id walk finds exactly the spans the compiled pattern finds."""

from __future__ import annotations

import random

import pytest

from services.parser.rules.jobids import id_pattern, id_spans

# id characters, their case variants, separators (a no-break space too), word characters that
# end a match, and the characters IGNORECASE equates with ASCII letters (Kelvin sign, long s,
# dotless i, dotted capital I)
_ALPHABET = "aAbB1_2#:- \t\n\xa0.x/\u212a\u017f\u0131\u0130kKsSiIé"
_VALUES = (
    "AB-12",
    "ab12",
    "A#1",
    "R-1:2",
    "a 1",
    "k-s",
    "i1",
    "JR12345",
    "-a1",
    "a1-",
    "a--b",
    "_a",
)


def _regex_spans(value: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in id_pattern(value).finditer(text)]


@pytest.mark.parametrize("value", _VALUES)
def test_walk_matches_the_pattern_on_random_texts(value: str) -> None:
    rng = random.Random(value)
    pieces = [value, value.lower(), value.upper(), value.replace("-", " - "), *_ALPHABET]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))
        assert list(id_spans(value, text)) == _regex_spans(value, text), (value, text)


def test_walk_matches_the_pattern_on_typical_mentions() -> None:
    text = "Job ID: JR-12345\nRef #jr 12345, (JR12345) xJR-12345 JR-123456 JR--12345"
    assert list(id_spans("JR-12345", text)) == _regex_spans("JR-12345", text)
    assert list(id_spans("JR-12345", text)) != []
