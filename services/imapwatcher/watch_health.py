"""What a watch records as its integration's push state, pure: ``active`` with a lease at every
IDLE (re-)issue, ``failed`` with a kind once connecting has failed ``FAILED_AFTER`` times in a
row (a single dropped connection that the next attempt mends is no failure worth showing), and
nothing when the failure is no fault of the mailbox (the integration went inactive, the
database did not answer).

The kind is one of three fixed words: the server's own text (which could quote a password or a
banner) never reaches the push row. The lease outlives a few missed refreshes, so a replica
that died shows as expiring (``services.domain.push.IMAP_IDLE``) until another takes over.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from services.domain.connect_failures import ConnectFailure

FAILED_AFTER = 3  # consecutive failed connects before the push state shows failed
LEASE_RENEWALS = 2  # IDLE re-issues a lease outlives
LEASE_SLACK_SECONDS = 60.0  # for a slow reconnect on top


class FailureKind(StrEnum):
    AUTH = "auth"  # the server refused the login, or there is nothing to log in with
    CONNECT = "connect"  # no usable connection (refused, unreachable, TLS, policy, timeout)
    PROTOCOL = "protocol"  # connected, but the server's answers did not do (folder, commands)


_PROTOCOL = frozenset(
    {ConnectFailure.PROTOCOL, ConnectFailure.COMMAND_REJECTED, ConnectFailure.FOLDER_UNAVAILABLE}
)


def kind_of(failure: ConnectFailure) -> FailureKind:
    if failure is ConnectFailure.AUTH_FAILED:
        return FailureKind.AUTH
    return FailureKind.PROTOCOL if failure in _PROTOCOL else FailureKind.CONNECT


def lease_seconds(renew_seconds: float) -> float:
    """How long an IDLE recorded now counts as held when no refresh follows."""
    return LEASE_RENEWALS * renew_seconds + LEASE_SLACK_SECONDS


@dataclass(frozen=True)
class RecordIdle:
    """Push state active: the IDLE is held for ``lease_seconds`` from now; no error."""

    lease_seconds: float


@dataclass(frozen=True)
class RecordFailed:
    """Push state failed with ``kind`` (the last lease stays: it tells when it was held)."""

    kind: FailureKind


@dataclass(frozen=True)
class WatchHealth:
    """One watch's consecutive failures, the failure it last recorded (None: none) and when
    (monotonic seconds) it last recorded its IDLE (None: not since it failed or started)."""

    failures: int = 0
    recorded: FailureKind | None = None
    idle_recorded_at: float | None = None

    def idling(self, *, now: float, renew_seconds: float) -> tuple[WatchHealth, RecordIdle | None]:
        """An IDLE was issued: recorded when none was since the watch started or failed, or
        the last record is ``renew_seconds`` old (the lease is refreshed); the IDLE rounds of a
        burst of mail write nothing."""
        last = self.idle_recorded_at
        if self.failures == 0 and last is not None and now - last < renew_seconds:
            return self, None
        return WatchHealth(idle_recorded_at=now), RecordIdle(lease_seconds(renew_seconds))

    def failed(self, kind: FailureKind | None) -> tuple[WatchHealth, RecordFailed | None]:
        """A connect or IDLE failed (``kind`` None: not the mailbox's fault, nothing to show).
        Recorded once the threshold is reached, and again only when the kind changes."""
        if kind is None:
            return self, None
        health = replace(self, failures=self.failures + 1)
        if health.failures < FAILED_AFTER or health.recorded is kind:
            return health, None
        return replace(health, recorded=kind), RecordFailed(kind)
