"""Dead letters per stage for the caller's tenant, and re-driving them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel
from sqlalchemy import select

from schemas.contracts.registry import get_topic
from schemas.contracts.topics import DEAD_LETTER_TOPIC, Topic
from services.api.deps import ContextDep, SessionDep, TenantDep
from services.api.redrive_jobs import JobAlreadyRunning, RedriveJob
from services.db.models import EmailIntegration
from services.domain.wire_text import control_characters
from services.ops.dlq import RedriveResult, Selection, list_dead_letters, redrive

router = APIRouter(prefix="/deadletters", tags=["dead letters"])
LATEST = 20  # dead letters shown per topic
MAX_REASON = 200  # characters of a reason filter


class StageDeadLetters(BaseModel):
    topic: str
    original_topic: str
    stage: str
    count: int
    by_reason: dict[str, int]
    latest: list[dict[str, Any]]


class RedriveStatus(BaseModel):
    """A tenant's re-drive job; counts cover the tenant's own dead letters only."""

    job_id: uuid.UUID
    href: str
    topic: str
    reason: str | None
    # queued | running | done | failed
    state: str
    examined: int
    redriven: int
    error: str | None
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, job: RedriveJob) -> RedriveStatus:
        return cls(
            job_id=job.id,
            href=f"/deadletters/redrives/{job.id}",
            topic=job.topic,
            reason=job.reason,
            state=job.state,
            examined=job.progress.owned,
            redriven=len(job.progress.redriven),
            error=job.error,
            created_at=job.created_at,
            finished_at=job.finished_at,
        )


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


@router.post("/{topic}/redrive", status_code=status.HTTP_202_ACCEPTED)
def redrive_dead_letters(
    topic: str,
    tenant_id: TenantDep,
    session: SessionDep,
    context: ContextDep,
    reason: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=MAX_REASON,
            description="only letters whose reason contains this text (case-insensitive)",
        ),
    ] = None,
) -> RedriveStatus:
    """Start re-driving the caller's dead letters on ``topic`` to the topic they failed on, once;
    follow it at ``/deadletters/redrives/{job_id}``."""
    try:
        dlq = Topic(topic)
    except ValueError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "unknown topic") from None
    if dlq not in DEAD_LETTER_TOPIC.values():
        raise HTTPException(status.HTTP_404_NOT_FOUND, "not a dead-letter topic")
    if reason is not None and control_characters(reason):
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "reason has control characters")
    bootstrap = _bootstrap(context)
    group = f"reqstream-redrive-{dlq.value}-tenant-{tenant_id}"
    # plain text, never a pattern: a tenant's regex could take seconds per letter (ReDoS)
    selection = Selection(reason_contains=reason, keys=_tenant_keys(session, tenant_id))

    def run(progress: RedriveResult) -> None:
        redrive(
            bootstrap, dlq, selection=selection, group=group, hold_at_skipped=True, result=progress
        )

    try:
        job = context.redrive_jobs.start(
            tenant_id=tenant_id,
            topic=dlq.value,
            reason=reason,
            progress=RedriveResult(dlq.value, group, dry_run=False),
            run=run,
        )
    except JobAlreadyRunning as exc:
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"a re-drive of {dlq.value} is running: {exc.job.id}"
        ) from None
    return RedriveStatus.of(job)


@router.get("/redrives/{job_id}", responses={404: {"description": "no such job"}})
def redrive_status(job_id: uuid.UUID, tenant_id: TenantDep, context: ContextDep) -> RedriveStatus:
    """A re-drive job's progress: the caller's dead letters examined and re-driven so far."""
    job = context.redrive_jobs.get(tenant_id=tenant_id, job_id=job_id)
    if job is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "re-drive job not found")
    return RedriveStatus.of(job)
