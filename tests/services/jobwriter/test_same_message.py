"""The same message in several mailboxes of one tenant is processed once for jobs and recorded
as seen in each mailbox; another tenant's copy is its own. Real PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import JobCreated, ParsedEmail
from services.db.models import EmailIntegration, JobPosting, ProcessedEmail
from services.db.session import transaction
from services.demo.seed import DemoIds
from services.jobwriter.handler import SAME_MESSAGE
from services.jobwriter.store import sql_stores
from services.jobwriter.usecase import Event, Jobwriter
from tests.pipeline_fixtures import new_tenant
from tests.requirement_samples import RECEIVED, java_job, vendor_email

BLAST = "<blast-77@techvendor.com>"


def second_mailbox(sessions: sessionmaker[Session], ids: DemoIds) -> DemoIds:
    with transaction(sessions) as session:
        integration = EmailIntegration(
            tenant_id=ids.tenant_id, user_id=ids.user_id, provider="maildir", config={}
        )
        session.add(integration)
        session.flush()
        return DemoIds(ids.tenant_id, ids.user_id, integration.id, ids.api_key)


def blast(ids: DemoIds, provider_message_id: str, **extra: object) -> ParsedEmail:
    fields: dict[str, object] = {"message_id": BLAST, **extra}
    return vendor_email(ids, provider_message_id, "ravi@techvendor.com", java_job(), **fields)


def jobs_in(events: Sequence[Event]) -> int:
    """How many job.created events (requirement events come along on a first sighting)."""
    return sum(isinstance(event, JobCreated) for event in events)


def ledger(sessions: sessionmaker[Session], tenant_id: int) -> list[tuple[str, str | None]]:
    with transaction(sessions) as session:
        rows = session.execute(
            select(ProcessedEmail.result, ProcessedEmail.skip_reason)
            .where(ProcessedEmail.tenant_id == tenant_id)
            .order_by(ProcessedEmail.id)
        )
        return [(result, reason) for result, reason in rows]


def postings(sessions: sessionmaker[Session], tenant_id: int) -> int:
    with transaction(sessions) as session:
        return len(
            session.scalars(select(JobPosting).where(JobPosting.tenant_id == tenant_id)).all()
        )


@pytest.mark.postgres
def test_a_blast_in_two_mailboxes_makes_jobs_once_and_is_seen_in_both(
    sessions: sessionmaker[Session],
) -> None:
    one = new_tenant(sessions, mailbox=None, roles=["java"])
    two = second_mailbox(sessions, one)
    jobwriter = Jobwriter(stores=sql_stores(sessions), clock=lambda: RECEIVED)
    assert jobs_in(jobwriter.apply_parsed(blast(one, "INBOX:1"))) == 1
    assert jobs_in(jobwriter.apply_parsed(blast(two, "INBOX:9"))) == 0
    assert jobs_in(jobwriter.apply_parsed(blast(one, "INBOX:1"))) == 1  # a redelivery re-sends
    assert ledger(sessions, one.tenant_id) == [("job_created", None), ("skipped", SAME_MESSAGE)]
    assert postings(sessions, one.tenant_id) == 1


@pytest.mark.postgres
def test_a_blast_in_two_mailboxes_of_one_batch_makes_jobs_once(
    sessions: sessionmaker[Session],
) -> None:
    one = new_tenant(sessions, mailbox=None, roles=["java"])
    two = second_mailbox(sessions, one)
    jobwriter = Jobwriter(stores=sql_stores(sessions), clock=lambda: RECEIVED)
    # without a Message-ID the normalized body decides
    copies = [
        blast(mailbox, f"INBOX:{n}", message_id=None, body_digest="ab" * 32)
        for n, mailbox in enumerate((one, two))
    ]
    assert jobs_in(jobwriter.apply_parsed_batch(copies)) == 1
    assert ledger(sessions, one.tenant_id) == [("job_created", None), ("skipped", SAME_MESSAGE)]


@pytest.mark.postgres
def test_another_tenants_copy_makes_its_own_jobs(sessions: sessionmaker[Session]) -> None:
    one = new_tenant(sessions, mailbox=None, roles=["java"])
    other = new_tenant(sessions, mailbox=None, roles=["java"])
    jobwriter = Jobwriter(stores=sql_stores(sessions), clock=lambda: RECEIVED)
    assert jobs_in(jobwriter.apply_parsed(blast(one, "INBOX:1"))) == 1
    assert jobs_in(jobwriter.apply_parsed(blast(other, "INBOX:1"))) == 1
    assert postings(sessions, other.tenant_id) == 1
