"""Vendors API: per vendor company (services.domain.vendor_identity: its mail domain, or for a
free-mail sender its signature company, else its address), what it sent the tenant: requirements,
duplicate share, share naming the end client, rate spread. Tenant-scoped: a vendor that never
wrote to the caller's tenant is a 404."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status

from services.api.deps import SessionDep, TenantDep
from services.api.requirement_models import VendorPublic
from services.db.vendor_views import vendor_sightings
from services.domain.requirement_filters import MAX_WINDOW_DAYS
from services.domain.vendor_stats import vendor_stats

router = APIRouter(tags=["vendors"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "This vendor sent the caller's tenant nothing (in the window)"}
}
DaysQuery = Annotated[
    int | None, Query(ge=1, le=MAX_WINDOW_DAYS, description="only sightings of the last N days")
]


def since(days: int | None) -> datetime | None:
    return None if days is None else datetime.now(UTC) - timedelta(days=days)


@router.get("/vendors")
def vendors(
    tenant_id: TenantDep, session: SessionDep, days: DaysQuery = None
) -> list[VendorPublic]:
    """Every vendor that sent the tenant requirements, most requirements first."""
    rows = vendor_sightings(session, tenant_id=tenant_id, since=since(days))
    return [VendorPublic.from_stats(stats) for stats in vendor_stats(rows)]


@router.get("/vendors/{vendor}", responses=NOT_FOUND)
def vendor(
    vendor: str, tenant_id: TenantDep, session: SessionDep, days: DaysQuery = None
) -> VendorPublic:
    """One vendor's figures (``vendor`` is its key as /vendors lists it: a mail domain such as
    techvendor.com, a free-mail sender's company such as infinity-systems, or its address)."""
    key = vendor.strip().lower()
    rows = vendor_sightings(session, tenant_id=tenant_id, vendor=key, since=since(days))
    found = [stats for stats in vendor_stats(rows) if stats.vendor == key]
    if not found:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "vendor not found")
    return VendorPublic.from_stats(found[0])
