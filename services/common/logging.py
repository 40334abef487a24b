"""One structured log format for every process: a JSON object per line.

Fields: ts, level, logger, msg, service, then whichever of tenant_id, integration_id, sync_id
and message_id are bound in the current context (``bind``), then exc for exceptions. Bound ids
live in contextvars, so they follow asyncio tasks and ``asyncio.to_thread`` calls and never
leak between concurrently processed messages.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Final

__all__ = ["BOUND_IDS", "JsonFormatter", "bind", "bound_ids", "setup_logging"]

BOUND_IDS: Final = ("tenant_id", "integration_id", "sync_id", "message_id")
_KNOWN_IDS: Final = frozenset(BOUND_IDS)
_bound: ContextVar[dict[str, str]] = ContextVar("reqstream_log_ids", default={})  # noqa: B039  (never mutated: bind replaces it)


def bound_ids() -> dict[str, str]:
    return dict(_bound.get())


@contextmanager
def bind(**ids: object) -> Iterator[None]:
    """Attach ids to every log line written inside the block (None values are left out)."""
    if not _KNOWN_IDS.issuperset(ids):  # the consumer engine binds once per message
        raise ValueError(f"unknown log ids: {sorted(set(ids) - _KNOWN_IDS)}")
    merged = {**_bound.get(), **{k: str(v) for k, v in ids.items() if v is not None}}
    token = _bound.set(merged)
    try:
        yield
    finally:
        _bound.reset(token)


_CHATTY_AT_INFO = ("httpx", "httpx2")


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self._service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "service": self._service,
            **_bound.get(),
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def setup_logging(level: str, *, service: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    if root.level > logging.DEBUG:
        # a line per HTTP request at INFO (the parser's model calls: one per email) is noise
        # that costs CPU; DEBUG still shows them
        for chatty in _CHATTY_AT_INFO:
            logging.getLogger(chatty).setLevel(logging.WARNING)
    logging.getLogger("reqstream").info("service %s logging at %s", service, level)
