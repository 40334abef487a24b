"""What the freshness bench reads back from PostgreSQL: the tenant's ledger rows by message key
(with their sync run's fetch time), waiting until every delivery is there or a timeout passes,
the first emails that never arrived with the sync runs since their delivery, and the phase's
syncs by reason. Read only.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from services.bench.freshness_figures import (
    Committed,
    Delivery,
)
from services.bench.freshness_setup import POLL_INTERVAL
from services.db.models import (
    ProcessedEmail,
    SyncRun,
)
from services.db.session import transaction
from services.demo.processes import ServiceGroup


def committed_emails(sessions: sessionmaker[Session], tenant_id: int) -> dict[str, Committed]:
    """The tenant's ledger rows by message key, with their sync run's fetch time."""
    with transaction(sessions) as session:
        rows = session.execute(
            select(
                ProcessedEmail.message_key,
                ProcessedEmail.processed_at,
                ProcessedEmail.result,
                SyncRun.fetched_at,
            )
            .outerjoin(SyncRun, SyncRun.id == ProcessedEmail.sync_id)
            .where(ProcessedEmail.tenant_id == tenant_id)
        ).all()
    return {key: Committed(at, result, fetched) for key, at, result, fetched in rows if key}


def wait_committed(
    sessions: sessionmaker[Session],
    tenant_id: int,
    deliveries: Sequence[Delivery],
    timeout: float,
    group: ServiceGroup,
) -> dict[str, Committed]:
    deadline = time.monotonic() + timeout
    wanted = {d.message_key for d in deliveries}
    while True:
        group.check_alive()
        committed = committed_emails(sessions, tenant_id)
        if wanted <= committed.keys() or time.monotonic() > deadline:
            return committed
        time.sleep(POLL_INTERVAL)


def missing_sample(
    sessions: sessionmaker[Session],
    deliveries: Sequence[Delivery],
    committed: dict[str, Committed],
    *,
    limit: int = 5,
) -> list[dict[str, Any]]:
    """The first ``limit`` emails not in the ledger, each with its mailbox's sync runs since
    the delivery (why did none of them read it?)."""
    lost = [d for d in deliveries if d.message_key not in committed][:limit]
    found = []
    with transaction(sessions) as session:
        for d in lost:
            runs = session.scalars(
                select(SyncRun)
                .where(SyncRun.integration_id == d.integration_id)
                .where(SyncRun.started_at >= d.delivered_at - timedelta(seconds=5))
                .order_by(SyncRun.started_at)
            ).all()
            found.append(
                {
                    "provider": d.provider.value,
                    "integration_id": d.integration_id,
                    "message_key": d.message_key,
                    "delivered_at": d.delivered_at.isoformat(),
                    "syncs_since": [
                        {
                            "reason": r.reason,
                            "status": r.status,
                            "started_after_s": round(
                                (r.started_at - d.delivered_at).total_seconds(), 2
                            ),
                            "emails_found": r.emails_found,
                        }
                        for r in runs
                    ],
                }
            )
    return found


def syncs_by_reason(sessions: sessionmaker[Session], ids: list[int]) -> dict[str, int]:
    """The phase's sync runs by why they were requested (push, cron, manual)."""
    with transaction(sessions) as session:
        rows = session.execute(
            select(SyncRun.reason, func.count())
            .where(SyncRun.integration_id.in_(ids))
            .group_by(SyncRun.reason)
        ).all()
    return {str(reason): int(count) for reason, count in rows}
