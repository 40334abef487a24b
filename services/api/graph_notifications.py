"""A Graph delivery's notifications → their integrations' push syncs and lifecycle marks.

Each notification names its integration by ``subscriptionId`` and is verified by comparing its
``clientState`` (in constant time) with the subscription's secret, stored encrypted. Verified
ones act: ``created`` and ``missed`` request a (debounced) push sync through the
provider-neutral ``accept_push``; ``reauthorizationRequired`` makes the subscription's renewal
due; ``subscriptionRemoved`` marks push failed, so the next sync re-creates it. An unverified
one (unknown subscription, wrong secret) is dropped without saying which.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from services.db import push
from services.domain.credentials import Cipher
from services.domain.graph_push import (
    GraphNotification,
    client_state_matches,
    opened_client_state,
)
from services.domain.integrations import IntegrationSnapshot
from services.scheduler.push_requests import Accepted, accept_push

log = logging.getLogger(__name__)

SUBSCRIPTION_REMOVED = "subscription-removed"  # the watch_error kind; no detail


@dataclass(frozen=True)
class _Verified:
    target: IntegrationSnapshot
    notification: GraphNotification


def accept_graph_delivery(
    session: Session,
    notifications: Sequence[GraphNotification],
    *,
    cipher: Cipher,
    now: datetime,
) -> Accepted | None:
    """None when no notification of the delivery is verified (the caller answers every such
    delivery alike); else the push syncs to send (none when all were debounced or lifecycle)."""
    verified = [v for v in (_verified(session, n, cipher) for n in notifications) if v]
    if not verified:
        return None
    for integration_id in sorted({v.target.id for v in verified}):  # accept_push's lock order
        push.locked_push_row(session, integration_id=integration_id)
    syncs: dict[int, IntegrationSnapshot] = {}
    for item in verified:
        integration_id, event = item.target.id, item.notification.lifecycle_event
        if event == "reauthorizationRequired":
            push.mark_renewal_due(session, integration_id=integration_id)
            log.info("graph push: integration %s subscription renewal requested", integration_id)
        elif event == "subscriptionRemoved":
            push.mark_watch_failed(
                session, integration_id=integration_id, error=SUBSCRIPTION_REMOVED
            )
            log.info("graph push: integration %s subscription removed", integration_id)
        else:  # a created message, or ``missed``: read the mailbox
            syncs[integration_id] = item.target
    if not syncs:
        return Accepted(())
    accepted = accept_push(session, list(syncs.values()), now=now)
    return accepted or Accepted(())


def _verified(
    session: Session, notification: GraphNotification, cipher: Cipher
) -> _Verified | None:
    found = push.graph_subscriber(session, subscription_id=notification.subscription_id)
    if found is None:
        return None
    target, sealed = found
    if not client_state_matches(notification.client_state, opened_client_state(cipher, sealed)):
        return None
    return _Verified(target, notification)
