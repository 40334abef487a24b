"""integration_push: the Graph change-notification subscription of an Outlook integration

graph_subscription_id (unique: a notification names its integration by it) and
graph_client_state (the per-subscription clientState secret, encrypted with the credential
keys). Its expiry and renewal reuse watch_expires_at / watch_renewed_at. Purely additive.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 08:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "integration_push",
        sa.Column("graph_subscription_id", sa.String(length=128), nullable=True),
    )
    op.add_column("integration_push", sa.Column("graph_client_state", sa.Text(), nullable=True))
    op.create_index(
        "ix_integration_push_graph_subscription_id",
        "integration_push",
        ["graph_subscription_id"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("ix_integration_push_graph_subscription_id", table_name="integration_push")
    op.drop_column("integration_push", "graph_client_state")
    op.drop_column("integration_push", "graph_subscription_id")
