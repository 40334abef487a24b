"""Microsoft Graph change notifications: the pure rules a ``POST /push/graph`` route needs.

- Validation handshake: Graph creates a subscription only after the endpoint echoes the
  ``validationToken`` query parameter as ``text/plain`` within 10 s. Only a bounded, printable
  token is echoed, so the endpoint cannot be used to reflect arbitrary content.
- Every notification carries the ``clientState`` secret given when the subscription was
  created; it is stored encrypted (``sealed_client_state``) and compared in constant time with
  the notification's (``client_state_matches``).
- A delivery (``{"value": [...]}``) may hold several notifications, for several subscriptions;
  one that is not a well-formed message notification or lifecycle event is dropped.

Renewal timing reuses ``services.domain.push.renewal_due`` (an Outlook message subscription
lasts at most 10080 minutes, like Gmail's 7-day watch). No I/O (the cipher is passed in).
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass

from services.domain.credentials import Cipher
from services.domain.errors import CredentialsUnreadable

MAX_VALIDATION_TOKEN_CHARS = 1024
MAX_DELIVERY_BYTES = 64 * 1024
MAX_CLIENT_STATE_CHARS = 128  # Graph's limit for clientState
LIFECYCLE_EVENTS = frozenset({"reauthorizationRequired", "subscriptionRemoved", "missed"})
_CLIENT_STATE_FIELD = "client_state"


@dataclass(frozen=True)
class GraphNotification:
    """One entry of a delivery: a message change, or a lifecycle event when ``lifecycle_event``."""

    subscription_id: str
    client_state: str
    change_type: str | None
    lifecycle_event: str | None


def validation_token(value: str | None) -> str | None:
    """The token to echo for a subscription validation request; None: not one to echo."""
    if not value or len(value) > MAX_VALIDATION_TOKEN_CHARS or not value.isprintable():
        return None
    return value


def client_state_matches(given: str, expected: str | None) -> bool:
    """Whether a notification's clientState is the subscription's secret (constant time)."""
    if not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def sealed_client_state(cipher: Cipher, client_state: str) -> str:
    """A subscription's clientState as stored: encrypted like the mailbox's tokens."""
    return cipher.encrypt({_CLIENT_STATE_FIELD: client_state})


def opened_client_state(cipher: Cipher, sealed: str) -> str | None:
    """The stored clientState; None when no configured key opens it (then nothing matches)."""
    try:
        value = cipher.decrypt(sealed).get(_CLIENT_STATE_FIELD)
    except CredentialsUnreadable:
        return None
    return value if isinstance(value, str) else None


def parse_graph_delivery(body: bytes) -> list[GraphNotification] | None:
    """The notifications of a delivery; None when the body is not a Graph delivery at all."""
    if len(body) > MAX_DELIVERY_BYTES:
        return None
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    entries = payload.get("value") if isinstance(payload, dict) else None
    if not isinstance(entries, list):
        return None
    return [n for n in (_notification(e) for e in entries) if n is not None]


def _notification(entry: object) -> GraphNotification | None:
    if not isinstance(entry, dict):
        return None
    subscription, state = entry.get("subscriptionId"), entry.get("clientState")
    if not isinstance(subscription, str) or not subscription or len(subscription) > 128:
        return None
    if not isinstance(state, str) or len(state) > MAX_CLIENT_STATE_CHARS:
        return None
    change, lifecycle = entry.get("changeType"), entry.get("lifecycleEvent")
    if isinstance(lifecycle, str) and lifecycle in LIFECYCLE_EVENTS:
        return GraphNotification(subscription, state, None, lifecycle)
    if change == "created":
        return GraphNotification(subscription, state, change, None)
    return None
