"""How a new sighting respects a recruiter's overrides (services.db.requirement_overrides).

The jobwriter reads a batch's split pins at once (``pins_of_batch``): after the matcher picked a
candidate, a pin (the same vendor's job id, or the same message, as a sighting split out) wins
over the match, and a merged candidate stands for the requirement it was merged into
(``merged_into`` follows the chain); services.db.requirements applies both.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, select, tuple_
from sqlalchemy.orm import Session

from services.db.models import Requirement, RequirementOverride
from services.domain import requirement_overrides as rules


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
                row.vendor_key,
                row.job_ref_key,
                row.integration_id,
                row.provider_message_id,
            )
        )
    return pins


def merged_into(session: Session) -> rules.MergedInto:
    """The merge pointers, read as a chain is followed."""

    def following(requirement_id: int) -> int | None:
        return session.scalar(
            select(Requirement.merged_into_id).where(Requirement.id == requirement_id)
        )

    return following
