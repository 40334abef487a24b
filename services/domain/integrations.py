"""What the services know of an email integration: read from the store, judged by handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from schemas.contracts.models import Provider


@dataclass(frozen=True)
class IntegrationState:
    """What the fetcher checks before a sync: whose it is and whether it is active."""

    id: int
    user_id: int
    tenant_id: int
    is_active: bool


@dataclass(frozen=True)
class IntegrationSnapshot:
    """What the scheduler needs to tell whether an integration is due."""

    id: int
    user_id: int
    tenant_id: int
    provider: Provider
    is_active: bool
    last_synced_at: datetime | None
    sync_frequency_minutes: int | None


@dataclass(frozen=True)
class IntegrationContact:
    """What deciding about an integration error needs: whether it is active (a disabled one
    was already reported to its user), its provider, and its user's address."""

    active: bool
    provider: str
    user_email: str | None
