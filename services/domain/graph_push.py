"""Microsoft Graph change notifications: the pure rules a ``POST /push/graph`` route needs.

- Validation handshake: Graph creates a subscription only after the endpoint echoes the
  ``validationToken`` query parameter as ``text/plain`` within 10 s. Only a bounded, printable
  token is echoed, so the endpoint cannot be used to reflect arbitrary content.
- Every notification carries the ``clientState`` secret given when the subscription was
  created; it is compared in constant time with the stored one (``client_state_matches``).
- A delivery (``{"value": [...]}``) may hold several notifications, for several subscriptions;
  one that is not a well-formed message notification or lifecycle event is dropped.

Renewal timing reuses ``services.domain.push.renewal_due`` (an Outlook message subscription
lasts at most 10080 minutes, like Gmail's 7-day watch). Pure: no I/O.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass

MAX_VALIDATION_TOKEN_CHARS = 1024
MAX_DELIVERY_BYTES = 64 * 1024
MAX_CLIENT_STATE_CHARS = 128  # Graph's limit for clientState
LIFECYCLE_EVENTS = frozenset({"reauthorizationRequired", "subscriptionRemoved", "missed"})


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
