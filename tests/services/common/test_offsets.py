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
