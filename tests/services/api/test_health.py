"""The API's liveness, readiness and metrics."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from services.api.main import build_app
from tests.services.api.api_app import api_settings

pytestmark = pytest.mark.kafka


def test_ready_when_database_and_kafka_answer(
    prepared: tuple[str, str], sessions: sessionmaker[Session]
) -> None:
    bootstrap, database_url = prepared
    with TestClient(build_app(api_settings(database_url), sessions=sessions)) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/readyz").json() == {"database": True, "kafka": None}
    with TestClient(
        build_app(api_settings(database_url, kafka=bootstrap), sessions=sessions)
    ) as client:
        ready = client.get("/readyz")
        assert (ready.status_code, ready.json()) == (200, {"database": True, "kafka": True})
        metrics = client.get("/metrics")
        assert metrics.status_code == 200 and "# TYPE" in metrics.text


def test_not_ready_when_kafka_is_unreachable(
    prepared: tuple[str, str], sessions: sessionmaker[Session]
) -> None:
    settings = api_settings(prepared[1], kafka="127.0.0.1:1")
    with TestClient(build_app(settings, sessions=sessions)) as client:
        ready = client.get("/readyz")
    assert (ready.status_code, ready.json()) == (503, {"database": True, "kafka": False})
