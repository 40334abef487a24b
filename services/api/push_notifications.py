"""A verified Gmail notification → its integrations' debounced push syncs.

``accept_gmail_notification`` finds a Gmail notification's integrations by address and hands
them to the provider-neutral ``services.scheduler.push_requests.accept_push``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from schemas.contracts.models import Provider
from services.db import push
from services.domain.push import GmailNotification
from services.scheduler.push_requests import Accepted, accept_push

__all__ = ["Accepted", "accept_gmail_notification", "accept_push"]


def accept_gmail_notification(
    session: Session, notification: GmailNotification, *, now: datetime
) -> Accepted | None:
    """None: an unknown mailbox or a replay (the caller answers both alike)."""
    targets = push.active_integrations_of_mailbox(
        session, provider=Provider.GMAIL, account_email=notification.email_address
    )
    return accept_push(session, targets, now=now, history_id=notification.history_id)
