"""Whether a group member and its coordinator have stopped agreeing on what it holds: the
decision of the group self-check (``group_check.py``), without Kafka.

A KIP-848 member's coordinator keeps, for each member, a target assignment (what it should
hold) and an assignment (what it was given and acknowledged); the member holds what librdkafka
assigned it. They differ while a rebalance reconciles, a few heartbeats long. In a chaos run one
heartbeat timed out while a broker was down and the group never reconciled: a restarted member
held nothing while its target named partitions, the survivor held partitions its coordinator
had taken back, one partition was read by nobody for minutes. A member that disagrees with its
coordinator (or is missing from the group) in every look for ``stall_after`` seconds leaves the
group and joins again; a look that failed (the coordinator away) breaks the run of evidence.
The defaults and their reasons: ``services/common/settings.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

Partition = tuple[str, int]


def names(partitions: Iterable[Partition]) -> str:
    """``topic[partition]`` of each, sorted, for a log line; "none" for none."""
    return ", ".join(f"{topic}[{partition}]" for topic, partition in sorted(partitions)) or "none"


@dataclass(frozen=True)
class MemberView:
    """The coordinator's view of one member."""

    assignment: frozenset[Partition]
    target: frozenset[Partition]


@dataclass(frozen=True)
class Rejoin:
    """Leave the group and join again: why, for the log."""

    member_id: str
    held: frozenset[Partition]
    view: MemberView | None  # None: the group does not list the member
    seconds: float  # how long the disagreement lasted


class MembershipCheck:
    """Looks every ``every`` seconds; ``observe`` each answer, ``unknown`` a failed look."""

    def __init__(self, *, now: float, every: float, stall_after: float) -> None:
        self._every = every
        self._stall_after = stall_after
        self._next_look = now + every
        self._since: float | None = None  # the first look of the current disagreement

    def due(self, now: float) -> bool:
        """Whether to ask the coordinator now; asking makes the next look ``every`` later."""
        if now < self._next_look:
            return False
        self._next_look = now + self._every
        return True

    def unknown(self) -> None:
        """The look failed or the member has no id yet: no evidence either way."""
        self._since = None

    def observe(
        self, now: float, member_id: str, view: MemberView | None, held: frozenset[Partition]
    ) -> Rejoin | None:
        if view is not None and view.assignment == view.target == held:
            self._since = None
            return None
        if self._since is None:
            self._since = now
        seconds = now - self._since
        if seconds < self._stall_after:
            return None
        self._since = None  # the rejoin starts a new reconciliation: judge it afresh
        return Rejoin(member_id, held, view, seconds)
