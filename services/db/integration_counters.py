"""An integration's email and job totals (integration_counters), added to by the jobwriter.

They live apart from the integration row because a fetcher holds that row locked while it
decides and takes its sync lease: a jobwriter batch that updated counters there waited for it
(and made the fetcher wait for the rest of the batch). Callers own the transaction."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from services.db import dbapi

# one statement whatever the number of integrations (services.db.dbapi)
ADD_TO_COUNTERS = (
    "INSERT INTO integration_counters (integration_id, emails_processed, jobs_created)"
    " SELECT added.integration_id, added.emails, added.jobs"
    " FROM unnest(%(integration_ids)s::integer[], %(emails)s::integer[], %(jobs)s::integer[])"
    " AS added(integration_id, emails, jobs)"
    " ON CONFLICT (integration_id) DO UPDATE SET"
    " emails_processed = integration_counters.emails_processed + excluded.emails_processed,"
    " jobs_created = integration_counters.jobs_created + excluded.jobs_created"
)


def add_to_counters(session: Session, *, added: Mapping[int, tuple[int, int]]) -> None:
    """Add (emails processed, jobs created) to each integration's totals; rows are written in
    integration order, so two batches never wait on each other in a cycle."""
    if not added:
        return
    integration_ids = sorted(added)
    dbapi.execute(
        session,
        ADD_TO_COUNTERS,
        {
            "integration_ids": integration_ids,
            "emails": [added[integration_id][0] for integration_id in integration_ids],
            "jobs": [added[integration_id][1] for integration_id in integration_ids],
        },
    )
