"""Requirement overrides API: a recruiter merges two requirements, or splits a sighting out into
a requirement of its own; later sightings respect both (services.db.requirement_overrides).

Scoped to the caller's tenant: another tenant's requirement or sighting is a 404, as a missing
one. The override commits first, then its requirement.created/updated events are produced; if
Kafka does not acknowledge them the answer is a 503 and the override stays applied: the same
request again changes nothing and sends the events again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import RequirementCreated
from schemas.contracts.topics import Topic
from services.api.deps import ContextDep, TenantDep
from services.api.routes.status import ProducerDep
from services.common.kafka import Outbound, ProducerGateway
from services.common.metrics import PRODUCED
from services.db import requirement_overrides
from services.db.requirement_overrides import OverrideEvent, OverrideRefused, OverrideResult
from services.db.session import transaction
from services.domain.errors import RetryableError

log = logging.getLogger(__name__)
router = APIRouter(tags=["requirements"])
SOURCE = "/reqstream/api"
RESPONSES: dict[int | str, dict[str, Any]] = {
    status.HTTP_404_NOT_FOUND: {"description": "No such requirement or sighting in the tenant"},
    status.HTTP_409_CONFLICT: {"description": "The override makes no sense (see the detail)"},
    status.HTTP_503_SERVICE_UNAVAILABLE: {
        "description": "Kafka not configured, or the events were not sent (the override is "
        "applied; repeat the request to send them)"
    },
}


class MergeRequest(BaseModel):
    into: int = Field(ge=1, description="The requirement that absorbs this one")


class OverrideApplied(BaseModel):
    """Where the sightings are now, and which requirement events were sent."""

    requirement_id: int
    events: list[str]


@router.post("/requirements/{requirement_id}/merge", responses=RESPONSES)
def merge_requirement(
    requirement_id: int,
    body: MergeRequest,
    tenant_id: TenantDep,
    context: ContextDep,
    producer: ProducerDep,
) -> OverrideApplied:
    """Merge this requirement into another: its sightings move there, and later sightings that
    match it join the other one."""
    return _apply(
        context.sessions,
        producer,
        lambda session: requirement_overrides.merge(
            session,
            tenant_id=tenant_id,
            requirement_id=requirement_id,
            into_id=body.into,
            now=datetime.now(UTC),
        ),
    )


@router.post("/requirements/{requirement_id}/sightings/{sighting_id}/split", responses=RESPONSES)
def split_sighting(
    requirement_id: int,
    sighting_id: int,
    tenant_id: TenantDep,
    context: ContextDep,
    producer: ProducerDep,
) -> OverrideApplied:
    """Split one sighting out into a requirement of its own; later sightings of that vendor's
    job id, or of the same message, stay with it."""
    return _apply(
        context.sessions,
        producer,
        lambda session: requirement_overrides.split(
            session,
            tenant_id=tenant_id,
            requirement_id=requirement_id,
            sighting_id=sighting_id,
            now=datetime.now(UTC),
        ),
    )


def _apply(
    sessions: sessionmaker[Session],
    producer: ProducerGateway,
    override: Callable[[Session], OverrideResult | None],
) -> OverrideApplied:
    try:
        with transaction(sessions) as session:
            result = override(session)
    except OverrideRefused as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None
    if result is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "requirement or sighting not found")
    topics = _publish(producer, result.events)
    return OverrideApplied(requirement_id=result.requirement_id, events=topics)


def _publish(producer: ProducerGateway, events: Sequence[OverrideEvent]) -> list[str]:
    messages = [
        Outbound.of(
            Topic.REQUIREMENT_CREATED
            if isinstance(event, RequirementCreated)
            else Topic.REQUIREMENT_UPDATED,
            event,
            key=str(event.requirement_id),
            source=SOURCE,
        )
        for event in events
    ]
    try:
        producer.send(messages)
    except RetryableError as exc:
        log.warning("requirement override applied, its events not sent: %s", exc)
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "override applied, its events not sent: repeat the request",
        ) from None
    for message in messages:
        PRODUCED.labels("api", message.topic.value).inc()
    return [message.topic.value for message in messages]
