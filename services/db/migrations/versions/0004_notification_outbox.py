"""notification outbox: notifications carry the message and are marked sent after delivery

notifications gains recipient, subject, body (the email as decided in the jobwriter's
transaction), created_at, attempts, next_attempt_at and last_error; sent_at becomes nullable
(NULL = not yet sent) and loses its default. A partial index covers the unsent rows. Rows
written before keep their sent_at: they were sent inside the transaction that wrote them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 04:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("notifications", sa.Column("recipient", sa.String(length=320), nullable=True))
    op.add_column("notifications", sa.Column("subject", sa.Text(), nullable=True))
    op.add_column("notifications", sa.Column("body", sa.Text(), nullable=True))
    op.add_column(
        "notifications",
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
    )
    op.execute("UPDATE notifications SET created_at = sent_at")
    op.add_column(
        "notifications",
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
    )
    op.add_column(
        "notifications",
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.add_column("notifications", sa.Column("last_error", sa.Text(), nullable=True))
    op.alter_column("notifications", "sent_at", nullable=True, server_default=None)
    op.create_index(
        "ix_notifications_unsent",
        "notifications",
        ["id"],
        unique=False,
        postgresql_where=sa.text("sent_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_notifications_unsent",
        table_name="notifications",
        postgresql_where=sa.text("sent_at IS NULL"),
    )
    # an unsent row would read as sent: the old schema only knew sent rows
    op.execute("UPDATE notifications SET sent_at = created_at WHERE sent_at IS NULL")
    op.alter_column("notifications", "sent_at", nullable=False, server_default=sa.text("now()"))
    op.drop_column("notifications", "last_error")
    op.drop_column("notifications", "next_attempt_at")
    op.drop_column("notifications", "attempts")
    op.drop_column("notifications", "created_at")
    op.drop_column("notifications", "body")
    op.drop_column("notifications", "subject")
    op.drop_column("notifications", "recipient")
