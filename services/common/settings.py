"""Settings shared by every service; each service's settings.py subclasses ServiceSettings."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from schemas.contracts.topics import DEFAULT_RETRY_DELAYS_S


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
    # seconds a batch consumer waits after a first message for more to share its transaction
    batch_linger: float = 0.05
    # the dead-letter breaker: the consumer stops (unhealthy) when more than this share of the
    # last DLQ_WINDOW messages would be dead-lettered (a bad deploy); 1.0 disables it
    dlq_max_ratio: float = Field(
        default=0.5,
        ge=0.0,
        le=1.0,
        validation_alias=AliasChoices("DLQ_MAX_RATIO", "dlq_max_ratio"),
    )
    dlq_window: int = Field(
        default=200, ge=1, validation_alias=AliasChoices("DLQ_WINDOW", "dlq_window")
    )
    # the group self-check (services/common/engine/membership.py): every this many seconds a
    # consumer compares what it holds with its coordinator's view of it (0 disables), and
    # leaves the group and joins again once they disagreed in every look for the stall time:
    # longer than a SIGKILLed member keeps its partitions (the broker's
    # group.consumer.session.timeout.ms, 45 s) plus a heartbeat (5 s), so a member waiting for
    # a dead member's partitions does not rejoin (with 30 s, chaos runs rejoined such members)
    group_check_interval_s: float = Field(
        default=10.0,
        ge=0.0,
        validation_alias=AliasChoices("GROUP_CHECK_INTERVAL_S", "group_check_interval_s"),
    )
    group_check_stall_s: float = Field(
        default=60.0,
        gt=0.0,
        validation_alias=AliasChoices("GROUP_CHECK_STALL_S", "group_check_stall_s"),
    )
    # /healthz, /readyz and /metrics for consumer processes (<PREFIX>_OPS_PORT); 0 disables
    ops_host: str = "127.0.0.1"
    ops_port: int = 0
    # seconds before each retry tier's attempt (10s, 1m, 10m), e.g. RETRY_DELAYS_S=10,60,600
    retry_delays_s: Annotated[tuple[float, ...], NoDecode] = Field(
        default=DEFAULT_RETRY_DELAYS_S,
        validation_alias=AliasChoices("RETRY_DELAYS_S", "retry_delays_s"),
    )
    # milliseconds a statement waits for a row lock before the message is retried later
    db_lock_timeout_ms: int = Field(
        default=5000, validation_alias=AliasChoices("DB_LOCK_TIMEOUT_MS", "db_lock_timeout_ms")
    )

    @field_validator("retry_delays_s", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(float(part) for part in value.split(",") if part.strip())
        return value
