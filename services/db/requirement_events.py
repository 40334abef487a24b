"""requirement.updated for a change that is not a new sighting (a recruiter's merge or split,
a closing notice): the requirement's whole state after the change, read in its transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schemas.contracts.models import Rate, RequirementUpdated, SightingRef
from services.db.models import Requirement, RequirementSighting


def requirement_updated(
    session: Session,
    requirement_id: int,
    *,
    changed: Sequence[str],
    sighting: SightingRef | None = None,
) -> RequirementUpdated | None:
    """None for a requirement left without sightings (the contract counts at least one)."""
    requirement = session.get_one(Requirement, requirement_id)
    session.refresh(requirement)
    if requirement.sightings < 1:
        return None
    vendors = session.scalar(
        select(func.count(func.distinct(RequirementSighting.vendor_key))).where(
            RequirementSighting.requirement_id == requirement.id
        )
    )
    rate = (
        Rate(min=requirement.rate_min, max=requirement.rate_max, unit=requirement.rate_unit)
        if requirement.rate_unit in ("hour", "year")
        else None
    )
    fields: dict[str, Any] = {
        name: getattr(requirement, name)
        for name in (
            "tenant_id",
            "status",
            "title",
            "client",
            "location",
            "work_mode",
            "duration_months",
            "skills",
            "job_ref",
            "sightings",
            "first_seen_at",
            "last_seen_at",
        )
    }
    return RequirementUpdated.model_validate(
        {
            **fields,
            "requirement_id": requirement.id,
            "rate": rate,
            "vendors": vendors or 0,
            "sighting": sighting,
            "merged_into": requirement.merged_into_id,
            "changed_fields": list(changed),
        }
    )
