"""The dead-letter ratio breaker (arroyo's ``DlqLimit``): a bad deploy that rejects most
messages stops the consumer instead of emptying its topic into the dead-letter topic."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass


class DeadLetterLimitExceeded(Exception):  # noqa: N818  (a stop signal, named after arroyo's)
    """More than the allowed share of a window of messages would be dead-lettered."""


@dataclass(frozen=True)
class DeadLetterLimit:
    """Trip when more than ``max_ratio`` of the last ``window`` routed messages were
    dead-lettered. Below a full window it never trips: a few poison messages at start-up are
    routine. ``max_ratio`` 1.0 disables the breaker."""

    max_ratio: float = 0.5
    window: int = 200  # messages

    def __post_init__(self) -> None:
        if not 0.0 <= self.max_ratio <= 1.0 or self.window < 1:
            raise ValueError(f"dead-letter limit: ratio in [0, 1], window ≥ 1, got {self}")


UNLIMITED = DeadLetterLimit(max_ratio=1.0)


class DeadLetterBreaker:
    """Counts the outcome of each routed message over a sliding window."""

    def __init__(self, limit: DeadLetterLimit) -> None:
        self._limit = limit
        self._window: deque[bool] = deque(maxlen=limit.window)  # True: dead-lettered
        self._dead = 0

    def passed(self) -> None:
        self._record(False)

    def dead_letter(self, reason: str) -> None:
        """Count a dead letter about to be produced; raise instead when it would exceed the
        limit (the message then stays uncommitted)."""
        size = self._limit.window
        evicted = self._window[0] if len(self._window) == size else False
        dead = self._dead + 1 - evicted  # in the window once this one is counted
        if min(len(self._window) + 1, size) == size and dead / size > self._limit.max_ratio:
            raise DeadLetterLimitExceeded(
                f"{dead} of the last {size} messages would be dead-lettered "
                f"(limit {self._limit.max_ratio:.0%}); last reason: {reason}"
            )
        self._record(True)

    def _record(self, dead: bool) -> None:
        if len(self._window) == self._limit.window:
            self._dead -= self._window[0]
        self._window.append(dead)
        self._dead += dead
