"""The requirements list a recruiter searches: a tenant's requirements narrowed by
services.domain.requirement_filters, sorted by newest or by how many vendors sent each (in the
last N days), one page at a time or whole for the CSV export. Tenant-scoped throughout: every
subquery repeats the tenant, so no other tenant's sighting can count or match.

A requirement has no visa or employment type of its own: it offers what its sightings offered
(their employment types; the visas of their job postings, which share the sighting's key).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import JSONB, array
from sqlalchemy.orm import Session

from services.db.models import JobPosting, Requirement, RequirementSighting
from services.domain.requirement_filters import PageRequest, RequirementFilters

EXPORT_LIMIT = 10_000  # rows; a CSV export beyond it is cut (the header says how many)


@dataclass(frozen=True)
class RequirementListRow:
    requirement: Requirement
    vendors: int  # distinct vendors (vendor keys) among all its sightings
    recent_vendors: int | None  # the same within the filter's ``days`` (None without days)
    employment_types: tuple[str, ...] = ()  # offered by any of its sightings
    visa: tuple[str, ...] = ()  # accepted by any of its job postings


@dataclass(frozen=True)
class RequirementPage:
    rows: list[RequirementListRow]
    total: int  # matching requirements, all pages


@dataclass(frozen=True)
class RequirementExport:
    rows: list[RequirementListRow]
    truncated: bool  # more requirements matched than EXPORT_LIMIT


def search_requirements(
    session: Session,
    *,
    tenant_id: int,
    filters: RequirementFilters,
    page: PageRequest,
    now: datetime,
) -> RequirementPage:
    stmt = _matching(tenant_id, filters, now=now)
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = _rows(session, tenant_id, stmt.offset(page.offset).limit(page.limit))
    return RequirementPage(rows, total or 0)


def export_requirements(
    session: Session, *, tenant_id: int, filters: RequirementFilters, now: datetime
) -> RequirementExport:
    """Every matching requirement in list order, up to EXPORT_LIMIT."""
    stmt = _matching(tenant_id, filters, now=now).limit(EXPORT_LIMIT + 1)
    rows = _rows(session, tenant_id, stmt)
    return RequirementExport(rows[:EXPORT_LIMIT], truncated=len(rows) > EXPORT_LIMIT)


def _rows(
    session: Session, tenant_id: int, stmt: Select[Requirement, int, int | None]
) -> list[RequirementListRow]:
    found = session.execute(stmt).all()
    offers = _offers(session, tenant_id, [row[0].id for row in found])
    return [
        RequirementListRow(requirement, vendors, recent, *offers.get(requirement.id, ((), ())))
        for requirement, vendors, recent in found
    ]


def _vendor_counts(tenant_id: int, since: datetime | None) -> Select[int, int]:
    stmt = select(
        RequirementSighting.requirement_id,
        func.count(func.distinct(RequirementSighting.vendor_key)).label("vendors"),
    ).where(RequirementSighting.tenant_id == tenant_id)
    if since is not None:
        seen = func.coalesce(RequirementSighting.received_at, RequirementSighting.created_at)
        stmt = stmt.where(seen >= since)
    return stmt.group_by(RequirementSighting.requirement_id)


def _matching(
    tenant_id: int, filters: RequirementFilters, *, now: datetime
) -> Select[Requirement, int, int | None]:
    everyone = _vendor_counts(tenant_id, None).subquery()
    vendors = func.coalesce(everyone.c.vendors, 0)
    joined = select(Requirement).outerjoin(everyone, everyone.c.requirement_id == Requirement.id)
    recent_count: ColumnElement[int | None] = literal(None, Integer)  # no window asked
    if filters.days is not None:
        recent = _vendor_counts(tenant_id, now - timedelta(days=filters.days)).subquery()
        recent_count = func.coalesce(recent.c.vendors, 0)
        joined = joined.outerjoin(recent, recent.c.requirement_id == Requirement.id)
    stmt = joined.add_columns(vendors, recent_count).where(
        Requirement.tenant_id == tenant_id, *_conditions(tenant_id, filters)
    )
    if filters.sort == "vendors":
        ranking = recent_count if filters.days is not None else vendors
        return stmt.order_by(ranking.desc(), Requirement.last_seen_at.desc(), Requirement.id.desc())
    return stmt.order_by(Requirement.last_seen_at.desc(), Requirement.id.desc())


def _conditions(tenant_id: int, filters: RequirementFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.status is not None:
        conditions.append(Requirement.status == filters.status)
    else:  # a merged requirement lives on in the one it was merged into
        conditions.append(Requirement.status != "merged")
    if filters.q:
        pattern = _contains(filters.q)
        conditions.append(
            or_(
                func.lower(Requirement.title).like(pattern, escape="\\"),
                func.lower(cast(Requirement.skills, String)).like(pattern, escape="\\"),
            )
        )
    if filters.location:
        conditions.append(
            func.lower(Requirement.location).like(_contains(filters.location), escape="\\")
        )
    if filters.work_mode is not None:
        conditions.append(Requirement.work_mode == filters.work_mode.value)
    conditions += _rate_conditions(filters)
    sighting = _sighting_of_requirement(tenant_id)
    if filters.vendor:
        conditions.append(exists(sighting.where(RequirementSighting.vendor_key == filters.vendor)))
    if filters.employment_type:
        offered = cast(RequirementSighting.employment_types, JSONB)
        wanted = [kind.value for kind in filters.employment_type]
        conditions.append(exists(sighting.where(offered.has_any(array(wanted, type_=String)))))
    if filters.visa:
        accepted = cast(JobPosting.visa, JSONB)
        wanted = [visa.value for visa in filters.visa]
        posting = sighting.join(JobPosting, _posting_of_sighting())
        conditions.append(exists(posting.where(accepted.has_any(array(wanted, type_=String)))))
    return conditions


def _rate_conditions(filters: RequirementFilters) -> list[ColumnElement[bool]]:
    """Overlap of the requirement's rate range with the asked one; an open end is its other."""
    if filters.rate_min is None and filters.rate_max is None and filters.rate_unit is None:
        return []
    low = func.coalesce(Requirement.rate_min, Requirement.rate_max)
    high = func.coalesce(Requirement.rate_max, Requirement.rate_min)
    conditions: list[ColumnElement[bool]] = []
    if filters.rate_min is not None or filters.rate_max is not None:
        conditions.append(low.is_not(None))
    if filters.rate_min is not None:
        conditions.append(high >= filters.rate_min)
    if filters.rate_max is not None:
        conditions.append(low <= filters.rate_max)
    if filters.rate_unit is not None:
        conditions.append(Requirement.rate_unit == filters.rate_unit)
    return conditions


def _sighting_of_requirement(tenant_id: int) -> Select[int]:
    return select(RequirementSighting.id).where(
        RequirementSighting.requirement_id == Requirement.id,
        RequirementSighting.tenant_id == tenant_id,
    )


def _posting_of_sighting() -> ColumnElement[bool]:
    return and_(
        JobPosting.tenant_id == RequirementSighting.tenant_id,
        JobPosting.integration_id == RequirementSighting.integration_id,
        JobPosting.provider_message_id == RequirementSighting.provider_message_id,
        JobPosting.job_index == RequirementSighting.job_index,
    )


def _offers(
    session: Session, tenant_id: int, requirement_ids: Sequence[int]
) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each requirement's employment types and visas, as its sightings and postings offer."""
    if not requirement_ids:
        return {}
    found = session.execute(
        select(
            RequirementSighting.requirement_id,
            RequirementSighting.employment_types,
            JobPosting.visa,
        )
        .outerjoin(JobPosting, _posting_of_sighting())
        .where(
            RequirementSighting.tenant_id == tenant_id,
            RequirementSighting.requirement_id.in_(requirement_ids),
        )
    ).all()
    kinds: dict[int, set[str]] = defaultdict(set)
    visas: dict[int, set[str]] = defaultdict(set)
    for requirement_id, employment_types, visa in found:
        kinds[requirement_id].update(employment_types or ())
        visas[requirement_id].update(visa or ())
    return {
        requirement_id: (tuple(sorted(kinds[requirement_id])), tuple(sorted(visas[requirement_id])))
        for requirement_id in requirement_ids
    }


def _contains(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
