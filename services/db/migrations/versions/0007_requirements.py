"""requirements: one requirement however many vendors and mailboxes send it

requirements (the canonical fields, block_key for matching, open/closed),
requirement_sightings (one vendor's copy: a job of one email in one mailbox, unique like its
job posting so a redelivery adds none twice) and requirement_history (a field's earlier value).
processed_emails gains message_key (the RFC 5322 Message-ID or body digest), indexed with the
tenant, so the same message in several mailboxes of a tenant is processed once for jobs.
Purely additive: job_postings stay as they are.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 04:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _now() -> sa.TextClause:
    return sa.text("now()")


def _job_fields() -> list[sa.Column[object]]:
    return [
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("client", sa.String(length=300), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("work_mode", sa.String(length=20), nullable=True),
        sa.Column("duration_months", sa.Integer(), nullable=True),
        sa.Column("rate_min", sa.Float(), nullable=True),
        sa.Column("rate_max", sa.Float(), nullable=True),
        sa.Column("rate_unit", sa.String(length=10), nullable=True),
    ]


def upgrade() -> None:
    op.add_column("processed_emails", sa.Column("message_key", sa.String(1010), nullable=True))
    op.create_index(
        "ix_processed_emails_tenant_message_key", "processed_emails", ["tenant_id", "message_key"]
    )
    op.create_table(
        "requirements",
        sa.Column("id", _ID, nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("block_key", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        *_job_fields(),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("job_ref", sa.String(length=200), nullable=True),
        sa.Column("sightings", sa.Integer(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_requirements_tenant_block", "requirements", ["tenant_id", "block_key", "status"]
    )
    op.create_table(
        "requirement_sightings",
        sa.Column("id", _ID, nullable=False),
        sa.Column("requirement_id", _ID, nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("integration_id", sa.Integer(), nullable=False),
        sa.Column("provider_message_id", sa.String(length=512), nullable=False),
        sa.Column("job_index", sa.Integer(), nullable=False),
        sa.Column("sender", sa.String(length=512), nullable=True),
        sa.Column("vendor_domain", sa.String(length=255), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        *_job_fields(),
        sa.Column("employment_types", sa.JSON(), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("job_ref", sa.String(length=200), nullable=True),
        sa.Column("job_ref_key", sa.String(length=200), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.ForeignKeyConstraint(["requirement_id"], ["requirements.id"]),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.ForeignKeyConstraint(["integration_id"], ["email_integrations.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "integration_id", "provider_message_id", "job_index"),
    )
    op.create_index(
        op.f("ix_requirement_sightings_requirement_id"),
        "requirement_sightings",
        ["requirement_id"],
    )
    op.create_index(
        "ix_requirement_sightings_tenant_job_ref",
        "requirement_sightings",
        ["tenant_id", "job_ref_key"],
    )
    op.create_table(
        "requirement_history",
        sa.Column("id", _ID, nullable=False),
        sa.Column("requirement_id", _ID, nullable=False),
        sa.Column("sighting_id", _ID, nullable=True),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("old_value", sa.JSON(), nullable=True),
        sa.Column("new_value", sa.JSON(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.ForeignKeyConstraint(["requirement_id"], ["requirements.id"]),
        sa.ForeignKeyConstraint(["sighting_id"], ["requirement_sightings.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_requirement_history_requirement_id"), "requirement_history", ["requirement_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_requirement_history_requirement_id"), table_name="requirement_history")
    op.drop_table("requirement_history")
    op.drop_index("ix_requirement_sightings_tenant_job_ref", table_name="requirement_sightings")
    op.drop_index(
        op.f("ix_requirement_sightings_requirement_id"), table_name="requirement_sightings"
    )
    op.drop_table("requirement_sightings")
    op.drop_index("ix_requirements_tenant_block", table_name="requirements")
    op.drop_table("requirements")
    op.drop_index("ix_processed_emails_tenant_message_key", table_name="processed_emails")
    op.drop_column("processed_emails", "message_key")
