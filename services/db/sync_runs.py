"""Sync runs: slot claims, the start-rate lock, a run's start, fetch record, progress and end.
Keyword-only functions taking a Session; callers own the transaction (services.db.session)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Integer, String, Table, Uuid, bindparam, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.orm import Session

from schemas.contracts.models import ParsedEmail, SyncReason, SyncRequested
from services.db import dbapi
from services.db.models import EmailIntegration, SyncRun, SyncRunEmail, SyncSlotClaim
from services.db.session import lock_wait_is_dependency
from services.domain.decisions import Decision, EmailResult
from services.domain.sync_runs import run_is_complete

# serialises the sync rate-limit check across fetcher replicas (pg_advisory_xact_lock key)
SYNC_RATE_LOCK_KEY = 0x7265_7173


# One statement for a tick's claims, its rows inserted in integration id order: replicas claiming
# the same slots take the unique index entries in the same order, so one waits for the other
# instead of each holding a row the other needs (a claim per row, in the order the caller read
# the integrations, deadlocked: 40P01). INSERT ... SELECT inserts in its SELECT's order.
_CLAIMED = (
    func.unnest(
        bindparam("integration_ids", type_=ARRAY(Integer)),
        bindparam("sync_ids", type_=ARRAY(Uuid)),
    )
    .table_valued("integration_id", "sync_id")
    .render_derived("claimed")
)
_SLOT_CLAIMS = cast(Table, SyncSlotClaim.__table__)
_CLAIM_SLOTS = (
    insert(_SLOT_CLAIMS)
    .from_select(
        ["integration_id", "slot", "sync_id", "claimed_by"],
        select(
            _CLAIMED.c.integration_id,
            bindparam("slot", type_=_SLOT_CLAIMS.c.slot.type),
            _CLAIMED.c.sync_id,
            bindparam("claimed_by", type_=_SLOT_CLAIMS.c.claimed_by.type),
        ).order_by(_CLAIMED.c.integration_id),
    )
    .on_conflict_do_nothing()
    .returning(_SLOT_CLAIMS.c.integration_id)
)


def claim_slots(
    session: Session, *, slot: datetime, sync_ids: Mapping[int, uuid.UUID], claimed_by: str
) -> set[int]:
    """Claim the slot for each integration (id → its sync id); returns those this caller won.
    Each (integration, slot) is won by exactly one caller, whichever replica inserts it first."""
    if not sync_ids:
        return set()
    params = {
        "integration_ids": list(sync_ids),
        "sync_ids": list(sync_ids.values()),
        "slot": slot,
        "claimed_by": claimed_by,
    }
    return set(session.scalars(_CLAIM_SLOTS, params))


def lock_sync_starts(session: Session) -> None:
    """Held until the transaction ends: one fetcher replica at a time starts a run."""
    session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SYNC_RATE_LOCK_KEY})


def recent_sync_starts(session: Session, *, since: datetime) -> list[tuple[int, datetime]]:
    """(tenant id, start time) of every run started after ``since`` that counts against the
    start budget: the rate window. Push runs do not (they are limited per mailbox)."""
    rows = session.execute(
        select(SyncRun.tenant_id, SyncRun.started_at).where(
            SyncRun.started_at > since,
            or_(SyncRun.reason.is_(None), SyncRun.reason != SyncReason.PUSH.value),
        )
    )
    return [(tenant_id, started_at) for tenant_id, started_at in rows]


def recent_push_starts(session: Session, *, integration_id: int, since: datetime) -> list[datetime]:
    """Start times of the integration's push runs started after ``since``."""
    rows = session.scalars(
        select(SyncRun.started_at).where(
            SyncRun.integration_id == integration_id,
            SyncRun.reason == SyncReason.PUSH.value,
            SyncRun.started_at > since,
        )
    )
    return list(rows)


def start_sync_run(session: Session, *, request: SyncRequested, now: datetime) -> SyncRun:
    """Insert the run if new; return it either way (a redelivered request finds its run). A run
    that failed for want of the provider starts again (re-drive)."""
    session.execute(
        insert(SyncRun)
        .values(
            id=request.sync_id,
            integration_id=request.integration_id,
            tenant_id=request.tenant_id,
            manual_trigger=request.manual_trigger,
            reason=request.sync_reason.value,
            status="running",
            requested_at=request.requested_at,
            started_at=now,
        )
        .on_conflict_do_nothing()
    )
    run = session.get(SyncRun, request.sync_id, populate_existing=True)
    assert run is not None  # just inserted or already there
    return run


def restart_sync_run(session: Session, *, sync_id: uuid.UUID, now: datetime) -> None:
    session.execute(
        update(SyncRun)
        .where(SyncRun.id == sync_id)
        .values(status="running", message=None, started_at=now, finished_at=None)
    )


# One statement whatever the count, compiled once: the ids travel as one array parameter
# (a VALUES row per email cost more CPU to compile than the rest of a sync's database work). On
# the table, not the mapped class: the ORM would read the parameters as rows to insert.
_RECORD_EMAILS = (
    insert(cast(Table, SyncRunEmail.__table__))
    .from_select(
        ["sync_id", "provider_message_id"],
        select(
            bindparam("sync_id", type_=SyncRunEmail.sync_id.type),
            func.unnest(bindparam("ids", type_=ARRAY(String))),
        ),
    )
    .on_conflict_do_nothing()
)


def record_fetch(
    session: Session,
    *,
    sync_id: uuid.UUID,
    message_ids: Sequence[str],
    keywords: int,
    now: datetime,
) -> None:
    """The run's published emails (a second record of the same run adds only new ones), how
    many it has, and when they were fetched."""
    if message_ids:
        session.execute(_RECORD_EMAILS, {"sync_id": sync_id, "ids": list(message_ids)})
    found = session.scalar(
        select(func.count()).select_from(SyncRunEmail).where(SyncRunEmail.sync_id == sync_id)
    )
    session.execute(
        update(SyncRun)
        .where(SyncRun.id == sync_id)
        .values(emails_found=found, keywords_searched=keywords, fetched_at=now)
    )


def finish_sync_run(
    session: Session,
    *,
    sync_id: uuid.UUID,
    integration_id: int,
    status: str,
    message: str | None,
    now: datetime,
    touch_integration: bool = True,
) -> None:
    """The seed's update-sync-status step, for runs that end in the fetcher."""
    session.execute(
        update(SyncRun)
        .where(SyncRun.id == sync_id)
        .values(status=status, message=message, finished_at=now)
    )
    if touch_integration:
        session.execute(
            update(EmailIntegration)
            .where(EmailIntegration.id == integration_id)
            .values(
                last_synced_at=now,
                last_sync_status=status,
                last_sync_error=message if status != "success" else None,
            )
        )


def advance_sync_run(
    session: Session, *, parsed: ParsedEmail, decision: Decision, new_jobs: int, now: datetime
) -> bool:
    """Count this email towards its sync run once; close the run when every email is in."""
    flipped = session.execute(
        update(SyncRunEmail)
        .where(
            SyncRunEmail.sync_id == parsed.sync_id,
            SyncRunEmail.provider_message_id == parsed.provider_message_id,
            SyncRunEmail.handled.is_(False),
        )
        .values(handled=True)
        .returning(SyncRunEmail.sync_id)
    ).first()
    if flipped is None:
        return False
    failed = 1 if decision.result is EmailResult.FAILED else 0
    progress = session.execute(
        update(SyncRun)
        .where(SyncRun.id == parsed.sync_id)
        .values(
            emails_processed=SyncRun.emails_processed + 1,
            jobs_created=SyncRun.jobs_created + new_jobs,
            emails_failed=SyncRun.emails_failed + failed,
        )
        .returning(SyncRun.emails_processed, SyncRun.emails_found, SyncRun.status)
    ).first()
    if progress is None or not run_is_complete(
        status=progress.status,
        emails_processed=progress.emails_processed,
        emails_found=progress.emails_found,
    ):
        return False
    complete_sync_runs(session, runs={parsed.sync_id: parsed.integration_id}, now=now)
    return True


# plain SQL on the session's psycopg2 cursor (services.db.dbapi): the jobwriter closes runs in
# its batches, where the two ORM bulk UPDATEs cost 1.6-2.0 ms CPU, these 0.14-0.2 ms
_CLOSE_RUNS = (
    "UPDATE sync_runs SET status = 'success', finished_at = %(now)s WHERE id = ANY(%(ids)s::uuid[])"
)
_STAMP_INTEGRATIONS = (
    "UPDATE email_integrations SET last_synced_at = %(now)s, last_sync_status = 'success',"
    " last_sync_error = NULL WHERE id = ANY(%(ids)s::integer[])"
)


def complete_sync_runs(session: Session, *, runs: dict[uuid.UUID, int], now: datetime) -> None:
    """Close runs whose every email is in (sync id → its integration) and stamp the
    integrations' last successful sync."""
    session.flush()  # the ORM's pending changes before these statements, as session.execute
    dbapi.execute(session, _CLOSE_RUNS, {"now": now, "ids": [str(sync_id) for sync_id in runs]})
    # the integration row is the one a fetcher locks for its lease: waiting for it is waiting
    # for a busy dependency, not a fault of these emails
    with lock_wait_is_dependency("an integration row"):
        dbapi.execute(session, _STAMP_INTEGRATIONS, {"now": now, "ids": sorted(set(runs.values()))})
