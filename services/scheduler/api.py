"""The scheduler's HTTP API: manual sync trigger, liveness, readiness and metrics."""

# No `from __future__ import annotations` here: FastAPI must evaluate the route's annotations,
# and one of them names a dependency defined inside build_app.
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, FastAPI, HTTPException, status
from pydantic import BaseModel
from sqlalchemy import Engine

from services.common.http_auth import ApiKeyHeader, BearerHeader, resolve_tenant
from services.common.ops_http import ops_router
from services.common.ops_server import Probes, kafka_check
from services.db.api_keys import tenant_for_api_key
from services.db.probe import database_check
from services.db.session import transaction
from services.domain.errors import RetryableError
from services.scheduler.wiring import Scheduler


class SyncAccepted(BaseModel):
    sync_id: UUID
    integration_id: int
    manual_trigger: bool


def build_app(*, scheduler: Scheduler, engine: Engine, bootstrap: str) -> FastAPI:
    app = FastAPI(title="reqstream scheduler", version="1")
    router = APIRouter()

    def caller_tenant(api_key: ApiKeyHeader, authorization: BearerHeader) -> int:
        with transaction(scheduler.sessions) as session:
            return resolve_tenant(
                lambda raw_key: tenant_for_api_key(session, raw_key=raw_key),
                api_key,
                authorization,
            )

    @router.post("/integrations/{integration_id}/sync", status_code=status.HTTP_202_ACCEPTED)
    def trigger_sync(
        integration_id: int, tenant_id: Annotated[int, Depends(caller_tenant)]
    ) -> SyncAccepted:
        """Request an immediate sync of one of the caller's tenant's integrations."""
        try:
            request = scheduler.trigger(integration_id=integration_id, tenant_id=tenant_id)
        except RetryableError as exc:
            raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(exc)) from exc
        if request is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "integration not found")
        return SyncAccepted(
            sync_id=request.sync_id, integration_id=integration_id, manual_trigger=True
        )

    app.include_router(router)
    probes = Probes({"kafka": kafka_check(bootstrap), "database": database_check(engine)})
    app.include_router(ops_router(probes))
    return app
