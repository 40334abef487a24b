"""An integration's sync lease: one sync per integration at a time, across fetcher replicas.

The lease is (owner = sync id, until) on the integration row. It is taken in the start
transaction, on the row read with ``locked_integration``, renewed by the holder's heartbeat while it
syncs, and released after delivery; a dead holder stops renewing, so its lease expires.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from services.db.models import EmailIntegration


def locked_integration(session: Session, *, integration_id: int) -> EmailIntegration | None:
    """The integration row, locked until the transaction ends: its lease is decided on what
    was read, so a concurrent renewal waits instead of slipping in between. FOR NO KEY UPDATE,
    as the lease's own UPDATE takes: rows that reference the integration (a jobwriter's
    ledger, jobs, sightings) only need its key, so they are written meanwhile."""
    return session.get(
        EmailIntegration,
        integration_id,
        with_for_update={"key_share": True},
        populate_existing=True,
    )


def take_sync_lease(session: Session, *, integration_id: int, owner: str, until: datetime) -> None:
    """Hold the lease for ``owner``: the caller decided it was free on the locked row."""
    session.execute(
        update(EmailIntegration)
        .where(EmailIntegration.id == integration_id)
        .values(sync_lease_owner=owner, sync_lease_until=until)
    )


def renew_sync_lease(session: Session, *, integration_id: int, owner: str, until: datetime) -> bool:
    """Extend the lease to ``until`` if ``owner`` still holds it; False when it was taken."""
    renewed = session.execute(
        update(EmailIntegration)
        .where(EmailIntegration.id == integration_id, EmailIntegration.sync_lease_owner == owner)
        .values(sync_lease_until=until)
        .returning(EmailIntegration.id)
    ).first()
    return renewed is not None


def release_held_sync_lease(session: Session, *, integration_id: int, owner: str) -> bool:
    """Release the lease if ``owner`` holds it; False when another sync took it meanwhile."""
    released = session.execute(
        update(EmailIntegration)
        .where(EmailIntegration.id == integration_id, EmailIntegration.sync_lease_owner == owner)
        .values(sync_lease_owner=None, sync_lease_until=None)
        .returning(EmailIntegration.id)
    ).first()
    return released is not None
