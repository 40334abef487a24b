"""The integrations API (the template's main.py): app, error handlers, routers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import requests
from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import Provider
from services.api.bodylimit import BodySizeLimit
from services.api.deps import AppContext
from services.api.oauth_clients import (
    GoogleOAuth,
    MicrosoftOAuth,
    build_http_client,
    build_msal_session,
)
from services.api.push_tokens import PushTokenVerifier
from services.api.routes import (
    apikeys,
    deadletters,
    health,
    integrations,
    oauth,
    pages,
    push,
    requirement_overrides,
    requirement_pages,
    requirements,
    vendors,
)
from services.api.routes import status as status_routes
from services.api.settings import ApiSettings
from services.common.trigger_quota import TriggerQuota
from services.domain.errors import RetryableError
from services.domain.quotas import IntegrationLimitReached


def build_app(
    settings: ApiSettings,
    *,
    sessions: sessionmaker[Session],
    http: httpx.Client | None = None,
    msal_http: requests.Session | None = None,
) -> FastAPI:
    """The app; ``http`` (Google token exchange) and ``msal_http`` (MSAL's HTTP client) replace
    the ones built from ``settings.ca_file``."""
    owned_http = http is None
    google_http = http or build_http_client(settings.ca_file)
    if msal_http is None and settings.ca_file:
        msal_http = build_msal_session(settings.ca_file)
    context = AppContext(
        settings=settings,
        sessions=sessions,
        cipher=settings.credential_cipher(),
        oauth={
            Provider.GMAIL: GoogleOAuth(
                client_id=settings.google_client_id,
                client_secret=settings.google_client_secret.get_secret_value(),
                auth_uri=settings.google_auth_uri,
                token_uri=settings.google_token_uri,
                redirect_uri=settings.redirect_uri(Provider.GMAIL),
                http=google_http,
            ),
            Provider.OUTLOOK: MicrosoftOAuth(
                client_id=settings.microsoft_client_id,
                client_secret=settings.microsoft_client_secret.get_secret_value(),
                authority=settings.microsoft_authority,
                redirect_uri=settings.redirect_uri(Provider.OUTLOOK),
                http_client=msal_http,
            ),
        },
        triggers=TriggerQuota(per_period=settings.manual_triggers_per_minute),
        push_tokens=PushTokenVerifier(
            audience=settings.gmail_push_audience,
            service_account=settings.gmail_push_service_account,
            certs_url=settings.google_certs_url,
        ),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        context.redrive_jobs.shutdown()
        if owned_http:
            google_http.close()

    app = FastAPI(title="reqstream API", version="1", lifespan=lifespan)
    app.state.context = context
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(RetryableError, _unavailable)
    app.add_exception_handler(IntegrationLimitReached, _limit_reached)
    app.include_router(health.router)
    app.include_router(integrations.router)
    app.include_router(oauth.router)
    app.include_router(status_routes.router)
    app.include_router(pages.router)
    app.include_router(requirement_pages.router)
    app.include_router(deadletters.router)
    app.include_router(apikeys.router)
    app.include_router(requirements.router)
    app.include_router(requirement_overrides.router)
    app.include_router(push.router)
    app.include_router(vendors.router)
    return app


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    # FastAPI's default echoes the offending input, which for a bad IMAP body is the password
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": error.get("loc"), "msg": error.get("msg"), "type": error.get("type")}
        for error in exc.errors()
    ]
    return JSONResponse(
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        content={"detail": jsonable_encoder(errors)},
    )


async def _limit_reached(_request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(status_code=status.HTTP_409_CONFLICT, content={"detail": str(exc)})


async def _unavailable(_request: Request, _exc: Exception) -> JSONResponse:
    return JSONResponse(
        status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
        content={"detail": "database unavailable; try again"},
    )
