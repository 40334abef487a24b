"""Parser configuration: the only place that reads its environment (prefix PARSER_)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.common.settings import ServiceSettings

__all__ = ["ExtractorMode", "ExtractorSettings", "ParserSettings"]

# Values that mean "someone forgot to configure this", refused outside development.
_PLACEHOLDER_KEYS = {"changeme", "change-me", "sk-...", "your-api-key", "xxx"}


class ExtractorMode(StrEnum):
    OFFLINE = "offline"  # rules only, no model
    OPENAI = "openai"  # a model call for every email with text
    HYBRID = "hybrid"  # the rules skip the call for clear non-jobs


class ExtractorSettings(BaseSettings):
    """Which extractor runs and how the model is reached; shared by the service and the CLI,
    which needs no Kafka or database settings."""

    model_config = SettingsConfigDict(env_prefix="PARSER_", frozen=True, extra="ignore")

    # None: hybrid when an API key is set, else offline (see ``mode``)
    extractor: ExtractorMode | None = None
    # OpenAI, Azure OpenAI's v1 endpoint (https://<resource>.openai.azure.com/openai/v1/) or
    # any OpenAI-compatible server (vLLM, Ollama, LiteLLM)
    openai_base_url: str = "https://api.openai.com/v1"
    openai_model: str = Field(default="gpt-4o-mini", min_length=1)
    openai_api_key: SecretStr | None = None
    # Azure's classic deployment URLs need ?api-version=… and an api-key header
    openai_api_version: str | None = None
    openai_timeout: float = Field(default=30.0, gt=0)  # seconds per model call
    # model calls in flight per process: at a second per call, 64 calls a second (3,840 a
    # minute, inside a paid OpenAI tier's rate limit for small models); the bench sets 512
    llm_max_concurrency: int = Field(default=64, ge=1)
    # hybrid: an offline non-requirement at or above this confidence skips the model
    llm_skip_confidence: float = Field(default=0.8, ge=0, le=1)
    llm_max_chars: int = Field(default=12_000, ge=500)  # characters of body text sent

    @property
    def mode(self) -> ExtractorMode:
        if self.extractor is not None:
            return self.extractor
        return ExtractorMode.HYBRID if self.openai_api_key else ExtractorMode.OFFLINE

    @model_validator(mode="after")
    def _model_needs_a_key(self) -> ExtractorSettings:
        # A local OpenAI-compatible server may need no key; api.openai.com always does.
        uses_model = self.extractor in (ExtractorMode.OPENAI, ExtractorMode.HYBRID)
        if uses_model and self.openai_api_key is None and "api.openai.com" in self.openai_base_url:
            raise ValueError(f"PARSER_EXTRACTOR={self.extractor} needs PARSER_OPENAI_API_KEY")
        return self


class ParserSettings(ServiceSettings, ExtractorSettings):
    model_config = SettingsConfigDict(env_prefix="PARSER_", frozen=True, extra="ignore")

    group_id: str = "parser"
    client_id: str = "parser"
    # concurrent emails per process; matters once extraction awaits an LLM. Above the model
    # calls' bound, so hybrid's emails that skip the model do not wait behind calls; an email
    # in flight holds its raw bytes and text (tens of kB), so 256 stay within the RSS budget
    max_in_flight: int = 256

    @model_validator(mode="after")
    def _no_placeholder_key(self) -> ParserSettings:
        key = self.openai_api_key.get_secret_value() if self.openai_api_key else ""
        if self.environment != "development" and key.strip().lower() in _PLACEHOLDER_KEYS:
            raise ValueError("PARSER_OPENAI_API_KEY is a placeholder")
        return self
