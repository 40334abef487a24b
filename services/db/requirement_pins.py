"""How a new sighting respects a recruiter's overrides (services.db.requirement_overrides).

``choose`` is the jobwriter's one call after the matcher picked a candidate: a split's pin (the
same vendor's job id, or the same message, as a sighting split out) wins over the match, and a
merged candidate stands for the requirement it was merged into. Without any override of the
tenant's keys it costs one indexed query and returns the matcher's choice.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, and_, or_, select, tuple_
from sqlalchemy.orm import Session

from services.db.models import Requirement, RequirementOverride
from services.domain import requirement_overrides as rules


def choose(
    session: Session, *, chosen: Requirement | None, tenant_id: int, keys: rules.SightingKeys
) -> Requirement | None:
    """The requirement a new sighting joins, given the matcher's choice (None: a new one)."""
    pins = [
        rules.Pin(
            row.target_id,
            row.vendor_domain,
            row.job_ref_key,
            row.integration_id,
            row.provider_message_id,
        )
        for row in session.scalars(_pins_of(tenant_id, keys))
    ]
    target = rules.pinned_target(pins, keys)
    if target is None:
        if chosen is None or chosen.status != rules.MERGED:
            return chosen
        target = chosen.id
    survivor = session.scalar(
        select(Requirement)
        .where(Requirement.id == rules.survivor(target, merged_into(session)))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return survivor if survivor is not None and survivor.status == "open" else None


def pins_of_batch(
    session: Session,
    *,
    messages: Iterable[tuple[int, int, str]],
    job_ids: Iterable[tuple[int, str]],
) -> dict[int, list[rules.Pin]]:
    """Per tenant, oldest first, the split pins a batch's sightings may match: of its
    (tenant, integration, provider message id) messages or (tenant, job id) pairs. One query;
    ``rules.pinned_target`` then picks each sighting's."""
    messages, job_ids = sorted(set(messages)), sorted(set(job_ids))
    matching = []
    if messages:
        matching.append(
            tuple_(
                RequirementOverride.tenant_id,
                RequirementOverride.integration_id,
                RequirementOverride.provider_message_id,
            ).in_(messages)
        )
    if job_ids:
        matching.append(
            tuple_(RequirementOverride.tenant_id, RequirementOverride.job_ref_key).in_(job_ids)
        )
    pins: dict[int, list[rules.Pin]] = {}
    if not matching:
        return pins
    for row in session.scalars(
        select(RequirementOverride)
        .where(RequirementOverride.kind == "split", or_(*matching))
        .order_by(RequirementOverride.id)
    ):
        pins.setdefault(row.tenant_id, []).append(
            rules.Pin(
                row.target_id,
                row.vendor_domain,
                row.job_ref_key,
                row.integration_id,
                row.provider_message_id,
            )
        )
    return pins


def _pins_of(tenant_id: int, keys: rules.SightingKeys) -> Select[RequirementOverride]:
    same_message = and_(
        RequirementOverride.integration_id == keys.integration_id,
        RequirementOverride.provider_message_id == keys.provider_message_id,
    )
    where = (
        or_(same_message, RequirementOverride.job_ref_key == keys.job_ref_key)
        if keys.job_ref_key
        else same_message
    )
    return (
        select(RequirementOverride)
        .where(
            RequirementOverride.tenant_id == tenant_id, RequirementOverride.kind == "split", where
        )
        .order_by(RequirementOverride.id)
    )


def merged_into(session: Session) -> rules.MergedInto:
    """The merge pointers, read as a chain is followed."""

    def following(requirement_id: int) -> int | None:
        return session.scalar(
            select(Requirement.merged_into_id).where(Requirement.id == requirement_id)
        )

    return following
