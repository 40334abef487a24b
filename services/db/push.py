"""Push notifications in PostgreSQL: the per-integration debounce mark, the provider watch and
the last notification (table integration_push). Keyword-only functions taking a Session; callers
own the transaction (services.db.session). The rules are services.domain.push's."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from schemas.contracts.models import Provider
from services.db.integrations import snapshot_of
from services.db.models import EmailIntegration, IntegrationPush
from services.domain.integrations import IntegrationSnapshot
from services.domain.push import PendingPush, WatchFacts


def _ensure_row(session: Session, integration_id: int) -> None:
    session.execute(
        insert(IntegrationPush).values(integration_id=integration_id).on_conflict_do_nothing()
    )


def _update_row(session: Session, integration_id: int, **values: object) -> None:
    session.execute(
        update(IntegrationPush)
        .where(IntegrationPush.integration_id == integration_id)
        .values(**values)
    )


def locked_push_row(session: Session, *, integration_id: int) -> IntegrationPush:
    """The integration's push row, created if missing and locked until the transaction ends:
    two notifications of one mailbox decide one after the other."""
    _ensure_row(session, integration_id)
    row = session.get(IntegrationPush, integration_id, with_for_update=True, populate_existing=True)
    assert row is not None  # just ensured
    return row


def pending_of(row: IntegrationPush) -> PendingPush:
    return PendingPush(row.pending_sync_id, row.pending_since)


def record_notification(
    session: Session,
    *,
    integration_id: int,
    history_id: int | None,
    now: datetime,
    pending_sync_id: uuid.UUID | None,
) -> None:
    """A notification was accepted; ``pending_sync_id``: the push sync it requested, if any."""
    values: dict[str, object] = {"last_notification_at": now}
    if history_id is not None:
        values["last_history_id"] = history_id
    if pending_sync_id is not None:
        values.update(pending_sync_id=pending_sync_id, pending_since=now)
    session.execute(
        update(IntegrationPush)
        .where(IntegrationPush.integration_id == integration_id)
        .values(**values)
    )


def clear_pending(session: Session, *, integration_id: int, sync_id: uuid.UUID) -> None:
    """The pending push sync ``sync_id`` started: a later notification may request the next.
    Only that sync clears the mark (an older request arriving late leaves a newer one alone).

    The row is locked first, created if missing (``locked_push_row``): a notification's
    transaction commits the mark only after the broker acknowledged the request, so its sync
    may start before then. Waiting for that transaction makes the mark visible here, also when
    that transaction is the one creating the row (an IMAP watch's first catch-up); a bare
    conditional UPDATE would read the row as it was, match nothing and leave the mark behind,
    debouncing every later notification into a sync that already ran."""
    row = locked_push_row(session, integration_id=integration_id)
    if row.pending_sync_id == sync_id:
        _update_row(session, integration_id, pending_sync_id=None, pending_since=None)


def watch_facts(session: Session, *, integration_id: int) -> WatchFacts:
    row = session.get(IntegrationPush, integration_id)
    if row is None:
        return WatchFacts(None, None, None)
    return WatchFacts(row.watch_expires_at, row.watch_renewed_at, row.watch_error)


def record_watch(
    session: Session,
    *,
    integration_id: int,
    expires_at: datetime | None,
    error: str | None,
    now: datetime,
) -> None:
    """A watch was established until ``expires_at``, or the attempt failed with ``error`` (the
    previous expiry stays: that watch may still be in place)."""
    _ensure_row(session, integration_id)
    values: dict[str, object] = {"watch_error": error}
    if error is None:
        values.update(watch_expires_at=expires_at, watch_renewed_at=now)
    session.execute(
        update(IntegrationPush)
        .where(IntegrationPush.integration_id == integration_id)
        .values(**values)
    )


def forget_watch(session: Session, *, integration_id: int) -> None:
    """The mailbox was disconnected: no watch (nor Graph subscription), nothing pending."""
    session.execute(
        update(IntegrationPush)
        .where(IntegrationPush.integration_id == integration_id)
        .values(
            watch_expires_at=None,
            watch_renewed_at=None,
            watch_error=None,
            pending_sync_id=None,
            pending_since=None,
            graph_subscription_id=None,
            graph_client_state=None,
        )
    )


def push_rows(session: Session, *, integration_ids: Iterable[int]) -> dict[int, IntegrationPush]:
    rows = session.scalars(
        select(IntegrationPush).where(IntegrationPush.integration_id.in_(set(integration_ids)))
    )
    return {row.integration_id: row for row in rows}


def active_integrations_of_mailbox(
    session: Session, *, provider: Provider, account_email: str
) -> list[IntegrationSnapshot]:
    """The active integrations of the mailbox ``account_email`` (several tenants may have
    connected the same mailbox), oldest first."""
    rows = session.scalars(
        select(EmailIntegration)
        .where(
            EmailIntegration.provider == provider.value,
            EmailIntegration.account_email == account_email.strip().lower(),
            EmailIntegration.is_active.is_(True),
        )
        .order_by(EmailIntegration.id)
    )
    return [snapshot_of(row) for row in rows]


def record_graph_subscription(
    session: Session,
    *,
    integration_id: int,
    subscription_id: str,
    sealed_client_state: str,
    expires_at: datetime,
    now: datetime,
) -> None:
    """An Outlook integration's Graph subscription was created or renewed until ``expires_at``;
    ``sealed_client_state``: its clientState, encrypted with the credential keys."""
    _ensure_row(session, integration_id)
    _update_row(
        session,
        integration_id,
        graph_subscription_id=subscription_id,
        graph_client_state=sealed_client_state,
        watch_expires_at=expires_at,
        watch_renewed_at=now,
        watch_error=None,
    )


def graph_subscription_id(session: Session, *, integration_id: int) -> str | None:
    row = session.get(IntegrationPush, integration_id)
    return None if row is None else row.graph_subscription_id


def graph_subscriber(
    session: Session, *, subscription_id: str
) -> tuple[IntegrationSnapshot, str] | None:
    """The active Outlook integration of the Graph subscription ``subscription_id`` and its
    sealed clientState; None when no active integration has that subscription."""
    found = session.execute(
        select(EmailIntegration, IntegrationPush.graph_client_state)
        .join(IntegrationPush, IntegrationPush.integration_id == EmailIntegration.id)
        .where(
            IntegrationPush.graph_subscription_id == subscription_id,
            EmailIntegration.provider == Provider.OUTLOOK.value,
            EmailIntegration.is_active.is_(True),
        )
    ).first()
    if found is None or found[1] is None:
        return None
    return snapshot_of(found[0]), found[1]


def mark_renewal_due(session: Session, *, integration_id: int) -> None:
    """The provider asked for the watch to be renewed (Graph ``reauthorizationRequired``): the
    next sync renews it (``services.domain.push.renewal_due`` with no renewal time)."""
    _update_row(session, integration_id, watch_renewed_at=None)


def mark_watch_failed(session: Session, *, integration_id: int, error: str) -> None:
    """The provider dropped the watch (Graph ``subscriptionRemoved``): push state ``failed``
    until the next sync re-creates it."""
    _update_row(session, integration_id, watch_error=error)
