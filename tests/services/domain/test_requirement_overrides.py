"""A recruiter's overrides as pure rules: pins of split sightings, merge chains, refusals."""

from __future__ import annotations

import pytest

from services.domain.requirement_overrides import (
    OverrideRefused,
    Pin,
    SightingKeys,
    check_merge,
    check_split,
    pinned_target,
    survivor,
)

PINS = [
    Pin(7, "apex.com", "wf88121", 1, "m-1"),
    Pin(9, "techvendor.com", None, 2, "m-2"),
]


def keys(
    vendor: str | None, job: str | None, integration: int = 5, message: str = "m-9"
) -> SightingKeys:
    return SightingKeys(vendor, job, integration, message)


def test_a_pin_holds_the_same_vendors_job_id_and_the_same_message() -> None:
    assert pinned_target(PINS, keys("apex.com", "wf88121")) == 7
    assert pinned_target(PINS, keys("techvendor.com", None, 2, "m-2")) == 9
    # another vendor with the same job id is matched as usual; so is a sighting without keys
    assert pinned_target(PINS, keys("other.com", "wf88121")) is None
    assert pinned_target(PINS, keys("techvendor.com", None)) is None
    # the latest split wins
    assert (
        pinned_target(
            [*PINS, Pin(11, "apex.com", "wf88121", 3, "m-3")], keys("apex.com", "wf88121")
        )
        == 11
    )


def test_a_merged_requirement_stands_for_the_end_of_its_chain() -> None:
    chain = {1: 2, 2: 3}
    assert survivor(1, chain.get) == 3
    assert survivor(4, chain.get) == 4
    with pytest.raises(OverrideRefused):
        survivor(1, {1: 2, 2: 1}.get)


def test_senseless_overrides_are_refused() -> None:
    with pytest.raises(OverrideRefused):
        check_merge(3, 3)
    check_merge(3, 4)
    with pytest.raises(OverrideRefused):
        check_split(1)
    check_split(2)
