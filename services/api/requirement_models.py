"""The requirements API's response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


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
    first_seen_at: datetime
    last_seen_at: datetime
    closed_at: datetime | None
    merged_into_id: int | None = None


class SightingPublic(RequirementFields):
    """One vendor's copy of a requirement, as that vendor sent it."""

    id: int
    integration_id: int
    provider_message_id: str
    job_index: int
    sender: str | None
    vendor_domain: str | None
    vendor_company: str | None = None
    received_at: datetime | None
    employment_types: list[str]
    skills: list[str]
    job_ref: str | None
    evidence: list[dict[str, Any]]


class RequirementDetail(RequirementSummary):
    sighting_list: list[SightingPublic]
