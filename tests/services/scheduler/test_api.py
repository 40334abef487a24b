"""The scheduler's HTTP port serves health and metrics only: manual syncs are the API's."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from services.api.main import build_app as build_api
from services.api.settings import ApiSettings
from services.common.crypto import generate_key
from services.db.session import build_engine, build_sessionmaker
from services.scheduler import api
from services.scheduler.api import build_app

UNUSED_DB = "postgresql://reqstream@127.0.0.1:1/unused"  # nothing connects until a probe runs
SYNC = "/integrations/7/sync"


def test_the_scheduler_serves_health_and_no_trigger(monkeypatch: pytest.MonkeyPatch) -> None:
    # routes only: a real probe's admin client would retry its unreachable broker for the session
    monkeypatch.setattr(api, "kafka_check", lambda bootstrap: lambda: True)
    app = build_app(engine=build_engine(UNUSED_DB), bootstrap="127.0.0.1:1")
    with TestClient(app) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.post(SYNC).status_code == 404
        assert set(app.openapi()["paths"]) == {"/healthz", "/readyz"}


def test_the_manual_trigger_is_the_apis() -> None:
    settings = ApiSettings(database_url=UNUSED_DB, token_encryption_keys=generate_key())
    api = build_api(settings, sessions=build_sessionmaker(build_engine(UNUSED_DB)))
    assert "post" in api.openapi()["paths"]["/integrations/{integration_id}/sync"]
