"""Every mail provider reqstream syncs: how a user connects it and how a sync builds it.

Adding a provider touches three files: its member of ``schemas.contracts.models.Provider`` (the
contract), its module ``services/fetcher/providers/<name>.py`` (the ``MailProvider``), and one
builder plus one entry below. The fetcher's factory, the API's connect routes and the tests all
read ``PROVIDERS``; a provider connected by OAuth also needs its client in the API
(``services/api/oauth_clients.py``), which a test checks against ``Connection.OAUTH`` here.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from schemas.contracts.models import Provider
from services.fetcher.providers.base import MailProvider, ProviderConfigError, Timeouts
from services.fetcher.settings import FetcherSettings


class Connection(StrEnum):
    """How a user connects a mailbox of this provider."""

    OAUTH = "oauth"  # the API's /integrations/connect/{provider} and /oauth/{provider}/callback
    PASSWORD = "password"  # a form of its own in the API (POST /integrations/imap)
    OPERATOR = "operator"  # configured by an operator (a maildir path); no API connect


@dataclass(frozen=True)
class BuildContext:
    """What a builder gets for one sync of one integration."""

    config: Mapping[str, Any]  # the integration row's config (host, path, folder …)
    settings: FetcherSettings
    credentials: Callable[[], dict[str, Any]]  # decrypts on call: maildir never needs them
    first_sync_after: datetime  # a first sync looks back this far
    ssl_context: Callable[[], ssl.SSLContext]  # the system CAs, or FETCHER_CA_FILE's

    def timeouts(self) -> Timeouts:
        """The deployment's connect and read timeouts (short: a silent server frees its slot)."""
        return Timeouts(
            connect=self.settings.provider_connect_timeout_seconds,
            read=self.settings.provider_read_timeout_seconds,
        )

    def tls_options(self) -> dict[str, Any]:
        """httpx/MSAL options for a private CA (tests' local servers); none for the system's."""
        if self.settings.ca_file is None:
            return {}
        return {"verify": self.ssl_context(), "ca_file": self.settings.ca_file}


Builder = Callable[[BuildContext], MailProvider]


@dataclass(frozen=True)
class ProviderEntry:
    connection: Connection
    build: Builder


# Builders import their provider lazily: a fetcher that syncs only IMAP never loads the Google
# or MSAL client libraries.


def _gmail(context: BuildContext) -> MailProvider:
    from services.fetcher.providers.gmail import GmailProvider

    settings = context.settings
    return GmailProvider(
        credentials=context.credentials(),
        client_id=settings.google_client_id,
        client_secret=settings.google_client_secret.get_secret_value(),
        token_uri=settings.google_token_uri,
        api_endpoint=settings.gmail_api_endpoint,
        first_sync_after=context.first_sync_after,
        timeout=context.timeouts(),
        incremental=settings.gmail_pubsub_topic is not None,
    )


def _outlook(context: BuildContext) -> MailProvider:
    from services.fetcher.providers.outlook import OutlookProvider

    settings, credentials = context.settings, context.credentials()
    return OutlookProvider(
        client_id=settings.microsoft_client_id,
        client_secret=settings.microsoft_client_secret.get_secret_value(),
        authority=settings.microsoft_authority,
        token_cache=credentials.get("token_cache"),
        account_id=credentials.get("account_id"),
        graph_base_url=settings.graph_base_url,
        first_sync_after=context.first_sync_after,
        timeout=context.timeouts(),
        **context.tls_options(),
    )


def _imap(context: BuildContext) -> MailProvider:
    from services.fetcher.providers.imap import ImapProvider

    config = context.config
    use_tls = bool(config.get("use_tls", True))
    return ImapProvider(
        host=str(config["host"]),
        port=int(config.get("port", 993 if use_tls else 143)),
        username=str(config["username"]),
        password=str(context.credentials()["password"]),
        ssl=use_tls,
        folder=str(config.get("folder", "INBOX")),
        ssl_context=context.ssl_context(),
        policy=context.settings.mail_server_policy(),
        timeout=context.timeouts(),
    )


def _maildir(context: BuildContext) -> MailProvider:
    from services.fetcher.providers.maildir import MaildirProvider

    path = context.config.get("path")
    if not path:
        raise ProviderConfigError("maildir integration has no 'path' in its config")
    return MaildirProvider(path)


PROVIDERS: Mapping[Provider, ProviderEntry] = {
    Provider.GMAIL: ProviderEntry(Connection.OAUTH, _gmail),
    Provider.OUTLOOK: ProviderEntry(Connection.OAUTH, _outlook),
    Provider.IMAP: ProviderEntry(Connection.PASSWORD, _imap),
    Provider.MAILDIR: ProviderEntry(Connection.OPERATOR, _maildir),
}


def connected_by(connection: Connection) -> tuple[Provider, ...]:
    """The providers a user connects this way, in registry order."""
    return tuple(p for p, entry in PROVIDERS.items() if entry.connection is connection)


def entry_for(provider: str) -> ProviderEntry:
    """The registry entry of an integration row's provider; ``ProviderConfigError`` if unknown."""
    try:
        return PROVIDERS[Provider(provider)]
    except (KeyError, ValueError):
        raise ProviderConfigError(f"unknown provider {provider!r}") from None
