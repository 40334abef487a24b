"""The IMAP watcher's decisions, pure: which integrations a replica watches, when an IDLE is
re-issued, how long a reconnect waits, and which untagged responses mean new mail.

RFC 2177: a server may drop an IDLE after 30 minutes of inactivity, so a client re-issues it
(DONE, then IDLE again) before that; 28 minutes leaves room for a slow round trip.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

IDLE_RENEW_SECONDS = 28 * 60.0


def owns(integration_id: int, *, replica_index: int, replicas: int) -> bool:
    """Replica ``replica_index`` of ``replicas`` watches the integrations whose id falls to it:
    a fixed split every replica computes alike, with no coordination (README, IMAP push)."""
    return integration_id % replicas == replica_index


def idle_wait_seconds(
    *, idle_started: float, now: float, renew_every: float = IDLE_RENEW_SECONDS
) -> float:
    """How long to wait for responses before the running IDLE must be re-issued (0: now)."""
    return max(0.0, idle_started + renew_every - now)


def backoff_seconds(failures: int, *, base: float, cap: float) -> float:
    """The wait before reconnecting after ``failures`` consecutive failures (0 before the
    first): exponential from ``base``, at most ``cap``, so a server that is down is not
    hammered and one that is back is retried within ``cap``."""
    if failures <= 0:
        return 0.0
    return min(cap, base * float(2 ** min(failures - 1, 32)))


def has_new_mail(responses: Iterable[Any]) -> bool:
    """Whether IDLE's untagged responses (IMAPClient's tuples, e.g. ``(3, b"EXISTS")``) say a
    message arrived. EXPUNGE and FETCH (flag changes) bring nothing to sync."""
    return any(
        isinstance(r, tuple)
        and len(r) >= 2
        and isinstance(r[1], bytes)
        and r[1].upper() == b"EXISTS"
        for r in responses
    )
