"""Reading a tenant's requirements for people: the list (search, status, sort by newest or by
how many vendors sent it) and one requirement with its sightings. Tenant-scoped: another
tenant's requirement is not found."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session

from services.db.models import Requirement, RequirementSighting

RequirementSort = Literal["newest", "vendors"]


@dataclass(frozen=True)
class RequirementRow:
    requirement: Requirement
    vendors: int  # distinct vendor domains among its sightings


def list_requirements(
    session: Session,
    *,
    tenant_id: int,
    query: str | None = None,
    status: str | None = None,
    sort: RequirementSort = "newest",
    limit: int = 50,
) -> list[RequirementRow]:
    vendors = (
        select(
            RequirementSighting.requirement_id,
            func.count(func.distinct(RequirementSighting.vendor_domain)).label("vendors"),
        )
        .where(RequirementSighting.tenant_id == tenant_id)
        .group_by(RequirementSighting.requirement_id)
        .subquery()
    )
    stmt = (
        select(Requirement, func.coalesce(vendors.c.vendors, 0))
        .outerjoin(vendors, vendors.c.requirement_id == Requirement.id)
        .where(Requirement.tenant_id == tenant_id)
    )
    if status is not None:
        stmt = stmt.where(Requirement.status == status)
    else:  # a merged requirement only points at the one it was merged into
        stmt = stmt.where(Requirement.status != "merged")
    if query:
        pattern = f"%{query.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(Requirement.title).like(pattern),
                func.lower(cast(Requirement.skills, String)).like(pattern),
            )
        )
    if sort == "vendors":
        stmt = stmt.order_by(func.coalesce(vendors.c.vendors, 0).desc(), Requirement.id.desc())
    else:
        stmt = stmt.order_by(Requirement.last_seen_at.desc(), Requirement.id.desc())
    return [RequirementRow(row, count) for row, count in session.execute(stmt.limit(limit))]


def get_requirement(
    session: Session, *, tenant_id: int, requirement_id: int
) -> tuple[Requirement, Sequence[RequirementSighting]] | None:
    requirement = session.get(Requirement, requirement_id)
    if requirement is None or requirement.tenant_id != tenant_id:
        return None
    sightings = session.scalars(
        select(RequirementSighting)
        .where(RequirementSighting.requirement_id == requirement_id)
        .order_by(RequirementSighting.received_at, RequirementSighting.id)
    ).all()
    return requirement, sightings
