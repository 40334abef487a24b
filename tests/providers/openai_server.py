"""A local server speaking OpenAI's Chat Completions API, for the parser's model-call tests.

Serves ``POST /v1/chat/completions`` in the API's wire format: ``choices[0].message.content`` (the
structured answer as a JSON string) or ``refusal``, ``finish_reason``, ``usage`` tokens; errors as
``{"error": {...}}`` with the status and headers (429 with Retry-After). A threaded server, so
many requests can be open at once.

- Scripted replies (``script``) are consumed in order; then ``default`` answers (a ``Reply`` or a
  function of the request).
- ``latency``: seconds every answer waits (a reply's own ``delay`` overrides it).
- ``requests``: every request with its JSON body, headers and the number of requests in flight
  when it arrived; ``max_in_flight`` is the most ever open at once; ``connections``: how many
  TCP connections clients opened.
- Wire variants of a reply for the client's HTTP layer: ``chunked`` (Transfer-Encoding),
  ``gzip`` (Content-Encoding), ``close`` ("header": ``Connection: close``; "silent": the socket
  closed after the reply without saying so, as an idle keep-alive connection dies); ``raw``: a
  body sent as is instead of a completion.

Test modules load the ``openai_server`` fixture with ``pytest_plugins`` after importing the
types above, too late for assertion rewriting; this module asserts nothing, so
PYTEST_DONT_REWRITE (which also silences pytest's warning about it).
"""

from __future__ import annotations

import gzip
import json
import ssl
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

__all__ = ["ChatRequest", "FakeOpenAI", "Reply", "openai_server", "running_fake_openai"]


@dataclass(frozen=True)
class Reply:
    status: int = 200
    content: str | None = None
    refusal: str | None = None
    finish_reason: str = "stop"
    headers: Mapping[str, str] = field(default_factory=dict)
    error: Mapping[str, Any] | None = None
    delay: float | None = None  # seconds; None: the server's latency
    prompt_tokens: int | None = None  # None: about a token per 4 characters of the prompt
    completion_tokens: int | None = None
    chunked: bool = False
    gzip: bool = False
    close: str | None = None  # "header" | "silent"
    raw: bytes | None = None
    wire: bytes | None = None  # the whole reply as sent (status line, headers, body), as is

    @classmethod
    def answer(cls, answer: Mapping[str, Any], **kwargs: Any) -> Reply:
        return cls(content=json.dumps(answer), **kwargs)

    @classmethod
    def text(cls, content: str, **kwargs: Any) -> Reply:
        return cls(content=content, **kwargs)

    @classmethod
    def refuse(cls, message: str = "I'm sorry, I can't help with that.") -> Reply:
        return cls(refusal=message)

    @classmethod
    def rate_limited(cls, retry_after: str | None = "1") -> Reply:
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        error = {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}
        return cls(status=429, headers=headers, error=error)

    @classmethod
    def failure(cls, status: int = 500) -> Reply:
        return cls(status=status, error={"message": "boom", "type": "server_error", "code": None})


@dataclass(frozen=True)
class ChatRequest:
    body: dict[str, Any]
    headers: dict[str, str]  # lower-case names
    in_flight: int  # requests open when this one arrived, itself included
    path: str = ""  # as requested, with the query

    @property
    def messages(self) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = self.body.get("messages", [])
        return messages

    def content(self, role: str) -> str:
        return "\n".join(str(m.get("content", "")) for m in self.messages if m.get("role") == role)

    @property
    def system(self) -> str:
        return self.content("system")

    @property
    def user(self) -> str:
        return self.content("user")


Responder = Reply | Callable[[ChatRequest], Reply]


class FakeOpenAI:
    def __init__(self) -> None:
        self.url = ""  # base URL for the SDK, set once the server listens
        self.latency = 0.0
        self.default: Responder = Reply.answer(
            {"is_job": False, "category": "other", "confidence": 0.5, "jobs": []}
        )
        self.requests: list[ChatRequest] = []
        self.max_in_flight = 0
        self.connections = 0
        self._script: deque[Reply] = deque()
        self._in_flight = 0
        self._lock = threading.Lock()

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self._script.extend(replies)

    def _arrive(
        self, body: dict[str, Any], headers: dict[str, str], path: str = ""
    ) -> tuple[ChatRequest, Reply]:
        with self._lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            request = ChatRequest(body, headers, self._in_flight, path)
            self.requests.append(request)
            scripted = self._script.popleft() if self._script else None
        if scripted is not None:
            return request, scripted
        default = self.default
        return request, default if isinstance(default, Reply) else default(request)

    def _connected(self) -> None:
        with self._lock:
            self.connections += 1

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1


def _completion(request: ChatRequest, reply: Reply, number: int) -> dict[str, Any]:
    prompt_chars = sum(len(str(m.get("content", ""))) for m in request.messages)
    answer = reply.content or reply.refusal or ""
    prompt_tokens = reply.prompt_tokens if reply.prompt_tokens is not None else prompt_chars // 4
    completion_tokens = (
        reply.completion_tokens if reply.completion_tokens is not None else len(answer) // 4
    )
    return {
        "id": f"chatcmpl-fake{number}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.body.get("model", "unknown"),
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": reply.content,
                    "refusal": reply.refusal,
                },
                "logprobs": None,
                "finish_reason": reply.finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def _handler(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the SDK's connection pool expects

        def setup(self) -> None:
            super().setup()
            fake._connected()

        def do_POST(self) -> None:  # noqa: N802  (http.server's naming)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if self.path.split("?")[0] != "/v1/chat/completions":
                self._send(404, {"error": {"message": f"no route {self.path}", "type": "x"}})
                return
            try:
                body = json.loads(raw)
            except json.JSONDecodeError:
                self._send(400, {"error": {"message": "body is not JSON", "type": "invalid"}})
                return
            headers = {k.lower(): v for k, v in self.headers.items()}
            request, reply = fake._arrive(body, headers, self.path)
            try:
                time.sleep(reply.delay if reply.delay is not None else fake.latency)
                if reply.error is not None:
                    self._send(reply.status, {"error": dict(reply.error)}, reply.headers)
                elif reply.wire is not None:
                    self.wfile.write(reply.wire)  # the connection stays open after it
                elif reply.raw is not None:
                    self._send_wire(reply, reply.raw)
                else:
                    payload = _completion(request, reply, len(fake.requests))
                    if reply.chunked or reply.gzip or reply.close:
                        self._send_wire(reply, json.dumps(payload).encode())
                    else:
                        self._send(reply.status, payload, reply.headers)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (its timeout): nothing to answer
            finally:
                fake._leave()

        def _send(
            self, status: int, payload: dict[str, Any], headers: Mapping[str, str] = {}
        ) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _send_wire(self, reply: Reply, data: bytes) -> None:
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            if reply.gzip:
                data = gzip.compress(data)
                self.send_header("Content-Encoding", "gzip")
            if reply.close == "header":
                self.send_header("Connection", "close")
            if reply.chunked:
                self.send_header("Transfer-Encoding", "chunked")
                middle = len(data) // 2
                data = b"".join(
                    b"%x\r\n%s\r\n" % (len(part), part) for part in (data[:middle], data[middle:])
                )
                data += b"0\r\n\r\n"
            else:
                self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            if reply.close:
                self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a reply still sleeping must not hold up the test's teardown
    # socketserver's listen backlog of 5 drops a burst of connects, which the client then
    # retries a second later: the burst would look serialised
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that time out close their sockets mid-reply; that is the point


@contextmanager
def running_fake_openai(tls: ssl.SSLContext | None = None) -> Iterator[FakeOpenAI]:
    """The server; over TLS (an https URL) with a server-side ``tls`` context."""
    fake = FakeOpenAI()
    server = _Server(("127.0.0.1", 0), _handler(fake))
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    host, port = server.server_address[:2]
    fake.url = f"{'https' if tls else 'http'}://{host!s}:{port}/v1"
    thread = threading.Thread(
        target=server.serve_forever, args=(0.02,), name="fake-openai", daemon=True
    )  # a short poll interval: shutdown() waits for one
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    with running_fake_openai() as fake:
        yield fake
