"""How a new sighting respects a recruiter's overrides (services.db.requirement_overrides).

The jobwriter reads a batch's split pins at once (``pins_of_batch``): after the matcher picked a
candidate, a pin (the same vendor's job id, or the same message, as a sighting split out) wins
over the match, and a merged candidate stands for the requirement it was merged into
(``merged_into`` follows the chain); services.db.requirements applies both.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, or_, select, tuple_
from sqlalchemy.orm import Session

from services.db.models import Requirement, RequirementOverride
from services.domain import requirement_overrides as rules

_overrides = RequirementOverride.metadata.tables[RequirementOverride.__tablename__]
# built once (expanding IN lists, rendered per call), run without the ORM
_SPLIT_PINS = (
    select(
        _overrides.c.tenant_id,
        _overrides.c.target_id,
        _overrides.c.vendor_key,
        _overrides.c.job_ref_key,
        _overrides.c.integration_id,
        _overrides.c.provider_message_id,
    )
    .where(
        _overrides.c.kind == "split",
        or_(
            tuple_(
                _overrides.c.tenant_id,
                _overrides.c.integration_id,
                _overrides.c.provider_message_id,
            ).in_(bindparam("messages", expanding=True)),
            tuple_(_overrides.c.tenant_id, _overrides.c.job_ref_key).in_(
                bindparam("job_ids", expanding=True)
            ),
        ),
    )
    .order_by(_overrides.c.id)
)


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
    pins: dict[int, list[rules.Pin]] = {}
    if not messages and not job_ids:
        return pins
    for row in session.connection().execute(
        _SPLIT_PINS,
        {"messages": messages, "job_ids": job_ids},
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
