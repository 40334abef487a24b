"""The parser's consumer lets a fetch gather longer than the engine's default (fewer, larger
batches below the drain rate), within a bounded wait per hop."""

from __future__ import annotations

from typing import Any

import pytest

from services.common.kafka import GATHERED_FETCH, build_consumer_config
from services.parser import wiring
from services.parser.settings import ParserSettings
from services.parser.wiring import PARSER_FETCH

# what the latency budget allows this hop to wait for a fetch to fill
MAX_FETCH_WAIT_MS = 50


def test_the_parser_fetch_waits_longer_than_the_default_within_its_bound() -> None:
    assert PARSER_FETCH["fetch.min.bytes"] == GATHERED_FETCH["fetch.min.bytes"]
    wait = PARSER_FETCH["fetch.wait.max.ms"]
    assert GATHERED_FETCH["fetch.wait.max.ms"] < wait <= MAX_FETCH_WAIT_MS
    config = build_consumer_config(
        bootstrap="x:9092", group_id="g", client_id="c", extra=PARSER_FETCH
    )
    assert config["fetch.wait.max.ms"] == wait
    assert config["enable.auto.offset.store"] is False


def test_the_parser_engine_is_built_with_the_parser_fetch(monkeypatch: pytest.MonkeyPatch) -> None:
    built: dict[str, Any] = {}

    def record(*_args: Any, **kwargs: Any) -> object:
        built.update(kwargs)
        return object()

    # our own assembly function, not a Kafka client: only the arguments it gets matter here
    monkeypatch.setattr(wiring, "build_consumer_engine", record)
    settings = ParserSettings(kafka_bootstrap_servers="x:9092", database_url="postgresql://x/y")
    _, dispose = wiring.build(settings)
    dispose()

    assert built["fetch"] == PARSER_FETCH
