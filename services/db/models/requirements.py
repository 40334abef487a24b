"""Requirements deduplicated across vendors and mailboxes: each requirement, its sightings (one
vendor's copy each), its field history and recruiters' merge/split overrides."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.db.models.base import Base


class _JobFields:
    """The extracted fields a requirement and each of its sightings carry."""

    title: Mapped[str] = mapped_column(String(300))
    client: Mapped[str | None] = mapped_column(String(300))
    location: Mapped[str | None] = mapped_column(String(200))
    work_mode: Mapped[str | None] = mapped_column(String(20))
    duration_months: Mapped[int | None] = mapped_column(Integer)
    rate_min: Mapped[float | None] = mapped_column(Float)
    rate_max: Mapped[float | None] = mapped_column(Float)
    rate_unit: Mapped[str | None] = mapped_column(String(10))


class Requirement(_JobFields, Base):
    """One requirement of a tenant however many vendors and mailboxes sent it; its fields are
    the best-supported values of its sightings (services.domain.requirements.canonical)."""

    __tablename__ = "requirements"
    __table_args__ = (Index("ix_requirements_tenant_block", "tenant_id", "block_key", "status"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    # title head + state: a new sighting compares only with requirements of its block
    block_key: Mapped[str] = mapped_column(String(200))
    # open | closed | on_hold | merged
    status: Mapped[str] = mapped_column(String(10), default="open")
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    job_ref: Mapped[str | None] = mapped_column(String(200))
    sightings: Mapped[int] = mapped_column(Integer, default=0)
    # a recruiter merged this one into that one (status "merged"): its matches go there
    merged_into_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("requirements.id", name="fk_requirements_merged_into"),
    )
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now())


class RequirementSighting(_JobFields, Base):
    """One vendor's copy of a requirement: a job of one email in one mailboxes. Its unique key
    is the job posting's, so a redelivery adds no sighting twice."""

    __tablename__ = "requirement_sightings"
    __table_args__ = (
        UniqueConstraint("tenant_id", "integration_id", "provider_message_id", "job_index"),
        Index("ix_requirement_sightings_tenant_job_ref", "tenant_id", "job_ref_key"),
        Index("ix_requirement_sightings_tenant_vendor_key", "tenant_id", "vendor_key"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    requirement_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("requirements.id"), index=True
    )
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    integration_id: Mapped[int] = mapped_column(ForeignKey("email_integrations.id"))
    provider_message_id: Mapped[str] = mapped_column(String(512))
    job_index: Mapped[int] = mapped_column(Integer)
    sender: Mapped[str | None] = mapped_column(String(512))
    vendor_domain: Mapped[str | None] = mapped_column(String(255))
    # the vendor's company: from the sender's domain, or its signature for a free-mail sender
    vendor_company: Mapped[str | None] = mapped_column(String(200))
    # who the vendor is when vendors are counted or grouped (services.domain.vendor_identity)
    vendor_key: Mapped[str | None] = mapped_column(String(255))
    received_at: Mapped[datetime | None]
    employment_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    job_ref: Mapped[str | None] = mapped_column(String(200))
    # job_ref normalized (services.domain.requirements.normalize_job_id): the first match rule
    job_ref_key: Mapped[str | None] = mapped_column(String(200))
    # [{field, source, start, end, text}] of this job, from the parser's evidence
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class RequirementHistory(Base):
    """A requirement field's earlier value, replaced when a sighting changed the best-supported
    one (a rate raised, a duration extended) or when a closing notice closed it."""

    __tablename__ = "requirement_history"
    __table_args__ = (
        Index("ix_requirement_history_message", "integration_id", "provider_message_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    requirement_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("requirements.id"), index=True
    )
    sighting_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("requirement_sightings.id")
    )
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    new_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    changed_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # the closing notice's email that changed the status (a redelivery finds it)
    integration_id: Mapped[int | None] = mapped_column(Integer)
    provider_message_id: Mapped[str | None] = mapped_column(String(512))


class RequirementOverride(Base):
    """A recruiter's merge (requirement → target) or split (a sighting of requirement out into
    target). A split pins later sightings of the same vendor's job id, or of the same message,
    to its target."""

    __tablename__ = "requirement_overrides"
    __table_args__ = (
        Index("ix_requirement_overrides_tenant_job_ref", "tenant_id", "job_ref_key"),
        Index(
            "ix_requirement_overrides_tenant_message",
            "tenant_id",
            "integration_id",
            "provider_message_id",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    # merge | split
    kind: Mapped[str] = mapped_column(String(10))
    requirement_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("requirements.id")
    )
    target_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("requirements.id")
    )
    sighting_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("requirement_sightings.id")
    )
    vendor_domain: Mapped[str | None] = mapped_column(String(255))
    # the split sighting's vendor key: a pin holds for that vendor's job id
    vendor_key: Mapped[str | None] = mapped_column(String(255))
    job_ref_key: Mapped[str | None] = mapped_column(String(200))
    integration_id: Mapped[int | None] = mapped_column(Integer)
    provider_message_id: Mapped[str | None] = mapped_column(String(512))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
