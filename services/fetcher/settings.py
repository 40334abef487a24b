"""Fetcher configuration: the only place that reads its environment (prefix FETCHER_)."""

from pydantic_settings import SettingsConfigDict

from services.common.settings import ServiceSettings


class FetcherSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="FETCHER_", frozen=True, extra="ignore")

    group_id: str = "fetcher"
    client_id: str = "fetcher"
    max_emails_per_sync: int = 50
    syncs_per_minute: int = 10
    batch_size: int = 10
