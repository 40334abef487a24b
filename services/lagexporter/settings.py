"""Lag exporter configuration: the only place that reads its environment (prefix LAGEXPORTER_)."""

from __future__ import annotations

import re

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class LagExporterSettings(BaseSettings):
    """The exporter needs the broker only, so it does not inherit the database URL."""

    model_config = SettingsConfigDict(env_prefix="LAGEXPORTER_", frozen=True, extra="ignore")

    kafka_bootstrap_servers: str = Field(
        validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS", "kafka_bootstrap_servers")
    )
    log_level: str = Field(default="INFO", validation_alias=AliasChoices("LOG_LEVEL", "log_level"))
    host: str = "0.0.0.0"
    # kafka_exporter's default --web.listen-address port
    port: int = Field(default=9308, ge=0, le=65535)
    # regexes searched in the name, like kafka_exporter's --group.filter / --topic.filter
    group_filter: str = ".*"
    topic_filter: str = ".*"
    # seconds; bound on each admin request made while answering one scrape
    scrape_timeout: float = Field(default=10.0, gt=0)
    # seconds of committed-offset samples behind the consume rate of lag_seconds
    rate_window: float = Field(default=300.0, gt=0)

    @field_validator("group_filter", "topic_filter")
    @classmethod
    def _compiles(cls, value: str) -> str:
        re.compile(value)
        return value
