"""JSON log lines with the service name and the ids bound to the current context."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator

import pytest

from services.common.logging import JsonFormatter, bind, bound_ids, setup_logging


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("fetcher"))
    logger = logging.getLogger("tests.json")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)


def entries(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_line_is_one_json_object_with_the_base_fields(lines: io.StringIO) -> None:
    logging.getLogger("tests.json").info("Found %d matching emails", 12)
    [entry] = entries(lines)
    assert entry["msg"] == "Found 12 matching emails"
    assert entry["level"] == "INFO"
    assert entry["logger"] == "tests.json"
    assert entry["service"] == "fetcher"
    assert str(entry["ts"]).endswith("+00:00")
    assert "sync_id" not in entry


def test_bound_ids_appear_on_every_line_inside_the_block(lines: io.StringIO) -> None:
    log = logging.getLogger("tests.json")
    with bind(tenant_id=7, integration_id=42):
        log.info("sync started")
        with bind(sync_id="s-1", message_id="m-1"):
            log.info("keywords")
        log.info("emails found")
    log.info("after")
    started, keywords, found, after = entries(lines)
    assert (started["tenant_id"], started["integration_id"]) == ("7", "42")
    assert "sync_id" not in started
    assert (keywords["sync_id"], keywords["message_id"], keywords["tenant_id"]) == (
        "s-1",
        "m-1",
        "7",
    )
    assert "sync_id" not in found and found["integration_id"] == "42"
    assert "tenant_id" not in after


def test_none_ids_are_left_out_and_unknown_ids_refused() -> None:
    with bind(tenant_id=1, sync_id=None):
        assert bound_ids() == {"tenant_id": "1"}
    with pytest.raises(ValueError, match="unknown log ids"), bind(password="x"):
        pass


def test_exceptions_are_one_line_with_the_traceback(lines: io.StringIO) -> None:
    try:
        raise KeyError("boom")
    except KeyError:
        logging.getLogger("tests.json").exception("failed")
    [entry] = entries(lines)
    assert "KeyError" in str(entry["exc"])
    assert len(lines.getvalue().splitlines()) == 1


def test_concurrent_tasks_keep_their_own_ids(lines: io.StringIO) -> None:
    log = logging.getLogger("tests.json")

    async def work(message_id: str, gate: asyncio.Event, other: asyncio.Event) -> None:
        with bind(message_id=message_id):
            gate.set()
            await other.wait()  # both bound at once
            await asyncio.to_thread(log.info, "handled")

    async def main() -> None:
        a, b = asyncio.Event(), asyncio.Event()
        await asyncio.gather(work("m-a", a, b), work("m-b", b, a))

    asyncio.run(main())
    assert sorted(str(e["message_id"]) for e in entries(lines)) == ["m-a", "m-b"]


@pytest.mark.parametrize(("level", "http_level"), [("INFO", logging.WARNING), ("DEBUG", 0)])
def test_http_clients_log_their_requests_only_at_debug(level: str, http_level: int) -> None:
    # the parser makes an HTTP request per email: a line each at INFO cost CPU and said nothing
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    http = [logging.getLogger(name) for name in ("httpx", "httpx2")]
    for logger in http:
        logger.setLevel(logging.NOTSET)
    try:
        setup_logging(level, service="parser")
        assert [logger.level for logger in http] == [http_level] * 2
    finally:
        root.handlers[:], root.level = saved[0], saved[1]
        for logger in http:
            logger.setLevel(logging.NOTSET)
