"""Which offset may be committed when messages of one partition finish out of order."""

from __future__ import annotations


class ContiguousOffsets:
    """Tracks one partition's in-flight offsets.

    The committable position is the lowest offset still in flight, or one past the highest
    offset seen when nothing is: never past an unfinished message (the faust #606 hazard).
    """

    def __init__(self) -> None:
        self._in_flight: set[int] = set()
        self._next_after_seen: int | None = None
        self._committed: int | None = None

    def __len__(self) -> int:
        return len(self._in_flight)

    def started(self, offset: int) -> None:
        if self._committed is None:
            self._committed = offset  # the group's position already points here
        self._in_flight.add(offset)
        self._next_after_seen = max(self._next_after_seen or 0, offset + 1)

    def finished(self, offset: int) -> int | None:
        """Mark ``offset`` done; return a new committable position if it advanced, else None."""
        self._in_flight.discard(offset)
        position = min(self._in_flight) if self._in_flight else self._next_after_seen
        if position is None or (self._committed is not None and position <= self._committed):
            return None
        self._committed = position
        return position
