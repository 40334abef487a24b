"""What a batch of requirement sightings tells its caller (services.db.requirements): a result
per kept job, with the requirement.created/updated event to publish after the commit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemas.contracts.models import (
    ParsedEmail,
    Rate,
    RequirementCreated,
    RequirementUpdated,
    SightingRef,
)
from services.db import requirement_state as state
from services.domain import requirements as rules

RequirementEvent = RequirementCreated | RequirementUpdated


@dataclass(frozen=True)
class SightingResult:
    requirement_id: int
    job_index: int
    # False for a redelivered sighting (nothing was written)
    new_sighting: bool
    new_requirement: bool
    changed_fields: tuple[str, ...] = ()
    # what to publish after the commit (again for a redelivered sighting)
    event: RequirementEvent | None = None


@dataclass
class Outcome:
    """One job's sighting, until the batch is written and its ids are known."""

    requirement: state.HeldRequirement
    job_index: int
    new_sighting: bool
    new_requirement: bool
    changed: tuple[str, ...]
    snapshot: dict[str, Any]  # the requirement's state for the event, at this job


def snapshot(
    requirement: state.HeldRequirement, parsed: ParsedEmail, job_index: int
) -> dict[str, Any]:
    """The event's fields but the id: the requirement's state after this job's sighting."""
    fields = requirement.fields
    rate = (
        Rate(min=fields.get("rate_min"), max=fields.get("rate_max"), unit=fields["rate_unit"])
        if fields.get("rate_unit") in ("hour", "year")
        else None
    )
    return {
        "tenant_id": requirement.tenant_id,
        "status": requirement.status,
        "title": fields["title"],
        "client": fields.get("client"),
        "location": fields.get("location"),
        "work_mode": fields.get("work_mode"),
        "duration_months": fields.get("duration_months"),
        "rate": rate,
        "skills": list(fields.get("skills") or ()),
        "job_ref": fields.get("job_ref"),
        "sightings": requirement.sightings,
        "vendors": len(requirement.vendors),
        "first_seen_at": requirement.first_seen_at,
        "last_seen_at": requirement.last_seen_at,
        "sighting": SightingRef(
            integration_id=parsed.integration_id,
            provider_message_id=parsed.provider_message_id,
            job_index=job_index,
            vendor_domain=rules.vendor_domain(parsed.sender),
            received_at=parsed.received_at,
        ),
    }


def result(outcome: Outcome) -> SightingResult:
    requirement_id = outcome.requirement.id
    assert requirement_id is not None  # written by now
    fields = {**outcome.snapshot, "requirement_id": requirement_id}
    event: RequirementEvent = (
        RequirementCreated.model_validate(fields)
        if outcome.new_requirement
        else RequirementUpdated.model_validate({**fields, "changed_fields": list(outcome.changed)})
    )
    return SightingResult(
        requirement_id,
        outcome.job_index,
        new_sighting=outcome.new_sighting,
        new_requirement=outcome.new_requirement,
        changed_fields=outcome.changed,
        event=event,
    )
