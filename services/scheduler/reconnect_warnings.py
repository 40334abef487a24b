"""Reconnect warnings: before a mailbox's sign-in is known to lapse, its user is emailed to
reconnect, once per lapse.

At every cron tick the scheduler reads the active integrations' token facts and queues a
warning (``services.domain.token_health.reconnect_warning_due``) into the notification outbox;
the jobwriter's outbox sender emails it. The outbox's unique (integration, kind, event) key,
with the lapse as the event, makes the warning once per lapse however many ticks (and scheduler
replicas) see it due; a reconnect or a refresh that moves the lapse is a new event.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from services.db import notifications, token_facts
from services.db.session import transaction
from services.domain.token_health import (
    RECONNECT_WARNING,
    TokenLapsePolicy,
    reconnect_warning_due,
    reconnect_warning_email,
    warning_key,
)

log = logging.getLogger(__name__)


def queue_reconnect_warnings(
    sessions: sessionmaker[Session], *, now: datetime, policy: TokenLapsePolicy
) -> int:
    """Queue the warnings due at ``now``; how many were new (0 once each was queued)."""
    queued = 0
    with transaction(sessions) as session:
        for item in token_facts.connected_integration_health(session, active_only=True):
            lapse = reconnect_warning_due(item.facts.token, active=True, now=now, policy=policy)
            if lapse is None or not item.user_email:
                continue
            subject, body = reconnect_warning_email(item.facts.provider, lapse)
            if notifications.add_notification(
                session,
                integration_id=item.integration_id,
                kind=RECONNECT_WARNING,
                event_key=warning_key(lapse),
                recipient=item.user_email,
                subject=subject,
                body=body,
                now=now,
            ):
                queued += 1
                log.info(
                    "integration %s: reconnect warning queued (sign-in lapses %s)",
                    item.integration_id,
                    lapse.isoformat(),
                )
    return queued
