"""Reading the requirements list's filters from a query string, and writing them back."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import pytest

from schemas.contracts.models import EmploymentType, Visa, WorkMode
from services.domain.requirement_filters import (
    FilterError,
    PageRequest,
    RequirementFilters,
    filter_params,
    parse_filters,
)


def test_a_form_with_blank_fields_means_no_filter() -> None:
    blank = "q=&visa=&location=+&work_mode=&rate_min=&rate_max=&sort=&days=&offset=&limit="
    parsed = parse_filters(parse_qs(blank, keep_blank_values=True))
    assert parsed.filters == RequirementFilters()
    assert parsed.page == PageRequest()


def test_every_filter_is_read_and_enums_take_any_case() -> None:
    query = (
        "q=+java+&visa=h1b&visa=GC&location=Charlotte&work_mode=REMOTE&employment_type=c2c"
        "&rate_min=60&rate_max=80.5&rate_unit=hour&vendor=Apex.COM&status=open&sort=vendors"
        "&days=7&offset=50&limit=25"
    )
    parsed = parse_filters(parse_qs(query))
    assert parsed.filters == RequirementFilters(
        q="java",
        visa=(Visa.H1B, Visa.GC),
        location="Charlotte",
        work_mode=WorkMode.REMOTE,
        employment_type=(EmploymentType.C2C,),
        rate_min=60.0,
        rate_max=80.5,
        rate_unit="hour",
        vendor="apex.com",
        status="open",
        sort="vendors",
        days=7,
    )
    assert parsed.page == PageRequest(offset=50, limit=25)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("visa=martian", "visa"),
        ("work_mode=moon", "work_mode"),
        ("employment_type=salaried", "employment_type"),
        ("rate_min=cheap", "rate_min"),
        ("rate_min=-5", "rate_min"),
        ("rate_max=nan", "rate_max"),
        ("rate_min=90&rate_max=60", "rate_max"),
        ("rate_unit=week", "rate_unit"),
        ("status=lost", "status"),
        ("status=merged2", "status"),
        ("sort=random", "sort"),
        ("days=0", "days"),
        ("days=366", "days"),
        ("days=-1", "days"),
        ("offset=-1", "offset"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_an_unreadable_value_names_its_field(query: str, field: str) -> None:
    with pytest.raises(FilterError) as raised:
        parse_filters(parse_qs(query))
    assert raised.value.field == field


def test_filters_written_back_read_the_same() -> None:
    filters = RequirementFilters(
        q="data <analyst>",
        visa=(Visa.USC, Visa.EAD),
        employment_type=(EmploymentType.W2,),
        rate_min=55.0,
        rate_max=72.5,
        sort="vendors",
        days=3,
    )
    params = filter_params(filters)
    assert params == [
        ("q", "data <analyst>"),
        ("visa", "USC"),
        ("visa", "EAD"),
        ("employment_type", "W2"),
        ("rate_min", "55"),
        ("rate_max", "72.5"),
        ("sort", "vendors"),
        ("days", "3"),
    ]
    assert parse_filters(parse_qs(urlencode(params))).filters == filters
    assert filter_params(RequirementFilters()) == []


def test_pages_step_by_their_size_and_stop_at_the_total() -> None:
    assert PageRequest(offset=0, limit=20).next_offset(45) == 20
    assert PageRequest(offset=40, limit=20).next_offset(45) is None
    assert PageRequest(offset=0, limit=20).previous_offset() is None
    assert PageRequest(offset=10, limit=20).previous_offset() == 0
    assert PageRequest(offset=40, limit=20).previous_offset() == 20
