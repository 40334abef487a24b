"""job history: a posting's previous extracted fields when a newer extractor version updates it

job_posting_history (job_posting_id, changed_at, extraction_version, fields JSON): one row per
update of a job posting by a replayed email whose extractor version is newer than the posting's.
Purely additive.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_posting_history",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "job_posting_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "changed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("extraction_version", sa.String(length=50), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["job_posting_id"], ["job_postings.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_job_posting_history_job_posting_id"),
        "job_posting_history",
        ["job_posting_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_job_posting_history_job_posting_id"), table_name="job_posting_history")
    op.drop_table("job_posting_history")
