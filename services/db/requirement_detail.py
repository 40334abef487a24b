"""One requirement as a recruiter reads it: its fields, every sighting with the mailbox it
arrived in and the email it came from (subject, job posting, visas), and its field history.
Tenant-scoped: another tenant's requirement is not found, and only the tenant's own mailboxes
and postings are joined."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from services.db.models import (
    EmailIntegration,
    JobPosting,
    Requirement,
    RequirementHistory,
    RequirementSighting,
)


@dataclass(frozen=True)
class SightingView:
    sighting: RequirementSighting
    mailbox: str | None  # the integration's account address
    provider: str | None
    subject: str | None
    job_posting_id: int | None
    visa: tuple[str, ...]


@dataclass(frozen=True)
class RequirementView:
    requirement: Requirement
    sightings: list[SightingView]  # oldest first
    history: list[RequirementHistory]  # oldest first

    @property
    def vendors(self) -> int:
        return len({s.sighting.vendor_key for s in self.sightings if s.sighting.vendor_key})


def requirement_view(
    session: Session, *, tenant_id: int, requirement_id: int
) -> RequirementView | None:
    requirement = session.scalar(
        select(Requirement).where(
            Requirement.id == requirement_id, Requirement.tenant_id == tenant_id
        )
    )
    if requirement is None:
        return None
    found = session.execute(
        select(
            RequirementSighting,
            EmailIntegration.account_email,
            EmailIntegration.provider,
            JobPosting.source_subject,
            JobPosting.id,
            JobPosting.visa,
        )
        .outerjoin(
            EmailIntegration,
            and_(
                EmailIntegration.id == RequirementSighting.integration_id,
                EmailIntegration.tenant_id == tenant_id,
            ),
        )
        .outerjoin(
            JobPosting,
            and_(
                JobPosting.tenant_id == tenant_id,
                JobPosting.integration_id == RequirementSighting.integration_id,
                JobPosting.provider_message_id == RequirementSighting.provider_message_id,
                JobPosting.job_index == RequirementSighting.job_index,
            ),
        )
        .where(
            RequirementSighting.requirement_id == requirement_id,
            RequirementSighting.tenant_id == tenant_id,
        )
        .order_by(RequirementSighting.received_at, RequirementSighting.id)
    ).all()
    history = session.scalars(
        select(RequirementHistory)
        .where(RequirementHistory.requirement_id == requirement_id)
        .order_by(RequirementHistory.changed_at, RequirementHistory.id)
    ).all()
    sightings = [
        SightingView(sighting, mailbox, provider, subject, posting_id, tuple(visa or ()))
        for sighting, mailbox, provider, subject, posting_id, visa in found
    ]
    return RequirementView(requirement, sightings, list(history))
