"""Microsoft Graph's wire shapes as the local Graph serves them: a message resource, Graph's time
format, its JSON error envelope (with ``innerError`` and the WWW-Authenticate challenge of a 401),
and the one ``$filter`` it understands, ``receivedDateTime ge|gt <time>`` with a time zone.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from werkzeug import Response

RECEIVED_FILTER = re.compile(r"^receivedDateTime (ge|gt) (\S+)$")
DEFAULT_ERROR_CODES = {
    400: "BadRequest",
    401: "InvalidAuthenticationToken",
    403: "ErrorAccessDenied",
    404: "ErrorItemNotFound",
    429: "ApplicationThrottled",
    500: "UnknownError",
    503: "ServiceNotAvailable",
    504: "GatewayTimeout",
}

WWW_AUTHENTICATE = (
    'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/'
    'authorize", client_id="00000003-0000-0000-c000-000000000000"'
)


@dataclass
class GraphMessage:
    id: str
    immutable_id: str
    subject: str
    received: datetime
    raw: bytes
    conversation_id: str
    internet_message_id: str

    def resource(self, *, immutable: bool) -> dict[str, Any]:
        return {
            "@odata.etag": 'W/"CQAAABYAAAA' + self.id[-8:] + '"',
            "id": self.immutable_id if immutable else self.id,
            "subject": self.subject,
            "receivedDateTime": graph_time(self.received),
            "internetMessageId": self.internet_message_id,
            "conversationId": self.conversation_id,
            "isRead": False,
        }


def graph_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sample_mime(subject: str, received: datetime, message_id: str) -> bytes:
    """A small RFC 5322 message with CRLF line ends and raw UTF-8 in the body."""
    return (
        f"Message-ID: {message_id}\r\nDate: {format_datetime(received.astimezone(UTC))}\r\n"
        f"From: Vendor <vendor@staffing.test>\r\nTo: recruiter@contoso.test\r\n"
        f"Subject: {subject}\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        "Role: Sr Java Developer \u00b7 Dallas, TX \u00b7 C2C $60/hr\r\n"
    ).encode()


def graph_error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> Response:
    now = datetime.now(UTC)
    body = {
        "error": {
            "code": code,
            "message": message,
            "innerError": {
                "date": now.strftime("%Y-%m-%dT%H:%M:%S"),
                "request-id": secrets.token_hex(16),
                "client-request-id": secrets.token_hex(16),
            },
        }
    }
    return Response(json.dumps(body), status, headers or {}, content_type="application/json")


def passes_received(message: GraphMessage, since: datetime | None, strict: bool) -> bool:
    if since is None:
        return True
    return message.received > since if strict else message.received >= since


def filter_received(
    messages: list[GraphMessage], expression: str | None
) -> list[GraphMessage] | Response:
    """The messages ``expression`` selects, or Graph's 400 for a filter it would refuse."""
    if not expression:
        return messages
    match = RECEIVED_FILTER.match(expression)
    if match is None:
        return graph_error(400, "BadRequest", f"Invalid filter clause: {expression}")
    try:
        since = datetime.fromisoformat(match.group(2))
    except ValueError:
        return graph_error(
            400,
            "BadRequest",
            f"The DateTimeOffset text '{match.group(2)}' "
            "should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?'.",
        )
    if since.tzinfo is None:
        return graph_error(400, "BadRequest", "A DateTimeOffset needs a time zone.")
    if match.group(1) == "ge":
        return [m for m in messages if m.received >= since]
    return [m for m in messages if m.received > since]
