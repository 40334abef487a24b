"""A recruiter's merges and splits of requirements, and the jobwriter's hook that respects them
(services.domain.requirement_overrides has the rules).

``merge`` moves a requirement's sightings to another and leaves it "merged" with a pointer;
``split`` moves one sighting into a new requirement and pins later sightings of that vendor's
job id, or of that message, to it. Both run in the caller's transaction and take the
advisory locks the jobwriter takes for the requirements' blocks and job ids
(services.db.requirements), so a sighting being matched concurrently waits and then sees the
override (services.db.requirement_pins is how the jobwriter respects it). Each override
returns the events of the requirements it changed; calling it again after it was applied
changes nothing and returns them again (so a client may retry until the events are sent).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from schemas.contracts.models import RequirementCreated, RequirementUpdated
from services.db.advisory_locks import lock_all
from services.db.models import (
    Requirement,
    RequirementHistory,
    RequirementOverride,
    RequirementSighting,
)
from services.db.requirement_canonical import as_job, refresh_canonical
from services.db.requirement_events import requirement_updated
from services.db.requirement_pins import merged_into
from services.domain import requirement_overrides as rules
from services.domain import requirements as matching

OverrideEvent = RequirementCreated | RequirementUpdated
OverrideRefused = rules.OverrideRefused


@dataclass(frozen=True)
class OverrideResult:
    """The requirement the override leaves the sightings in, and the events to publish."""

    requirement_id: int
    events: list[OverrideEvent]


def merge(
    session: Session, *, tenant_id: int, requirement_id: int, into_id: int, now: datetime
) -> OverrideResult | None:
    """Merge ``requirement_id`` into ``into_id`` (or into what that one was merged into); None
    when either is not the tenant's. Raises OverrideRefused for a merge into itself."""
    if _owned(session, tenant_id, requirement_id) is None or (
        _owned(session, tenant_id, into_id) is None
    ):
        return None
    _lock_blocks(session, tenant_id, [requirement_id, into_id])
    source = _locked(session, requirement_id)
    survivor_id = rules.survivor(into_id, merged_into(session))
    if source.status == rules.MERGED:
        if rules.survivor(source.id, merged_into(session)) != survivor_id:
            raise OverrideRefused(f"requirement {source.id} was merged into another one")
        return _merged_events(session, source.id, survivor_id, changed=())  # a retry
    rules.check_merge(source.id, survivor_id)
    target = _locked(session, survivor_id)
    moved = session.scalars(
        update(RequirementSighting)
        .where(RequirementSighting.requirement_id == source.id)
        .values(requirement_id=target.id)
        .returning(RequirementSighting.id)
    ).all()
    # earlier merges into the source now point at the survivor: chains stay one step long
    session.execute(
        update(Requirement)
        .where(Requirement.merged_into_id == source.id)
        .values(merged_into_id=target.id)
    )
    old_status = source.status
    source.status = rules.MERGED
    source.merged_into_id = target.id
    source.updated_at = now
    session.add_all(
        [
            RequirementHistory(
                requirement_id=source.id, field="status", old_value=old_status, new_value="merged"
            ),
            RequirementHistory(requirement_id=target.id, field="merged_from", new_value=source.id),
            RequirementOverride(
                tenant_id=tenant_id, kind="merge", requirement_id=source.id, target_id=target.id
            ),
        ]
    )
    first_seen = min(target.first_seen_at, source.first_seen_at)
    last_seen = max(target.last_seen_at, source.last_seen_at)
    changed = (
        refresh_canonical(session, target, min(moved), now=now, seen_at=last_seen) if moved else ()
    )
    target.first_seen_at = first_seen
    session.flush()
    return _merged_events(session, source.id, target.id, changed=(*changed, "sightings"))


def split(
    session: Session, *, tenant_id: int, requirement_id: int, sighting_id: int, now: datetime
) -> OverrideResult | None:
    """Move one sighting of ``requirement_id`` into a requirement of its own; None when the
    requirement is not the tenant's or the sighting is not (or was not, before an earlier
    split of it) one of its sightings. Raises OverrideRefused for its only sighting."""
    requirement = _owned(session, tenant_id, requirement_id)
    sighting = session.get(RequirementSighting, sighting_id)
    if requirement is None or sighting is None or sighting.tenant_id != tenant_id:
        return None
    if sighting.requirement_id != requirement.id:
        earlier = session.scalar(
            select(RequirementOverride.target_id).where(
                RequirementOverride.kind == "split",
                RequirementOverride.requirement_id == requirement.id,
                RequirementOverride.sighting_id == sighting.id,
            )
        )
        if earlier is None or earlier != sighting.requirement_id:
            return None
        return _split_events(session, requirement.id, earlier, changed=())  # a retry
    _lock_blocks(session, tenant_id, [requirement.id])
    requirement = _locked(session, requirement.id)
    rules.check_split(requirement.sightings)
    seen_at = sighting.received_at or sighting.created_at
    single = Requirement(
        tenant_id=tenant_id,
        block_key="",
        status="open",
        title=sighting.title,
        skills=list(sighting.skills),
        sightings=0,
        first_seen_at=seen_at,
        last_seen_at=seen_at,
    )
    session.add(single)
    session.flush()
    sighting.requirement_id = single.id
    session.flush()
    refresh_canonical(session, single, sighting.id, now=now, seen_at=seen_at)
    single.block_key = matching.block_key(matching.profile(as_job(single)))
    session.add_all(
        [
            RequirementOverride(
                tenant_id=tenant_id,
                kind="split",
                requirement_id=requirement.id,
                target_id=single.id,
                sighting_id=sighting.id,
                vendor_domain=sighting.vendor_domain,
                vendor_key=sighting.vendor_key,
                job_ref_key=sighting.job_ref_key,
                integration_id=sighting.integration_id,
                provider_message_id=sighting.provider_message_id,
            ),
            RequirementHistory(
                requirement_id=requirement.id,
                sighting_id=sighting.id,
                field="split_into",
                new_value=single.id,
            ),
        ]
    )
    changed = refresh_canonical(session, requirement, sighting.id, now=now, seen_at=seen_at)
    return _split_events(session, requirement.id, single.id, changed=(*changed, "sightings"))


def _owned(session: Session, tenant_id: int, requirement_id: int) -> Requirement | None:
    found = session.get(Requirement, requirement_id)
    return found if found is not None and found.tenant_id == tenant_id else None


def _locked(session: Session, requirement_id: int) -> Requirement:
    return session.scalars(
        select(Requirement)
        .where(Requirement.id == requirement_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _lock_blocks(session: Session, tenant_id: int, requirement_ids: Sequence[int]) -> None:
    """The jobwriter's locks for these requirements: their blocks and their sightings' job ids
    (the two ways a new sighting finds a candidate)."""
    blocks = session.scalars(
        select(Requirement.block_key).where(Requirement.id.in_(requirement_ids))
    ).all()
    refs = session.scalars(
        select(RequirementSighting.job_ref_key)
        .where(
            RequirementSighting.requirement_id.in_(requirement_ids),
            RequirementSighting.job_ref_key.is_not(None),
        )
        .distinct()
    ).all()
    names = [f"block|{block}" for block in blocks]
    names += [f"job|{ref}" for ref in refs if ref]
    lock_all(session, [(tenant_id, name) for name in names])


def _merged_events(
    session: Session, source_id: int, target_id: int, *, changed: Sequence[str]
) -> OverrideResult:
    events = [
        requirement_updated(session, target_id, changed=changed),
        requirement_updated(session, source_id, changed=("status",)),
    ]
    return OverrideResult(target_id, [event for event in events if event is not None])


def _split_events(
    session: Session, requirement_id: int, single_id: int, *, changed: Sequence[str]
) -> OverrideResult:
    events: list[OverrideEvent] = []
    created = requirement_updated(session, single_id, changed=())
    if created is not None:
        events.append(
            RequirementCreated.model_validate(created.model_dump(exclude={"changed_fields"}))
        )
    updated = requirement_updated(session, requirement_id, changed=changed)
    if updated is not None:
        events.append(updated)
    return OverrideResult(single_id, events)
