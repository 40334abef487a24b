"""IMAP watcher configuration: the only place that reads its environment (prefix
IMAPWATCHER_; the mail-server policy's IMAP_* names are the deployment's, shared with the API and
the fetcher)."""

from __future__ import annotations

import socket

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from services.common.mail_server_settings import MailServerSettings
from services.common.settings import ServiceSettings
from services.imapwatcher.handler import IDLE_RENEW_SECONDS


class ImapWatcherSettings(ServiceSettings, MailServerSettings):
    model_config = SettingsConfigDict(env_prefix="IMAPWATCHER_", frozen=True, extra="ignore")

    # this replica watches the IMAP integrations with id % replicas == replica_index
    replica_index: int = Field(default=0, ge=0)
    replicas: int = Field(default=1, ge=1)
    # seconds; an IDLE is re-issued this often (RFC 2177: servers may drop it after 30 min)
    idle_renew_seconds: float = Field(default=IDLE_RENEW_SECONDS, gt=0, le=29 * 60)
    # seconds; reconnecting after a failure waits base, 2*base, ... up to max
    backoff_base_seconds: float = Field(default=1.0, gt=0)
    backoff_max_seconds: float = Field(default=300.0, gt=0)
    # seconds; how often the set of watched integrations is re-read (new, disabled, deleted)
    refresh_seconds: float = Field(default=30.0, gt=0)
    connect_timeout_seconds: float = Field(default=10.0, gt=0)
    # Fernet keys, newest first, comma-separated (shared with the API and the fetcher)
    token_encryption_keys: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("TOKEN_ENCRYPTION_KEYS", "token_encryption_keys"),
    )
    # CA bundle for the servers' TLS certificates (None: the system's)
    ca_file: str | None = None
    instance_id: str = socket.gethostname()
    client_id: str = "imapwatcher"

    @model_validator(mode="after")
    def index_within_replicas(self) -> ImapWatcherSettings:
        if self.replica_index >= self.replicas:
            raise ValueError("IMAPWATCHER_REPLICA_INDEX must be below IMAPWATCHER_REPLICAS")
        return self
