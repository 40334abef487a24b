"""Requirements API: a tenant's requirements (however many vendors and mailboxes sent each) and
one requirement with its sightings. Scoped to the caller's tenant; another tenant's
requirement is a 404."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status

from services.api.deps import SessionDep, TenantDep
from services.api.requirement_models import (
    RequirementDetail,
    RequirementSummary,
    SightingPublic,
)
from services.db.models import Requirement
from services.db.requirement_views import RequirementSort, get_requirement, list_requirements

router = APIRouter()
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such requirement in the caller's tenant"}
}


def _summary(requirement: Requirement, vendors: int) -> RequirementSummary:
    return RequirementSummary.model_validate(_fields(requirement, vendors))


def _fields(requirement: Requirement, vendors: int) -> dict[str, object]:
    names = RequirementSummary.model_fields.keys() - {"vendors"}
    return {**{name: getattr(requirement, name) for name in names}, "vendors": vendors}


@router.get("/requirements", tags=["requirements"])
def requirements(
    tenant_id: TenantDep,
    session: SessionDep,
    q: Annotated[str | None, Query(description="a word of the title or a skill")] = None,
    state: Annotated[
        str | None, Query(alias="status", pattern="^(open|closed|on_hold|merged)$")
    ] = None,
    sort: RequirementSort = "newest",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[RequirementSummary]:
    """The tenant's requirements, newest first or by how many vendors sent each."""
    rows = list_requirements(
        session, tenant_id=tenant_id, query=q, status=state, sort=sort, limit=limit
    )
    return [_summary(row.requirement, row.vendors) for row in rows]


@router.get("/requirements/{requirement_id}", responses=NOT_FOUND, tags=["requirements"])
def requirement(
    requirement_id: int, tenant_id: TenantDep, session: SessionDep
) -> RequirementDetail:
    """One requirement with every sighting: who sent it, when, at what rate, with evidence."""
    found = get_requirement(session, tenant_id=tenant_id, requirement_id=requirement_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "requirement not found")
    row, sightings = found
    vendors = len({s.vendor_domain for s in sightings if s.vendor_domain})
    return RequirementDetail.model_validate(
        {
            **_fields(row, vendors),
            "sighting_list": [SightingPublic.model_validate(s) for s in sightings],
        }
    )
