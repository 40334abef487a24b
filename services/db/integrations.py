"""The email integration rows: snapshots for the scheduler and fetcher, the sync lease, the
provider cursor, ownership, error status. Keyword-only functions taking a Session; callers own the
transaction (services.db.session)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from schemas.contracts.models import Provider
from services.db.models import Candidate, EmailIntegration, PortalUser
from services.db.session import lock_wait_is_dependency
from services.domain.integrations import (
    IntegrationContact,
    IntegrationSnapshot,
    IntegrationState,
)


def snapshot_of(row: EmailIntegration) -> IntegrationSnapshot:
    return IntegrationSnapshot(
        id=row.id,
        user_id=row.user_id,
        tenant_id=row.tenant_id,
        provider=Provider(row.provider),
        is_active=row.is_active,
        last_synced_at=row.last_synced_at,
        sync_frequency_minutes=row.sync_frequency_minutes,
    )


def active_integrations(session: Session) -> list[IntegrationSnapshot]:
    """Active integrations in id order (a scheduler tick's candidates)."""
    rows = session.scalars(
        select(EmailIntegration)
        .where(EmailIntegration.is_active.is_(True))
        .order_by(EmailIntegration.id)
    )
    return [snapshot_of(r) for r in rows]


def integration_snapshot(
    session: Session, *, integration_id: int, tenant_id: int | None = None
) -> IntegrationSnapshot | None:
    row = session.get(EmailIntegration, integration_id)
    if row is None or (tenant_id is not None and row.tenant_id != tenant_id):
        return None
    return snapshot_of(row)


def integration_for_sync(session: Session, *, integration_id: int) -> EmailIntegration | None:
    return session.get(EmailIntegration, integration_id)


def integration_state(row: EmailIntegration | None) -> IntegrationState | None:
    if row is None:
        return None
    return IntegrationState(row.id, row.user_id, row.tenant_id, row.is_active)


def preferred_roles(session: Session, *, tenant_id: int) -> list[list[str]]:
    rows = session.scalars(
        select(Candidate.preferred_roles).where(
            Candidate.tenant_id == tenant_id, Candidate.is_active.is_(True)
        )
    )
    return [list(r or []) for r in rows]


def acquire_sync_lease(
    session: Session, *, integration_id: int, owner: str, now: datetime, until: datetime
) -> str | None:
    """Take the integration's sync lease unless another live sync holds it; returns the holder."""
    taken = session.execute(
        update(EmailIntegration)
        .where(
            EmailIntegration.id == integration_id,
            or_(
                EmailIntegration.sync_lease_until.is_(None),
                EmailIntegration.sync_lease_until < now,
                EmailIntegration.sync_lease_owner == owner,
            ),
        )
        .values(sync_lease_owner=owner, sync_lease_until=until)
        .returning(EmailIntegration.id)
    ).first()
    if taken is not None:
        return owner
    return session.scalar(
        select(EmailIntegration.sync_lease_owner).where(EmailIntegration.id == integration_id)
    )


def release_sync_lease(session: Session, *, integration_id: int, owner: str) -> None:
    session.execute(
        update(EmailIntegration)
        .where(EmailIntegration.id == integration_id, EmailIntegration.sync_lease_owner == owner)
        .values(sync_lease_owner=None, sync_lease_until=None)
    )


def store_cursor(session: Session, *, integration_id: int, cursor: dict[str, Any] | None) -> None:
    if cursor is None:
        return
    session.execute(
        update(EmailIntegration)
        .where(EmailIntegration.id == integration_id)
        .values(provider_cursor=cursor, cursor_updated_at=func.now())
    )


def lock_integration(session: Session, *, integration_id: int) -> IntegrationContact | None:
    """The integration's state and its user's address, with the row locked until the
    transaction ends (two errors about it are decided one after the other); None when there
    is no such integration."""
    # FOR NO KEY UPDATE (services.db.leases); a fetcher's lease decision holding it is a busy
    # dependency, not a fault of the error event
    with lock_wait_is_dependency("the integration row"):
        row = session.get(EmailIntegration, integration_id, with_for_update={"key_share": True})
    if row is None:
        return None
    user = session.get(PortalUser, row.user_id)
    return IntegrationContact(row.is_active, row.provider, user.email if user else None)


def record_integration_error(
    session: Session, *, integration_id: int, disable: bool, status: str, error_text: str
) -> None:
    """Record an integration error on its row (locked first by ``lock_integration``)."""
    values: dict[str, Any] = {"last_sync_status": status, "last_sync_error": error_text}
    if disable:
        values["is_active"] = False
    session.execute(
        update(EmailIntegration).where(EmailIntegration.id == integration_id).values(**values)
    )


def active_rows_of_provider(session: Session, *, provider: Provider) -> list[EmailIntegration]:
    """Active integrations of one provider, in id order (the IMAP watcher's candidates)."""
    query = (
        select(EmailIntegration)
        .where(EmailIntegration.provider == provider.value, EmailIntegration.is_active.is_(True))
        .order_by(EmailIntegration.id)
    )
    return list(session.scalars(query))
