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
    # extra="ignore": the former IMAPWATCHER_REPLICAS / _REPLICA_INDEX are accepted and unused
    model_config = SettingsConfigDict(env_prefix="IMAPWATCHER_", frozen=True, extra="ignore")

    # the consumer group the replicas share integration.imap.active's partitions in
    group_id: str = "imapwatcher"
    # milliseconds without a heartbeat after which a replica's partitions (and mailboxes) move
    # to the others; the broker allows 6000 to 300000 by default (group.min/max.session...)
    session_timeout_ms: int = Field(default=10_000, ge=1_000)
    # seconds; an IDLE is re-issued this often (RFC 2177: servers may drop it after 30 min)
    idle_renew_seconds: float = Field(default=IDLE_RENEW_SECONDS, gt=0, le=29 * 60)
    # seconds; reconnecting after a failure waits base, 2*base, ... up to max
    backoff_base_seconds: float = Field(default=1.0, gt=0)
    backoff_max_seconds: float = Field(default=300.0, gt=0)
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
    def backoff_cap_not_below_base(self) -> ImapWatcherSettings:
        if self.backoff_max_seconds < self.backoff_base_seconds:
            raise ValueError("IMAPWATCHER_BACKOFF_MAX_SECONDS is below the base")
        return self

    @property
    def heartbeat_interval_ms(self) -> int:
        """A third of the session timeout, as the client's default ratio."""
        return max(100, self.session_timeout_ms // 3)
