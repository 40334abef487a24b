"""A local Gmail API fake that speaks the wire format google-api-python-client uses.

Plain HTTP on 127.0.0.1 (port 0): the provider points ``api_endpoint`` and ``token_uri`` here.
It serves Google's OAuth endpoints (an auto-consenting authorize page at ``AUTH_PATH``; the
token endpoint's authorization_code and refresh_token grants), ``users.messages.list`` (a
``subject:`` / ``after:`` / ``before:`` subset of Gmail's search syntax),
``users.messages.get`` (metadata, raw), ``users.getProfile``, ``users.history.list``
(messageAdded records of the inbox; a start id below ``expire_history()``'s floor answers 404
``notFound`` as Gmail does for an expired id), ``users.watch`` and ``users.stop`` (the watch is
recorded; while it is on, each added message calls ``on_notify(email, history_id)``, where a test
publishes the Pub/Sub push), checks bearer tokens, and replays scripted faults.
Deterministic: no sleeps, unless a test asks for a slow mailbox (``api_delay``). Several
listeners may serve one mailbox (``extra_listener``), e.g. one per fetcher replica, so each
recorded request says which listener (port) it arrived at and when (``received_at``,
time.monotonic() of this process).

Where it differs from Gmail: subject terms match as case-insensitive substrings (Gmail matches
words, so "java" does not find "JavaScript" there); ``after:``/``before:`` take epoch seconds
only; a query term outside the subset answers 400 (Gmail would run it), so a provider change the
fake cannot judge fails loudly; results are exact (no index lag, exact resultSizeEstimate); header
values are returned as written in the message (not RFC 2047-decoded); every message is in the
inbox and history ids count up by one per added message; no labels, spam/trash, deletion history,
batch or quota accounting.
"""

from __future__ import annotations

import base64
import json
import re
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.policy import compat32
from typing import Any

from services.ops.local_providers.gmail_listener import GmailBackend, extra_listener
from services.ops.local_providers.gmail_query import UnsupportedQuery, parse_query, query_matches
from services.ops.local_providers.gmail_wire import (
    DEFAULT_FAULT_BODIES,
    Answer,
    RecordedRequest,
    error_body,
    json_answer,
    rate_limit_body,
)
from services.ops.local_providers.google_oauth import (
    ACCOUNT_EMAIL,
    AUTH_PATH,
    CLIENT_ID,
    CLIENT_SECRET,
    GMAIL_READONLY,
    GoogleOAuthEndpoints,
)

MAX_RESULTS_LIMIT = 500  # Gmail's documented ceiling for messages.list maxResults
USER_PREFIX = "/gmail/v1/users/me"
API_PREFIX = USER_PREFIX + "/messages"
FIRST_HISTORY_ID = 1000
WATCH_DAYS = 7  # a Gmail watch lapses after 7 days


@dataclass(frozen=True)
class StoredMessage:
    id: str
    thread_id: str
    raw: bytes
    internal_date_ms: int
    headers: list[tuple[str, str]]  # unfolded, not RFC 2047-decoded (see the report)
    subject: str  # decoded and whitespace-collapsed, for search


@dataclass(frozen=True)
class Watch:
    topic: str
    label_ids: tuple[str, ...]
    expiration_ms: int


@dataclass(frozen=True)
class Fault:
    status: int
    headers: Mapping[str, str]
    body: bytes
    path_prefix: str


class FakeGmail(GoogleOAuthEndpoints):
    """Mailbox, OAuth state (``GoogleOAuthEndpoints``), fault queue and request log; thread-safe."""

    def __init__(self) -> None:
        super().__init__()
        self._messages: dict[str, StoredMessage] = {}
        self._faults: deque[Fault] = deque()
        self._requests: list[RecordedRequest] = []
        self.base_url = ""
        self.api_delay = 0.0  # seconds each Gmail API answer waits: a slow mailbox
        self._history: list[tuple[int, str]] = []  # (history id, message id added)
        self._history_id = FIRST_HISTORY_ID
        self._history_floor = 0  # a start id below this answers 404
        self.watch: Watch | None = None
        self.watch_calls = 0
        self.stop_calls = 0
        # called (outside the lock) for each message added while watched: (address, history id)
        self.on_notify: Callable[[str, int], None] | None = None

    # mailbox
    def add_message(
        self, raw: bytes, *, internal_date: datetime, thread_id: str | None = None
    ) -> str:
        headers_msg = BytesHeaderParser(policy=compat32).parsebytes(raw)
        headers = [(k, re.sub(r"\r?\n[ \t]", " ", str(v))) for k, v in headers_msg.items()]
        raw_subject = headers_msg.get("Subject", "")
        subject = str(make_header(decode_header(str(raw_subject))))
        with self._lock:
            message_id = f"{0x18F0000000000000 + next(self._ids):x}"
            self._messages[message_id] = StoredMessage(
                id=message_id,
                thread_id=thread_id or message_id,
                raw=raw,
                internal_date_ms=int(internal_date.timestamp() * 1000),
                headers=headers,
                subject=" ".join(subject.lower().split()),
            )
            self._history_id += 1
            history_id = self._history_id
            self._history.append((history_id, message_id))
            notify = self.on_notify if self.watch is not None else None
        if notify is not None:
            notify(ACCOUNT_EMAIL, history_id)
        return message_id

    @property
    def history_id(self) -> int:
        """The mailbox's current history id."""
        with self._lock:
            return self._history_id

    def expire_history(self) -> None:
        """Every history id issued so far becomes too old: history.list answers 404. The mailbox
        moves on by one id (a change without a message), so the current id stays valid."""
        with self._lock:
            self._history_id += 1
            self._history_floor = self._history_id

    def delete_message(self, message_id: str) -> None:
        with self._lock:
            del self._messages[message_id]

    # faults and inspection
    def fail_next(
        self,
        status: int,
        *,
        headers: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | bytes | None = None,
        path_prefix: str = "/gmail/",
    ) -> None:
        """Answer the next request under ``path_prefix`` (after the auth check) with this."""
        payload = body if body is not None else DEFAULT_FAULT_BODIES.get(status, {})
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        with self._lock:
            self._faults.append(Fault(status, dict(headers or {}), data, path_prefix))

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def api_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.startswith("/gmail/")]

    def token_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == "/token"]

    # request handling: (status, headers, body)
    def handle(self, request: RecordedRequest) -> Answer:
        with self._lock:
            self._requests.append(request)
        if request.path == "/token" and request.method == "POST":
            return self._fault(request) or self._token(request.form)
        if request.path == AUTH_PATH and request.method == "GET":
            return self._authorize(request.query)
        if not request.path.startswith(USER_PREFIX):
            return json_answer(404, error_body(404, "Not Found", "notFound"))
        if not self._authorized(request.authorization):
            return json_answer(
                401,
                error_body(401, "Request had invalid authentication credentials.", "authError"),
                {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'},
            )
        fault = self._fault(request)
        if fault:
            return fault
        user_call = (request.method, request.path[len(USER_PREFIX) :])
        if user_call == ("GET", "/profile"):
            return self._profile()
        if user_call == ("GET", "/history"):
            return self._history_list(request.query)
        if user_call == ("POST", "/watch"):
            return self._watch(request.body)
        if user_call == ("POST", "/stop"):
            return self._stop()
        if not request.path.startswith(API_PREFIX) or request.method != "GET":
            return json_answer(404, error_body(404, "Not Found", "notFound"))
        rest = request.path[len(API_PREFIX) :]
        if rest in ("", "/"):
            return self._list(request.query)
        return self._get(rest.lstrip("/"), request.query)

    def _fault(self, request: RecordedRequest) -> Answer | None:
        with self._lock:
            if self._faults and request.path.startswith(self._faults[0].path_prefix):
                fault = self._faults.popleft()
                headers = {"Content-Type": "application/json; charset=UTF-8", **fault.headers}
                return fault.status, headers, fault.body
        return None

    def _profile(self) -> Answer:
        with self._lock:
            body = {
                "emailAddress": ACCOUNT_EMAIL,
                "messagesTotal": len(self._messages),
                "threadsTotal": len(self._messages),
                "historyId": str(self._history_id),
            }
        return json_answer(200, body)

    def _history_list(self, query: dict[str, list[str]]) -> Answer:
        start_text = query.get("startHistoryId", [""])[0]
        if not start_text.isdigit():
            return json_answer(400, error_body(400, "Invalid startHistoryId", "invalidArgument"))
        if query.get("historyTypes", ["messageAdded"]) != ["messageAdded"]:
            return json_answer(400, error_body(400, "fake gmail: historyTypes", "invalidArgument"))
        if query.get("labelId", ["INBOX"]) != ["INBOX"]:
            return json_answer(400, error_body(400, "fake gmail: labelId", "invalidArgument"))
        start = int(start_text)
        size = min(int(query.get("maxResults", ["100"])[0]), MAX_RESULTS_LIMIT)
        offset = int(query.get("pageToken", ["0"])[0])
        with self._lock:
            if start < self._history_floor:
                return json_answer(
                    404, error_body(404, "Requested entity was not found.", "notFound")
                )
            records = [(h, m) for h, m in self._history if h > start and m in self._messages]
            current = self._history_id
            threads = {m: self._messages[m].thread_id for _, m in records}
        page = records[offset : offset + size]
        body: dict[str, Any] = {"historyId": str(current)}
        if page:  # Gmail omits "history" when nothing changed
            body["history"] = [
                {
                    "id": str(h),
                    "messages": [{"id": m, "threadId": threads[m]}],
                    "messagesAdded": [
                        {"message": {"id": m, "threadId": threads[m], "labelIds": ["INBOX"]}}
                    ],
                }
                for h, m in page
            ]
        if offset + size < len(records):
            body["nextPageToken"] = str(offset + size)
        return json_answer(200, body)

    def _watch(self, payload: bytes) -> Answer:
        try:
            request = json.loads(payload)
            topic = request["topicName"]
        except (ValueError, KeyError, TypeError):
            return json_answer(400, error_body(400, "Invalid topicName", "invalidArgument"))
        if not re.fullmatch(r"projects/[^/]+/topics/[^/]+", str(topic)):
            return json_answer(400, error_body(400, "Invalid topicName", "invalidArgument"))
        expiration = int((time.time() + WATCH_DAYS * 86400) * 1000)
        with self._lock:
            self.watch = Watch(topic, tuple(request.get("labelIds", ())), expiration)
            self.watch_calls += 1
            history_id = self._history_id
        return json_answer(200, {"historyId": str(history_id), "expiration": str(expiration)})

    def _stop(self) -> Answer:
        with self._lock:
            self.watch = None
            self.stop_calls += 1
        return 204, {}, b""

    def _list(self, query: dict[str, list[str]]) -> Answer:
        q = query.get("q", [""])[0]
        try:
            size = min(int(query.get("maxResults", ["100"])[0]), MAX_RESULTS_LIMIT)
            offset = int(query.get("pageToken", ["0"])[0])
            with self._lock:
                found = [
                    m
                    for m in self._messages.values()
                    if query_matches(q, subject=m.subject, internal_date_ms=m.internal_date_ms)
                ]
        except (UnsupportedQuery, ValueError) as exc:
            return json_answer(400, error_body(400, f"fake gmail: {exc}", "invalidArgument"))
        found.sort(key=lambda m: (m.internal_date_ms, m.id), reverse=True)  # newest first
        page = found[offset : offset + size]
        body: dict[str, Any] = {"resultSizeEstimate": len(found)}
        if page:  # Gmail omits "messages" entirely when nothing matches
            body["messages"] = [{"id": m.id, "threadId": m.thread_id} for m in page]
        if offset + size < len(found):
            body["nextPageToken"] = str(offset + size)
        return json_answer(200, body)

    def _get(self, message_id: str, query: dict[str, list[str]]) -> Answer:
        with self._lock:
            msg = self._messages.get(message_id)
        if msg is None:
            return json_answer(404, error_body(404, "Requested entity was not found.", "notFound"))
        body: dict[str, Any] = {
            "id": msg.id,
            "threadId": msg.thread_id,
            "labelIds": ["INBOX"],
            "snippet": "",
            "sizeEstimate": len(msg.raw),
            "historyId": "1000",
            "internalDate": str(msg.internal_date_ms),
        }
        fmt = query.get("format", ["full"])[0]
        if fmt == "raw":
            body["raw"] = base64.urlsafe_b64encode(msg.raw).decode().rstrip("=")
        elif fmt == "metadata":
            wanted = {h.lower() for h in query.get("metadataHeaders", [])}
            headers = [
                {"name": k, "value": v} for k, v in msg.headers if not wanted or k.lower() in wanted
            ]
            body["payload"] = {
                "partId": "",
                "mimeType": "text/plain",
                "filename": "",
                "headers": headers,
            }
        else:
            return json_answer(
                400, error_body(400, f"fake gmail: format {fmt!r}", "invalidArgument")
            )
        return json_answer(200, body)


@contextmanager
def running_fake_gmail() -> Iterator[FakeGmail]:
    fake = FakeGmail()
    with extra_listener(fake) as base_url:
        fake.base_url = base_url
        yield fake


__all__ = [
    "ACCOUNT_EMAIL",
    "API_PREFIX",
    "AUTH_PATH",
    "CLIENT_ID",
    "CLIENT_SECRET",
    "FIRST_HISTORY_ID",
    "GMAIL_READONLY",
    "MAX_RESULTS_LIMIT",
    "USER_PREFIX",
    "WATCH_DAYS",
    "Fault",
    "FakeGmail",
    "GmailBackend",
    "RecordedRequest",
    "StoredMessage",
    "UnsupportedQuery",
    "Watch",
    "error_body",
    "extra_listener",
    "parse_query",
    "rate_limit_body",
    "running_fake_gmail",
]
