"""Requirements API: a tenant's requirements (however many vendors and mailboxes sent each),
searched, filtered, sorted and paged, as JSON or CSV, and one requirement with its sightings
and field history. Scoped to the caller's tenant; another tenant's requirement is a 404."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Response, status

from services.api.deps import SessionDep, TenantDep
from services.api.requirement_csv import csv_response
from services.api.requirement_models import RequirementDetail, RequirementSummary
from services.api.requirement_params import FiltersDep, PageDep
from services.db.requirement_detail import requirement_view
from services.db.requirement_search import export_requirements, search_requirements

router = APIRouter(tags=["requirements"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such requirement in the caller's tenant"}
}
CSV_BODY: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "One row per requirement"}
}


@router.get("/requirements")
def requirements(
    tenant_id: TenantDep,
    session: SessionDep,
    filters: FiltersDep,
    page: PageDep,
    response: Response,
) -> list[RequirementSummary]:
    """The tenant's requirements, newest first or by how many vendors sent each; the total
    is in X-Total-Count."""
    found = search_requirements(
        session, tenant_id=tenant_id, filters=filters, page=page, now=datetime.now(UTC)
    )
    response.headers["X-Total-Count"] = str(found.total)
    return [RequirementSummary.from_row(row) for row in found.rows]


@router.get("/requirements.csv", response_class=Response, responses=CSV_BODY)
def requirements_export(tenant_id: TenantDep, session: SessionDep, filters: FiltersDep) -> Response:
    """The filtered list as CSV (all pages), formula-safe."""
    export = export_requirements(
        session, tenant_id=tenant_id, filters=filters, now=datetime.now(UTC)
    )
    return csv_response(export)


@router.get("/requirements/{requirement_id}", responses=NOT_FOUND)
def requirement(
    requirement_id: int, tenant_id: TenantDep, session: SessionDep
) -> RequirementDetail:
    """One requirement with every sighting (who sent it, to which mailbox, when, at what
    rate, with evidence) and its field history."""
    view = requirement_view(session, tenant_id=tenant_id, requirement_id=requirement_id)
    if view is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "requirement not found")
    return RequirementDetail.from_view(view)
