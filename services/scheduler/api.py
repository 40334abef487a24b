"""The scheduler's HTTP endpoints: liveness, readiness and metrics.

The manual sync trigger is the API service's (``POST /integrations/{id}/sync``, tenant-scoped,
API key); the scheduler only runs the cron.
"""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import Engine

from services.common.ops_http import ops_router
from services.common.ops_server import Probes, kafka_check
from services.db.probe import database_check


def build_app(*, engine: Engine, bootstrap: str) -> FastAPI:
    app = FastAPI(title="reqstream scheduler", version="1")
    probes = Probes({"kafka": kafka_check(bootstrap), "database": database_check(engine)})
    app.include_router(ops_router(probes))
    return app
