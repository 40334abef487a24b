"""Builds the provider for one sync from the integration row, its decrypted credentials and the
fetcher's settings; persists credentials a provider refreshed."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from schemas.contracts.models import Provider
from services.common.crypto import CredentialCipher, parse_keys
from services.db.credentials import load_credentials, store_credentials
from services.db.models import EmailIntegration
from services.domain.errors import CredentialsUnreadable
from services.fetcher.providers.base import MailProvider, ProviderConfigError
from services.fetcher.providers.maildir import MaildirProvider
from services.fetcher.settings import FetcherSettings


@dataclass(frozen=True)
class ProviderFactory:
    settings: FetcherSettings
    cipher: CredentialCipher | None

    @classmethod
    def from_settings(cls, settings: FetcherSettings) -> ProviderFactory:
        keys = settings.token_encryption_keys
        cipher = CredentialCipher(parse_keys(keys.get_secret_value())) if keys else None
        return cls(settings, cipher)

    def __call__(self, session: Session, integration: EmailIntegration) -> MailProvider:
        config = integration.config or {}
        provider = integration.provider
        if provider == Provider.MAILDIR:
            path = config.get("path")
            if not path:
                raise ProviderConfigError("maildir integration has no 'path' in its config")
            return MaildirProvider(path)
        credentials = self._credentials(session, integration)
        if provider == Provider.GMAIL:
            from services.fetcher.providers.gmail import GmailProvider

            return GmailProvider(
                credentials=credentials,
                client_id=self.settings.google_client_id,
                client_secret=self.settings.google_client_secret.get_secret_value(),
                token_uri=self.settings.google_token_uri,
                api_endpoint=self.settings.gmail_api_endpoint,
                first_sync_after=self._first_sync_after(),
            )
        if provider == Provider.OUTLOOK:
            from services.fetcher.providers.outlook import OutlookProvider

            return OutlookProvider(
                client_id=self.settings.microsoft_client_id,
                client_secret=self.settings.microsoft_client_secret.get_secret_value(),
                authority=self.settings.microsoft_authority,
                token_cache=credentials.get("token_cache"),
                account_id=credentials.get("account_id"),
                graph_base_url=self.settings.graph_base_url,
                **self._tls_options(),
            )
        if provider == Provider.IMAP:
            from services.fetcher.providers.imap import ImapProvider

            use_tls = bool(config.get("use_tls", True))
            return ImapProvider(
                host=str(config["host"]),
                port=int(config.get("port", 993 if use_tls else 143)),
                username=str(config["username"]),
                password=str(credentials["password"]),
                ssl=use_tls,
                folder=str(config.get("folder", "INBOX")),
                ssl_context=self._ssl_context(),
                policy=self.settings.mail_server_policy(),
            )
        raise ProviderConfigError(f"unknown provider {provider!r}")

    def save_credentials(
        self, session: Session, integration_id: int, credentials: dict[str, Any]
    ) -> None:
        if self.cipher is None:
            raise ProviderConfigError("TOKEN_ENCRYPTION_KEYS is not set")
        store_credentials(
            session, integration_id=integration_id, cipher=self.cipher, credentials=credentials
        )

    def _credentials(self, session: Session, integration: EmailIntegration) -> dict[str, Any]:
        if self.cipher is None:
            raise ProviderConfigError("TOKEN_ENCRYPTION_KEYS is not set")
        try:
            credentials = load_credentials(
                session, integration_id=integration.id, cipher=self.cipher
            )
        except CredentialsUnreadable as exc:
            # a key problem for operations, not a revocation: the user is not disconnected
            raise ProviderConfigError(
                f"integration {integration.id}: credentials unreadable with the configured keys"
            ) from exc
        if not credentials:
            raise ProviderConfigError(f"integration {integration.id} has no stored credentials")
        return credentials

    def _first_sync_after(self) -> datetime:
        return datetime.now(UTC) - timedelta(days=self.settings.first_sync_days)

    def _ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.settings.ca_file)

    def _tls_options(self) -> dict[str, Any]:
        if self.settings.ca_file is None:
            return {}
        return {"verify": self._ssl_context(), "ca_file": self.settings.ca_file}
