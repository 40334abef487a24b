"""One consumer engine built from steps; see ``engine.py`` for the guarantees."""

from services.common.engine.backoff import NO_BACKOFF, Backoff
from services.common.engine.breaker import (
    UNLIMITED,
    DeadLetterLimit,
    DeadLetterLimitExceeded,
)
from services.common.engine.engine import Engine, RunStep
from services.common.engine.route import EngineStats, message_id
from services.common.engine.run_batch import BatchProcessFn, RunBatch
from services.common.engine.run_concurrent import AsyncProcessFn, RunConcurrent
from services.common.engine.run_each import PollBatches, ProcessFn, RunEach

__all__ = [
    "NO_BACKOFF",
    "UNLIMITED",
    "AsyncProcessFn",
    "Backoff",
    "BatchProcessFn",
    "DeadLetterLimit",
    "DeadLetterLimitExceeded",
    "Engine",
    "EngineStats",
    "PollBatches",
    "ProcessFn",
    "RunBatch",
    "RunConcurrent",
    "RunEach",
    "RunStep",
    "message_id",
]
