"""Settings shared by every service; each service's settings.py subclasses ServiceSettings."""

from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """One stack shares one broker and one database, so those names carry no service prefix."""

    model_config = SettingsConfigDict(frozen=True, extra="ignore")

    kafka_bootstrap_servers: str = Field(
        validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS", "kafka_bootstrap_servers")
    )
    database_url: str = Field(validation_alias=AliasChoices("DATABASE_URL", "database_url"))
    log_level: str = Field(default="INFO", validation_alias=AliasChoices("LOG_LEVEL", "log_level"))
    environment: str = Field(
        default="development", validation_alias=AliasChoices("REQSTREAM_ENV", "environment")
    )
    health_file: str | None = None
    # seconds; how long a consumer waits for one batch
    poll_timeout: float = 0.5
    batch_size: int = 200
    # /healthz, /readyz and /metrics for consumer processes (<PREFIX>_OPS_PORT); 0 disables
    ops_host: str = "127.0.0.1"
    ops_port: int = 0
