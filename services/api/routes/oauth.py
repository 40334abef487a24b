"""OAuth connect, in the user's browser. No API key here: the single-use state, bound at the start
endpoint to a nonce cookie of the browser that opened it, authenticates the callback.

``GET /integrations/connect/{provider}`` (API key) hands out ``/oauth/{provider}/start?state=…``.
The first browser to open it gets an HttpOnly, SameSite=Lax nonce cookie bound to the state and
is sent on to the provider with a PKCE (S256) challenge; the callback accepts the state only with
that cookie, so a browser that opens the provider's URL (or the used start URL) cannot attach
its own mailbox to the tenant. The connected address is shown for the user to check.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from html import escape
from typing import Annotated

from fastapi import APIRouter, Cookie, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from schemas.contracts.models import Provider
from services.api import crud
from services.api.deps import ContextDep, oauth_connector
from services.api.models import ConnectedIntegration
from services.api.oauth_clients import Grant, OAuthConnector, OAuthRefused, ProviderUnavailable
from services.db.models import Tenant
from services.db.oauth_states import (
    OAUTH_STATE_TTL,
    ConsumedState,
    bind_oauth_state,
    consume_oauth_state,
    oauth_state_is_unbound,
)
from services.db.session import transaction
from services.db.tokens import new_token
from services.domain.wire_text import control_characters

log = logging.getLogger(__name__)
router = APIRouter(prefix="/oauth", tags=["oauth"])

NONCE_COOKIE = "reqstream_oauth_nonce"
BAD_STATE = "invalid, expired or used state, or not the browser that started the connect"


def callback_path(provider: str) -> str:
    return f"{router.prefix}/{provider}/callback"


@router.get(
    "/{provider}/start",
    response_class=RedirectResponse,
    status_code=status.HTTP_302_FOUND,
    responses={status.HTTP_400_BAD_REQUEST: {"description": "unknown, expired or used state"}},
)
def start(
    provider: Provider,
    context: ContextDep,
    state: Annotated[str, Query(max_length=256)] = "",
) -> Response:
    """Bind the connect to this browser (a nonce cookie), then go on to the provider."""
    connector = oauth_connector(context, provider)
    now = datetime.now(UTC)
    with transaction(context.sessions) as session:
        unbound = oauth_state_is_unbound(session, state=state, provider=provider, now=now)
    # checked before MSAL's discovery request, so made-up states cost no outbound call
    if not unbound:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, BAD_STATE)
    try:
        started = connector.begin(state)
    except ProviderUnavailable as exc:
        log.warning("%s connect start failed: %s", provider, exc)
        raise HTTPException(status.HTTP_502_BAD_GATEWAY, "identity provider unavailable") from None
    nonce = new_token()
    with transaction(context.sessions) as session:
        bound = bind_oauth_state(
            session,
            state=state,
            provider=provider,
            browser_nonce=nonce,
            secrets_encrypted=context.cipher.encrypt(started.secrets),
            now=now,
        )
    if not bound:  # another browser won the race for this start URL
        raise HTTPException(status.HTTP_400_BAD_REQUEST, BAD_STATE)
    response = RedirectResponse(
        started.authorization_url, status.HTTP_302_FOUND, headers={"Cache-Control": "no-store"}
    )
    response.set_cookie(
        NONCE_COOKIE,
        nonce,
        max_age=int(OAUTH_STATE_TTL.total_seconds()),
        path=callback_path(provider),
        httponly=True,
        # Lax, not Strict: the callback is a top-level navigation from the provider's site
        samesite="lax",
        secure=context.settings.secure_cookies,
    )
    return response


@router.get("/{provider}/callback", response_model=ConnectedIntegration)
def callback(
    provider: Provider,
    request: Request,
    context: ContextDep,
    state: Annotated[str, Query(max_length=256)] = "",
    code: Annotated[str, Query(max_length=4096)] = "",
    error: Annotated[str | None, Query(max_length=256)] = None,
    browser_nonce: Annotated[str | None, Cookie(alias=NONCE_COOKIE, max_length=256)] = None,
) -> Response:
    """Finish connecting: exchange the provider's code and store the encrypted credentials."""
    if any(control_characters(value or "") for value in (state, code, error)):
        # these go on to the identity provider's token endpoint
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "invalid callback parameters")
    connector = oauth_connector(context, provider)
    now = datetime.now(UTC)
    with transaction(context.sessions) as session:
        consumed = consume_oauth_state(
            session, state=state, provider=provider, browser_nonce=browser_nonce, now=now
        )
    # committed before the exchange: a replayed callback finds the state used even when the
    # exchange below fails
    if consumed is None:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, BAD_STATE)
    if error or not code:
        log.info("tenant %s: %s authorization not granted", consumed.tenant_id, provider)
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "authorization was not granted")
    grant = _exchange(context, connector, consumed, code=code, state=state, now=now)
    with transaction(context.sessions) as session:
        row = crud.connect_integration(
            session,
            max_active=context.settings.max_integrations_per_tenant,
            tenant_id=consumed.tenant_id,
            user_id=consumed.user_id,
            provider=provider,
            account_email=grant.account_email,
            config={},
            cipher=context.cipher,
            credentials=grant.credentials,
        )
        connected = ConnectedIntegration(
            integration_id=row.id, provider=provider, account_email=row.account_email
        )
        tenant = session.get(Tenant, consumed.tenant_id)
        tenant_name = tenant.name if tenant else str(consumed.tenant_id)
    log.info("tenant %s connected %s integration %s", consumed.tenant_id, provider, row.id)
    if "text/html" in request.headers.get("accept", ""):
        response: Response = _connected_page(connected, tenant_name=tenant_name)
    else:
        response = JSONResponse(connected.model_dump(), headers={"Cache-Control": "no-store"})
    response.delete_cookie(NONCE_COOKIE, path=callback_path(provider))
    return response


def _exchange(
    context: ContextDep,
    connector: OAuthConnector,
    consumed: ConsumedState,
    *,
    code: str,
    state: str,
    now: datetime,
) -> Grant:
    provider = consumed.provider
    flow_secrets = (
        context.cipher.decrypt(consumed.secrets_encrypted) if consumed.secrets_encrypted else {}
    )
    try:
        return connector.finish(code=code, state=state, secrets=flow_secrets, now=now)
    except OAuthRefused as exc:
        log.info("tenant %s: %s refused the code (%s)", consumed.tenant_id, provider, exc.reason)
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, f"the provider refused the authorization ({exc.reason})"
        ) from None
    except ProviderUnavailable as exc:
        log.warning("tenant %s: %s token exchange failed: %s", consumed.tenant_id, provider, exc)
        raise HTTPException(status.HTTP_502_BAD_GATEWAY, "identity provider unavailable") from None


def _connected_page(connected: ConnectedIntegration, *, tenant_name: str) -> HTMLResponse:
    """For a browser: which mailbox was attached, and to whom, for the user to check."""
    mailbox = escape(connected.account_email or "an unnamed mailbox")
    body = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='referrer' content='no-referrer'><title>Mailbox connected · reqstream"
        f"</title></head><body><h1>Mailbox connected</h1><p>Connected <strong>{mailbox}</strong>"
        f" ({escape(connected.provider)}) to <strong>{escape(tenant_name)}</strong> as"
        f" integration #{connected.integration_id}.</p><p>Not your mailbox, or not your"
        " organisation? Disconnect this integration and connect again.</p></body></html>"
    )
    return HTMLResponse(body, headers={"Cache-Control": "no-store"})
