"""How a new sighting respects a recruiter's overrides (services.db.requirement_overrides).

The jobwriter reads a batch's split pins at once (``pins_of_batch``): after the matcher picked a
candidate, a pin (the same vendor's job id, or the same message, as a sighting split out) wins
over the match, and a merged candidate stands for the requirement it was merged into
(``merged_into`` follows the chain); services.db.requirements applies both.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.db import dbapi
from services.db.models import Requirement
from services.domain import requirement_overrides as rules

# every batch asks (services.db.dbapi: the row lists render into the statement's text)
_SPLIT_PINS = (
    "SELECT tenant_id, target_id, vendor_key, job_ref_key, integration_id, provider_message_id"
    " FROM requirement_overrides WHERE kind = 'split'"
    " AND ((tenant_id, integration_id, provider_message_id) IN %(messages)s"
    " OR (tenant_id, job_ref_key) IN %(job_ids)s)"
    " ORDER BY id"
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
    for tenant_id, *pin in dbapi.fetch_all(
        session,
        _SPLIT_PINS,
        {
            "messages": dbapi.in_rows(messages, width=3),
            "job_ids": dbapi.in_rows(job_ids, width=2),
        },
    ):
        target_id, vendor, job_ref_key, integration_id, provider_message_id = pin
        pins.setdefault(tenant_id, []).append(
            rules.Pin(target_id, vendor, job_ref_key, integration_id, provider_message_id)
        )
    return pins


def merged_into(session: Session) -> rules.MergedInto:
    """The merge pointers, read as a chain is followed."""

    def following(requirement_id: int) -> int | None:
        return session.scalar(
            select(Requirement.merged_into_id).where(Requirement.id == requirement_id)
        )

    return following
