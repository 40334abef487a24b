"""What the model client needs to know, as plain values: wiring builds it from PARSER_* settings,
so nothing below wiring reads a settings object."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ModelConfig"]


@dataclass(frozen=True, kw_only=True)
class ModelConfig:
    # OpenAI, Azure OpenAI's v1 endpoint or any OpenAI-compatible server
    base_url: str
    model: str
    api_key: str | None = field(repr=False)  # None: a local server that needs none
    api_version: str | None  # Azure's classic deployment URLs: ?api-version=… and an api-key header
    timeout: float  # seconds per model call
    max_concurrency: int  # model calls in flight per process
    max_chars: int  # characters of body text sent
