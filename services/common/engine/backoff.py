"""How long a partition waits after a dependency outage before its message is tried again."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    base: float = 1.0  # seconds
    cap: float = 30.0  # seconds

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        jitter = random.uniform(0, self.base)  # noqa: S311  (jitter, not cryptography)
        computed: float = min(self.cap, self.base * 2**attempt) + jitter
        return max(computed, retry_after or 0.0)


NO_BACKOFF = Backoff(base=0.0, cap=0.0)  # tests: retry at the next poll
