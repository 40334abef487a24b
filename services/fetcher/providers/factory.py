"""Builds the provider for one sync from the integration row, its decrypted credentials and the
fetcher's settings (through the provider registry); persists credentials a provider refreshed."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from services.common.crypto import CredentialCipher, parse_keys
from services.db.credentials import load_credentials, store_credentials
from services.db.models import EmailIntegration
from services.domain.errors import CredentialsUnreadable
from services.fetcher.providers.base import MailProvider, ProviderConfigError
from services.fetcher.providers.registry import BuildContext, entry_for
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
        entry = entry_for(integration.provider)
        return entry.build(
            BuildContext(
                config=integration.config or {},
                settings=self.settings,
                credentials=lambda: self._credentials(session, integration),
                first_sync_after=self._first_sync_after(),
                ssl_context=self._ssl_context,
            )
        )

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
