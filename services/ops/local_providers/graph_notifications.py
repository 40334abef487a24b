"""How the local Graph talks to subscribers: the validation handshake on a subscription's
creation, change notifications for created messages, and their delivery over HTTP.

A delivery is one POST of ``{"value": [...]}``; it is not retried (Graph retries for up to 4
hours), so a delivery a test drops stays dropped.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import httpx

from services.ops.local_providers.graph_wire import GraphMessage

GRAPH_TENANT_ID = "84bd8158-6d4d-4958-8b9f-9d6445542f95"  # the tenant notifications name
HANDSHAKE_TIMEOUT = 10.0  # seconds Graph waits for the validation token to come back
DELIVERY_TIMEOUT = 10.0  # seconds a notification POST may take


@dataclass(frozen=True)
class GraphDelivery:
    """One POST Graph makes to a subscriber: ``url`` and the ``{"value": [...]}`` body."""

    url: str
    body: dict[str, Any]


def post_delivery(delivery: GraphDelivery) -> int:
    """Deliver over HTTP, as Graph does; the subscriber's status code."""
    response = httpx.post(delivery.url, json=delivery.body, timeout=DELIVERY_TIMEOUT)
    return response.status_code


def validation_handshake(url: str) -> bool:
    """Graph's check of a notification URL before it creates a subscription."""
    token = f"Validation: Testing client application reachability {secrets.token_hex(8)}"
    try:
        response = httpx.post(
            url,
            params={"validationToken": token},
            headers={"Content-Type": "text/plain; charset=utf-8"},
            timeout=HANDSHAKE_TIMEOUT,
        )
    except httpx.HTTPError:
        return False
    return response.status_code == 200 and response.text == token


def created_notification(subscription: dict[str, Any], message: GraphMessage) -> dict[str, Any]:
    """The delivery body Graph sends for ``message`` created under ``subscription``."""
    resource = f"Users/{GRAPH_TENANT_ID}/Messages/{message.id}"
    return {
        "value": [
            {
                "subscriptionId": subscription["id"],
                "subscriptionExpirationDateTime": subscription.get("expirationDateTime", ""),
                "changeType": "created",
                "resource": resource,
                "resourceData": {
                    "@odata.type": "#Microsoft.Graph.Message",
                    "@odata.id": resource,
                    "@odata.etag": 'W/"CQAAABYAAAA' + message.id[-8:] + '"',
                    "id": message.id,
                },
                "clientState": subscription["clientState"],
                "tenantId": GRAPH_TENANT_ID,
            }
        ]
    }
