"""email_integrations: what is known about an integration's refresh token

token_granted_at (the user signed in: connect or reconnect), token_refreshed_at (the fetcher
stored credentials a provider refreshed: the token was used, and Microsoft rotated it) and
token_failed_at (a sync found it expired or revoked; cleared by a reconnect). The known lapse
date and the token health are derived from them (services.domain.token_health). Existing rows
keep NULL: their lapse is unknown, so no warning is sent for them until a reconnect or
refresh. Purely additive.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 09:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("token_granted_at", "token_refreshed_at", "token_failed_at")


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column(
            "email_integrations", sa.Column(name, sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    for name in reversed(COLUMNS):
        op.drop_column("email_integrations", name)
