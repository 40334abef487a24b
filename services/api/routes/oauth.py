"""OAuth redirect targets. No API key here: the single-use state authenticates the callback."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from services.api import crud
from services.api.deps import ContextDep
from services.api.models import ConnectedIntegration, OAuthProvider
from services.api.oauth_clients import Grant, OAuthRefused, ProviderUnavailable
from services.db.oauth_states import ConsumedState, consume_oauth_state
from services.db.session import transaction
from services.domain.wire_text import control_characters

log = logging.getLogger(__name__)
router = APIRouter(prefix="/oauth", tags=["oauth"])


@router.get("/{provider}/callback")
def callback(
    provider: OAuthProvider,
    context: ContextDep,
    state: Annotated[str, Query(max_length=256)] = "",
    code: Annotated[str, Query(max_length=4096)] = "",
    error: Annotated[str | None, Query(max_length=256)] = None,
) -> ConnectedIntegration:
    """Finish connecting: exchange the provider's code and store the encrypted credentials."""
    if any(control_characters(value or "") for value in (state, code, error)):
        # these go on to the identity provider's token endpoint
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "invalid callback parameters")
    now = datetime.now(UTC)
    with transaction(context.sessions) as session:
        consumed = consume_oauth_state(session, state=state, provider=provider, now=now)
    # committed before the exchange: a replayed callback finds the state used even when the
    # exchange below fails
    if consumed is None:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "invalid, expired or used state")
    if error or not code:
        log.info("tenant %s: %s authorization not granted", consumed.tenant_id, provider)
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "authorization was not granted")
    grant = _exchange(context, provider, consumed, code=code, state=state, now=now)
    with transaction(context.sessions) as session:
        row = crud.connect_integration(
            session,
            tenant_id=consumed.tenant_id,
            user_id=consumed.user_id,
            provider=provider,
            account_email=grant.account_email,
            config={},
            cipher=context.cipher,
            credentials=grant.credentials,
        )
    log.info("tenant %s connected %s integration %s", consumed.tenant_id, provider, row.id)
    return ConnectedIntegration(integration_id=row.id, provider=provider)


def _exchange(
    context: ContextDep,
    provider: OAuthProvider,
    consumed: ConsumedState,
    *,
    code: str,
    state: str,
    now: datetime,
) -> Grant:
    try:
        if provider is OAuthProvider.GMAIL:
            return context.google.exchange(code, now=now)
        if consumed.flow is None:
            raise OAuthRefused("no_flow")
        return context.microsoft.exchange(consumed.flow, code=code, state=state)
    except OAuthRefused as exc:
        log.info("tenant %s: %s refused the code (%s)", consumed.tenant_id, provider, exc.reason)
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, f"the provider refused the authorization ({exc.reason})"
        ) from None
    except ProviderUnavailable as exc:
        log.warning("tenant %s: %s token exchange failed: %s", consumed.tenant_id, provider, exc)
        raise HTTPException(status.HTTP_502_BAD_GATEWAY, "identity provider unavailable") from None
