"""Requirements a jobwriter's batch held, kept for its next batches, each at its row version.

Why: every batch loaded every open requirement of its blocks (the rows, their JSON skills and
matching profiles) and, for those it joined, all their sightings, tallied again field by field:
mostly the same requirements as the batch before. A batch now asks the database which
requirements it may see and their row versions (``xmin``: the transaction that wrote that
version) under the same advisory locks as before, takes from the cache those it holds at that
version and loads only the others. A requirement written since by anyone (another replica, the
API's merges and splits, a closing notice) has another version and is read again, so nothing is
matched or written back from a state the database no longer has.

What a kept requirement holds besides its row (its sightings' tallies, vendors, job ids) only
changes with its sightings, and every writer of a sighting also writes its requirement's row
(a new version). A batch takes the requirements it uses out of the cache and hands them back
only when its transaction committed: an untouched one at the version it read, a changed one at
the version its own UPDATE returned, and only when the row that UPDATE returned is the one it
holds (a concurrent writer's change it waited for is not). A failed or rolled-back batch hands
nothing back; the next one reads those rows again. One consumer thread uses a cache (one per
store factory); it is bounded by clearing it when full at a commit.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from services.db.requirement_state import HeldRequirement


@dataclass
class RequirementCache:
    # a few KB each (row, tallies, sightings' rows): a few tens of MB at most
    max_requirements: int = 5_000
    _kept: dict[int, tuple[int, HeldRequirement]] = field(default_factory=dict)
    _staged: list[tuple[int, HeldRequirement]] = field(default_factory=list)
    # the order of new sightings among themselves across batches: a kept requirement's
    # sightings of an earlier batch stay before a later batch's (services.db.requirement_state)
    sequence: Iterator[int] = field(default_factory=itertools.count)

    def __len__(self) -> int:
        return len(self._kept)

    def take(self, requirement_id: int, version: int) -> HeldRequirement | None:
        """The requirement kept at exactly this version, out of the cache until a commit hands
        it back; None when not kept at that version."""
        kept = self._kept.pop(requirement_id, None)
        if kept is None or kept[0] != version:
            return None
        requirement = kept[1]
        requirement.touched = False
        return requirement

    def stage(self, version: int, requirement: HeldRequirement) -> None:
        """Keep ``requirement`` at ``version`` once this transaction commits."""
        self._staged.append((version, requirement))

    def committed(self) -> None:
        """The transaction committed: keep what it staged."""
        if len(self._kept) + len(self._staged) > self.max_requirements:
            self._kept.clear()
        for version, requirement in self._staged:
            assert requirement.id is not None
            self._kept[requirement.id] = (version, requirement)
        self._staged.clear()

    def rolled_back(self) -> None:
        """The transaction failed: what it took is read again next time."""
        self._staged.clear()
