"""The model client's HTTP transport (``LeanTransport``) under the real openai SDK, against the
local Chat Completions server: keep-alive reuse, the reply framings a server or a proxy in
front of it may choose, connections the server closes, and replies that are not completions."""

from __future__ import annotations

import asyncio
import ssl
import time

import trustme

from schemas.contracts.models import ParseStatus
from services.parser.hybrid import HybridExtractor, HybridPolicy
from services.parser.model import LlmExtractor, build_client
from services.parser.raw_emails import RawEmailProcessor
from tests.providers.openai_server import FakeOpenAI, Reply, running_fake_openai
from tests.services.parser.model.test_llm import (
    JAVA,
    JAVA_ANSWER,
    MESSAGE,
    MODEL,
    model_config_for,
)


def parse_all(
    openai_server: FakeOpenAI, count: int, *, tls: ssl.SSLContext | None = None
) -> list[ParseStatus]:
    """``count`` emails one after the other through one client: each one's status."""
    llm = LlmExtractor(
        client=build_client(model_config_for(openai_server.url, 2), tls=tls),
        model=MODEL,
        max_concurrency=2,
        max_chars=4000,
    )
    hybrid = HybridExtractor(llm=llm, policy=HybridPolicy(skip_confidence=None))
    processor = RawEmailProcessor(sessions=None, hybrid=hybrid)

    async def run() -> list[ParseStatus]:
        try:
            return [(await processor.parse(MESSAGE, JAVA)).status for _ in range(count)]
        finally:
            await hybrid.close()

    return asyncio.run(run())


def test_calls_one_after_another_share_one_connection(openai_server: FakeOpenAI) -> None:
    openai_server.script(*[Reply.answer(JAVA_ANSWER)] * 3)
    assert parse_all(openai_server, 3) == [ParseStatus.OK] * 3
    assert openai_server.connections == 1


def test_chunked_and_gzip_replies_are_read(openai_server: FakeOpenAI) -> None:
    openai_server.script(
        Reply.answer(JAVA_ANSWER, chunked=True),
        Reply.answer(JAVA_ANSWER, gzip=True),
        Reply.answer(JAVA_ANSWER, chunked=True, gzip=True),
    )
    assert parse_all(openai_server, 3) == [ParseStatus.OK] * 3
    assert openai_server.connections == 1
    assert len(openai_server.requests) == 3  # each answered at the first try


def test_a_connection_the_server_closes_is_not_reused(openai_server: FakeOpenAI) -> None:
    openai_server.script(
        Reply.answer(JAVA_ANSWER, close="header"),
        Reply.answer(JAVA_ANSWER, close="silent"),  # as an idle connection dies
        Reply.answer(JAVA_ANSWER),
    )
    assert parse_all(openai_server, 3) == [ParseStatus.OK] * 3
    assert openai_server.connections == 3
    assert len(openai_server.requests) == 3


def test_a_reply_that_is_no_completion_is_asked_again_then_fails(
    openai_server: FakeOpenAI,
) -> None:
    # the SDK's model of the reply once let this through as an AttributeError (a dead letter)
    openai_server.script(Reply(raw=b'{"unexpected": true}'), Reply(raw=b"<html>busy</html>"))
    (status,) = parse_all(openai_server, 1)
    assert status is ParseStatus.FAILED
    assert len(openai_server.requests) == 2


def test_https_with_the_given_trust() -> None:
    authority = trustme.CA()
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_side)
    client_side = ssl.create_default_context()
    authority.configure_trust(client_side)
    with running_fake_openai(tls=server_side) as server:
        server.script(*[Reply.answer(JAVA_ANSWER)] * 2)
        assert parse_all(server, 2, tls=client_side) == [ParseStatus.OK] * 2
        assert server.connections == 1
    with running_fake_openai(tls=server_side) as untrusted:
        # a certificate the client does not trust: no call, the offline result (a fallback)
        (status,) = parse_all(untrusted, 1)
        assert status is ParseStatus.OK
        assert untrusted.requests == []


def test_a_client_kept_across_event_loops_opens_new_connections(
    openai_server: FakeOpenAI,
) -> None:
    # a warm client reused by another asyncio.run: the old loop's sockets are not touched
    llm = LlmExtractor(
        client=build_client(model_config_for(openai_server.url, 2)),
        model=MODEL,
        max_concurrency=2,
        max_chars=4000,
    )
    hybrid = HybridExtractor(llm=llm, policy=HybridPolicy(skip_confidence=None))
    processor = RawEmailProcessor(sessions=None, hybrid=hybrid)
    openai_server.script(*[Reply.answer(JAVA_ANSWER)] * 2)
    first = asyncio.run(processor.parse(MESSAGE, JAVA))
    second = asyncio.run(processor.parse(MESSAGE, JAVA))
    asyncio.run(hybrid.close())
    assert (first.status, second.status) == (ParseStatus.OK, ParseStatus.OK)
    assert second.llm is not None and not second.llm.fallback
    assert openai_server.connections == 2


def _fails_fast(openai_server: FakeOpenAI, wire: bytes) -> None:
    """A reply the transport must refuse: the call fails at once (a connection error, so the
    offline result), not after the read timeout and not by reading an unbounded body."""
    openai_server.script(Reply(wire=wire))
    started = time.monotonic()
    (status,) = parse_all(openai_server, 1)
    assert status is ParseStatus.OK  # the offline fallback
    assert len(openai_server.requests) == 1
    assert time.monotonic() - started < 4.0  # the client's read timeout is 5 s


def test_a_malformed_status_line_is_an_error(openai_server: FakeOpenAI) -> None:
    _fails_fast(openai_server, b"SPDY/9 what\r\n\r\n")


def test_a_body_larger_than_the_cap_is_an_error_not_a_wait(openai_server: FakeOpenAI) -> None:
    # announces 1 GB and sends a few bytes: read whole it would wait for the timeout
    _fails_fast(openai_server, b"HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\n\r\n{}")


def test_a_chunked_body_larger_than_the_cap_is_an_error(openai_server: FakeOpenAI) -> None:
    _fails_fast(
        openai_server, b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n40000000\r\n{"
    )


def test_too_many_header_lines_are_an_error(openai_server: FakeOpenAI) -> None:
    headers = b"".join(b"X-H%d: v\r\n" % n for n in range(500))
    _fails_fast(openai_server, b"HTTP/1.1 200 OK\r\n" + headers)


def test_an_oversized_header_line_is_an_error(openai_server: FakeOpenAI) -> None:
    _fails_fast(openai_server, b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * (2 << 20) + b"\r\n")
