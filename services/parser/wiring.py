"""Parser assembly: email.raw → decode + extract (handler, optionally the model) → email.parsed,
on the consumer engine's concurrent run step.

Oversized raw emails arrive as a reference into raw_email_blobs and are read from PostgreSQL.
The extractor (offline, openai or hybrid) comes from ``ExtractorSettings``: ``build_hybrid``
turns them into the model client's plain ``ModelConfig`` and the ``HybridPolicy``, so no
settings object goes below this module.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
from collections.abc import Callable, Sequence

from confluent_kafka import Message
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.codec import ValidationError, get_codec
from schemas.contracts.models import LlmUsage, ParsedEmail, RawEmail
from schemas.contracts.topics import Topic
from services.common.engine import Engine, RunConcurrent
from services.common.engine.assemble import build_consumer_engine
from services.common.kafka import Outbound
from services.common.metrics import LLM_CALLS, LLM_TOKENS
from services.db import raw_blobs
from services.db.session import build_engine, build_sessionmaker, transaction
from services.domain.errors import InvalidMessage
from services.parser import handler
from services.parser.hybrid import HybridExtractor, HybridPolicy
from services.parser.model import LlmExtractor, ModelConfig
from services.parser.settings import ExtractorMode, ExtractorSettings, ParserSettings

SOURCE = "/reqstream/parser"


def count_llm(usage: LlmUsage | None, *, failed: bool) -> None:
    """LLM calls and tokens per model, for the dashboards."""
    if usage is None or usage.calls == 0:
        return
    outcome = "failed" if failed else "fallback" if usage.fallback else "ok"
    LLM_CALLS.labels(model=usage.model, outcome=outcome).inc(usage.calls)
    LLM_TOKENS.labels(model=usage.model, kind="prompt").inc(usage.prompt_tokens)
    LLM_TOKENS.labels(model=usage.model, kind="completion").inc(usage.completion_tokens)


class RawEmailProcessor:
    def __init__(
        self, *, sessions: sessionmaker[Session] | None, hybrid: HybridExtractor | None = None
    ) -> None:
        self._sessions = sessions
        self._hybrid = hybrid
        self._codec = get_codec(Topic.EMAIL_RAW)

    async def __call__(self, msg: Message) -> Sequence[Outbound]:
        try:
            message = self._codec.decode(msg.value())
        except ValidationError as exc:
            raise InvalidMessage(str(exc)) from exc
        assert isinstance(message, RawEmail)
        parsed = await self.parse(message, await self.raw_bytes(message))
        return [
            Outbound.of(Topic.EMAIL_PARSED, parsed, key=str(message.integration_id), source=SOURCE)
        ]

    def failed_parse(self, msg: Message, reason: str) -> Sequence[Outbound]:
        """Beside a dead letter: a failed email.parsed, so the jobwriter writes a failed ledger
        row and the email's sync run completes (none when the message is not a RawEmail)."""
        try:
            message = self._codec.decode(msg.value())
        except ValidationError:
            return []
        assert isinstance(message, RawEmail)
        parsed = handler.failed_parsed(message, reason)
        key = str(message.integration_id)
        return [Outbound.of(Topic.EMAIL_PARSED, parsed, key=key, source=SOURCE)]

    async def parse(self, message: RawEmail, raw: bytes) -> ParsedEmail:
        parsed = await handler.parse(message, raw, hybrid=self._hybrid)
        count_llm(parsed.llm, failed=parsed.error is not None)
        return parsed

    async def raw_bytes(self, message: RawEmail) -> bytes:
        if message.raw_b64 is not None:
            try:
                return base64.b64decode(message.raw_b64, validate=True)
            except binascii.Error as exc:
                raise InvalidMessage(f"raw_b64 is not valid base64: {exc}") from exc
        if message.raw_ref is not None and self._sessions is not None:
            raw = await asyncio.to_thread(self._load_blob, message.raw_ref)
            if raw is None:
                raise InvalidMessage(f"raw_ref {message.raw_ref} not found in raw_email_blobs")
            return raw
        raise InvalidMessage("email.raw carries neither raw_b64 nor a resolvable raw_ref")

    def _load_blob(self, key: str) -> bytes | None:
        assert self._sessions is not None
        with transaction(self._sessions) as session:
            return raw_blobs.load_raw_blob(session, key=key)


def model_config(settings: ExtractorSettings) -> ModelConfig:
    key = settings.openai_api_key
    return ModelConfig(
        base_url=settings.openai_base_url,
        model=settings.openai_model,
        api_key=key.get_secret_value() if key is not None else None,
        api_version=settings.openai_api_version,
        timeout=settings.openai_timeout,
        max_concurrency=settings.llm_max_concurrency,
        max_chars=settings.llm_max_chars,
    )


def build_hybrid(settings: ExtractorSettings) -> HybridExtractor | None:
    """The model-backed extractor the settings ask for; None in offline mode."""
    mode = settings.mode
    if mode is ExtractorMode.OFFLINE:
        return None
    skip = settings.llm_skip_confidence if mode is ExtractorMode.HYBRID else None
    return HybridExtractor(
        llm=LlmExtractor.from_config(model_config(settings)),
        policy=HybridPolicy(skip_confidence=skip),
    )


def build(settings: ParserSettings) -> tuple[Engine, Callable[[], None]]:
    engine = build_engine(
        settings.database_url, pool_size=2, lock_timeout_ms=settings.db_lock_timeout_ms
    )
    processor = RawEmailProcessor(
        sessions=build_sessionmaker(engine), hybrid=build_hybrid(settings)
    )
    consumer = build_consumer_engine(
        settings,
        group_id=settings.group_id,
        client_id=settings.client_id,
        topics=[Topic.EMAIL_RAW],
        stage="parser",
        run=RunConcurrent(processor, max_in_flight=settings.max_in_flight),
        on_dead_letter=processor.failed_parse,
    )
    # The model client's connections die with the event loop; only the engine needs closing.
    return consumer, engine.dispose
