"""Per-tenant quotas: how many integrations a tenant may connect and how often it may trigger a
sync by hand, so one tenant cannot crowd the fetchers out for everyone (issue 12, item 3).

Pure: the clock is passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from services.domain.errors import ReqstreamError


class IntegrationLimitReached(ReqstreamError):  # noqa: N818  (named for what happened)
    """The tenant already has the most active integrations the deployment allows."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"this tenant already has {limit} active integrations, the most allowed; "
            "disconnect one before connecting another"
        )
        self.limit = limit


def spacing_wait(
    recent: Sequence[datetime], now: datetime, *, limit: int, period: timedelta
) -> float:
    """Seconds until ``period / limit`` has passed since the latest event (0: it may go now).

    Holds the same ``limit`` per ``period`` as a sliding window, but spread evenly: a steady
    stream waits at most one spacing each, where a window lets a burst through and then holds
    the next event until the burst's oldest expires."""
    if not recent:
        return 0.0
    gap = period / limit
    return max(0.0, (max(recent) + gap - now).total_seconds())


def window_wait(
    recent: Sequence[datetime], now: datetime, *, limit: int, period: timedelta
) -> float:
    """Seconds until one more event fits ``limit`` per sliding ``period`` (0: it fits now)."""
    window = sorted(t for t in recent if t > now - period)
    if len(window) < limit:
        return 0.0
    oldest_that_must_expire = window[len(window) - limit]
    return max(0.0, (oldest_that_must_expire + period - now).total_seconds())
