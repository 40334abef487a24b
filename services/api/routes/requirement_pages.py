"""The recruiter's pages: the requirements list (search, filters, sort, pages, a CSV download
of the filtered list), one requirement with its sightings, and the vendors table.

They live under the run-history page's path because its sign-in session cookie is scoped to
that path and accepted by no route outside it; an API key in a header works as well. Filters
are read from the query string as a browser form sends them (blank fields mean any), so a bad
value shows the form again with the reason instead of a JSON error.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from services.api.deps import SessionDep
from services.api.requirement_csv import csv_response
from services.api.requirement_html import (
    REQUIREMENTS_CSV,
    REQUIREMENTS_PAGE,
    VENDORS_PAGE,
    render_not_found,
    render_requirement,
    render_requirements,
    render_vendors,
)
from services.api.requirement_models import RequirementDetail, RequirementSummary, VendorPublic
from services.api.routes.pages import PageCallerDep, sign_in_page
from services.db.requirement_detail import requirement_view
from services.db.requirement_search import export_requirements, search_requirements
from services.db.vendor_views import vendor_sightings
from services.domain.requirement_filters import (
    MAX_WINDOW_DAYS,
    FilterError,
    ListRequest,
    parse_filters,
)
from services.domain.vendor_stats import vendor_stats

router = APIRouter(tags=["pages"])
MAX_QUERY_FIELDS = 60  # a form has ~25 fields; more is not a browser
NO_STORE = {"Cache-Control": "no-store"}


def _query(request: Request) -> ListRequest:
    return parse_filters(
        parse_qs(request.url.query, keep_blank_values=True, max_num_fields=MAX_QUERY_FIELDS)
    )


@router.get(REQUIREMENTS_PAGE, response_class=HTMLResponse, response_model=None)
def requirements_page(request: Request, session: SessionDep, caller: PageCallerDep) -> Response:
    """The requirements list page (HTML), filtered by its form."""
    if caller.tenant_id is None:
        return sign_in_page(request, failed=caller.offered)
    try:
        asked = _query(request)
    except (FilterError, ValueError) as error:
        body = render_requirements(
            filters=ListRequest().filters,
            page=ListRequest().page,
            rows=[],
            total=0,
            error=str(error),
        )
        return HTMLResponse(body, status.HTTP_422_UNPROCESSABLE_CONTENT, headers=NO_STORE)
    found = search_requirements(
        session,
        tenant_id=caller.tenant_id,
        filters=asked.filters,
        page=asked.page,
        now=datetime.now(UTC),
    )
    body = render_requirements(
        filters=asked.filters,
        page=asked.page,
        rows=[RequirementSummary.from_row(row) for row in found.rows],
        total=found.total,
    )
    return HTMLResponse(body, headers=NO_STORE)


@router.get(REQUIREMENTS_CSV, response_class=Response, response_model=None)
def requirements_page_csv(request: Request, session: SessionDep, caller: PageCallerDep) -> Response:
    """The list page's CSV download: the same filters, every page."""
    if caller.tenant_id is None:
        return sign_in_page(request, failed=caller.offered)
    try:
        asked = _query(request)
    except (FilterError, ValueError) as error:
        return PlainTextResponse(str(error), status.HTTP_422_UNPROCESSABLE_CONTENT)
    export = export_requirements(
        session, tenant_id=caller.tenant_id, filters=asked.filters, now=datetime.now(UTC)
    )
    return csv_response(export)


@router.get(
    REQUIREMENTS_PAGE + "/{requirement_id}", response_class=HTMLResponse, response_model=None
)
def requirement_page(
    requirement_id: int, request: Request, session: SessionDep, caller: PageCallerDep
) -> Response:
    """One requirement's page (HTML): its sightings with evidence, and its history."""
    if caller.tenant_id is None:
        return sign_in_page(request, failed=caller.offered)
    view = requirement_view(session, tenant_id=caller.tenant_id, requirement_id=requirement_id)
    if view is None:
        return HTMLResponse(render_not_found(), status.HTTP_404_NOT_FOUND, headers=NO_STORE)
    return HTMLResponse(render_requirement(RequirementDetail.from_view(view)), headers=NO_STORE)


@router.get(VENDORS_PAGE, response_class=HTMLResponse, response_model=None)
def vendors_page(
    request: Request,
    session: SessionDep,
    caller: PageCallerDep,
    days: Annotated[str | None, Query(description="only the last N days (blank: all)")] = None,
) -> Response:
    """The vendors page (HTML): per vendor, requirements, duplicate and client shares, rates."""
    if caller.tenant_id is None:
        return sign_in_page(request, failed=caller.offered)
    window = int(days) if days and days.isdigit() and 0 < int(days) <= MAX_WINDOW_DAYS else None
    since = None if window is None else datetime.now(UTC) - timedelta(days=window)
    rows = vendor_sightings(session, tenant_id=caller.tenant_id, since=since)
    vendors = [VendorPublic.from_stats(stats) for stats in vendor_stats(rows)]
    return HTMLResponse(render_vendors(vendors, days=window), headers=NO_STORE)
