"""Request size limits (issue 12): a body over the limit is 413 before any route or database
is reached; an over-long IMAP password is 422. No servers: the app's sessions are never used."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy.orm import sessionmaker

from services.api.bodylimit import DEFAULT_MAX_BODY_BYTES, BodySizeLimit
from services.api.main import build_app
from services.api.models import MAX_PASSWORD_LENGTH, ImapCreate
from tests.services.api.api_app import api_settings


def _imap(password: str) -> dict[str, object]:
    return {
        "user_id": 1,
        "host": "imap.example.com",
        "port": 993,
        "username": "u",
        "password": password,
    }


@pytest.fixture
def client() -> Iterator[TestClient]:
    app = build_app(api_settings("postgresql://unused/unused"), sessions=sessionmaker())
    with TestClient(app) as test_client:
        yield test_client


def test_a_30_mb_imap_password_is_413_before_the_route(client: TestClient) -> None:
    response = client.post(
        "/integrations/imap", json=_imap("p" * 30_000_000), headers={"X-API-Key": "rs_x"}
    )

    assert response.status_code == 413
    assert "p" * 100 not in response.text  # the body is not echoed


def test_a_password_over_the_field_limit_is_rejected_by_the_model() -> None:
    ImapCreate.model_validate(_imap("p" * MAX_PASSWORD_LENGTH))
    with pytest.raises(ValidationError):
        ImapCreate.model_validate(_imap("p" * (MAX_PASSWORD_LENGTH + 1)))


def _echo_app(limit: int) -> FastAPI:
    app = FastAPI()
    app.add_middleware(BodySizeLimit, max_bytes=limit)

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"size": len(await request.body())}

    return app


def test_a_chunked_body_without_a_length_is_counted_as_it_streams() -> None:
    chunks = [b"x" * 1000] * 5

    with TestClient(_echo_app(4000)) as client:
        too_big = client.post("/echo", content=iter(chunks))
        fits = client.post("/echo", content=iter(chunks[:3]))

    assert too_big.status_code == 413
    assert fits.json() == {"size": 3000}


def test_a_body_at_the_limit_passes() -> None:
    with TestClient(_echo_app(DEFAULT_MAX_BODY_BYTES)) as client:
        response = client.post("/echo", content=b"x" * DEFAULT_MAX_BODY_BYTES)

    assert response.json() == {"size": DEFAULT_MAX_BODY_BYTES}
