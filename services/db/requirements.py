"""Requirements and their sightings on PostgreSQL, inside the caller's transaction.

``record_sightings`` matches each job of a parsed email to the tenant's open requirements
(services.domain.requirements decides; this module only fetches candidates and writes). Exactly
one requirement per real requirement under concurrent jobwriters: a transaction-scoped advisory
lock on (tenant, block key) — and on (tenant, job id) when the job has one
(services.db.advisory_locks) — is held from the
candidate lookup to the insert, so a second writer of the same block waits and then sees the
first one's requirement. The sighting's unique key is its job posting's, so a redelivery adds
none twice (``ON CONFLICT DO NOTHING``, and the existing sighting is returned).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from schemas.contracts.models import (
    ExtractedJob,
    ParsedEmail,
    Rate,
    RequirementCreated,
    RequirementUpdated,
    SightingRef,
)
from services.db import requirement_pins
from services.db.advisory_locks import lock_all
from services.db.models import Requirement, RequirementHistory, RequirementSighting
from services.domain import requirement_overrides as overrides
from services.domain import requirements as rules
from services.domain.vendor_companies import vendor_company

# the requirement fields that follow their sightings' best-supported values
_CANONICAL = (
    "title",
    "client",
    "location",
    "work_mode",
    "duration_months",
    "rate_min",
    "rate_max",
    "rate_unit",
    "job_ref",
)


RequirementEvent = RequirementCreated | RequirementUpdated
# a parsed email and the (job index, job) pairs its decision keeps
EmailJobs = tuple[ParsedEmail, Sequence[tuple[int, ExtractedJob]]]


@dataclass(frozen=True)
class SightingResult:
    requirement_id: int
    job_index: int
    # False for a redelivered sighting (nothing was written)
    new_sighting: bool
    new_requirement: bool
    changed_fields: tuple[str, ...] = ()
    # what to publish after the commit (again for a redelivered sighting)
    event: RequirementEvent | None = None


def record_sightings(
    session: Session,
    *,
    emails: Sequence[EmailJobs],
    now: datetime,
    redelivered: Sequence[bool] = (),
    window_days: int = rules.DEFAULT_WINDOW_DAYS,
    threshold: float = rules.MATCH_THRESHOLD,
) -> list[list[SightingResult]]:
    """A sighting for each kept (job index, job) of each email, one list per email; a closing
    notice ("position filled / on hold") also closes the requirement its job matched. An email
    whose ``redelivered`` flag (one per email, in order; none means all False) is set adds no
    sighting: it gets the results and events of the sightings it made the first time. All the
    locks the emails need are taken first, in one order, so two writers' batches cannot
    deadlock."""
    _lock(session, emails)
    cutoff = now - timedelta(days=window_days)
    results: list[list[SightingResult]] = []
    flags = list(redelivered) or [False] * len(emails)
    for (parsed, jobs), again in zip(emails, flags, strict=True):
        closing = rules.is_closing_notice(parsed.subject)
        of_email: list[SightingResult] = []
        for index, job in jobs:
            result = _record_one(
                session,
                parsed=parsed,
                job_index=index,
                job=job,
                now=now,
                cutoff=cutoff,
                threshold=threshold,
                redelivered=again,
            )
            if result is None:
                continue
            closed = closing and _close(session, result.requirement_id, now=now)
            # at least once, like job.created: a redelivery (the commit may have happened and
            # the publish not) sends the requirement's current state again
            changed = (*result.changed_fields, *(("status",) if closed else ()))
            result = replace(
                result,
                changed_fields=changed,
                event=_event(session, result, changed, parsed=parsed, job_index=index),
            )
            of_email.append(result)
        results.append(of_email)
    return results


def _record_one(
    session: Session,
    *,
    parsed: ParsedEmail,
    job_index: int,
    job: ExtractedJob,
    now: datetime,
    cutoff: datetime,
    threshold: float,
    redelivered: bool,
) -> SightingResult | None:
    profile = rules.profile(job)
    key = rules.block_key(profile)
    existing = session.execute(
        select(RequirementSighting.id, RequirementSighting.requirement_id).where(
            RequirementSighting.tenant_id == parsed.tenant_id,
            RequirementSighting.integration_id == parsed.integration_id,
            RequirementSighting.provider_message_id == parsed.provider_message_id,
            RequirementSighting.job_index == job_index,
        )
    ).first()
    if existing is None and redelivered:
        return None  # a job the first delivery did not keep (a newer extractor's replay)
    if existing is not None:
        seen_id, requirement_id = existing
        first = session.scalar(
            select(func.min(RequirementSighting.id)).where(
                RequirementSighting.requirement_id == requirement_id
            )
        )
        # a redelivery: nothing written; its event is sent again as it would have been then
        return SightingResult(
            requirement_id, job_index, new_sighting=False, new_requirement=first == seen_id
        )

    seen_at = parsed.received_at or now
    requirement = _best_candidate(
        session, parsed.tenant_id, key, profile, cutoff=cutoff, threshold=threshold
    )
    # a recruiter's merge or split overrides the match (services.db.requirement_pins)
    requirement = requirement_pins.choose(
        session,
        chosen=requirement,
        tenant_id=parsed.tenant_id,
        keys=overrides.SightingKeys(
            rules.vendor_domain(parsed.sender),
            profile.job_id,
            parsed.integration_id,
            parsed.provider_message_id,
        ),
    )
    new_requirement = requirement is None
    if requirement is None:
        requirement = Requirement(
            tenant_id=parsed.tenant_id,
            block_key=key,
            status="open",
            title=job.title,
            skills=list(job.skills),
            sightings=0,
            first_seen_at=seen_at,
            last_seen_at=seen_at,
        )
        session.add(requirement)
        session.flush()
    sighting_id = session.scalar(
        insert(RequirementSighting)
        .values(_sighting_row(parsed, job_index, job, requirement.id, profile.job_id))
        .on_conflict_do_nothing()
        .returning(RequirementSighting.id)
    )
    if sighting_id is None:  # a concurrent redelivery of the same message won the insert
        return SightingResult(requirement.id, job_index, new_sighting=False, new_requirement=False)
    changed = _refresh(session, requirement, sighting_id, now=now, seen_at=seen_at)
    return SightingResult(
        requirement.id,
        job_index,
        new_sighting=True,
        new_requirement=new_requirement,
        changed_fields=() if new_requirement else changed,
    )


def _lock(session: Session, emails: Sequence[EmailJobs]) -> None:
    """Serialize the writers of one (tenant, block) and of one (tenant, job id)."""
    names: list[tuple[int, str]] = []
    for parsed, jobs in emails:
        for _, job in jobs:
            profile = rules.profile(job)
            names.append((parsed.tenant_id, f"block|{rules.block_key(profile)}"))
            if profile.job_id:
                names.append((parsed.tenant_id, f"job|{profile.job_id}"))
    lock_all(session, names)


def _best_candidate(
    session: Session,
    tenant_id: int,
    key: str,
    profile: rules.Profile,
    *,
    cutoff: datetime,
    threshold: float,
) -> Requirement | None:
    """The open requirement of the window that matches best: the block's, and any whose
    sightings carry the same job id."""
    same_job = (
        select(RequirementSighting.requirement_id).where(
            RequirementSighting.tenant_id == tenant_id,
            RequirementSighting.job_ref_key == profile.job_id,
        )
        if profile.job_id
        else None
    )
    where = Requirement.block_key == key
    if same_job is not None:
        where = or_(where, Requirement.id.in_(same_job))
    candidates = session.scalars(
        select(Requirement)
        .where(
            Requirement.tenant_id == tenant_id,
            # a merged one stands for its survivor (services.db.requirement_pins)
            Requirement.status.in_(overrides.MATCHABLE_STATUSES),
            Requirement.last_seen_at >= cutoff,
            where,
        )
        .order_by(Requirement.id)
    ).all()
    best: tuple[float, Requirement] | None = None
    for candidate in candidates:
        score = max(
            rules.match_score(profile, candidate_profile)
            for candidate_profile in _profiles(session, candidate)
        )
        if score >= threshold and (best is None or score > best[0]):
            best = (score, candidate)
    return best[1] if best else None


def _profiles(session: Session, requirement: Requirement) -> list[rules.Profile]:
    """A requirement's matching views: its canonical fields, and each sighting's job id (a
    vendor's copy with the end-client id matches however its wording differs)."""
    canonical = rules.profile(_as_job(requirement))
    refs = session.scalars(
        select(RequirementSighting.job_ref_key)
        .where(
            RequirementSighting.requirement_id == requirement.id,
            RequirementSighting.job_ref_key.is_not(None),
        )
        .distinct()
    ).all()
    return [canonical, *(replace(canonical, job_id=ref) for ref in refs)]


def _as_job(requirement: Requirement) -> ExtractedJob:
    rate: dict[str, Any] | None = None
    if requirement.rate_unit is not None:
        rate = {"min": requirement.rate_min, "max": requirement.rate_max}
        rate["unit"] = requirement.rate_unit
    return ExtractedJob.model_validate(
        {
            "title": requirement.title,
            "client": requirement.client,
            "location": requirement.location,
            "skills": requirement.skills[:8],
            "rate": rate,
            "job_id": requirement.job_ref,
        }
    )


def _sighting_row(
    parsed: ParsedEmail, job_index: int, job: ExtractedJob, requirement_id: int, job_key: str | None
) -> dict[str, Any]:
    rate = job.rate
    return {
        "requirement_id": requirement_id,
        "tenant_id": parsed.tenant_id,
        "integration_id": parsed.integration_id,
        "provider_message_id": parsed.provider_message_id,
        "job_index": job_index,
        "sender": parsed.sender,
        "vendor_domain": rules.vendor_domain(parsed.sender),
        "vendor_company": parsed.sender_company or vendor_company(parsed.sender, ""),
        "received_at": parsed.received_at,
        "title": job.title,
        "client": job.client,
        "location": job.location,
        "work_mode": job.work_mode.value if job.work_mode else None,
        "duration_months": job.duration_months,
        "rate_min": rate.min if rate else None,
        "rate_max": rate.max if rate else None,
        "rate_unit": rate.unit if rate else None,
        "employment_types": [kind.value for kind in job.employment_types],
        "skills": list(job.skills),
        "job_ref": job.job_id,
        "job_ref_key": job_key,
        "evidence": [
            span.model_dump(mode="json", exclude={"job_index"})
            for span in parsed.evidence
            if span.job_index == job_index
        ],
    }


def _refresh(
    session: Session,
    requirement: Requirement,
    sighting_id: int,
    *,
    now: datetime,
    seen_at: datetime,
) -> tuple[str, ...]:
    """Recompute the canonical fields from all sightings; a changed one keeps its old value in
    requirement_history."""
    sightings: Sequence[RequirementSighting] = session.scalars(
        select(RequirementSighting)
        .where(RequirementSighting.requirement_id == requirement.id)
        .order_by(
            func.coalesce(RequirementSighting.received_at, RequirementSighting.created_at),
            RequirementSighting.id,
        )
    ).all()
    changed: list[str] = []
    values: dict[str, Any] = {}
    for field in _CANONICAL:
        value = rules.canonical([(s.vendor_domain, getattr(s, field)) for s in sightings])
        if field == "title" and value is None:
            continue
        values[field] = value
    skills = rules.canonical([(s.vendor_domain, tuple(s.skills) or None) for s in sightings])
    values["skills"] = list(skills or ())
    for field, value in values.items():
        old = getattr(requirement, field)
        if old != value:
            if requirement.sightings:  # a new requirement has no earlier value to keep
                session.add(
                    RequirementHistory(
                        requirement_id=requirement.id,
                        sighting_id=sighting_id,
                        field=field,
                        old_value=old,
                        new_value=value,
                    )
                )
                changed.append(field)
            setattr(requirement, field, value)
    requirement.sightings = len(sightings)
    requirement.last_seen_at = max(requirement.last_seen_at, seen_at)
    requirement.first_seen_at = min(requirement.first_seen_at, seen_at)
    requirement.updated_at = now
    session.flush()
    return tuple(changed)


def _close(session: Session, requirement_id: int, *, now: datetime) -> bool:
    closed = session.execute(
        update(Requirement)
        .where(Requirement.id == requirement_id, Requirement.status == "open")
        .values(status="closed", closed_at=now, updated_at=now)
        .returning(Requirement.id)
    ).first()
    if closed is not None:
        session.add(
            RequirementHistory(
                requirement_id=requirement_id, field="status", old_value="open", new_value="closed"
            )
        )
        session.flush()
    return closed is not None


def _event(
    session: Session,
    result: SightingResult,
    changed: tuple[str, ...],
    *,
    parsed: ParsedEmail,
    job_index: int,
) -> RequirementEvent:
    requirement = session.get_one(Requirement, result.requirement_id)
    session.refresh(requirement)
    vendors = session.scalar(
        select(func.count(func.distinct(RequirementSighting.vendor_domain))).where(
            RequirementSighting.requirement_id == requirement.id
        )
    )
    rate = (
        Rate(min=requirement.rate_min, max=requirement.rate_max, unit=requirement.rate_unit)
        if requirement.rate_unit in ("hour", "year")
        else None
    )
    fields: dict[str, Any] = {
        "requirement_id": requirement.id,
        "tenant_id": requirement.tenant_id,
        "status": requirement.status,
        "title": requirement.title,
        "client": requirement.client,
        "location": requirement.location,
        "work_mode": requirement.work_mode,
        "duration_months": requirement.duration_months,
        "rate": rate,
        "skills": requirement.skills,
        "job_ref": requirement.job_ref,
        "sightings": requirement.sightings,
        "vendors": vendors or 0,
        "first_seen_at": requirement.first_seen_at,
        "last_seen_at": requirement.last_seen_at,
        "sighting": SightingRef(
            integration_id=parsed.integration_id,
            provider_message_id=parsed.provider_message_id,
            job_index=job_index,
            vendor_domain=rules.vendor_domain(parsed.sender),
            received_at=parsed.received_at,
        ),
    }
    if result.new_requirement:
        return RequirementCreated.model_validate(fields)
    return RequirementUpdated.model_validate({**fields, "changed_fields": list(changed)})


# merges and splits (services.db.requirement_overrides) recompute a requirement the same way
refresh_canonical = _refresh
as_job = _as_job
