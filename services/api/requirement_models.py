"""The requirements API's response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from services.db.models import Requirement
from services.db.requirement_detail import RequirementView, SightingView
from services.db.requirement_search import RequirementListRow
from services.domain.vendor_stats import VendorStats


class RequirementFields(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    title: str
    client: str | None
    location: str | None
    work_mode: str | None
    duration_months: int | None
    rate_min: float | None
    rate_max: float | None
    rate_unit: str | None


class RequirementSummary(RequirementFields):
    """A requirement: its best-supported fields and how many vendors sent it."""

    id: int
    status: str
    skills: list[str]
    job_ref: str | None
    sightings: int
    vendors: int
    # distinct vendors within the asked ``days`` (null when no window was asked)
    recent_vendors: int | None = None
    # what its sightings offered: employment types, and the visas their postings accept
    employment_types: list[str] = []
    visa: list[str] = []
    first_seen_at: datetime
    last_seen_at: datetime
    closed_at: datetime | None
    merged_into_id: int | None = None

    @classmethod
    def from_row(cls, row: RequirementListRow) -> RequirementSummary:
        return cls.model_validate(
            _requirement_fields(cls, row.requirement)
            | {
                "vendors": row.vendors,
                "recent_vendors": row.recent_vendors,
                "employment_types": list(row.employment_types),
                "visa": list(row.visa),
            }
        )


def _requirement_fields(model: type[BaseModel], requirement: Requirement) -> dict[str, Any]:
    names = model.model_fields.keys() & Requirement.__mapper__.columns.keys()
    return {name: getattr(requirement, name) for name in names}


class SightingPublic(RequirementFields):
    """One vendor's copy of a requirement, as that vendor sent it, and where it arrived."""

    id: int
    integration_id: int
    mailbox: str | None = None
    provider: str | None = None
    provider_message_id: str
    subject: str | None = None
    job_posting_id: int | None = None
    job_index: int
    sender: str | None
    vendor_domain: str | None
    vendor_company: str | None = None
    # who the vendor is (its domain, or for a free-mail sender its company, else its address):
    # what vendor counts, the vendor filter and /vendors/{vendor} use
    vendor_key: str | None = None
    received_at: datetime | None
    employment_types: list[str]
    visa: list[str] = []
    skills: list[str]
    job_ref: str | None
    evidence: list[dict[str, Any]]

    @classmethod
    def from_view(cls, view: SightingView) -> SightingPublic:
        row = view.sighting
        names = cls.model_fields.keys() & type(row).__mapper__.columns.keys()
        return cls.model_validate(
            {name: getattr(row, name) for name in names}
            | {
                "mailbox": view.mailbox,
                "provider": view.provider,
                "subject": view.subject,
                "job_posting_id": view.job_posting_id,
                "visa": list(view.visa),
            }
        )


class HistoryPublic(BaseModel):
    """A field's earlier value, replaced by a later sighting (or a closing notice)."""

    model_config = ConfigDict(from_attributes=True)

    field: str
    old_value: Any
    new_value: Any
    changed_at: datetime
    sighting_id: int | None


class RequirementDetail(RequirementSummary):
    sighting_list: list[SightingPublic]
    history: list[HistoryPublic] = []

    @classmethod
    def from_view(cls, view: RequirementView) -> RequirementDetail:
        sightings = [SightingPublic.from_view(s) for s in view.sightings]
        return cls.model_validate(
            _requirement_fields(cls, view.requirement)
            | {
                "vendors": view.vendors,
                "employment_types": sorted({k for s in sightings for k in s.employment_types}),
                "visa": sorted({v for s in sightings for v in s.visa}),
                "sighting_list": sightings,
                "history": [HistoryPublic.model_validate(h) for h in view.history],
            }
        )


class RateSpreadPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    unit: str
    sightings: int
    min: float
    max: float
    median: float


class VendorPublic(BaseModel):
    """A vendor company and what it sent the tenant; ``vendor`` is its key
    (services.domain.vendor_identity: its domain, or for a free-mail sender its signature
    company, else its address)."""

    model_config = ConfigDict(from_attributes=True)

    vendor: str
    requirements: int
    sightings: int
    # share of its sightings on requirements another vendor also sent (0..1)
    duplicate_share: float
    # share of its sightings naming the end client (0..1)
    client_share: float
    rates: list[RateSpreadPublic]
    # company names from its sightings (signature or domain), most frequent first
    companies: list[str] = []

    @classmethod
    def from_stats(cls, stats: VendorStats) -> VendorPublic:
        return cls.model_validate(stats)
