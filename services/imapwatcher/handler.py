"""The IMAP watcher's decisions, pure: which integrations a replica watches, when an IDLE is
re-issued, how long a reconnect waits, and which untagged responses mean new mail.

Ownership follows the consumer group on ``integration.imap.active``: a replica watches the
integrations recorded in the partitions assigned to it. ``OwnedPartitions`` is that table as
read so far; a partition counts only once it was read up to where it ended at assignment, so a
record later tombstoned in the same log never starts a watch. ``plan_watches`` compares the
table with the running watches.

RFC 2177: a server may drop an IDLE after 30 minutes of inactivity, so a client re-issues it
(DONE, then IDLE again) before that; 28 minutes leaves room for a slow round trip.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from schemas.contracts.codec import ValidationError, get_codec
from schemas.contracts.models import ImapWatch
from schemas.contracts.topics import Topic
from services.domain.errors import InvalidMessage

IDLE_RENEW_SECONDS = 28 * 60.0


@dataclass(frozen=True)
class WatchPlan:
    """Watches to stop (by integration id), then watches to start. A changed record is both.
    ``forget``: the stopped watches whose integration was disconnected (push state off)."""

    stop: tuple[int, ...] = ()
    start: tuple[ImapWatch, ...] = ()
    forget: tuple[int, ...] = ()


def decode_watch(key: bytes | None, value: bytes | None) -> tuple[int, ImapWatch | None]:
    """A record of ``integration.imap.active``: (integration id, its folder or None for a
    tombstone). InvalidMessage for a key that is no id or a value that breaks the contract."""
    try:
        integration_id = int((key or b"").decode())
    except (UnicodeDecodeError, ValueError):
        raise InvalidMessage(f"key {key!r} is no integration id") from None
    if value is None:
        return integration_id, None
    try:
        watch = get_codec(Topic.INTEGRATION_IMAP_ACTIVE).decode(value)
    except ValidationError as exc:
        raise InvalidMessage(str(exc)) from None
    if not isinstance(watch, ImapWatch) or watch.integration_id != integration_id:
        raise InvalidMessage(f"key {integration_id} carries another integration's record")
    return integration_id, watch


class OwnedPartitions:
    """The records of the partitions assigned to this replica (latest per integration)."""

    def __init__(self) -> None:
        self._records: dict[int, dict[int, ImapWatch]] = {}
        self._loaded: set[int] = set()

    def assigned(self, partitions: Iterable[int]) -> None:
        """Partitions newly assigned: each is read again from its beginning."""
        for partition in partitions:
            self._records[partition] = {}
            self._loaded.discard(partition)

    def revoked(self, partitions: Iterable[int]) -> None:
        """Partitions revoked or lost: their integrations are another replica's now."""
        for partition in partitions:
            self._records.pop(partition, None)
            self._loaded.discard(partition)

    def record(self, partition: int, integration_id: int, watch: ImapWatch | None) -> None:
        records = self._records.get(partition)
        if records is None:
            return  # revoked meanwhile
        if watch is None:
            records.pop(integration_id, None)
        else:
            records[integration_id] = watch

    def loaded(self, partition: int) -> None:
        """The partition was read up to its end as of its assignment."""
        if partition in self._records:
            self._loaded.add(partition)

    def loading(self) -> list[int]:
        return sorted(set(self._records) - self._loaded)

    def partitions(self) -> list[int]:
        return sorted(self._records)

    def wanted(self) -> dict[int, ImapWatch]:
        """The integrations to watch: those of every loaded partition."""
        return {
            integration_id: watch
            for partition in self._loaded
            for integration_id, watch in self._records[partition].items()
        }


def plan_watches(
    running: Mapping[int, ImapWatch], wanted: Mapping[int, ImapWatch], *, moving: bool = False
) -> WatchPlan:
    """Stop what is no longer wanted or whose record changed; start what is wanted and not
    running as recorded. What is no longer wanted was tombstoned (forgotten), unless the
    partitions are ``moving`` (revoked or lost): another replica watches those now."""
    stop = tuple(sorted(i for i, watch in running.items() if wanted.get(i) != watch))
    start = tuple(wanted[i] for i in sorted(wanted) if i not in running or running[i] != wanted[i])
    forget = () if moving else tuple(i for i in stop if i not in wanted)
    return WatchPlan(stop=stop, start=start, forget=forget)


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
