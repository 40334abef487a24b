"""Where an email's fetch→commit latency goes, stage by stage, for ``bench pipeline``.

Per email of the run's tenant: the sync run's ``fetched_at`` (the run's clock, taken when the
sync started: listing and reading the mailbox count to the fetcher), the broker timestamps
(CreateTime, stamped by the producing service) of its first email.raw and email.parsed
messages, and the ledger's ``processed_at``. The three differences are the fetcher's, the
parser's (queueing included) and the jobwriter's shares of the latency.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.topics import Topic
from services.db.models import ProcessedEmail, SyncRun
from services.db.session import transaction
from services.ops.chaos.probe import Offsets, end_offsets
from services.ops.topic_reader import ops_consumer, read_range

STAGE_TOPICS = (Topic.EMAIL_RAW, Topic.EMAIL_PARSED)
Key = tuple[int, str]  # (integration id, provider message id)


def stage_offsets(bootstrap: str) -> Offsets:
    """The stage topics' end offsets: what the run writes comes after them."""
    return end_offsets(bootstrap, STAGE_TOPICS)


def _first_stamps(
    bootstrap: str, starts: Offsets, tenant_id: int
) -> dict[str, dict[Key, datetime]]:
    """Topic → the broker timestamp of each of the tenant's emails' first message there."""
    ends = end_offsets(bootstrap, STAGE_TOPICS)
    stamps: dict[str, dict[Key, datetime]] = {t.value: {} for t in STAGE_TOPICS}
    consumer = ops_consumer(bootstrap, f"bench-stages-{uuid.uuid4()}")
    try:
        ranges = {tp: (starts.get(tp, 0), end) for tp, end in ends.items()}
        for msg in read_range(consumer, ranges):
            value: dict[str, Any] = json.loads(msg.value() or b"{}")
            if value.get("tenant_id") != tenant_id:
                continue
            key = (int(value["integration_id"]), str(value["provider_message_id"]))
            at = datetime.fromtimestamp(msg.timestamp()[1] / 1000, tz=UTC)
            stamps[msg.topic() or ""].setdefault(key, at)
    finally:
        consumer.close()
    return stamps


def _ledger_times(
    sessions: sessionmaker[Session], tenant_id: int
) -> dict[Key, tuple[datetime, datetime]]:
    with transaction(sessions) as session:
        rows = session.execute(
            select(
                ProcessedEmail.integration_id,
                ProcessedEmail.provider_message_id,
                SyncRun.fetched_at,
                ProcessedEmail.processed_at,
            )
            .join(SyncRun, SyncRun.id == ProcessedEmail.sync_id)
            .where(ProcessedEmail.tenant_id == tenant_id)
        ).all()
    return {(i, m): (fetched, done) for i, m, fetched, done in rows if fetched is not None}


def _summary(values: Sequence[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)

    def rank(q: float) -> float:  # nearest rank, as the pipeline's percentiles
        return ordered[max(1, math.ceil(q / 100 * len(ordered))) - 1]

    return {
        "mean": round(sum(ordered) / len(ordered), 1),
        "p50": round(rank(50), 1),
        "p99": round(rank(99), 1),
    }


def stage_latencies(
    bootstrap: str, sessions: sessionmaker[Session], tenant_id: int, starts: Offsets
) -> dict[str, Any]:
    """``stage_figures`` of the tenant's emails written after ``starts``."""
    stamps = _first_stamps(bootstrap, starts, tenant_id)
    return stage_figures(
        _ledger_times(sessions, tenant_id),
        stamps[Topic.EMAIL_RAW.value],
        stamps[Topic.EMAIL_PARSED.value],
    )


def stage_figures(
    ledger: Mapping[Key, tuple[datetime, datetime]],
    raw: Mapping[Key, datetime],
    parsed: Mapping[Key, datetime],
) -> dict[str, Any]:
    """Per stage, the mean, p50 and p99 in ms over the emails seen at every stage (ledger:
    fetched_at and processed_at), and each stage's share of the mean total."""
    spans: dict[str, list[float]] = {"fetcher": [], "parser": [], "jobwriter": []}
    for key, (fetched, done) in ledger.items():
        if key not in raw or key not in parsed:
            continue  # e.g. dead-lettered: no email.parsed message
        marks = [fetched, raw[key], parsed[key], done]
        for stage, begin, end in zip(spans, marks, marks[1:], strict=False):
            spans[stage].append((end - begin).total_seconds() * 1000)
    means = {stage: _summary(values).get("mean", 0.0) for stage, values in spans.items()}
    total = sum(means.values()) or 1.0
    return {
        "emails": len(spans["fetcher"]),
        "stages_ms": {stage: _summary(values) for stage, values in spans.items()},
        "share_of_mean": {stage: round(mean / total, 3) for stage, mean in means.items()},
    }
