"""Job postings extracted from emails, and their fields before a newer extractor replaced them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.db.models.base import Base


class JobPosting(Base):
    __tablename__ = "job_postings"
    __table_args__ = (
        UniqueConstraint("tenant_id", "integration_id", "provider_message_id", "job_index"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    integration_id: Mapped[int] = mapped_column(ForeignKey("email_integrations.id"))
    created_by_user_id: Mapped[int] = mapped_column(ForeignKey("portal_users.id"))
    provider_message_id: Mapped[str] = mapped_column(String(512))
    job_index: Mapped[int] = mapped_column(Integer)
    source_subject: Mapped[str | None] = mapped_column(Text)
    source_sender: Mapped[str | None] = mapped_column(String(512))
    source_received_at: Mapped[datetime | None]
    title: Mapped[str] = mapped_column(String(300))
    client: Mapped[str | None] = mapped_column(String(300))
    location: Mapped[str | None] = mapped_column(String(200))
    work_mode: Mapped[str | None] = mapped_column(String(20))
    employment_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    duration_months: Mapped[int | None] = mapped_column(Integer)
    rate_min: Mapped[float | None] = mapped_column(Float)
    rate_max: Mapped[float | None] = mapped_column(Float)
    rate_unit: Mapped[str | None] = mapped_column(String(10))
    rate_currency: Mapped[str | None] = mapped_column(String(3))
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    experience_years: Mapped[int | None] = mapped_column(Integer)
    visa: Mapped[list[str]] = mapped_column(JSON, default=list)
    job_ref: Mapped[str | None] = mapped_column(String(200))
    confidence: Mapped[float] = mapped_column(Float)
    extractor_name: Mapped[str] = mapped_column(String(100))
    extraction_version: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class JobPostingHistory(Base):
    """A job posting's extracted fields before a newer extractor version replaced them."""

    __tablename__ = "job_posting_history"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    job_posting_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("job_postings.id"), index=True
    )
    changed_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # the version that produced ``fields`` (the posting's extraction_version before the change)
    extraction_version: Mapped[str] = mapped_column(String(50))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
