import heapq
from collections.abc import Iterator

from hypothesis import given
from hypothesis import strategies as st

from services.parser.rules.inorder import in_order

_SPANS = st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), max_size=6).map(sorted)


@given(st.lists(_SPANS, max_size=4))
def test_in_order_is_heapq_merge(scans: list[list[tuple[int, int]]]) -> None:
    assert list(in_order(*map(iter, scans))) == list(heapq.merge(*map(iter, scans)))


def test_in_order_reads_no_further_than_asked() -> None:
    read: list[int] = []

    def scan(spans: list[tuple[int, int]], name: int) -> Iterator[tuple[int, int]]:
        for span in spans:
            read.append(name)
            yield span

    merged = in_order(scan([], 0), scan([(3, 4), (9, 9)], 1), scan([], 2))
    assert next(merged) == (3, 4)
    assert read == [1]  # the empty scans were asked once, the one with spans once
