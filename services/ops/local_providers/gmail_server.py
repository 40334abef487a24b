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
import itertools
import json
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.policy import compat32
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, urlencode, urlsplit

from services.ops.local_providers.identity_server import unsigned_jwt

CLIENT_ID = "fake-client.apps.googleusercontent.com"
CLIENT_SECRET = "fake-client-secret"
GMAIL_READONLY = "https://www.googleapis.com/auth/gmail.readonly"
MAX_RESULTS_LIMIT = 500  # Gmail's documented ceiling for messages.list maxResults
USER_PREFIX = "/gmail/v1/users/me"
API_PREFIX = USER_PREFIX + "/messages"
FIRST_HISTORY_ID = 1000
WATCH_DAYS = 7  # a Gmail watch lapses after 7 days
AUTH_PATH = "/o/oauth2/v2/auth"
ACCOUNT_EMAIL = "recruiter@gmail.test"  # who signs in at the authorize page


@dataclass(frozen=True)
class StoredMessage:
    id: str
    thread_id: str
    raw: bytes
    internal_date_ms: int
    headers: list[tuple[str, str]]  # unfolded, not RFC 2047-decoded (see the report)
    subject: str  # decoded and whitespace-collapsed, for search


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    authorization: str | None
    form: dict[str, list[str]] = field(default_factory=dict)
    port: int = 0  # the listener it arrived at
    received_at: float = 0.0  # time.monotonic() on arrival
    body: bytes = b""


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


class GmailBackend(Protocol):
    """What a listener serves: one mailbox (``FakeGmail``) or several routed by token."""

    api_delay: float

    def handle(self, request: RecordedRequest) -> tuple[int, dict[str, str], bytes]: ...


class UnsupportedQuery(ValueError):
    pass


def error_body(status: int, message: str, reason: str, domain: str = "global") -> dict[str, Any]:
    """Google's JSON error envelope (``error.errors[*].reason`` is what clients branch on)."""
    grpc_status = {
        400: "INVALID_ARGUMENT",
        401: "UNAUTHENTICATED",
        403: "PERMISSION_DENIED",
        404: "NOT_FOUND",
        429: "RESOURCE_EXHAUSTED",
        500: "INTERNAL",
        503: "UNAVAILABLE",
    }.get(status, "UNKNOWN")
    return {
        "error": {
            "code": status,
            "message": message,
            "errors": [{"message": message, "domain": domain, "reason": reason}],
            "status": grpc_status,
        }
    }


def rate_limit_body(reason: str = "userRateLimitExceeded", status: int = 403) -> dict[str, Any]:
    return error_body(status, "User-rate limit exceeded.", reason, domain="usageLimits")


_DEFAULT_FAULTS = {
    429: rate_limit_body("rateLimitExceeded", 429),
    500: error_body(500, "Internal error encountered.", "backendError"),
    503: error_body(503, "The service is currently unavailable.", "backendError"),
}

_TOKEN = re.compile(r'"[^"]*"|\(|\)|[^\s()"]+')


def _or_groups(tokens: list[str]) -> list[list[str]]:
    """``a OR "b c" d`` → [["a", "b c"], ["d"]]: OR binds tighter than juxtaposition (AND), as
    in Google search, so the result is an AND of OR-groups of case-folded substrings."""
    groups: list[list[str]] = []
    joined = False
    for token in tokens:
        if token == "OR":
            if not groups or joined:
                raise UnsupportedQuery("dangling OR")
            joined = True
        elif token in ("(", ")"):
            raise UnsupportedQuery("nested parentheses")
        else:
            phrase = " ".join(token.strip('"').lower().split())
            if not phrase:
                raise UnsupportedQuery("empty subject term")
            if joined:
                groups[-1].append(phrase)
            else:
                groups.append([phrase])
            joined = False
    if joined or not groups:
        raise UnsupportedQuery("dangling OR or empty group")
    return groups


def parse_query(q: str) -> tuple[list[list[str]], int | None, int | None]:
    """Subject terms (an AND of OR-groups), ``after:`` and ``before:`` epoch seconds."""
    tokens = _TOKEN.findall(q)
    subject: list[list[str]] = []
    bounds: dict[str, int] = {}
    i = 0
    while i < len(tokens):
        name, _, value = tokens[i].partition(":")
        name = name.lower()
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if name in ("after", "before") and value.isdigit():
            bounds[name] = int(value)  # epoch seconds; Gmail's YYYY/MM/DD form is not imitated
        elif name == "subject" and value:
            subject += _or_groups([value])
        elif name == "subject" and following == "(":
            try:
                end = tokens.index(")", i + 2)
            except ValueError:
                raise UnsupportedQuery("unbalanced parentheses") from None
            subject += _or_groups(tokens[i + 2 : end])
            i = end
        elif name == "subject" and following.startswith('"'):
            subject += _or_groups([following])
            i += 1
        else:
            raise UnsupportedQuery(f"unsupported query term {tokens[i]!r}")
        i += 1
    return subject, bounds.get("after"), bounds.get("before")


def _matches(msg: StoredMessage, q: str) -> bool:
    subject, after, before = parse_query(q)
    seconds = msg.internal_date_ms // 1000
    if after is not None and seconds < after:
        return False
    if before is not None and seconds >= before:
        return False
    return all(any(phrase in msg.subject for phrase in group) for group in subject)


class FakeGmail:
    """Mailbox, OAuth state, fault queue and request log; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: dict[str, StoredMessage] = {}
        self._ids = itertools.count(1)
        self._refresh_tokens: set[str] = set()
        self._codes: dict[str, str] = {}  # authorization code → the redirect_uri it was sent to
        self._access_tokens: set[str] = set()
        self._ever_issued: set[str] = set()  # for secret scans: expiry does not forget them
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

    # OAuth
    def add_refresh_token(self, token: str) -> None:
        with self._lock:
            self._refresh_tokens.add(token)

    def revoke_refresh_token(self, token: str) -> None:
        with self._lock:
            self._refresh_tokens.discard(token)

    def issued_refresh_tokens(self) -> set[str]:
        """Every refresh token the token endpoint accepts (issued or added)."""
        with self._lock:
            return set(self._refresh_tokens)

    def issue_access_token(self) -> str:
        with self._lock:
            # unique across mailboxes too: GmailAccounts routes API calls by token
            token = f"ya29.fake-{next(self._ids)}-{secrets.token_hex(6)}"
            self._access_tokens.add(token)
            self._ever_issued.add(token)
        return token

    def issued_access_tokens(self) -> set[str]:
        with self._lock:
            return set(self._ever_issued)

    def expire_access_tokens(self) -> None:
        with self._lock:
            self._access_tokens.clear()

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
        payload = body if body is not None else _DEFAULT_FAULTS.get(status, {})
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
    def handle(self, request: RecordedRequest) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            self._requests.append(request)
        if request.path == "/token" and request.method == "POST":
            return self._fault(request) or self._token(request.form)
        if request.path == AUTH_PATH and request.method == "GET":
            return self._authorize(request.query)
        if not request.path.startswith(USER_PREFIX):
            return _json(404, error_body(404, "Not Found", "notFound"))
        if not self._authorized(request.authorization):
            return _json(
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
            return _json(404, error_body(404, "Not Found", "notFound"))
        rest = request.path[len(API_PREFIX) :]
        if rest in ("", "/"):
            return self._list(request.query)
        return self._get(rest.lstrip("/"), request.query)

    def _fault(self, request: RecordedRequest) -> tuple[int, dict[str, str], bytes] | None:
        with self._lock:
            if self._faults and request.path.startswith(self._faults[0].path_prefix):
                fault = self._faults.popleft()
                headers = {"Content-Type": "application/json; charset=UTF-8", **fault.headers}
                return fault.status, headers, fault.body
        return None

    def _authorized(self, header: str | None) -> bool:
        scheme, _, token = (header or "").partition(" ")
        with self._lock:
            return scheme.lower() == "bearer" and token in self._access_tokens

    def _token(self, form: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
        def one(name: str) -> str:
            return form.get(name, [""])[0]

        if one("client_id") != CLIENT_ID or one("client_secret") != CLIENT_SECRET:
            return _json(401, {"error": "invalid_client", "error_description": "Unauthorized"})
        if one("grant_type") == "authorization_code":
            return self._redeem_code(one("code"), one("redirect_uri"))
        if one("grant_type") != "refresh_token":
            return _json(400, {"error": "unsupported_grant_type"})
        with self._lock:
            known = one("refresh_token") in self._refresh_tokens
        if not known:
            return _json(
                400,
                {
                    "error": "invalid_grant",
                    "error_description": "Token has been expired or revoked.",
                },
            )
        return _json(
            200,
            {
                "access_token": self.issue_access_token(),
                "expires_in": 3599,
                "scope": GMAIL_READONLY,
                "token_type": "Bearer",
            },
        )

    def _authorize(self, query: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
        """The consent page, consenting at once: back to ``redirect_uri`` with a code."""

        def one(name: str) -> str:
            return query.get(name, [""])[0]

        redirect_uri = one("redirect_uri")
        if one("client_id") != CLIENT_ID or not redirect_uri or one("response_type") != "code":
            return _json(400, {"error": "invalid_request"})
        if GMAIL_READONLY not in one("scope").split():
            return _json(400, {"error": "invalid_scope"})
        code = f"4/fake-code-{secrets.token_urlsafe(12)}"
        with self._lock:
            self._codes[code] = redirect_uri
        back = urlencode({"code": code, "state": one("state"), "scope": GMAIL_READONLY})
        return 302, {"Location": f"{redirect_uri}?{back}"}, b""

    def _redeem_code(self, code: str, redirect_uri: str) -> tuple[int, dict[str, str], bytes]:
        """Single use, and only with the redirect_uri the code was issued for (as Google)."""
        with self._lock:
            issued_for = self._codes.pop(code, None)
        if issued_for is None or issued_for != redirect_uri:
            return _json(400, {"error": "invalid_grant", "error_description": "Bad Request"})
        refresh_token = f"1//fake-rt-{secrets.token_urlsafe(12)}"
        self.add_refresh_token(refresh_token)
        id_token = unsigned_jwt({"email": ACCOUNT_EMAIL, "email_verified": True})
        return _json(
            200,
            {
                "access_token": self.issue_access_token(),
                "refresh_token": refresh_token,
                "expires_in": 3599,
                "scope": GMAIL_READONLY,
                "token_type": "Bearer",
                "id_token": id_token,
            },
        )

    def _profile(self) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            body = {
                "emailAddress": ACCOUNT_EMAIL,
                "messagesTotal": len(self._messages),
                "threadsTotal": len(self._messages),
                "historyId": str(self._history_id),
            }
        return _json(200, body)

    def _history_list(self, query: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
        start_text = query.get("startHistoryId", [""])[0]
        if not start_text.isdigit():
            return _json(400, error_body(400, "Invalid startHistoryId", "invalidArgument"))
        if query.get("historyTypes", ["messageAdded"]) != ["messageAdded"]:
            return _json(400, error_body(400, "fake gmail: historyTypes", "invalidArgument"))
        if query.get("labelId", ["INBOX"]) != ["INBOX"]:
            return _json(400, error_body(400, "fake gmail: labelId", "invalidArgument"))
        start = int(start_text)
        size = min(int(query.get("maxResults", ["100"])[0]), MAX_RESULTS_LIMIT)
        offset = int(query.get("pageToken", ["0"])[0])
        with self._lock:
            if start < self._history_floor:
                return _json(404, error_body(404, "Requested entity was not found.", "notFound"))
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
        return _json(200, body)

    def _watch(self, payload: bytes) -> tuple[int, dict[str, str], bytes]:
        try:
            request = json.loads(payload)
            topic = request["topicName"]
        except (ValueError, KeyError, TypeError):
            return _json(400, error_body(400, "Invalid topicName", "invalidArgument"))
        if not re.fullmatch(r"projects/[^/]+/topics/[^/]+", str(topic)):
            return _json(400, error_body(400, "Invalid topicName", "invalidArgument"))
        expiration = int((time.time() + WATCH_DAYS * 86400) * 1000)
        with self._lock:
            self.watch = Watch(topic, tuple(request.get("labelIds", ())), expiration)
            self.watch_calls += 1
            history_id = self._history_id
        return _json(200, {"historyId": str(history_id), "expiration": str(expiration)})

    def _stop(self) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            self.watch = None
            self.stop_calls += 1
        return 204, {}, b""

    def _list(self, query: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
        q = query.get("q", [""])[0]
        try:
            size = min(int(query.get("maxResults", ["100"])[0]), MAX_RESULTS_LIMIT)
            offset = int(query.get("pageToken", ["0"])[0])
            with self._lock:
                found = [m for m in self._messages.values() if _matches(m, q)]
        except (UnsupportedQuery, ValueError) as exc:
            return _json(400, error_body(400, f"fake gmail: {exc}", "invalidArgument"))
        found.sort(key=lambda m: (m.internal_date_ms, m.id), reverse=True)  # newest first
        page = found[offset : offset + size]
        body: dict[str, Any] = {"resultSizeEstimate": len(found)}
        if page:  # Gmail omits "messages" entirely when nothing matches
            body["messages"] = [{"id": m.id, "threadId": m.thread_id} for m in page]
        if offset + size < len(found):
            body["nextPageToken"] = str(offset + size)
        return _json(200, body)

    def _get(
        self, message_id: str, query: dict[str, list[str]]
    ) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            msg = self._messages.get(message_id)
        if msg is None:
            return _json(404, error_body(404, "Requested entity was not found.", "notFound"))
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
            return _json(400, error_body(400, f"fake gmail: format {fmt!r}", "invalidArgument"))
        return _json(200, body)


def _json(
    status: int, body: Mapping[str, Any], headers: Mapping[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    return (
        status,
        {"Content-Type": "application/json; charset=UTF-8", **(headers or {})},
        (json.dumps(body).encode()),
    )


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


@contextmanager
def running_fake_gmail() -> Iterator[FakeGmail]:
    fake = FakeGmail()
    with extra_listener(fake) as base_url:
        fake.base_url = base_url
        yield fake
