"""A recruiter's overrides of the matching, as pure rules.

A **merge** of requirement A into B says they are one: A's sightings move to B, A stays as a
"merged" pointer, and a later sighting that matches A attaches to B (``survivor`` follows the
pointers). A **split** of a sighting out of its requirement says it is another requirement: it
gets its own, and the split leaves a ``Pin`` so later sightings of that vendor's job id, or of
the same message, go to the split-out requirement instead of re-joining (``pinned_target``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

# the next requirement in a chain of merges (None at its end)
MergedInto = Callable[[int], int | None]
# the statuses a new sighting may be matched against: a merged one stands for its survivor
MATCHABLE_STATUSES = ("open", "merged")
MERGED = "merged"
# a chain of merges longer than this is a cycle (merge refuses them; a guard, not a limit)
MAX_MERGE_CHAIN = 64


class OverrideRefused(ValueError):
    """An override that would make no sense (merging a requirement into itself, splitting a
    requirement's only sighting)."""


@dataclass(frozen=True)
class Pin:
    """What a split leaves behind: later sightings with these keys belong to ``target_id``."""

    target_id: int
    vendor: str | None  # the split sighting's vendor key (services.domain.vendor_identity)
    job_ref_key: str | None
    integration_id: int | None
    provider_message_id: str | None


@dataclass(frozen=True)
class SightingKeys:
    """The keys of a new sighting that a pin may match."""

    vendor: str | None  # its vendor key
    job_ref_key: str | None
    integration_id: int
    provider_message_id: str


def pinned_target(pins: Sequence[Pin], keys: SightingKeys) -> int | None:
    """The requirement the latest matching pin (pins oldest first) names: the same message, or
    the same vendor's same job id."""
    for pin in reversed(pins):
        same_message = (pin.integration_id, pin.provider_message_id) == (
            keys.integration_id,
            keys.provider_message_id,
        )
        same_vendor_job = (
            pin.job_ref_key is not None
            and pin.job_ref_key == keys.job_ref_key
            and pin.vendor == keys.vendor
        )
        if same_message or same_vendor_job:
            return pin.target_id
    return None


def survivor(requirement_id: int, merged_into: MergedInto) -> int:
    """The requirement a chain of merges ends at (``merged_into`` gives the next one, None at
    the end)."""
    current = requirement_id
    for _ in range(MAX_MERGE_CHAIN):
        following = merged_into(current)
        if following is None:
            return current
        current = following
    raise OverrideRefused(f"merge chain from requirement {requirement_id} does not end")


def check_merge(source_id: int, target_survivor_id: int) -> None:
    """A requirement cannot be merged into itself, nor into one merged into it."""
    if source_id == target_survivor_id:
        raise OverrideRefused("a requirement cannot be merged into itself")


def check_split(sightings_of_requirement: int) -> None:
    """Splitting the only sighting out would leave an empty requirement behind."""
    if sightings_of_requirement <= 1:
        raise OverrideRefused("the requirement's only sighting cannot be split out")
