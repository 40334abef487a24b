"""What the CLI reads from the environment; the only CLI module that does."""

import os

from pydantic_settings import BaseSettings, SettingsConfigDict


class CliSettings(BaseSettings):
    model_config = SettingsConfigDict(frozen=True, extra="ignore")

    KAFKA_BOOTSTRAP_SERVERS: str | None = None
    DATABASE_URL: str | None = None


def process_environment() -> dict[str, str]:
    """The environment handed to service processes the CLI starts (PATH, locale, venv ...)."""
    return dict(os.environ)  # noqa: TID251  (settings module: the one place allowed to read it)
