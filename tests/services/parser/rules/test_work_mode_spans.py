import heapq
import itertools

from services.parser.rules.tokens import _WORK_MODE_SCANS, work_mode_spans

_PIECES = ("Remote", "hybrid", "3 days onsite", "on-site", "in office", "onsite interview",
           "WFH", "not remote", "hybrid cloud", "in-person", "work from home", "Dallas, TX",
           "\n", ", ")  # fmt: skip


def _merged(text: str) -> list[tuple[int, int]]:
    """What work_mode_spans was: the three scans merged."""
    return list(heapq.merge(*((m.span() for m in p.finditer(text)) for p in _WORK_MODE_SCANS)))


def test_work_mode_spans_are_the_merged_scans() -> None:
    for pieces in itertools.product(_PIECES, repeat=3):
        text = " ".join(pieces)
        assert list(work_mode_spans(text)) == _merged(text), text


def test_the_first_mention_is_the_shortest_at_the_first_position() -> None:
    # "3 days onsite" is hybrid; "onsite" inside it is onsite, starting later
    text = "Role: QA. 3 days onsite, rest remote"
    assert next(work_mode_spans(text)) == _merged(text)[0] == (10, 23)
