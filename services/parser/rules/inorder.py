"""Sorted iterators merged lazily: ``heapq.merge``'s items in its order, with less work when
few of them hold anything.

The evidence search merges a field's scans (a work mode's three patterns) and mostly asks for
the first item only, and most of the scans find nothing in a job's block. ``heapq.merge`` builds
its heap and generator machinery whatever they hold; ``in_order`` reads each iterator's first
item (as ``heapq.merge`` does before its first item), drops the empty ones, and reads a single
one left as it is.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

__all__ = ["in_order"]

T = TypeVar("T", bound=tuple[Any, ...])


def in_order(*iterables: Iterable[T]) -> Iterator[T]:
    """``heapq.merge(*iterables)``: the same items in the same order (equal items in the
    order of their iterables, which holds for the non-empty ones kept here)."""
    started: list[tuple[T, Iterator[T]]] = []
    for iterable in iterables:
        iterator = iter(iterable)
        for first in iterator:
            started.append((first, iterator))
            break
    if len(started) == 1:
        first, iterator = started[0]
        yield first
        yield from iterator
    elif started:
        yield from heapq.merge(*(itertools.chain((first,), rest) for first, rest in started))
