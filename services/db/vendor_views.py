"""The sightings behind the vendor view (services.domain.vendor_stats computes the figures):
all of a tenant's, or those of the requirements one vendor sent, with every other vendor's
sightings of the same requirements so that its duplicate share can be told. Optionally only
the sightings received in a window."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from services.db.models import RequirementSighting
from services.domain.vendor_stats import VendorSighting


def vendor_sightings(
    session: Session, *, tenant_id: int, vendor: str | None = None, since: datetime | None = None
) -> list[VendorSighting]:
    conditions: list[ColumnElement[bool]] = [RequirementSighting.tenant_id == tenant_id]
    if since is not None:
        seen = func.coalesce(RequirementSighting.received_at, RequirementSighting.created_at)
        conditions.append(seen >= since)
    if vendor is not None:
        sent = select(RequirementSighting.requirement_id).where(
            *conditions, RequirementSighting.vendor_key == vendor
        )
        conditions.append(RequirementSighting.requirement_id.in_(sent))
    rows = session.execute(
        select(
            RequirementSighting.vendor_key,
            RequirementSighting.requirement_id,
            RequirementSighting.client,
            RequirementSighting.rate_min,
            RequirementSighting.rate_max,
            RequirementSighting.rate_unit,
            RequirementSighting.vendor_company,
        ).where(*conditions)
    ).all()
    return [VendorSighting(*row) for row in rows]
