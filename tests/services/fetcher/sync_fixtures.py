"""The integration, clock, mailbox and request the sync use-case tests share."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from schemas.contracts.models import Provider, SyncRequested
from services.domain.integrations import IntegrationState

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
INTEGRATION = IntegrationState(id=7, user_id=2, tenant_id=3, is_active=True)


class Clock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def mailbox(count: int) -> dict[str, tuple[str, datetime]]:
    return {f"m{i:03d}": ("Java Developer req", T0 - timedelta(minutes=i)) for i in range(count)}


def request(sync_id: uuid.UUID | None = None) -> SyncRequested:
    return SyncRequested(
        sync_id=sync_id or uuid.uuid4(),
        integration_id=INTEGRATION.id,
        user_id=INTEGRATION.user_id,
        tenant_id=INTEGRATION.tenant_id,
        provider=Provider.GMAIL,
        requested_at=T0,
    )
