"""The requirements list's query parameters as one dependency: typed for the OpenAPI page,
then checked by services.domain.requirement_filters (a reversed rate range is a 422 like any
other bad parameter)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query
from fastapi.exceptions import RequestValidationError

from schemas.contracts.models import EmploymentType, Visa, WorkMode
from services.domain.requirement_filters import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    MAX_SEARCH_LENGTH,
    MAX_WINDOW_DAYS,
    FilterError,
    PageRequest,
    RateUnit,
    RequirementFilters,
    RequirementSort,
    RequirementStatus,
)


def requirement_filters(
    q: Annotated[
        str | None,
        Query(max_length=MAX_SEARCH_LENGTH, description="a word of the title or a skill"),
    ] = None,
    visa: Annotated[list[Visa] | None, Query(description="accepts any of these visas")] = None,
    location: Annotated[str | None, Query(max_length=200, description="part of it")] = None,
    work_mode: WorkMode | None = None,
    employment_type: Annotated[
        list[EmploymentType] | None, Query(description="offered as any of these")
    ] = None,
    rate_min: Annotated[
        float | None, Query(ge=0, description="its rate range reaches this")
    ] = None,
    rate_max: Annotated[
        float | None, Query(ge=0, description="its rate range starts below")
    ] = None,
    rate_unit: RateUnit | None = None,
    vendor: Annotated[
        str | None,
        Query(
            max_length=255,
            description="a vendor (its domain, company key or address, as /vendors lists it)",
        ),
    ] = None,
    state: Annotated[RequirementStatus | None, Query(alias="status")] = None,
    sort: Annotated[
        RequirementSort, Query(description="newest, or most distinct vendors (within days)")
    ] = "newest",
    days: Annotated[
        int | None,
        Query(ge=1, le=MAX_WINDOW_DAYS, description="count the vendors of the last N days"),
    ] = None,
) -> RequirementFilters:
    try:
        return RequirementFilters(
            q=(q or "").strip() or None,
            visa=tuple(visa or ()),
            location=(location or "").strip() or None,
            work_mode=work_mode,
            employment_type=tuple(employment_type or ()),
            rate_min=rate_min,
            rate_max=rate_max,
            rate_unit=rate_unit,
            vendor=(vendor or "").strip().lower() or None,
            status=state,
            sort=sort,
            days=days,
        )
    except FilterError as error:
        raise invalid(error) from None


def page_request(
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
) -> PageRequest:
    return PageRequest(offset=offset, limit=limit)


def invalid(error: FilterError) -> RequestValidationError:
    return RequestValidationError(
        [{"type": "value_error", "loc": ("query", error.field), "msg": error.reason}]
    )


FiltersDep = Annotated[RequirementFilters, Depends(requirement_filters)]
PageDep = Annotated[PageRequest, Depends(page_request)]
