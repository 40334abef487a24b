"""The ledger of processed emails (the idempotency gate) and raw emails too large for Kafka."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.db.models.base import Base


class ProcessedEmail(Base):
    """The ledger: one row per (integration, provider message); its insert is the idempotency
    gate."""

    __tablename__ = "processed_emails"
    __table_args__ = (
        UniqueConstraint("integration_id", "provider_message_id"),
        Index("ix_processed_emails_tenant_message_key", "tenant_id", "message_key"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    integration_id: Mapped[int] = mapped_column(ForeignKey("email_integrations.id"))
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    sync_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    provider_message_id: Mapped[str] = mapped_column(String(512))
    thread_id: Mapped[str | None] = mapped_column(String(512))
    subject: Mapped[str | None] = mapped_column(Text)
    sender: Mapped[str | None] = mapped_column(String(512))
    received_at: Mapped[datetime | None]
    # job_created | skipped | failed
    result: Mapped[str] = mapped_column(String(20))
    skip_reason: Mapped[str | None] = mapped_column(String(200))
    category: Mapped[str | None] = mapped_column(String(40))
    confidence: Mapped[float | None] = mapped_column(Float)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job_postings.id"))
    jobs_created: Mapped[int] = mapped_column(Integer, default=0)
    processed_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # services.domain.messages.message_key: the same message in another mailbox of the tenant
    message_key: Mapped[str | None] = mapped_column(String(1010))


class RawEmailBlob(Base):
    """Raw emails too large for the email.raw topic; the message carries this row's key instead."""

    __tablename__ = "raw_email_blobs"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
