"""integration_counters: an integration's email and job totals, off its row

The jobwriter added to email_integrations.emails_processed_count / jobs_created_count in every
batch while fetchers hold that row locked for the sync lease; the totals move to a table of
their own (the model reads them back under the old names).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "integration_counters",
        sa.Column("integration_id", sa.Integer(), nullable=False),
        sa.Column("emails_processed", sa.Integer(), nullable=False),
        sa.Column("jobs_created", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["integration_id"], ["email_integrations.id"]),
        sa.PrimaryKeyConstraint("integration_id"),
    )
    op.execute(
        "INSERT INTO integration_counters (integration_id, emails_processed, jobs_created)"
        " SELECT id, emails_processed_count, jobs_created_count FROM email_integrations"
        " WHERE emails_processed_count <> 0 OR jobs_created_count <> 0"
    )
    op.drop_column("email_integrations", "emails_processed_count")
    op.drop_column("email_integrations", "jobs_created_count")


def downgrade() -> None:
    for name in ("emails_processed_count", "jobs_created_count"):
        op.add_column(
            "email_integrations",
            sa.Column(name, sa.Integer(), nullable=False, server_default="0"),
        )
        op.alter_column("email_integrations", name, server_default=None)
    op.execute(
        "UPDATE email_integrations SET emails_processed_count = c.emails_processed,"
        " jobs_created_count = c.jobs_created FROM integration_counters c"
        " WHERE c.integration_id = email_integrations.id"
    )
    op.drop_table("integration_counters")
