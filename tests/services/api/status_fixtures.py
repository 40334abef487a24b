"""The status API's test set-up: an app without Kafka on real PostgreSQL, two tenants, and sync
runs seeded with every per-email outcome (or a fetcher failure). Test modules import the
fixtures by name (pytest finds fixtures in the test module's namespace)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from services.api.main import build_app
from services.db.integration_counters import add_to_counters
from services.db.models import (
    EmailIntegration,
    JobPosting,
    ProcessedEmail,
    SyncRun,
    SyncRunEmail,
)
from services.db.session import transaction
from services.demo.seed import DemoIds
from tests.pipeline_fixtures import new_tenant
from tests.services.api.api_app import api_settings

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@dataclass
class SeededRun:
    sync_id: uuid.UUID
    message_ids: dict[str, str]  # outcome -> provider message id
    job_ids: list[int] = field(default_factory=list)


def seed_run(
    sessions: sessionmaker[Session],
    ids: DemoIds,
    *,
    started_at: datetime = T0,
    integration_id: int | None = None,
    job_subject: str = "Role: Sr Java Developer · Dallas, TX · C2C",
) -> SeededRun:
    """A completed run of four emails: one job email (two postings), one skipped, one failed,
    one still pending (published, not yet in the ledger)."""
    integration_id = integration_id or ids.integration_id
    sync_id = uuid.uuid4()
    suffix = sync_id.hex[:8]
    message_ids = {
        outcome: f"<{outcome}-{suffix}@vendor.test>"
        for outcome in ("job_created", "skipped", "failed", "pending")
    }
    with transaction(sessions) as session:
        session.add(
            SyncRun(
                id=sync_id,
                integration_id=integration_id,
                tenant_id=ids.tenant_id,
                manual_trigger=True,
                status="success",
                keywords_searched=2,
                emails_found=4,
                emails_processed=3,
                jobs_created=2,
                emails_failed=1,
                requested_at=started_at - timedelta(seconds=1),
                started_at=started_at,
                fetched_at=started_at + timedelta(seconds=2),
                finished_at=started_at + timedelta(seconds=5),
            )
        )
        session.flush()
        session.add_all(
            SyncRunEmail(sync_id=sync_id, provider_message_id=m, handled=o != "pending")
            for o, m in message_ids.items()
        )
        jobs = [
            JobPosting(
                tenant_id=ids.tenant_id,
                integration_id=integration_id,
                created_by_user_id=ids.user_id,
                provider_message_id=message_ids["job_created"],
                job_index=index,
                source_subject=job_subject,
                source_sender="vendor@vendor.test",
                source_received_at=started_at - timedelta(hours=1),
                title=title,
                location="Dallas, TX",
                employment_types=["c2c"],
                skills=["java", "spring"],
                visa=["usc", "gc"],
                confidence=0.93,
                extractor_name="rules",
                extraction_version="1",
            )
            for index, title in enumerate(["Sr Java Developer", "Java Lead"])
        ]
        session.add_all(jobs)
        session.flush()
        # outcome -> (skip reason, category, confidence)
        ledger: dict[str, tuple[str | None, str | None, float | None]] = {
            "job_created": (None, "job_requirement", 0.93),
            "skipped": ("not_job", "hotlist", 0.88),
            "failed": ("AI parsing failed", None, None),
        }
        for minutes, (outcome, (skip_reason, category, confidence)) in enumerate(ledger.items()):
            session.add(
                ProcessedEmail(
                    integration_id=integration_id,
                    tenant_id=ids.tenant_id,
                    sync_id=sync_id,
                    provider_message_id=message_ids[outcome],
                    subject=job_subject if outcome == "job_created" else f"{outcome} email",
                    sender="vendor@vendor.test",
                    received_at=started_at - timedelta(hours=1) + timedelta(minutes=minutes),
                    result=outcome,
                    skip_reason=skip_reason,
                    category=category,
                    confidence=confidence,
                    job_id=jobs[0].id if outcome == "job_created" else None,
                    jobs_created=2 if outcome == "job_created" else 0,
                    processed_at=started_at + timedelta(seconds=4),
                )
            )
        row = session.get(EmailIntegration, integration_id)
        assert row is not None
        row.last_synced_at = started_at + timedelta(seconds=5)
        row.last_sync_status = "success"
        add_to_counters(session, added={integration_id: (3, 2)})
        return SeededRun(sync_id, message_ids, [job.id for job in jobs])


def seed_failed_run(
    sessions: sessionmaker[Session], ids: DemoIds, *, started_at: datetime, message: str
) -> uuid.UUID:
    """A run that failed in the fetcher; the integration records the error."""
    sync_id = uuid.uuid4()
    with transaction(sessions) as session:
        session.add(
            SyncRun(
                id=sync_id,
                integration_id=ids.integration_id,
                tenant_id=ids.tenant_id,
                status="failed",
                message=message,
                started_at=started_at,
                finished_at=started_at + timedelta(seconds=3),
            )
        )
        row = session.get(EmailIntegration, ids.integration_id)
        assert row is not None
        row.last_synced_at = started_at + timedelta(seconds=3)
        row.last_sync_status = "failed"
        row.last_sync_error = message
    return sync_id


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def client(prepared: tuple[str, str], sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    with TestClient(build_app(api_settings(prepared[1]), sessions=sessions)) as test_client:
        yield test_client


@pytest.fixture
def tenant(sessions: sessionmaker[Session]) -> DemoIds:
    return new_tenant(sessions, mailbox=None, roles=["java developer"])


@pytest.fixture
def other(sessions: sessionmaker[Session]) -> DemoIds:
    return new_tenant(sessions, mailbox=None, roles=["java developer"])
