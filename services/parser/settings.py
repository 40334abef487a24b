"""Parser configuration: the only place that reads its environment (prefix PARSER_)."""

from pydantic_settings import SettingsConfigDict

from services.common.settings import ServiceSettings


class ParserSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PARSER_", frozen=True, extra="ignore")

    group_id: str = "parser"
    client_id: str = "parser"
    # concurrent emails per process; matters once extraction awaits an LLM
    max_in_flight: int = 64
