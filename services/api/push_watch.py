"""Stopping a mailbox's push watch when its user disconnects it.

Best effort, before the credentials are wiped: the provider is asked to stop (Gmail
``users.stop``); if that fails the watch lapses by itself within 7 days, and its notifications
are rejected meanwhile (the integration is no longer active). Nothing of a token is logged.
"""

from __future__ import annotations

import logging

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
    if integration.provider != Provider.GMAIL.value or not settings.gmail_push_enabled:
        return
    facts = push.watch_facts(session, integration_id=integration.id)
    push.forget_watch(session, integration_id=integration.id)
    if facts.expires_at is None and facts.error is None:
        return  # never watched
    try:
        credentials = load_credentials(session, integration_id=integration.id, cipher=cipher)
    except CredentialsUnreadable:
        log.warning("integration %s: watch not stopped, credentials unreadable", integration.id)
        return
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
