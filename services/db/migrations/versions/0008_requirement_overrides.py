"""requirement overrides, closing notices and vendor companies

requirements.merged_into_id: a recruiter merged this requirement into another (status
"merged"); later sightings that match it attach to the survivor. requirement_overrides: each
merge or split, and for a split the keys that pin later sightings (the same vendor's job id,
the same message) to the split-out requirement. requirement_history gains the email of a
closing notice (integration, provider message id), so a redelivered notice changes nothing
twice. requirement_sightings.vendor_company: the vendor's company (domain or signature).
Purely additive.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 06:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("requirements", sa.Column("merged_into_id", _ID, nullable=True))
    op.create_foreign_key(
        "fk_requirements_merged_into", "requirements", "requirements", ["merged_into_id"], ["id"]
    )
    op.add_column(
        "requirement_sightings", sa.Column("vendor_company", sa.String(length=200), nullable=True)
    )
    op.add_column("requirement_history", sa.Column("integration_id", sa.Integer(), nullable=True))
    op.add_column(
        "requirement_history",
        sa.Column("provider_message_id", sa.String(length=512), nullable=True),
    )
    op.create_index(
        "ix_requirement_history_message",
        "requirement_history",
        ["integration_id", "provider_message_id"],
    )
    op.create_table(
        "requirement_overrides",
        sa.Column("id", _ID, nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("requirement_id", _ID, nullable=False),
        sa.Column("target_id", _ID, nullable=False),
        sa.Column("sighting_id", _ID, nullable=True),
        sa.Column("vendor_domain", sa.String(length=255), nullable=True),
        sa.Column("job_ref_key", sa.String(length=200), nullable=True),
        sa.Column("integration_id", sa.Integer(), nullable=True),
        sa.Column("provider_message_id", sa.String(length=512), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.ForeignKeyConstraint(["requirement_id"], ["requirements.id"]),
        sa.ForeignKeyConstraint(["target_id"], ["requirements.id"]),
        sa.ForeignKeyConstraint(["sighting_id"], ["requirement_sightings.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_requirement_overrides_tenant_job_ref",
        "requirement_overrides",
        ["tenant_id", "job_ref_key"],
    )
    op.create_index(
        "ix_requirement_overrides_tenant_message",
        "requirement_overrides",
        ["tenant_id", "integration_id", "provider_message_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_requirement_overrides_tenant_message", table_name="requirement_overrides")
    op.drop_index("ix_requirement_overrides_tenant_job_ref", table_name="requirement_overrides")
    op.drop_table("requirement_overrides")
    op.drop_index("ix_requirement_history_message", table_name="requirement_history")
    op.drop_column("requirement_history", "provider_message_id")
    op.drop_column("requirement_history", "integration_id")
    op.drop_column("requirement_sightings", "vendor_company")
    op.drop_constraint("fk_requirements_merged_into", "requirements", type_="foreignkey")
    op.drop_column("requirements", "merged_into_id")
