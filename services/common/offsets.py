"""Which offset may be committed when messages of one partition finish out of order."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

_tickets = itertools.count(1)


class ContiguousOffsets:
    """Tracks one partition's in-flight offsets.

    The committable position is the lowest offset still in flight, or one past the highest
    offset seen when nothing is: never past an unfinished message (the faust #606 hazard).
    A rewind forgets the in-flight offsets from the rewound one on: they are delivered again,
    and the work already running for them (identified by its ticket) no longer counts.
    """

    def __init__(self) -> None:
        self._in_flight: dict[int, int] = {}  # offset -> ticket of the work running for it
        self._next_after_seen: int | None = None
        self._committed: int | None = None

    def __len__(self) -> int:
        return len(self._in_flight)

    @property
    def untouched(self) -> bool:
        """Whether no offset was ever started on this track (nothing consumed since it began)."""
        return self._next_after_seen is None

    def started(self, offset: int) -> int:
        """Mark ``offset`` in flight; the ticket that ``finished`` and ``current`` take."""
        if self._committed is None:
            self._committed = offset  # the group's position already points here
        ticket = next(_tickets)
        self._in_flight[offset] = ticket
        self._next_after_seen = max(self._next_after_seen or 0, offset + 1)
        return ticket

    def current(self, offset: int, ticket: int | None = None) -> bool:
        """Whether the work holding ``ticket`` for ``offset`` still counts."""
        return offset in self._in_flight and ticket in (None, self._in_flight[offset])

    def finished(self, offset: int, ticket: int | None = None) -> int | None:
        """Mark ``offset`` done; return a new committable position if it advanced, else None.
        Work whose ticket a rewind voided changes nothing."""
        return self.finished_all([(offset, ticket)])

    def finished_all(self, done: Iterable[tuple[int, int | None]]) -> int | None:
        """``finished`` for many (offset, ticket) pairs at once, as if one after the other: the
        position is worked out once, not once per offset (a scan of what is still in flight:
        a poll batch finished offset by offset cost that scan per message)."""
        removed = False
        for offset, ticket in done:
            if self.current(offset, ticket):
                del self._in_flight[offset]
                removed = True
        if not removed:
            return None
        position = min(self._in_flight) if self._in_flight else self._next_after_seen
        if position is None or (self._committed is not None and position <= self._committed):
            return None
        self._committed = position
        return position

    def rewind(self, offset: int) -> None:
        """The partition is sought back to ``offset``: nothing from it on is in flight now."""
        self._in_flight = {o: t for o, t in self._in_flight.items() if o < offset}
        if self._next_after_seen is not None:
            self._next_after_seen = min(self._next_after_seen, offset)
