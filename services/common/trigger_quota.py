"""Manual sync triggers per tenant per minute, counted in this process (each API replica
counts its own; the fetchers' start budget bounds the total across replicas)."""

from __future__ import annotations

import threading
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from services.domain.quotas import window_wait


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class TriggerQuota:
    per_period: int = 10
    period: timedelta = timedelta(minutes=1)
    clock: Callable[[], datetime] = _utcnow
    _recent: defaultdict[int, deque[datetime]] = field(default_factory=lambda: defaultdict(deque))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, tenant_id: int) -> float:
        """Count one trigger for ``tenant_id`` and return 0, or, over the quota, count nothing
        and return the seconds until one fits (a Retry-After)."""
        with self._lock:
            now = self.clock()
            recent = self._recent[tenant_id]
            while recent and recent[0] <= now - self.period:
                recent.popleft()
            wait = window_wait(recent, now, limit=self.per_period, period=self.period)
            if wait == 0:
                recent.append(now)
            return wait
