"""A verified push notification → at most one pending push sync per integration.

``accept_push`` is provider-neutral (Gmail Pub/Sub, Graph subscriptions and IMAP IDLE name their
integrations their own way, then call it): in the caller's transaction, each push row is locked
in id order; a notification not newer than the last accepted one (a replay, or overtaken by a
later one) changes nothing; otherwise the debounce rule
(``services.domain.push.decide_push_request``) requests a sync unless one is pending. The caller
produces the requests and commits only once the broker acknowledged them, so a pending mark
always names a request that was sent. It lives with the scheduler (every sync request's origin)
so that the API and the IMAP watcher, both above it, share it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from schemas.contracts.models import SyncRequested
from services.db import push
from services.domain.integrations import IntegrationSnapshot
from services.domain.push import RequestPushSync, decide_push_request, is_newer_notification
from services.scheduler.handler import push_sync_request

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Accepted:
    """The notification was for a known mailbox and new: ``requests`` are the push syncs to
    send (none when each integration already has one pending)."""

    requests: tuple[SyncRequested, ...]


def accept_push(
    session: Session,
    targets: Sequence[IntegrationSnapshot],
    *,
    now: datetime,
    history_id: int | None = None,
) -> Accepted | None:
    """A notification for ``targets`` (active integrations, in id order). ``history_id``: the
    provider's increasing change marker, when it has one (a replay check); None: none. None
    back when no target accepted it (none, or all replays)."""
    accepted = False
    requests: list[SyncRequested] = []
    for target in sorted(targets, key=lambda t: t.id):  # one lock order: no deadlocks
        row = push.locked_push_row(session, integration_id=target.id)
        if history_id is not None and not is_newer_notification(history_id, row.last_history_id):
            continue
        accepted = True
        decision = decide_push_request(push.pending_of(row), now=now, new_sync_id=uuid.uuid4())
        pending = None
        if isinstance(decision, RequestPushSync):
            requests.append(push_sync_request(target, now=now, sync_id=decision.sync_id))
            pending = decision.sync_id
            log.info("push: integration %s sync %s requested", target.id, decision.sync_id)
        else:
            log.info("push: integration %s debounced into %s", target.id, decision.pending)
        push.record_notification(
            session,
            integration_id=target.id,
            history_id=history_id,
            now=now,
            pending_sync_id=pending,
        )
    return Accepted(tuple(requests)) if accepted else None
