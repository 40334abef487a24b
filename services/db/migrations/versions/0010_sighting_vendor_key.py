"""requirement_sightings.vendor_key: the vendor's identity for counting vendors

The sender's domain, except for free-mail senders: the normalised signature company, else the
sender's address (services.domain.vendor_identity), so several vendors writing from gmail.com
count as several. Existing rows are backfilled from their sender and vendor_company; an index
on (tenant_id, vendor_key) serves the vendor view and the vendor filter. A split's pin holds
for its vendor's job id: requirement_overrides.vendor_key, backfilled from the split sighting.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 08:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from services.domain.vendor_identity import vendor_key

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 1000  # rows per backfill update


def upgrade() -> None:
    op.add_column(
        "requirement_sightings", sa.Column("vendor_key", sa.String(length=255), nullable=True)
    )
    sightings = sa.table(
        "requirement_sightings",
        sa.column("id", sa.BigInteger()),
        sa.column("sender", sa.String()),
        sa.column("vendor_company", sa.String()),
        sa.column("vendor_key", sa.String()),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(sightings.c.id, sightings.c.sender, sightings.c.vendor_company))
    keyed = [{"row_id": id_, "key": vendor_key(sender, company)} for id_, sender, company in rows]
    update = (
        sightings.update()
        .where(sightings.c.id == sa.bindparam("row_id"))
        .values(vendor_key=sa.bindparam("key"))
    )
    for start in range(0, len(keyed), _BATCH):
        bind.execute(update, keyed[start : start + _BATCH])
    op.add_column(
        "requirement_overrides", sa.Column("vendor_key", sa.String(length=255), nullable=True)
    )
    op.execute(
        "UPDATE requirement_overrides SET vendor_key = (SELECT s.vendor_key FROM"
        " requirement_sightings s WHERE s.id = requirement_overrides.sighting_id)"
        " WHERE sighting_id IS NOT NULL"
    )
    op.create_index(
        "ix_requirement_sightings_tenant_vendor_key",
        "requirement_sightings",
        ["tenant_id", "vendor_key"],
    )


def downgrade() -> None:
    op.drop_column("requirement_overrides", "vendor_key")
    op.drop_index("ix_requirement_sightings_tenant_vendor_key", "requirement_sightings")
    op.drop_column("requirement_sightings", "vendor_key")
