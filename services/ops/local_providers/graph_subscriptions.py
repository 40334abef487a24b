"""The subscriptions side of the local Graph: ``POST /subscriptions`` (validating the notification
URLs with Graph's handshake once ``notify_subscribers()`` turned notifications on), renewal by
``PATCH`` (404 once removed), ``DELETE``, and lifecycle events on demand. Every delivery goes
through ``deliver`` and is recorded in ``deliveries``. Thread-safe.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from typing import Any

from werkzeug import Request, Response

from services.ops.local_providers.graph_notifications import (
    GRAPH_TENANT_ID,
    GraphDelivery,
    post_delivery,
    validation_handshake,
)
from services.ops.local_providers.graph_wire import graph_error


class GraphSubscriptions:
    """A mailbox's subscriptions and the deliveries made to them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # id → the subscription's creation body, expirationDateTime updated by renewals
        self.subscriptions: dict[str, dict[str, Any]] = {}
        # None: no handshake, no notifications (as before ``notify_subscribers``)
        self.deliver: Callable[[GraphDelivery], object] | None = None
        self.deliveries: list[GraphDelivery] = []  # every delivery handed to ``deliver``

    def notify_subscribers(
        self, deliver: Callable[[GraphDelivery], object] = post_delivery
    ) -> None:
        """From now on: handshake on subscription creation, notifications through ``deliver``."""
        self.deliver = deliver

    def send_lifecycle(self, subscription_id: str, event: str) -> None:
        """A lifecycle notification (``reauthorizationRequired``, ``subscriptionRemoved``,
        ``missed``) to the subscription's lifecycle URL; a removed subscription is forgotten."""
        with self._lock:
            subscription = dict(self.subscriptions[subscription_id])
            if event == "subscriptionRemoved":
                del self.subscriptions[subscription_id]
        url = subscription.get("lifecycleNotificationUrl") or subscription["notificationUrl"]
        body = {
            "subscriptionId": subscription_id,
            "subscriptionExpirationDateTime": subscription["expirationDateTime"],
            "tenantId": GRAPH_TENANT_ID,
            "clientState": subscription["clientState"],
            "lifecycleEvent": event,
        }
        self._send(url, {"value": [body]})

    def _send(self, url: str, body: dict[str, Any]) -> None:
        deliver = self.deliver
        if deliver is None:
            return
        delivery = GraphDelivery(url, body)
        with self._lock:
            self.deliveries.append(delivery)
        deliver(delivery)

    def _create_subscription(self, request: Request) -> Response:
        body = request.get_json(silent=True)
        wanted = ("changeType", "notificationUrl", "resource", "expirationDateTime", "clientState")
        if not isinstance(body, dict) or any(not isinstance(body.get(k), str) for k in wanted):
            return graph_error(400, "InvalidRequest", "Subscription fields missing.")
        if self.deliver is not None:
            urls = {body["notificationUrl"], body.get("lifecycleNotificationUrl")} - {None}
            if not all(validation_handshake(str(url)) for url in urls):
                return graph_error(
                    400,
                    "InvalidRequest",
                    "Subscription validation request failed. Notification endpoint must "
                    "respond with 200 OK to validation request.",
                )
        subscription = {**body, "id": str(uuid.uuid4())}
        with self._lock:
            self.subscriptions[subscription["id"]] = subscription
        return Response(json.dumps(subscription), 201, content_type="application/json")

    def _renew_subscription(self, request: Request, subscription_id: str) -> Response:
        body = request.get_json(silent=True)
        with self._lock:
            subscription = self.subscriptions.get(subscription_id)
            if subscription is None:
                return graph_error(404, "ResourceNotFound", "The object was not found.")
            if not isinstance(body, dict) or not isinstance(body.get("expirationDateTime"), str):
                return graph_error(400, "InvalidRequest", "expirationDateTime missing.")
            subscription["expirationDateTime"] = body["expirationDateTime"]
        return Response(json.dumps(subscription), 200, content_type="application/json")

    def _delete_subscription(self, subscription_id: str) -> Response:
        with self._lock:
            if self.subscriptions.pop(subscription_id, None) is None:
                return graph_error(404, "ResourceNotFound", "The object was not found.")
        return Response(status=204)

    def remove_subscription(self, subscription_id: str) -> None:
        """Graph dropped the subscription (as before ``subscriptionRemoved``)."""
        with self._lock:
            self.subscriptions.pop(subscription_id, None)
