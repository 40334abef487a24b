"""The requirement cache's bookkeeping (services.db.requirement_cache), without a database: a
requirement comes back only at the version it was kept at, only after a commit, and is out of
the cache while a batch uses it."""

from __future__ import annotations

from datetime import UTC, datetime

from services.db.requirement_cache import RequirementCache
from services.db.requirement_state import HeldRequirement

SEEN = datetime(2026, 12, 1, tzinfo=UTC)


def held(requirement_id: int) -> HeldRequirement:
    return HeldRequirement(
        id=requirement_id,
        tenant_id=1,
        block_key="developer|NC",
        status="open",
        fields={"title": "Java Developer", "skills": []},
        sightings=1,
        first_seen_at=SEEN,
        last_seen_at=SEEN,
    )


def test_kept_only_at_its_version_and_after_a_commit() -> None:
    cache = RequirementCache()
    requirement = held(7)
    cache.stage(100, requirement)
    assert cache.take(7, 100) is None  # not committed yet
    cache.committed()
    assert cache.take(7, 101) is None  # another version: read again, and no longer kept
    assert cache.take(7, 100) is None
    cache.stage(100, requirement)
    cache.committed()
    requirement.touched = True
    assert cache.take(7, 100) is requirement
    assert requirement.touched is False  # a new batch's
    assert cache.take(7, 100) is None  # out while a batch uses it


def test_a_rolled_back_transaction_keeps_nothing() -> None:
    cache = RequirementCache()
    cache.stage(100, held(7))
    cache.rolled_back()
    cache.committed()
    assert len(cache) == 0


def test_full_cache_starts_over() -> None:
    cache = RequirementCache(max_requirements=2)
    for n in range(2):
        cache.stage(100, held(n))
    cache.committed()
    cache.stage(100, held(5))
    cache.committed()
    assert len(cache) == 1
    assert cache.take(5, 100) is not None
