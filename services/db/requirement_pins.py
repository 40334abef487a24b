"""How a new sighting respects a recruiter's overrides (services.db.requirement_overrides).

The jobwriter reads a batch's split pins at once (``pins_of_batch``): after the matcher picked a
candidate, a pin (the same vendor's job id, or the same message, as a sighting split out) wins
over the match, and a merged candidate stands for the requirement it was merged into
(``merged_into`` follows the chain); services.db.requirements applies both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.db import dbapi
from services.db.models import Requirement
from services.domain import requirement_overrides as rules

# every batch asks (services.db.dbapi: the row lists render into the statement's text);
# services.db.requirement_loads sends it with the sightings' lookup when it has one
SPLIT_PINS_WHERE = (
    "FROM requirement_overrides WHERE kind = 'split'"
    " AND ((tenant_id, integration_id, provider_message_id) IN %(messages)s"
    " OR (tenant_id, job_ref_key) IN %(job_ids)s)"
)
_SPLIT_PINS = (
    "SELECT id, tenant_id, target_id, vendor_key, job_ref_key, integration_id,"
    f" provider_message_id {SPLIT_PINS_WHERE}"
)
# a pin row: (override id, tenant, target, vendor key, job id key, integration, message)
PinRow = tuple[int, int, int, str | None, str | None, int | None, str | None]


def pins_of_batch(
    session: Session,
    *,
    messages: Iterable[tuple[int, int, str]],
    job_ids: Iterable[tuple[int, str]],
) -> dict[int, list[rules.Pin]]:
    """Per tenant, oldest first, the split pins a batch's sightings may match: of its
    (tenant, integration, provider message id) messages or (tenant, job id) pairs. One query;
    ``rules.pinned_target`` then picks each sighting's."""
    params = pin_params(messages=messages, job_ids=job_ids)
    if params is None:
        return {}
    return pins_of_rows(dbapi.fetch_all(session, _SPLIT_PINS, params))


def pin_params(
    *, messages: Iterable[tuple[int, int, str]], job_ids: Iterable[tuple[int, str]]
) -> dict[str, dbapi.InRows] | None:
    """The parameters of ``SPLIT_PINS_WHERE``; None when there is nothing to look up."""
    messages, job_ids = sorted(set(messages)), sorted(set(job_ids))
    if not messages and not job_ids:
        return None
    return {
        "messages": dbapi.in_rows(messages, width=3),
        "job_ids": dbapi.in_rows(job_ids, width=2),
    }


def pins_of_rows(rows: Iterable[Sequence[Any]]) -> dict[int, list[rules.Pin]]:
    """``pins_of_batch``'s answer from the pins' rows (``PinRow``s), in any order."""
    pins: dict[int, list[rules.Pin]] = {}
    for _, tenant_id, *pin in sorted(rows, key=lambda row: row[0]):
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
