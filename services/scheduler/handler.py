"""Which integrations are due, and the sync requests to emit for them. Pure: no I/O, no clock."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from croniter import croniter

from schemas.contracts.models import SyncReason, SyncRequested
from services.domain.integrations import IntegrationSnapshot

DEFAULT_FREQUENCY_MINUTES = 15
# uuid5 namespace: the same (integration, slot) always yields the same sync id on every replica
SYNC_ID_NAMESPACE = uuid.UUID("5b0f3a8e-3c1d-4f6e-9a57-2f1d0f7b9c41")


def is_due(integration: IntegrationSnapshot, now: datetime) -> bool:
    """The seed's rule: active, and never synced or its sync frequency has elapsed."""
    if not integration.is_active:
        return False
    if integration.last_synced_at is None:
        return True
    minutes = integration.sync_frequency_minutes or DEFAULT_FREQUENCY_MINUTES
    return now >= integration.last_synced_at + timedelta(minutes=minutes)


def current_slot(cron: str, now: datetime) -> datetime:
    """Start of the cron slot that contains ``now`` (the latest fire time ≤ now), in UTC."""
    if not croniter.is_valid(cron):
        raise ValueError(f"invalid cron expression: {cron!r}")
    itr = croniter(cron, now + timedelta(microseconds=1))
    slot: datetime = itr.get_prev(datetime)
    return slot.astimezone(UTC)


def next_fire(cron: str, now: datetime) -> datetime:
    nxt: datetime = croniter(cron, now).get_next(datetime)
    return nxt.astimezone(UTC)


def sync_id_for(integration_id: int, slot: datetime) -> uuid.UUID:
    return uuid.uuid5(SYNC_ID_NAMESPACE, f"{integration_id}@{slot.astimezone(UTC).isoformat()}")


def plan_sync_requests(
    integrations: Iterable[IntegrationSnapshot], *, now: datetime, slot: datetime
) -> list[SyncRequested]:
    return [
        SyncRequested(
            sync_id=sync_id_for(i.id, slot),
            integration_id=i.id,
            user_id=i.user_id,
            tenant_id=i.tenant_id,
            provider=i.provider,
            manual_trigger=False,
            slot=slot,
            requested_at=now,
            reason=SyncReason.CRON,
        )
        for i in integrations
        if is_due(i, now)
    ]


def requested_sync(
    integration: IntegrationSnapshot, *, now: datetime, sync_id: uuid.UUID, reason: SyncReason
) -> SyncRequested:
    """A sync asked for outside the cron's slots: by a user (manual) or the provider (push)."""
    return SyncRequested(
        sync_id=sync_id,
        integration_id=integration.id,
        user_id=integration.user_id,
        tenant_id=integration.tenant_id,
        provider=integration.provider,
        manual_trigger=reason is SyncReason.MANUAL,
        slot=None,
        requested_at=now,
        reason=reason,
    )


def manual_sync_request(
    integration: IntegrationSnapshot, *, now: datetime, sync_id: uuid.UUID
) -> SyncRequested:
    return requested_sync(integration, now=now, sync_id=sync_id, reason=SyncReason.MANUAL)


def push_sync_request(
    integration: IntegrationSnapshot, *, now: datetime, sync_id: uuid.UUID
) -> SyncRequested:
    """A sync the mailbox provider asked for by notifying a change (debounced by the caller)."""
    return requested_sync(integration, now=now, sync_id=sync_id, reason=SyncReason.PUSH)
