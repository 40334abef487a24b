"""A requirement's canonical fields recomputed from its sightings in the database, for the
changes that are not a batch of new sightings (a recruiter's merge or split,
services.db.requirement_overrides). The jobwriter's batches do the same in memory
(services.db.requirement_state), with the same rule.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from schemas.contracts.models import ExtractedJob
from services.db import requirement_loads as loads
from services.db import requirement_state as state
from services.db.models import Requirement, RequirementHistory


def as_job(requirement: Requirement) -> ExtractedJob:
    """A requirement row's canonical fields as a job, for its matching profile."""
    return state.as_job({name: getattr(requirement, name) for name in (*state.CANONICAL, "skills")})


def refresh_canonical(
    session: Session,
    requirement: Requirement,
    sighting_id: int | None,
    *,
    now: datetime,
    seen_at: datetime,
) -> tuple[str, ...]:
    """Recompute the canonical fields from all sightings; a changed one keeps its old value in
    requirement_history (with ``sighting_id``, the sighting that changed it)."""
    held = state.HeldRequirement(
        id=requirement.id,
        tenant_id=requirement.tenant_id,
        block_key=requirement.block_key,
        status=requirement.status,
        fields={name: getattr(requirement, name) for name in (*state.CANONICAL, "skills")},
        sightings=requirement.sightings,
        first_seen_at=requirement.first_seen_at,
        last_seen_at=requirement.last_seen_at,
    )
    for row in session.execute(loads.sightings_query([requirement.id])):
        held.add(state.held_sighting(row), row.job_ref_key)
    changed: list[str] = []
    for field, (old, new) in held.recompute().items():
        if requirement.sightings:  # a new requirement has no earlier value to keep
            session.add(
                RequirementHistory(
                    requirement_id=requirement.id,
                    sighting_id=sighting_id,
                    field=field,
                    old_value=old,
                    new_value=new,
                )
            )
            changed.append(field)
        setattr(requirement, field, new)
    requirement.sightings = held.held_sightings
    requirement.last_seen_at = max(requirement.last_seen_at, seen_at)
    requirement.first_seen_at = min(requirement.first_seen_at, seen_at)
    requirement.updated_at = now
    session.flush()
    return tuple(changed)
