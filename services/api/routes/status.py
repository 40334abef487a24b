"""Status API: an integration's state, its sync runs with per-email outcomes, job postings, and
the manual sync trigger. Everything is scoped to the caller's tenant; another tenant's
integration, run or job is a 404."""

from __future__ import annotations

import logging
import math
import threading
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request, status

from schemas.contracts.topics import Topic
from services.api import crud
from services.api.deps import ContextDep, SessionDep, TenantDep
from services.api.models import (
    IntegrationStatus,
    JobPostingPublic,
    SyncAccepted,
    SyncRunDetail,
    SyncRunSummary,
)
from services.common.kafka import Outbound, ProducerGateway, build_producer
from services.common.metrics import PRODUCED
from services.db import integrations
from services.domain.errors import RetryableError
from services.scheduler import handler

log = logging.getLogger(__name__)


@asynccontextmanager
async def _release_producer(app: FastAPI) -> AsyncIterator[None]:
    yield
    # dropping the last reference destroys the librdkafka client (every send was flushed)
    app.state.sync_producer = None


router = APIRouter(tags=["status"], lifespan=_release_producer)

SOURCE = "/reqstream/api"
PRODUCER_CLIENT_ID = "api"
_producer_lock = threading.Lock()

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    status.HTTP_404_NOT_FOUND: {"description": "Not found, or another tenant's"}
}


def get_sync_producer(request: Request, context: ContextDep) -> ProducerGateway:
    """The app's producer for sync requests, built on first use (tests may preset
    ``app.state.sync_producer``); 503 when no Kafka is configured."""
    state = request.app.state
    with _producer_lock:
        producer: ProducerGateway | None = getattr(state, "sync_producer", None)
        if producer is None:
            bootstrap = context.settings.kafka_bootstrap_servers
            if not bootstrap:
                raise HTTPException(
                    status.HTTP_503_SERVICE_UNAVAILABLE,
                    "manual sync is not configured (KAFKA_BOOTSTRAP_SERVERS)",
                )
            producer = build_producer(bootstrap=bootstrap, client_id=PRODUCER_CLIENT_ID)
            state.sync_producer = producer
    return producer


ProducerDep = Annotated[ProducerGateway, Depends(get_sync_producer)]


@router.get("/integrations/{integration_id}", responses=NOT_FOUND, tags=["integrations"])
def integration_status(
    integration_id: int, tenant_id: TenantDep, session: SessionDep
) -> IntegrationStatus:
    """One integration's status and sync statistics (no configuration, no credentials)."""
    row = crud.get_integration(session, tenant_id=tenant_id, integration_id=integration_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "integration not found")
    return IntegrationStatus.from_row(row)


@router.post(
    "/integrations/{integration_id}/sync",
    status_code=status.HTTP_202_ACCEPTED,
    responses={
        **NOT_FOUND,
        status.HTTP_429_TOO_MANY_REQUESTS: {"description": "the tenant's triggers per minute"},
        status.HTTP_503_SERVICE_UNAVAILABLE: {"description": "Kafka not configured or down"},
    },
    tags=["integrations"],
)
def trigger_sync(
    integration_id: int,
    tenant_id: TenantDep,
    session: SessionDep,
    producer: ProducerDep,
    context: ContextDep,
) -> SyncAccepted:
    """Request an immediate sync (email.sync.requested); follow it at /syncs/{sync_id}."""
    wait = context.triggers.take(tenant_id)
    if wait > 0:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"at most {context.triggers.per_period} manual syncs a minute; try again later",
            headers={"Retry-After": str(math.ceil(wait))},
        )
    snapshot = integrations.integration_snapshot(
        session, integration_id=integration_id, tenant_id=tenant_id
    )
    if snapshot is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "integration not found")
    request = handler.manual_sync_request(snapshot, now=datetime.now(UTC), sync_id=uuid.uuid4())
    outbound = Outbound.of(
        Topic.EMAIL_SYNC_REQUESTED, request, key=str(request.integration_id), source=SOURCE
    )
    try:
        producer.send([outbound])
    except RetryableError as exc:
        log.warning("sync request for integration %s not delivered: %s", integration_id, exc)
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "Kafka unavailable") from None
    PRODUCED.labels("api", Topic.EMAIL_SYNC_REQUESTED.value).inc()
    log.info("tenant %s requested sync %s of %s", tenant_id, request.sync_id, integration_id)
    return SyncAccepted(sync_id=request.sync_id, integration_id=integration_id, manual_trigger=True)


@router.get("/syncs", tags=["syncs"])
def list_syncs(
    tenant_id: TenantDep,
    session: SessionDep,
    integration_id: Annotated[int | None, Query(description="only this integration's")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[SyncRunSummary]:
    """The tenant's most recent sync runs, newest first."""
    rows = crud.list_sync_runs(
        session, tenant_id=tenant_id, integration_id=integration_id, limit=limit
    )
    return [SyncRunSummary.from_row(row) for row in rows]


@router.get("/syncs/{sync_id}", responses=NOT_FOUND, tags=["syncs"])
def get_sync(sync_id: uuid.UUID, tenant_id: TenantDep, session: SessionDep) -> SyncRunDetail:
    """One sync run with the outcome of each of its emails and links to the jobs created."""
    row = crud.get_sync_run(session, tenant_id=tenant_id, sync_id=sync_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "sync run not found")
    emails = crud.sync_run_emails(session, tenant_id=tenant_id, sync_ids=[row.id])[row.id]
    return SyncRunDetail.from_run(row, emails)


@router.get("/jobs/{job_id}", responses=NOT_FOUND, tags=["jobs"])
def get_job(job_id: int, tenant_id: TenantDep, session: SessionDep) -> JobPostingPublic:
    """One job posting of the tenant."""
    row = crud.get_job(session, tenant_id=tenant_id, job_id=job_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "job not found")
    return JobPostingPublic.model_validate(row)
