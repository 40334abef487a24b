"""The model client: one OpenAI-compatible Chat Completions call per email with a strict JSON
schema, and its failure policy. ``LlmExtractor.from_config(ModelConfig(...))`` is the way in;
it answers ``Answered``, ``FellBack`` or ``Failed`` and never decides what the parser keeps
(that is the hybrid policy's job, ``services/parser/hybrid.py``)."""

from services.parser.model.config import ModelConfig
from services.parser.model.llm import (
    Answered,
    CallPolicy,
    Failed,
    FellBack,
    LlmExtractor,
    LlmOutcome,
    build_client,
    build_clients,
    retry_after,
)
from services.parser.model.prompt import PROMPT_VERSION, LlmAnswer, build_prompt, response_format

__all__ = [
    "PROMPT_VERSION",
    "Answered",
    "CallPolicy",
    "Failed",
    "FellBack",
    "LlmAnswer",
    "LlmExtractor",
    "LlmOutcome",
    "ModelConfig",
    "build_client",
    "build_clients",
    "build_prompt",
    "response_format",
    "retry_after",
]
