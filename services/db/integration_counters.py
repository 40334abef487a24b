"""An integration's email and job totals (integration_counters), added to by the jobwriter.

They live apart from the integration row because a fetcher holds that row locked while it
decides and takes its sync lease: a jobwriter batch that updated counters there waited for it
(and made the fetcher wait for the rest of the batch). Callers own the transaction."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Integer, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.orm import Session

from services.db.models import IntegrationCounters

_added = (
    func.unnest(
        bindparam("integration_ids", type_=ARRAY(Integer)),
        bindparam("emails", type_=ARRAY(Integer)),
        bindparam("jobs", type_=ARRAY(Integer)),
    )
    .table_valued("integration_id", "emails", "jobs")
    .render_derived(name="added")
)
_counters = IntegrationCounters.metadata.tables[IntegrationCounters.__tablename__]
# Core, not the ORM entity: an INSERT ... SELECT with bound arrays is no ORM bulk insert
_upsert = insert(_counters).from_select(
    ["integration_id", "emails_processed", "jobs_created"],
    select(_added.c.integration_id, _added.c.emails, _added.c.jobs),
)
# one statement text whatever the number of integrations (compiled once)
ADD_TO_COUNTERS = _upsert.on_conflict_do_update(
    index_elements=[_counters.c.integration_id],
    set_={
        "emails_processed": _counters.c.emails_processed + _upsert.excluded.emails_processed,
        "jobs_created": _counters.c.jobs_created + _upsert.excluded.jobs_created,
    },
)


def add_to_counters(session: Session, *, added: Mapping[int, tuple[int, int]]) -> None:
    """Add (emails processed, jobs created) to each integration's totals; rows are written in
    integration order, so two batches never wait on each other in a cycle."""
    if not added:
        return
    integration_ids = sorted(added)
    session.connection().execute(
        ADD_TO_COUNTERS,
        {
            "integration_ids": integration_ids,
            "emails": [added[integration_id][0] for integration_id in integration_ids],
            "jobs": [added[integration_id][1] for integration_id in integration_ids],
        },
    )
