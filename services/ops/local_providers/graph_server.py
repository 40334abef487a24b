"""A fake Microsoft Graph mailbox (v1.0) on a pytest-httpserver, for one signed-in user.

Serves what a mail sync uses, in Graph's wire format:

- ``GET /v1.0/me/mailFolders/inbox/messages`` with ``$filter=receivedDateTime ge|gt <time>``,
  ``$orderby=receivedDateTime desc|asc`` (refused unless the filter starts with that property,
  like Graph's InefficientFilter), ``$top`` (1-1000, default 10), ``$skip`` and ``$select``;
  ``@odata.nextLink`` carries the whole next URL.
- ``GET /v1.0/me/mailFolders('inbox')/messages/delta`` (or ``/inbox/``): the first round takes
  ``$filter=receivedDateTime ge|gt <time>`` and ``$select``; pages of ``Prefer:
  odata.maxpagesize`` (default 10) linked by ``@odata.nextLink`` (``$skiptoken``), the last one
  with ``@odata.deltaLink`` (``$deltatoken``), whose round lists messages added since (within
  the first round's filter) and removed ones as ``@removed``. ``expire_delta_tokens()`` makes
  every token issued so far answer 410 SyncStateNotFound; an unknown token answers 400.
- ``GET /v1.0/me/messages/{id}/$value``: the raw MIME bytes.
- ``Prefer: IdType="ImmutableId"`` switches ids to the immutable form (both forms resolve).
- 401 InvalidAuthenticationToken (with WWW-Authenticate) for tokens ``token_validator`` rejects.
- ``POST /subscriptions`` and ``PATCH /subscriptions/{id}`` (renewal; 404 once removed).
- Change notifications, once ``notify_subscribers()`` turned them on: a subscription's creation
  first validates its ``notificationUrl`` (and ``lifecycleNotificationUrl``) with Graph's
  handshake (``POST ?validationToken=…``, the token echoed as text/plain within 10 s, else 400
  ``InvalidRequest``); every added message is POSTed (``{"value": [...]}``, the subscription's
  ``clientState``, ``changeType: created``) to each subscription's ``notificationUrl``, and
  ``send_lifecycle()`` POSTs a lifecycle event on demand. Each delivery goes through ``deliver``
  (HTTP by default), which a test may wrap to drop, duplicate or reorder deliveries.
- Scripted faults (``fail_next``): any status, Retry-After, error code, a delay; consumed in order.
- ``requests``: every call with its path, query, bearer token and answer.

Where it differs from Graph: a failed delivery is not retried (Graph retries for up to 4 hours),
so a test's dropped delivery stays dropped; notifications are sent at once, one per delivery.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from services.ops.local_providers.graph_notifications import (
    GraphDelivery,
    created_notification,
    post_delivery,
    validation_handshake,
)
from services.ops.local_providers.graph_subscriptions import GraphSubscriptions
from services.ops.local_providers.graph_wire import (
    DEFAULT_ERROR_CODES,
    RECEIVED_FILTER,
    WWW_AUTHENTICATE,
    GraphMessage,
    filter_received,
    graph_error,
    graph_time,
    passes_received,
    sample_mime,
)

_VALUE_PATH = re.compile(r"^/me/messages/([^/]+)/\$value$")
_SUBSCRIPTION_PATH = re.compile(r"^/subscriptions/([^/]+)$")
_DELTA_PATHS = ("/me/mailFolders('inbox')/messages/delta", "/me/mailFolders/inbox/messages/delta")
_MAX_PAGE_SIZE = re.compile(r"odata\.maxpagesize=(\d+)")


@dataclass
class _DeltaState:
    """A round's filter and what it has seen; a skip token also holds the round's rest."""

    since: datetime | None
    strict: bool  # gt instead of ge
    seen: int  # messages added before the round started
    removed_seen: int
    rest: list[dict[str, Any]] = field(default_factory=list)
    expired: bool = False


@dataclass(frozen=True)
class GraphRequest:
    method: str
    path: str  # without the /v1.0 prefix
    query: dict[str, str]
    token: str | None
    prefer: str | None
    status: int


@dataclass
class _Fault:
    status: int
    code: str
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    path_prefix: str = ""


class FakeGraph(GraphSubscriptions):
    """One signed-in user's mailbox, its delta rounds, scripted faults and request log; its
    subscriptions and deliveries come from ``GraphSubscriptions``."""

    def __init__(
        self,
        server: HTTPServer,
        *,
        token_validator: Callable[[str], bool],
        prefix: str = "/v1.0",
        route: bool = True,
    ) -> None:
        super().__init__()
        self.server = server
        self.prefix = prefix
        self.token_validator = token_validator
        self.messages: list[GraphMessage] = []
        self.requests: list[GraphRequest] = []
        self.next_link_base: str | None = None  # set to send nextLinks elsewhere (hostile Graph)
        self.removed: list[GraphMessage] = []
        self._ever_added: list[GraphMessage] = []  # append-only: delta rounds count positions
        self._delta_tokens: dict[str, _DeltaState] = {}
        self._faults: deque[_Fault] = deque()
        if route:  # else a router in front calls ``dispatch`` (several mailboxes, one URL)
            server.expect_request(re.compile("^" + re.escape(prefix) + "/")).respond_with_handler(
                self.dispatch
            )

    @property
    def base_url(self) -> str:
        return self.server.url_for(self.prefix)

    def add_message(
        self,
        subject: str,
        received: datetime,
        *,
        raw: bytes | None = None,
        conversation_id: str | None = None,
    ) -> GraphMessage:
        n = len(self.messages) + 1
        internet_id = f"<msg{n}.{secrets.token_hex(4)}@staffing.test>"
        message = GraphMessage(
            id=f"AAMkAGI2TG93AAA{n:04d}{secrets.token_hex(6)}=",
            immutable_id=f"AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A{n:04d}{secrets.token_hex(6)}AAA=",
            subject=subject,
            received=received,
            raw=raw if raw is not None else sample_mime(subject, received, internet_id),
            conversation_id=conversation_id or f"AAQkAGI2conv{n:04d}=",
            internet_message_id=internet_id,
        )
        with self._lock:
            self.messages.append(message)
            self._ever_added.append(message)
            subscribers = [dict(s) for s in self.subscriptions.values()]
        for subscription in subscribers:
            if "created" in subscription["changeType"].split(","):
                self._send(
                    subscription["notificationUrl"], created_notification(subscription, message)
                )
        return message

    def fail_next(
        self,
        status: int,
        *,
        retry_after: str | int | None = None,
        code: str | None = None,
        times: int = 1,
        delay: float = 0.0,
        path_prefix: str = "",
    ) -> None:
        """The next ``times`` requests (under ``path_prefix``) answer ``status``."""
        headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
        if status == 401:
            headers["WWW-Authenticate"] = WWW_AUTHENTICATE
        fault = _Fault(
            status,
            code or DEFAULT_ERROR_CODES.get(status, "UnknownError"),
            headers,
            delay,
            path_prefix,
        )
        with self._lock:
            self._faults.extend([fault] * times)

    def remove_message(self, message: GraphMessage) -> None:
        with self._lock:
            self.messages.remove(message)
            self.removed.append(message)

    def expire_delta_tokens(self) -> None:
        """Every delta and skip token issued so far answers 410 from now on."""
        with self._lock:
            for state in self._delta_tokens.values():
                state.expired = True

    def delta_requests(self) -> list[GraphRequest]:
        return [r for r in self.requests if r.path in _DELTA_PATHS]

    def list_requests(self) -> list[GraphRequest]:
        return [r for r in self.requests if r.path == "/me/mailFolders/inbox/messages"]

    # --- dispatch ------------------------------------------------------------------------

    def dispatch(self, request: Request) -> Response:
        path = request.path[len(self.prefix) :]
        auth = request.headers.get("Authorization", "")
        token = auth[len("Bearer ") :] if auth.startswith("Bearer ") else None
        response = self._answer(request, path, token)
        with self._lock:
            self.requests.append(
                GraphRequest(
                    method=request.method,
                    path=path,
                    query=dict(request.args),
                    token=token,
                    prefer=request.headers.get("Prefer"),
                    status=response.status_code,
                )
            )
        return response

    def _answer(self, request: Request, path: str, token: str | None) -> Response:
        fault = self._take_fault(path)
        if fault is not None:
            time.sleep(fault.delay)
            return graph_error(fault.status, fault.code, "Scripted fault.", fault.headers)
        if token is None:
            return graph_error(
                401,
                "InvalidAuthenticationToken",
                "Access token is empty.",
                {"WWW-Authenticate": WWW_AUTHENTICATE},
            )
        if not self.token_validator(token):
            return graph_error(
                401,
                "InvalidAuthenticationToken",
                "Lifetime validation failed, the token is expired.",
                {"WWW-Authenticate": WWW_AUTHENTICATE},
            )
        if path == "/subscriptions" and request.method == "POST":
            return self._create_subscription(request)
        if (match := _SUBSCRIPTION_PATH.match(path)) and request.method == "PATCH":
            return self._renew_subscription(request, match.group(1))
        if (match := _SUBSCRIPTION_PATH.match(path)) and request.method == "DELETE":
            return self._delete_subscription(match.group(1))
        if request.method != "GET":
            return graph_error(405, "ErrorInvalidRequest", "The OData request is not supported.")
        immutable = 'IdType="ImmutableId"' in request.headers.get("Prefer", "")
        if path == "/me/mailFolders/inbox/messages":
            response = self._list(request, immutable)
        elif path in _DELTA_PATHS:
            response = self._delta(request, path, immutable)
        elif match := _VALUE_PATH.match(path):
            response = self._value(match.group(1))
        else:
            return graph_error(400, "BadRequest", f"Resource not found for the segment '{path}'.")
        if immutable:
            response.headers["Preference-Applied"] = 'IdType="ImmutableId"'
        return response

    def _take_fault(self, path: str) -> _Fault | None:
        with self._lock:
            if self._faults and path.startswith(self._faults[0].path_prefix):
                return self._faults.popleft()
        return None

    def _list(self, request: Request, immutable: bool) -> Response:
        args = request.args
        selected = self._filtered(args.get("$filter"))
        if isinstance(selected, Response):
            return selected
        orderby = args.get("$orderby", "receivedDateTime desc")
        if orderby not in ("receivedDateTime desc", "receivedDateTime asc", "receivedDateTime"):
            return graph_error(400, "ErrorInvalidProperty", f"Unsupported $orderby '{orderby}'.")
        if args.get("$orderby") and not args.get("$filter", "").startswith("receivedDateTime"):
            return graph_error(
                400,
                "InefficientFilter",
                "The restriction or sort order is too complex for this operation.",
            )
        selected.sort(key=lambda m: (m.received, m.id), reverse=orderby.endswith("desc"))
        try:
            top = int(args.get("$top", "10"))
            skip = int(args.get("$skip", "0"))
        except ValueError:
            return graph_error(400, "BadRequest", "Invalid $top or $skip.")
        if not 1 <= top <= 1000 or skip < 0:
            return graph_error(400, "ErrorInvalidUrlQuery", "$top must be between 1 and 1000.")
        fields = [f for f in args.get("$select", "").split(",") if f]
        page = []
        for message in selected[skip : skip + top]:
            resource = message.resource(immutable=immutable)
            if fields:
                resource = {
                    k: v for k, v in resource.items() if k in fields or k in ("id", "@odata.etag")
                }
            page.append(resource)
        body: dict[str, Any] = {
            "@odata.context": f"{self.base_url}/$metadata#users('me')/mailFolders('inbox')/"
            f"messages({','.join(fields)})",
            "value": page,
        }
        if skip + top < len(selected):
            params = {k: v for k, v in args.items() if k != "$skip"}
            params["$skip"] = str(skip + top)
            base = self.next_link_base or self.base_url
            # Graph percent-encodes $ and spaces in nextLinks; clients must use them verbatim
            body["@odata.nextLink"] = (
                f"{base}/me/mailFolders/inbox/messages?{urlencode(params, quote_via=quote)}"
            )
        return Response(
            json.dumps(body),
            200,
            content_type="application/json; odata.metadata"
            "=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8",
        )

    def _delta(self, request: Request, path: str, immutable: bool) -> Response:
        args = request.args
        token = args.get("$skiptoken") or args.get("$deltatoken")
        with self._lock:
            if token is not None:
                state = self._delta_tokens.get(token)
                if state is None:
                    return graph_error(400, "SyncStateInvalid", "The sync state is invalid.")
                if state.expired:
                    return graph_error(410, "SyncStateNotFound", "The sync state was not found.")
                if "$skiptoken" in args:
                    rest, seen, removed_seen = state.rest, state.seen, state.removed_seen
                else:  # a new round: what was added or removed since the last one
                    seen, removed_seen = len(self._ever_added), len(self.removed)
                    rest = [
                        m.resource(immutable=immutable)
                        for m in self._ever_added[state.seen : seen]
                        if m in self.messages and passes_received(m, state.since, state.strict)
                    ] + [
                        {
                            "id": m.immutable_id if immutable else m.id,
                            "@removed": {"reason": "deleted"},
                        }
                        for m in self.removed[state.removed_seen : removed_seen]
                    ]
                since, strict = state.since, state.strict
            else:
                match = (
                    RECEIVED_FILTER.match(args.get("$filter", "")) if args.get("$filter") else None
                )
                if args.get("$filter") and match is None:
                    return graph_error(
                        400, "BadRequest", f"Invalid filter clause: {args['$filter']}"
                    )
                since = datetime.fromisoformat(match.group(2)) if match else None
                strict = bool(match and match.group(1) == "gt")
                seen, removed_seen = len(self._ever_added), len(self.removed)
                rest = [
                    m.resource(immutable=immutable)
                    for m in sorted(self.messages, key=lambda m: (m.received, m.id))
                    if passes_received(m, since, strict)
                ]
            size_match = _MAX_PAGE_SIZE.search(request.headers.get("Prefer", ""))
            size = int(size_match.group(1)) if size_match else 10
            page, rest = rest[:size], rest[size:]
            new_token = secrets.token_urlsafe(12)
            self._delta_tokens[new_token] = _DeltaState(since, strict, seen, removed_seen, rest)
        base = self.next_link_base or self.base_url
        body: dict[str, Any] = {
            "@odata.context": f"{self.base_url}/$metadata#Collection(message)",
            "value": page,
        }
        kind = "@odata.nextLink" if rest else "@odata.deltaLink"
        param = "$skiptoken" if rest else "$deltatoken"
        body[kind] = f"{base}{path}?{urlencode({param: new_token}, quote_via=quote)}"
        response = Response(json.dumps(body), 200, content_type="application/json")
        if size_match:
            response.headers["Preference-Applied"] = f"odata.maxpagesize={size}"
        return response

    def _filtered(self, expression: str | None) -> list[GraphMessage] | Response:
        with self._lock:
            messages = list(self.messages)
        return filter_received(messages, expression)

    def _value(self, message_id: str) -> Response:
        with self._lock:
            found = [m for m in self.messages if message_id in (m.id, m.immutable_id)]
        if not found:
            return graph_error(
                404, "ErrorItemNotFound", "The specified object was not found in the store."
            )
        return Response(found[0].raw, 200, content_type="text/plain")


__all__ = [
    "FakeGraph",
    "GraphDelivery",
    "GraphMessage",
    "GraphRequest",
    "created_notification",
    "graph_time",
    "post_delivery",
    "sample_mime",
    "validation_handshake",
]
