"""Stopping a mailbox's push watch when its user disconnects it.

Best effort, before the credentials are wiped: the provider is asked to stop (Gmail
``users.stop``, Microsoft Graph ``DELETE /subscriptions/{id}``); if that fails the watch lapses
by itself (Gmail within 7 days, a Graph subscription within 6), and its notifications are
rejected meanwhile (the integration is no longer active, its subscription forgotten). A failure
is logged with the provider error's kind and status only, never a token, and never fails the
disconnect.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from schemas.contracts.models import Provider
from services.api.settings import ApiSettings
from services.common.crypto import CredentialCipher
from services.db import push
from services.db.credentials import load_credentials
from services.db.models import EmailIntegration
from services.domain.errors import CredentialsUnreadable
from services.fetcher.providers.base import ProviderError

log = logging.getLogger(__name__)
STOP_TIMEOUT_SECONDS = 10.0


def stop_push_watch(
    session: Session,
    *,
    integration: EmailIntegration,
    settings: ApiSettings,
    cipher: CredentialCipher,
) -> None:
    if integration.provider == Provider.OUTLOOK.value:
        _delete_graph_subscription(
            session, integration=integration, settings=settings, cipher=cipher
        )
        return
    if integration.provider != Provider.GMAIL.value:
        return
    # whether or not this API takes Pub/Sub deliveries: a fetcher may have set a watch up
    facts = push.watch_facts(session, integration_id=integration.id)
    push.forget_watch(session, integration_id=integration.id)
    if facts.expires_at is None and facts.error is None:
        return  # never watched
    credentials = _credentials(session, integration, cipher)
    if not credentials:
        return
    from services.fetcher.providers.gmail import GmailProvider  # the Google client, lazily

    try:
        provider = GmailProvider(
            credentials=credentials,
            client_id=settings.google_client_id,
            client_secret=settings.google_client_secret.get_secret_value(),
            token_uri=settings.google_token_uri,
            api_endpoint=settings.gmail_api_endpoint,
            timeout=STOP_TIMEOUT_SECONDS,
        )
        try:
            provider.stop_watch()
        finally:
            provider.close()
    except ProviderError as exc:  # its text names the call and status, never a token
        log.warning("integration %s: watch not stopped (%s); it lapses", integration.id, exc)
        return
    log.info("integration %s: push watch stopped", integration.id)


def _delete_graph_subscription(
    session: Session,
    *,
    integration: EmailIntegration,
    settings: ApiSettings,
    cipher: CredentialCipher,
) -> None:
    subscription_id = push.graph_subscription_id(session, integration_id=integration.id)
    push.forget_watch(session, integration_id=integration.id)
    if subscription_id is None:
        return  # never subscribed
    credentials = _credentials(session, integration, cipher)
    if not credentials:
        return
    from services.fetcher.providers.outlook import OutlookProvider  # MSAL and httpx, lazily

    try:
        provider = OutlookProvider(
            client_id=settings.microsoft_client_id,
            client_secret=settings.microsoft_client_secret.get_secret_value(),
            authority=settings.microsoft_authority,
            token_cache=credentials.get("token_cache"),
            account_id=credentials.get("account_id"),
            graph_base_url=settings.graph_base_url,
            ca_file=settings.ca_file,
            timeout=STOP_TIMEOUT_SECONDS,
        )
        try:
            provider.unsubscribe(subscription_id)
        finally:
            provider.close()
    except ProviderError as exc:  # status and Graph's error code, never a token
        log.warning(
            "integration %s: Graph subscription not deleted (%s: %s); it lapses",
            integration.id,
            type(exc).__name__,
            exc,
        )
        return
    log.info("integration %s: Graph subscription deleted", integration.id)


def _credentials(
    session: Session, integration: EmailIntegration, cipher: CredentialCipher
) -> dict[str, Any] | None:
    try:
        return load_credentials(session, integration_id=integration.id, cipher=cipher)
    except CredentialsUnreadable:
        log.warning("integration %s: watch not stopped, credentials unreadable", integration.id)
        return None
