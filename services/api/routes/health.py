"""Liveness, readiness and metrics: the shared ops answers, with this request's checks."""

from fastapi import APIRouter, Response

from services.api.deps import ContextDep
from services.common.ops_http import as_response
from services.common.ops_server import Probes, kafka_check
from services.db.probe import database_check

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> Response:
    """The process is alive."""
    return as_response(Probes().healthz())


@router.get("/readyz")
def readyz(context: ContextDep) -> Response:
    """The database answers, and Kafka too when one is configured (null when not: manual
    triggers then answer 503)."""
    bootstrap = context.settings.kafka_bootstrap_servers
    probes = Probes(
        {
            "database": database_check(context.sessions.kw["bind"]),
            "kafka": kafka_check(bootstrap) if bootstrap else None,
        }
    )
    return as_response(probes.readyz())


@router.get("/metrics", include_in_schema=False)
def metrics() -> Response:
    """Prometheus text exposition."""
    return as_response(Probes().metrics())
