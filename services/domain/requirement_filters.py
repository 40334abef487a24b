"""What a recruiter asks of the requirements list: search, filters, sort, page.

``RequirementFilters`` is the one parsed form every reader takes (the JSON list, the CSV export,
the HTML page); ``parse_filters`` reads it from query-string values as a browser form sends them
(blank fields mean "any", enum values in any case) and raises ``FilterError`` with the field to
fix; ``filter_params`` writes it back, so a page's next-page and CSV links keep its filters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, Literal, TypeVar, get_args

from schemas.contracts.models import EmploymentType, Visa, WorkMode
from services.domain.errors import ReqstreamError

RequirementSort = Literal["newest", "vendors"]
# "merged": a recruiter merged it into another; the list leaves it out unless asked for
RequirementStatus = Literal["open", "closed", "on_hold", "merged"]
RateUnit = Literal["hour", "year"]
MAX_WINDOW_DAYS = 365
MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50
MAX_SEARCH_LENGTH = 200  # characters; a title is at most 300

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)


class FilterError(ReqstreamError, ValueError):
    """A filter value that cannot be read; ``field`` names the query parameter."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class RequirementFilters:
    """Every field narrows the list; ``None`` or empty means any. A rate filter keeps the
    requirements whose rate range overlaps [rate_min, rate_max] (and has ``rate_unit`` when
    given); ``days`` makes ``sort="vendors"`` count only the vendors of the last ``days``."""

    q: str | None = None
    visa: tuple[Visa, ...] = ()
    location: str | None = None
    work_mode: WorkMode | None = None
    employment_type: tuple[EmploymentType, ...] = ()
    rate_min: float | None = None
    rate_max: float | None = None
    rate_unit: RateUnit | None = None
    vendor: str | None = None
    status: RequirementStatus | None = None
    sort: RequirementSort = "newest"
    days: int | None = None

    def __post_init__(self) -> None:
        if self.q is not None and len(self.q) > MAX_SEARCH_LENGTH:
            raise FilterError("q", f"at most {MAX_SEARCH_LENGTH} characters")
        for name in ("rate_min", "rate_max"):
            value = getattr(self, name)
            if value is not None and not 0 <= value < float("inf"):
                raise FilterError(name, "must be a number of 0 or more")
        low, high = self.rate_min, self.rate_max
        if low is not None and high is not None and low > high:
            raise FilterError("rate_max", "must not be below rate_min")
        if self.days is not None and not 1 <= self.days <= MAX_WINDOW_DAYS:
            raise FilterError("days", f"must be between 1 and {MAX_WINDOW_DAYS}")


@dataclass(frozen=True)
class PageRequest:
    offset: int = 0
    limit: int = DEFAULT_PAGE_SIZE

    def __post_init__(self) -> None:
        if self.offset < 0:
            raise FilterError("offset", "must be 0 or more")
        if not 1 <= self.limit <= MAX_PAGE_SIZE:
            raise FilterError("limit", f"must be between 1 and {MAX_PAGE_SIZE}")

    def next_offset(self, total: int) -> int | None:
        following = self.offset + self.limit
        return following if following < total else None

    def previous_offset(self) -> int | None:
        return max(self.offset - self.limit, 0) if self.offset > 0 else None


@dataclass(frozen=True)
class ListRequest:
    filters: RequirementFilters = field(default_factory=RequirementFilters)
    page: PageRequest = field(default_factory=PageRequest)


def text_or_none(value: str | None) -> str | None:
    stripped = (value or "").strip()
    return stripped or None


def parse_filters(params: Mapping[str, Sequence[str]]) -> ListRequest:
    """Filters and page from query-string values (``parse_qs`` shape); blanks are ignored."""

    def one(name: str) -> str | None:
        values = [v for v in (text_or_none(v) for v in params.get(name, ())) if v]
        return values[-1] if values else None

    def many(name: str) -> list[str]:
        return [v for v in (text_or_none(v) for v in params.get(name, ())) if v]

    filters = RequirementFilters(
        q=one("q"),
        visa=tuple(_enum(Visa, "visa", value) for value in many("visa")),
        location=one("location"),
        work_mode=_optional(one("work_mode"), lambda v: _enum(WorkMode, "work_mode", v)),
        employment_type=tuple(
            _enum(EmploymentType, "employment_type", value) for value in many("employment_type")
        ),
        rate_min=_optional(one("rate_min"), lambda v: _number("rate_min", v)),
        rate_max=_optional(one("rate_max"), lambda v: _number("rate_max", v)),
        rate_unit=_optional(one("rate_unit"), lambda v: _literal(RateUnit, "rate_unit", v)),
        vendor=_optional(one("vendor"), str.lower),
        status=_optional(one("status"), lambda v: _literal(RequirementStatus, "status", v)),
        sort=_optional(one("sort"), lambda v: _literal(RequirementSort, "sort", v)) or "newest",
        days=_optional(one("days"), lambda v: _whole("days", v)),
    )
    offset = _optional(one("offset"), lambda v: _whole("offset", v))
    limit = _optional(one("limit"), lambda v: _whole("limit", v))
    page = PageRequest(
        offset=0 if offset is None else offset,
        limit=DEFAULT_PAGE_SIZE if limit is None else limit,
    )
    return ListRequest(filters, page)


def filter_params(filters: RequirementFilters) -> list[tuple[str, str]]:
    """The filters as query parameters (defaults left out), in field order."""
    default = RequirementFilters()
    params: list[tuple[str, str]] = []
    for spec in fields(filters):
        value = getattr(filters, spec.name)
        if value == getattr(default, spec.name):
            continue
        values = value if isinstance(value, tuple) else (value,)
        params += [(spec.name, _param_text(item)) for item in values]
    return params


def _param_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _optional(value: str | None, read: Callable[[str], T]) -> T | None:
    return None if value is None else read(value)


def _enum(kind: type[E], name: str, value: str) -> E:
    for member in kind:
        if member.value.lower() == value.lower():
            return member
    raise FilterError(name, f"one of {', '.join(m.value for m in kind)}")


def _literal(kind: object, name: str, value: str) -> Any:
    allowed: tuple[str, ...] = get_args(kind)
    if value.lower() not in allowed:
        raise FilterError(name, f"one of {', '.join(allowed)}")
    return value.lower()


def _number(name: str, value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise FilterError(name, "must be a number") from None


def _whole(name: str, value: str) -> int:
    if not value.isdigit() or len(value) > 9:
        raise FilterError(name, "must be a whole number")
    return int(value)
