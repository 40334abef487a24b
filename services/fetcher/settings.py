"""Fetcher configuration: the only place that reads its environment (prefix FETCHER_)."""

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from services.common.mail_server_settings import MailServerSettings
from services.common.settings import ServiceSettings


class FetcherSettings(ServiceSettings, MailServerSettings):
    model_config = SettingsConfigDict(env_prefix="FETCHER_", frozen=True, extra="ignore")

    group_id: str = "fetcher"
    client_id: str = "fetcher"
    max_emails_per_sync: int = 50
    # an email larger than this becomes a skipped ledger row (too_large_<bytes>), nothing stored
    max_raw_bytes: int = 25 * 1024 * 1024
    # how far back the first sync of a new integration looks
    first_sync_days: int = 30
    # across all replicas, counted in PostgreSQL
    syncs_per_period: int = 10
    rate_period_seconds: float = 60.0
    # concurrent syncs per process: one integration's backoff must not stall the others
    max_in_flight: int = 6
    # requests a process holds beyond those, waiting for a slot their tenant may take (cheap:
    # no thread, no connection); the more, the further a tenant's burst can be overtaken
    max_waiting_syncs: int = Field(default=58, ge=0)
    # starts per period and sync slots kept for tenants not seen yet, so a tenant's sync starts
    # at once however busy another tenant is; 0 lets a lone tenant take everything
    newcomer_reserve: int = Field(default=1, ge=0)
    # seconds a sync holds its integration from its last renewal; a crashed fetcher's lease
    # expires after this, and the next request for the integration takes over
    lease_seconds: float = 600.0
    # seconds between renewals while a sync runs; None: a third of lease_seconds
    lease_renew_seconds: float | None = None
    # Fernet keys, newest first, comma-separated (shared with the API)
    token_encryption_keys: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("TOKEN_ENCRYPTION_KEYS", "token_encryption_keys"),
    )
    google_client_id: str = ""
    google_client_secret: SecretStr = SecretStr("")
    google_token_uri: str = "https://oauth2.googleapis.com/token"
    gmail_api_endpoint: str | None = None  # None: Google's; tests point it at a local server
    # Gmail push: the Pub/Sub topic users.watch notifies ("projects/<p>/topics/<t>"); set, a
    # sync (re-)establishes each mailbox's watch daily and reads changes with history.list.
    # None: no push, the search with an after: cursor as before
    gmail_pubsub_topic: str | None = None
    # Outlook push: the public URL of the API's POST /push/graph; None: no Graph subscriptions
    graph_notification_url: str | None = None
    # push syncs one mailbox may start per rate period (they do not count in syncs_per_period)
    push_syncs_per_period: int = Field(default=20, ge=1)
    microsoft_client_id: str = ""
    microsoft_client_secret: SecretStr = SecretStr("")
    microsoft_authority: str = "https://login.microsoftonline.com/common"
    graph_base_url: str = "https://graph.microsoft.com/v1.0"
    # seconds a provider waits to connect to a mailbox server, and for each read: a silent or
    # slow server then holds a sync slot for seconds, not minutes
    provider_connect_timeout_seconds: float = Field(default=10.0, gt=0)
    provider_read_timeout_seconds: float = Field(default=30.0, gt=0)
    # extra CA bundle for provider TLS (local test servers); None: the system store
    ca_file: str | None = None

    @model_validator(mode="after")
    def _renew_within_lease(self) -> "FetcherSettings":
        if not 0 < self.lease_renewal_interval < self.lease_seconds:
            raise ValueError("FETCHER_LEASE_RENEW_SECONDS must be positive and below LEASE_SECONDS")
        return self

    @property
    def lease_renewal_interval(self) -> float:
        """Seconds between lease renewals."""
        return self.lease_renew_seconds or self.lease_seconds / 3
