"""What the local Gmail speaks on the wire: a recorded request, Google's JSON error envelope and
JSON answers as ``(status, headers, body)``, the shape every Gmail backend returns.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# (status, headers, body): what a backend answers and the listener writes back
Answer = tuple[int, dict[str, str], bytes]


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


# the body a scripted fault of this status carries unless the test gives one
DEFAULT_FAULT_BODIES = {
    429: rate_limit_body("rateLimitExceeded", 429),
    500: error_body(500, "Internal error encountered.", "backendError"),
    503: error_body(503, "The service is currently unavailable.", "backendError"),
}


def json_answer(
    status: int, body: Mapping[str, Any], headers: Mapping[str, str] | None = None
) -> Answer:
    return (
        status,
        {"Content-Type": "application/json; charset=UTF-8", **(headers or {})},
        (json.dumps(body).encode()),
    )
