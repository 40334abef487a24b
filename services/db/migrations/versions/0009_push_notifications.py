"""push notifications: the debounce mark, the provider watch and sync reasons

integration_push (one row per integration with push: pending push sync, watch expiry and
renewal, last notification and its history id), sync_runs.reason (push, cron, manual) so the
start budget counts cron and manual runs only, email_integrations.cursor_updated_at (cursor age)
and an index to find a notified mailbox by provider and address. Purely additive.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 06:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("sync_runs", sa.Column("reason", sa.String(length=10), nullable=True))
    op.add_column(
        "email_integrations",
        sa.Column("cursor_updated_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index(
        "ix_email_integrations_provider_account",
        "email_integrations",
        ["provider", "account_email"],
    )
    op.create_table(
        "integration_push",
        sa.Column("integration_id", sa.Integer(), nullable=False),
        sa.Column("pending_sync_id", sa.Uuid(), nullable=True),
        sa.Column("pending_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("watch_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("watch_renewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("watch_error", sa.Text(), nullable=True),
        sa.Column("last_notification_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_history_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["integration_id"], ["email_integrations.id"]),
        sa.PrimaryKeyConstraint("integration_id"),
    )


def downgrade() -> None:
    op.drop_table("integration_push")
    op.drop_index("ix_email_integrations_provider_account", table_name="email_integrations")
    op.drop_column("email_integrations", "cursor_updated_at")
    op.drop_column("sync_runs", "reason")
