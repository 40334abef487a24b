"""Dead letters per stage for the caller's tenant, and re-driving them."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel
from sqlalchemy import select

from schemas.contracts.registry import get_topic
from schemas.contracts.topics import DEAD_LETTER_TOPIC, Topic
from services.api.deps import ContextDep, SessionDep, TenantDep
from services.db.models import EmailIntegration
from services.ops.dlq import Selection, list_dead_letters, redrive

router = APIRouter(prefix="/deadletters", tags=["dead letters"])
LATEST = 20  # dead letters shown per topic


class StageDeadLetters(BaseModel):
    topic: str
    original_topic: str
    stage: str
    count: int
    by_reason: dict[str, int]
    latest: list[dict[str, Any]]


class Redriven(BaseModel):
    topic: str
    examined: int
    redriven: int


def _bootstrap(context: ContextDep) -> str:
    bootstrap = context.settings.kafka_bootstrap_servers
    if not bootstrap:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "KAFKA_BOOTSTRAP_SERVERS unset")
    return bootstrap


def _tenant_keys(session: SessionDep, tenant_id: int) -> frozenset[str]:
    """Dead letters are keyed by integration id: a tenant's are those of its integrations."""
    ids = session.scalars(
        select(EmailIntegration.id).where(EmailIntegration.tenant_id == tenant_id)
    )
    return frozenset(str(i) for i in ids)


@router.get("")
def dead_letters(
    tenant_id: TenantDep, session: SessionDep, context: ContextDep
) -> list[StageDeadLetters]:
    """Dead letters of the caller's integrations, per stage, with counts by reason."""
    bootstrap = _bootstrap(context)
    keys = _tenant_keys(session, tenant_id)
    stages = []
    for original, dlq in DEAD_LETTER_TOPIC.items():
        listing = list_dead_letters(bootstrap, dlq)
        mine = [d for d in listing.dead_letters if d.key_text in keys]
        by_reason: dict[str, int] = {}
        for letter in mine:
            by_reason[letter.reason] = by_reason.get(letter.reason, 0) + 1
        stages.append(
            StageDeadLetters(
                topic=dlq.value,
                original_topic=original.value,
                stage=", ".join(get_topic(original).services.consumers),
                count=len(mine),
                by_reason=by_reason,
                latest=[d.as_dict() for d in mine[-LATEST:]],
            )
        )
    return stages


@router.post("/{topic}/redrive")
def redrive_dead_letters(
    topic: str,
    tenant_id: TenantDep,
    session: SessionDep,
    context: ContextDep,
    reason: Annotated[str | None, Query(description="only letters whose reason matches")] = None,
) -> Redriven:
    """Send the caller's dead letters on ``topic`` back to the topic they failed on, once."""
    try:
        dlq = Topic(topic)
    except ValueError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "unknown topic") from None
    if dlq not in DEAD_LETTER_TOPIC.values():
        raise HTTPException(status.HTTP_404_NOT_FOUND, "not a dead-letter topic")
    try:
        pattern = re.compile(reason) if reason else None
    except re.error as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, f"bad reason: {exc}") from exc
    result = redrive(
        _bootstrap(context),
        dlq,
        selection=Selection(reason=pattern, keys=_tenant_keys(session, tenant_id)),
        group=f"reqstream-redrive-{dlq.value}-tenant-{tenant_id}",
    )
    return Redriven(topic=dlq.value, examined=result.examined, redriven=len(result.redriven))
