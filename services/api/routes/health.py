"""Liveness, readiness and metrics."""

from fastapi import APIRouter, Response, status
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import BaseModel

from services.api.deps import ContextDep
from services.common.metrics import render
from services.common.ops_server import database_check, kafka_check

router = APIRouter(tags=["health"])


class Readiness(BaseModel):
    database: bool
    kafka: bool | None  # None: no broker configured (manual triggers answer 503)


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(context: ContextDep, response: Response) -> Readiness:
    """The database answers, and Kafka too when one is configured."""
    bootstrap = context.settings.kafka_bootstrap_servers
    engine = context.sessions.kw["bind"]
    ready = Readiness(
        database=database_check(engine)(),
        kafka=kafka_check(bootstrap)() if bootstrap else None,
    )
    if not ready.database or ready.kafka is False:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return ready


@router.get("/metrics", include_in_schema=False)
def metrics() -> Response:
    """Prometheus text exposition."""
    return Response(render(), media_type=CONTENT_TYPE_LATEST)
