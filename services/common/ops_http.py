"""The ops answers (``ops_server.Probes``) as FastAPI routes, for the HTTP services."""

from __future__ import annotations

from fastapi import APIRouter, Response

from services.common.ops_server import Probes, Reply


def as_response(reply: Reply) -> Response:
    return Response(reply.body, status_code=reply.status, media_type=reply.content_type)


def ops_router(probes: Probes) -> APIRouter:
    """GET /healthz, /readyz and /metrics answered by ``probes``."""
    router = APIRouter(tags=["health"])

    @router.get("/healthz")
    def healthz() -> Response:
        """The process is alive."""
        return as_response(probes.healthz())

    @router.get("/readyz")
    def readyz() -> Response:
        """Every readiness check passes."""
        return as_response(probes.readyz())

    @router.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        """Prometheus text exposition."""
        return as_response(probes.metrics())

    return router
