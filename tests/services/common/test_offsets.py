import random

from hypothesis import given, settings
from hypothesis import strategies as st

from services.common.engine import Backoff
from services.common.offsets import ContiguousOffsets


def test_position_never_passes_an_unfinished_offset() -> None:
    track = ContiguousOffsets()
    for offset in (10, 11, 12):
        track.started(offset)
    assert track.finished(11) is None  # 10 still in flight: nothing committable
    assert track.finished(12) is None
    assert track.finished(10) == 13  # all done: commit past the highest


def test_head_finishing_first_advances_to_next_in_flight() -> None:
    track = ContiguousOffsets()
    for offset in (0, 1, 2):
        track.started(offset)
    assert track.finished(0) == 1
    assert track.finished(2) is None
    assert track.finished(1) == 3


def test_position_only_moves_forward() -> None:
    track = ContiguousOffsets()
    track.started(5)
    assert track.finished(5) == 6
    assert track.finished(5) is None


def test_backoff_grows_is_capped_and_honours_retry_after() -> None:
    backoff = Backoff(base=1.0, cap=8.0)
    assert 1.0 <= backoff.delay(0) <= 2.0
    assert 8.0 <= backoff.delay(10) <= 9.0
    assert backoff.delay(0, retry_after=30.0) == 30.0


@settings(max_examples=300, deadline=None)
@given(
    started=st.lists(st.integers(0, 30), min_size=1, max_size=30, unique=True),
    order=st.randoms(use_true_random=False),
    rewind_at=st.none() | st.integers(0, 31),
)
def test_finishing_all_at_once_ends_where_finishing_one_by_one_does(
    started: list[int], order: random.Random, rewind_at: int | None
) -> None:
    one_by_one, at_once = ContiguousOffsets(), ContiguousOffsets()
    tickets = {offset: (one_by_one.started(offset), at_once.started(offset)) for offset in started}
    if rewind_at is not None:  # voided work among what finishes
        one_by_one.rewind(rewind_at)
        at_once.rewind(rewind_at)
    done = order.sample(started, k=order.randint(0, len(started)))
    positions = [one_by_one.finished(o, tickets[o][0]) for o in done]
    last = next((p for p in reversed(positions) if p is not None), None)
    assert at_once.finished_all([(o, tickets[o][1]) for o in done]) == last
    assert sorted(at_once._in_flight) == sorted(one_by_one._in_flight)
