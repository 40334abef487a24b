"""The plain-HTTP listener in front of a local Gmail backend (one mailbox or several).

Listens on 127.0.0.1, port 0, keep-alive as httplib2 expects from Google; records each request
(with the listener's port and ``received_at``, time.monotonic() on arrival) and hands it to the
backend, whose ``(status, headers, body)`` it writes back in one buffered write. Several
listeners may serve one backend, e.g. one per fetcher replica.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from services.ops.local_providers.gmail_wire import Answer, RecordedRequest


class GmailBackend(Protocol):
    """What a listener serves: one mailbox (``FakeGmail``) or several routed by token."""

    api_delay: float

    def handle(self, request: RecordedRequest) -> Answer: ...


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as httplib2 expects from Google
    # one buffered write per response without Nagle: split header/body writes meet the client's
    # delayed ACK and cost ~40 ms per request
    wbufsize = -1
    disable_nagle_algorithm = True
    server: _Server

    def _serve(self) -> None:
        received_at = time.monotonic()
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        payload = self.rfile.read(length) if length else b""
        is_json = self.headers.get("Content-Type", "").startswith("application/json")
        form = (
            parse_qs(payload.decode(), keep_blank_values=True)
            if self.command == "POST" and not is_json
            else {}
        )
        request = RecordedRequest(
            method=self.command,
            path=parts.path,
            query=parse_qs(parts.query, keep_blank_values=True),
            authorization=self.headers.get("Authorization"),
            form=form,
            port=self.server.server_address[1],
            received_at=received_at,
            body=payload,
        )
        status, headers, body = self.server.fake.handle(request)
        if parts.path.startswith("/gmail/") and self.server.fake.api_delay:
            time.sleep(self.server.fake.api_delay)  # the slow mailbox a test asked for
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = _serve
    do_POST = _serve

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet test output; requests are recorded on the fake instead


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: GmailBackend) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake


@contextmanager
def extra_listener(fake: GmailBackend) -> Iterator[str]:
    """One more HTTP listener on ``fake``'s mailbox; yields its base URL."""
    server = _Server(fake)
    thread = threading.Thread(
        target=server.serve_forever, args=(0.01,), name="fake-gmail", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
