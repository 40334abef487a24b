"""Closing notices on PostgreSQL: an email without jobs that says "position filled / closed /
on hold" closes or holds the tenant's open requirement it names (services.domain.
requirement_notices decides which), in the caller's transaction.

The change is kept in requirement_history with the notice's email (integration, provider
message id): a redelivered notice finds it, changes nothing and gets its event again. The
status changes by ``UPDATE ... WHERE status = 'open'``, so a notice racing another one (or a
second mailbox's copy) changes it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from schemas.contracts.models import ParsedEmail, RequirementNotice, RequirementUpdated, SightingRef
from services.db.models import Requirement, RequirementHistory, RequirementSighting
from services.db.requirement_events import requirement_updated
from services.domain import requirement_notices as rules
from services.domain.requirements import (
    DEFAULT_WINDOW_DAYS,
    normalize_job_id,
    normalize_title,
    title_head,
    vendor_domain,
)
from services.domain.vendor_identity import vendor_key

Notice = tuple[ParsedEmail, RequirementNotice]


def apply_notices(
    session: Session,
    *,
    notices: Sequence[Notice],
    now: datetime,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> list[RequirementUpdated]:
    """requirement.updated for each notice that closed or held a requirement (again for a
    redelivered one); nothing for a notice that names no open requirement of its tenant."""
    events: list[RequirementUpdated] = []
    for parsed, notice in notices:
        # open requirements seen within the window before the notice was sent (not processed)
        sent = parsed.received_at or now
        sent = sent if sent.tzinfo else sent.replace(tzinfo=UTC)
        cutoff = sent - timedelta(days=window_days)
        event = _apply_one(session, parsed, notice, now=now, cutoff=cutoff)
        if event is not None:
            events.append(event)
    return events


def _apply_one(
    session: Session,
    parsed: ParsedEmail,
    notice: RequirementNotice,
    *,
    now: datetime,
    cutoff: datetime,
) -> RequirementUpdated | None:
    ref = SightingRef(
        integration_id=parsed.integration_id,
        provider_message_id=parsed.provider_message_id,
        vendor_domain=vendor_domain(parsed.sender),
        received_at=parsed.received_at,
    )
    done = session.scalar(
        select(RequirementHistory.requirement_id).where(
            RequirementHistory.integration_id == parsed.integration_id,
            RequirementHistory.provider_message_id == parsed.provider_message_id,
            RequirementHistory.field == "status",
        )
    )
    if done is not None:  # a redelivery: its event again, nothing written
        return requirement_updated(session, done, changed=("status",), sighting=ref)
    target = rules.match_notice(
        notice,
        sender_vendor=vendor_key(parsed.sender, parsed.sender_company),
        candidates=_candidates(session, parsed.tenant_id, notice, cutoff=cutoff),
    )
    if target is None:
        return None
    changed = session.execute(
        update(Requirement)
        .where(Requirement.id == target, Requirement.status == "open")
        .values(
            status=notice.status,
            closed_at=now if notice.status == "closed" else None,
            updated_at=now,
        )
        .returning(Requirement.id)
    ).first()
    if changed is None:
        return None
    session.add(
        RequirementHistory(
            requirement_id=target,
            field="status",
            old_value="open",
            new_value=notice.status,
            integration_id=parsed.integration_id,
            provider_message_id=parsed.provider_message_id,
        )
    )
    session.flush()
    return requirement_updated(session, target, changed=("status",), sighting=ref)


def _candidates(
    session: Session, tenant_id: int, notice: RequirementNotice, *, cutoff: datetime
) -> list[rules.NoticeCandidate]:
    """The tenant's open requirements of the window the notice may name: those whose
    sightings carry its job id, else those of its title's head noun."""
    query = select(Requirement).where(
        Requirement.tenant_id == tenant_id,
        Requirement.status == "open",
        Requirement.last_seen_at >= cutoff,
    )
    job_key = normalize_job_id(notice.job_ref)
    head = title_head(normalize_title(notice.title)) if notice.title else ""
    by_id = select(RequirementSighting.requirement_id).where(
        RequirementSighting.tenant_id == tenant_id, RequirementSighting.job_ref_key == job_key
    )
    rows: Sequence[Requirement] = (
        session.scalars(query.where(Requirement.id.in_(by_id))).all() if job_key else ()
    )
    if not rows and head:
        rows = session.scalars(query.where(Requirement.block_key.startswith(f"{head}|"))).all()
    if not rows:
        return []
    seen: dict[int, tuple[set[str], set[str]]] = {row.id: (set(), set()) for row in rows}
    for requirement_id, job_ref_key, vendor in session.execute(
        select(
            RequirementSighting.requirement_id,
            RequirementSighting.job_ref_key,
            RequirementSighting.vendor_key,
        ).where(RequirementSighting.requirement_id.in_(seen))
    ):
        refs, vendors = seen[requirement_id]
        if job_ref_key:
            refs.add(job_ref_key)
        if vendor:
            vendors.add(vendor)
    return [
        rules.NoticeCandidate(
            requirement_id=row.id,
            title=row.title,
            location=row.location,
            job_ref_keys=frozenset(seen[row.id][0]),
            vendors=frozenset(seen[row.id][1]),
        )
        for row in sorted(rows, key=lambda row: row.id)
    ]
