"""The provider registry: every contract provider has one entry, and every entry builds."""

from __future__ import annotations

import ssl
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from schemas.contracts.models import Provider
from services.fetcher.providers.base import ProviderConfigError
from services.fetcher.providers.registry import (
    PROVIDERS,
    BuildContext,
    Connection,
    connected_by,
    entry_for,
)
from services.fetcher.settings import FetcherSettings

# what each provider reads from the integration row and its decrypted credentials
CONFIGS: dict[Provider, dict[str, Any]] = {
    Provider.GMAIL: {},
    Provider.OUTLOOK: {},
    Provider.IMAP: {"host": "imap.example.test", "username": "recruiter@example.test"},
    Provider.MAILDIR: {"path": str(Path(__file__).parents[4] / "samples" / "mailbox")},
}
CREDENTIALS: dict[Provider, dict[str, Any]] = {
    Provider.GMAIL: {
        "token": "access",
        "refresh_token": "refresh",
        "token_uri": "https://oauth2.example.test/token",
        "scopes": ["https://www.googleapis.com/auth/gmail.readonly"],
    },
    Provider.OUTLOOK: {"token_cache": None, "account_id": None},
    Provider.IMAP: {"password": "secret"},
    Provider.MAILDIR: {},
}


def _settings() -> FetcherSettings:
    return FetcherSettings(
        kafka_bootstrap_servers="localhost:9092",
        database_url="postgresql://localhost/unused",
        google_client_id="google-client",
        google_client_secret="google-secret",
        microsoft_client_id="microsoft-client",
        microsoft_client_secret="microsoft-secret",
    )


def _context(provider: Provider, asked: list[Provider] | None = None) -> BuildContext:
    def credentials() -> dict[str, Any]:
        if asked is not None:
            asked.append(provider)
        return CREDENTIALS[provider]

    return BuildContext(
        config=CONFIGS[provider],
        settings=_settings(),
        credentials=credentials,
        first_sync_after=datetime(2026, 1, 1, tzinfo=UTC),
        ssl_context=ssl.create_default_context,
    )


def test_every_contract_provider_has_an_entry() -> None:
    assert list(PROVIDERS) == list(Provider)


@pytest.mark.parametrize("provider", list(Provider), ids=str)
def test_every_provider_builds_from_its_row_and_credentials(provider: Provider) -> None:
    built = PROVIDERS[provider].build(_context(provider))
    # a MailProvider: the four calls a sync makes
    for method in ("list_matching", "fetch_raw", "next_cursor", "updated_credentials"):
        assert callable(getattr(built, method)), (provider, method)


def test_maildir_needs_no_credentials_and_a_path() -> None:
    asked: list[Provider] = []
    PROVIDERS[Provider.MAILDIR].build(_context(Provider.MAILDIR, asked))
    assert asked == []  # no keys configured is fine for a maildir-only fetcher
    pathless = BuildContext(**{**_context(Provider.MAILDIR).__dict__, "config": {}})
    with pytest.raises(ProviderConfigError, match="no 'path'"):
        PROVIDERS[Provider.MAILDIR].build(pathless)


def test_an_unknown_provider_is_a_configuration_error() -> None:
    with pytest.raises(ProviderConfigError, match="unknown provider 'yahoo'"):
        entry_for("yahoo")
    assert entry_for("imap") is PROVIDERS[Provider.IMAP]


def test_connections_split_the_providers() -> None:
    assert connected_by(Connection.OAUTH) == (Provider.GMAIL, Provider.OUTLOOK)
    assert connected_by(Connection.PASSWORD) == (Provider.IMAP,)
    assert connected_by(Connection.OPERATOR) == (Provider.MAILDIR,)
    assert sum(len(connected_by(c)) for c in Connection) == len(PROVIDERS)
