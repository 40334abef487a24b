"""API configuration: the only place that reads its environment (prefix API_).

DATABASE_URL, TOKEN_ENCRYPTION_KEYS and REQSTREAM_ENV are shared with the other services, so
they carry no prefix. ``CredentialSettings`` is the part the ``reqstream keys`` CLI needs too.
"""

from __future__ import annotations

import warnings
from urllib.parse import urlencode

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.api.bodylimit import DEFAULT_MAX_BODY_BYTES
from services.common.crypto import CredentialCipher, parse_keys
from services.common.mail_server_settings import MailServerSettings
from services.common.token_lapse_settings import TokenLapseSettings

# environments where placeholder secrets only warn (the template's "local")
RELAXED_ENVIRONMENTS = frozenset({"development", "test"})
PLACEHOLDER_SECRETS = frozenset({"changeme", "changethis", "change-me", "secret", "placeholder"})


class CredentialSettings(BaseSettings):
    """Database and credential keys; enough to rotate keys from the CLI."""

    # hide_input_in_errors: a rejected key list must not be printed in the start-up error
    model_config = SettingsConfigDict(frozen=True, extra="ignore", hide_input_in_errors=True)

    database_url: str = Field(validation_alias=AliasChoices("DATABASE_URL", "database_url"))
    # Fernet keys, newest first, comma-separated
    token_encryption_keys: SecretStr = Field(
        validation_alias=AliasChoices("TOKEN_ENCRYPTION_KEYS", "token_encryption_keys")
    )
    environment: str = Field(
        default="development", validation_alias=AliasChoices("REQSTREAM_ENV", "environment")
    )

    @field_validator("token_encryption_keys")
    @classmethod
    def keys_parse(cls, value: SecretStr) -> SecretStr:
        parse_keys(value.get_secret_value())  # fail at start-up, not at the first connect
        return value

    def credential_cipher(self) -> CredentialCipher:
        return CredentialCipher.from_setting(self.token_encryption_keys.get_secret_value())


class ApiSettings(CredentialSettings, MailServerSettings, TokenLapseSettings):
    model_config = SettingsConfigDict(
        env_prefix="API_", frozen=True, extra="ignore", hide_input_in_errors=True
    )

    log_level: str = Field(default="INFO", validation_alias=AliasChoices("LOG_LEVEL", "log_level"))
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    # where browsers reach this API; the OAuth redirect URIs are built from it
    public_base_url: str = "http://localhost:8000"
    # a larger request body is refused with 413 before a route reads it
    max_body_bytes: int = Field(default=DEFAULT_MAX_BODY_BYTES, ge=1024)
    google_client_id: str = ""
    google_client_secret: SecretStr = SecretStr("")
    google_auth_uri: str = "https://accounts.google.com/o/oauth2/v2/auth"
    google_token_uri: str = "https://oauth2.googleapis.com/token"
    microsoft_client_id: str = ""
    microsoft_client_secret: SecretStr = SecretStr("")
    microsoft_authority: str = "https://login.microsoftonline.com/common"
    # Gmail push (POST /push/gmail, Pub/Sub push deliveries): the audience set on the push
    # subscription's OIDC token and the service account it signs as; without both, every
    # delivery is rejected
    gmail_push_audience: str | None = None
    gmail_push_service_account: str = ""
    # where Google publishes the keys its OIDC tokens are signed with (x509 PEM per key id)
    google_certs_url: str = "https://www.googleapis.com/oauth2/v1/certs"
    # Gmail API base for stopping a disconnected mailbox's watch; None: Google's
    gmail_api_endpoint: str | None = None
    # Microsoft Graph base for deleting a disconnected Outlook mailbox's subscription
    graph_base_url: str = "https://graph.microsoft.com/v1.0"
    # extra CA bundle for the identity providers' TLS (local test servers); None: system store
    ca_file: str | None = None
    # Kafka for POST /integrations/{id}/sync (shared with the other services, no prefix);
    # None: the manual trigger answers 503
    kafka_bootstrap_servers: str | None = Field(
        default=None,
        validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS", "kafka_bootstrap_servers"),
    )

    # per tenant: active integrations (more answers 409), manual sync triggers per minute (more
    # answers 429 with Retry-After), so one tenant cannot crowd the fetchers out for everyone
    max_integrations_per_tenant: int = Field(default=50, ge=1)
    manual_triggers_per_minute: int = Field(default=10, ge=1)

    @field_validator("public_base_url", "microsoft_authority")
    @classmethod
    def strip_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @model_validator(mode="after")
    def no_placeholder_secrets(self) -> ApiSettings:
        secrets = {
            "API_GOOGLE_CLIENT_SECRET": self.google_client_secret,
            "API_MICROSOFT_CLIENT_SECRET": self.microsoft_client_secret,
        }
        for name, secret in secrets.items():
            if secret.get_secret_value().strip().lower() not in PLACEHOLDER_SECRETS:
                continue
            message = f"{name} is a placeholder; set a real secret"
            if self.environment not in RELAXED_ENVIRONMENTS:
                raise ValueError(message)
            warnings.warn(message, stacklevel=1)
        return self

    @property
    def gmail_push_enabled(self) -> bool:
        return bool(self.gmail_push_audience and self.gmail_push_service_account)

    def redirect_uri(self, provider: str) -> str:
        return f"{self.public_base_url}/oauth/{provider}/callback"

    def oauth_start_url(self, provider: str, state: str) -> str:
        return f"{self.public_base_url}/oauth/{provider}/start?{urlencode({'state': state})}"

    @property
    def secure_cookies(self) -> bool:
        """Browsers reach the API over https (it may sit behind a TLS-terminating proxy)."""
        return self.public_base_url.startswith("https://")
