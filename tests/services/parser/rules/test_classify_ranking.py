"""The classifier's one-pass ranking reads the same best category, top and runner-up scores as
sorting every category does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.contracts.models import Category
from services.parser.rules import classify

C = Category
LOOK_ALIKES = list(classify._NO_SCORES)
# few distinct values, so that ties (among look-alikes, and with the requirement) are common
SCORES = st.sampled_from([-2.0, 0.0, 1.0, 3.0, 4.5, 5.0, 6.0, 7.0])


def _long_way(scores: dict[Category, float]) -> tuple[Category, float, float]:
    ranked = sorted(scores.items(), key=lambda kv: (kv[1], kv[0] != C.REQUIREMENT), reverse=True)
    if ranked[0][0] == C.REQUIREMENT and ranked[0][1] < classify._MIN_REQUIREMENT:
        ranked = ranked[1:]
    (best, top), (_, second) = ranked[0], ranked[1]
    return best, top, second


@settings(max_examples=1000, deadline=None)
@given(st.lists(SCORES, min_size=len(LOOK_ALIKES), max_size=len(LOOK_ALIKES)), SCORES)
def test_top_two_is_the_sorted_ranking(look_alikes: list[float], requirement: float) -> None:
    scores = dict(zip(LOOK_ALIKES, look_alikes, strict=True))
    scores[C.REQUIREMENT] = requirement
    assert classify._top_two(scores) == _long_way(scores)
