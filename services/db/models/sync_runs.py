"""Sync runs: the scheduler slot a replica claimed, each run and the emails it published."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    Uuid,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.db.models.base import Base


class SyncSlotClaim(Base):
    """One row per (integration, scheduler slot): the first scheduler replica to insert it emits."""

    __tablename__ = "sync_slot_claims"

    integration_id: Mapped[int] = mapped_column(
        ForeignKey("email_integrations.id"), primary_key=True
    )
    slot: Mapped[datetime] = mapped_column(primary_key=True)
    sync_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    claimed_by: Mapped[str] = mapped_column(String(200))
    claimed_at: Mapped[datetime] = mapped_column(server_default=func.now())


class SyncRun(Base):
    __tablename__ = "sync_runs"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    integration_id: Mapped[int] = mapped_column(ForeignKey("email_integrations.id"), index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    manual_trigger: Mapped[bool] = mapped_column(Boolean, default=False)
    # push | cron | manual (SyncReason); None for runs from before the reason existed
    reason: Mapped[str | None] = mapped_column(String(10))
    # running -> success | failed; "success" also when nothing matched
    status: Mapped[str] = mapped_column(String(20), default="running")
    message: Mapped[str | None] = mapped_column(Text)
    keywords_searched: Mapped[int] = mapped_column(Integer, default=0)
    emails_found: Mapped[int | None] = mapped_column(Integer)
    emails_processed: Mapped[int] = mapped_column(Integer, default=0)
    jobs_created: Mapped[int] = mapped_column(Integer, default=0)
    emails_failed: Mapped[int] = mapped_column(Integer, default=0)
    requested_at: Mapped[datetime | None]
    started_at: Mapped[datetime] = mapped_column(server_default=func.now(), index=True)
    fetched_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class SyncRunEmail(Base):
    """Which emails a sync run published; a run completes when all of them are accounted for."""

    __tablename__ = "sync_run_emails"

    sync_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sync_runs.id"), primary_key=True)
    provider_message_id: Mapped[str] = mapped_column(String(512), primary_key=True)
    handled: Mapped[bool] = mapped_column(Boolean, default=False)
