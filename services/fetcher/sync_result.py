"""What a sync request comes to: its outcome label, the flow-control exceptions that make it wait,
and the ``SyncResult`` the wiring turns into messages (no Kafka here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from schemas.contracts.models import IntegrationError, RawEmail
from services.domain.errors import DependencyUnavailable

# reqstream_syncs_total{outcome}: what became of one sync request
SyncOutcome = Literal[
    "published",  # emails listed and published (possibly none new)
    "no_keywords",  # no candidate preferred roles: success without a search
    "already_finished",  # a redelivered request whose run had completed
    "rejected",  # integration inactive or not the user's: the run records why
    "coalesced",  # another request holds the integration's lease
    "deferred",  # a push sync waits for the running one, or for its mailbox's push budget
    "rate_limited",  # over the global start rate: the request waits and is retried
    "token_expired",  # credentials revoked: integration.error
    "configuration",  # bad integration configuration: integration.error
    "provider_unavailable",  # retries exhausted: the request is dead-lettered
    "unknown_integration",  # no such integration: the request is dead-lettered
]


class SyncRateLimited(DependencyUnavailable):
    # flow control, not a fault: every request waits alike, so it waits in place
    def __init__(self, retry_after: float, everyone_waits: float = 0.0) -> None:
        super().__init__(f"sync rate limit reached; next slot in {retry_after:.1f}s")
        self.retry_after = retry_after
        self.everyone_waits = everyone_waits  # the global budget's wait, for every tenant


class SyncDeferred(Exception):  # noqa: N818  (flow control, like SyncRateLimited)
    """A push sync waits ``retry_after`` s by itself and asks again: nothing was written, and
    its partition goes on meanwhile (only this request waits)."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"push sync deferred; asking again in {retry_after:.1f}s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class SyncResult:
    """What to publish, and what to do once the broker acknowledged it."""

    raw_emails: tuple[RawEmail, ...] = ()
    integration_error: IntegrationError | None = None
    after_delivery: Callable[[], None] | None = None


NOTHING = SyncResult()
