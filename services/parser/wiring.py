"""Parser assembly: email.raw → decode + extract (``raw_emails``: the handler, optionally the
model) → email.parsed, on the consumer engine.

The offline extractor runs on the batched run step: every poll batch is parsed stage by stage
(``RawEmailProcessor.parse_batch``) and acknowledged by one flush. The model-backed extractors
run on the concurrent run step, their model calls in parallel. The extractor (offline, openai
or hybrid) comes from ``ExtractorSettings``: ``build_hybrid`` turns them into the model client's
plain ``ModelConfig`` and the ``HybridPolicy``, so no settings object goes below this module.
"""

from __future__ import annotations

from collections.abc import Callable

from schemas.contracts.topics import Topic
from services.common.engine import Engine, PollBatches, RunBatch, RunConcurrent, RunStep
from services.common.engine.assemble import build_consumer_engine
from services.db.session import build_engine, build_sessionmaker
from services.parser.hybrid import HybridExtractor, HybridPolicy
from services.parser.model import LlmExtractor, ModelConfig
from services.parser.raw_emails import RawEmailProcessor
from services.parser.rules import warm
from services.parser.settings import ExtractorMode, ExtractorSettings, ParserSettings


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


def run_step(
    settings: ParserSettings, processor: RawEmailProcessor, hybrid: HybridExtractor | None
) -> RunStep:
    if hybrid is not None:
        return RunConcurrent(processor, max_in_flight=settings.max_in_flight)
    # no linger: what the consumer's fetch gathered is the batch; waiting for more would only
    # delay the emails already there
    polling = PollBatches(size=settings.batch_size, timeout=settings.poll_timeout, linger=0.0)
    return RunBatch(processor.parse_batch, processor.parse_one, polling=polling, stage="parser")


def build(settings: ParserSettings) -> tuple[Engine, Callable[[], None]]:
    warm()  # the classify rules' Hyperscan prefilters, compiled before the first batch
    engine = build_engine(
        settings.database_url, pool_size=2, lock_timeout_ms=settings.db_lock_timeout_ms
    )
    hybrid = build_hybrid(settings)
    processor = RawEmailProcessor(sessions=build_sessionmaker(engine), hybrid=hybrid)
    consumer = build_consumer_engine(
        settings,
        group_id=settings.group_id,
        client_id=settings.client_id,
        topics=[Topic.EMAIL_RAW],
        stage="parser",
        run=run_step(settings, processor, hybrid),
        on_dead_letter=processor.failed_parse,
    )
    # The model client's connections die with the event loop; only the engine needs closing.
    return consumer, engine.dispose
