"""Scheduler configuration: the only place that reads its environment (prefix SCHEDULER_)."""

import socket

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from services.common.settings import ServiceSettings
from services.common.token_lapse_settings import TokenLapseSettings


class SchedulerSettings(ServiceSettings, TokenLapseSettings):
    model_config = SettingsConfigDict(env_prefix="SCHEDULER_", frozen=True, extra="ignore")

    cron: str = "*/15 * * * *"
    # an integration whose next sync falls within this many seconds after a tick is due at the
    # tick; without it a sync that finished at 10:00:30 would wait for 10:30 instead of 10:15
    due_slack_seconds: int = 60
    instance_id: str = socket.gethostname()
    client_id: str = "scheduler"
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    # run the cron loop; off for API-only replicas
    cron_enabled: bool = True
    # seconds between reconciles of integration.imap.active with PostgreSQL (0: never); bounds
    # how long a lost publish or a disabled integration leaves the IMAP watchers out of step
    imap_reconcile_seconds: float = Field(default=60.0, ge=0)

    @field_validator("cron")
    @classmethod
    def cron_is_valid(cls, value: str) -> str:
        from croniter import croniter

        if not croniter.is_valid(value):
            raise ValueError(f"invalid cron expression: {value!r}")
        return value
