"""A tenant's requirements as a recruiter lists them, written by the real jobwriter (ledger,
job postings, sightings) for the requirements API and page tests.

Relative to now: Java in Charlotte from techvendor.com (1 day ago; again 12 h ago with the rate
raised to 70) and apex.com (2 days ago, in a second mailbox); a remote Data Analyst from
apex.com (2 days ago); a Python role in Austin from b.com, c.com and d.com (20 days ago); and a
hostile title (a spreadsheet formula and a script tag) from evil.test (3 days ago).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import FieldEvidence, ParsedEmail, Rate
from services.db.models import EmailIntegration, Requirement
from services.db.session import transaction
from services.demo.seed import DemoIds
from services.jobwriter.store import sql_stores
from services.jobwriter.usecase import Jobwriter
from tests.pipeline_fixtures import new_tenant
from tests.requirement_samples import java_job, vendor_email

HOSTILE_TITLE = "=HYPERLINK(\"http://evil.test\") <script>alert('x')</script> Engineer"
HOSTILE_CLIENT = 'Acme, "East"\nDivision'
HOSTILE_EVIDENCE = "<img src=x onerror=alert(1)>"


@dataclass(frozen=True)
class Listing:
    ids: DemoIds
    second_mailbox: int  # another integration of the tenant
    java: int
    analyst: int
    python: int
    hostile: int
    now: datetime


def _job_email(
    ids: DemoIds, message: str, sender: str, when: datetime, **job: object
) -> ParsedEmail:
    return vendor_email(
        ids, message, sender, java_job(**job), received_at=when, subject=f"Req: {job.get('title')}"
    )


def seed_listing(sessions: sessionmaker[Session], *, name: str = "agency") -> Listing:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    with transaction(sessions) as session:
        first = session.get(EmailIntegration, ids.integration_id)
        assert first is not None
        first.account_email = f"recruiter@{name}.test"
        second = EmailIntegration(
            tenant_id=ids.tenant_id,
            user_id=ids.user_id,
            provider="maildir",
            account_email=f"second@{name}.test",
            config={},
            is_active=True,
        )
        session.add(second)
        session.flush()
        second_id = second.id
    now = datetime.now(UTC)
    day = timedelta(days=1)
    java = {
        "title": "Senior Java Developer",
        "visa": ["H1B", "GC"],
        "employment_types": ["C2C"],
    }
    python = {
        "title": "Python Developer",
        "client": "Dell",
        "location": "Austin, TX",
        "work_mode": "hybrid",
        "skills": ["python", "django", "postgresql"],
        "rate": Rate(min=90, max=100, unit="hour"),
        "employment_types": ["W2"],
    }
    techvendor = _job_email(
        ids, "t1@techvendor.com", "Ravi <ravi@techvendor.com>", now - day, **java
    )
    techvendor = techvendor.model_copy(
        update={
            "evidence": [
                FieldEvidence(
                    job_index=0, field="title", start=0, end=21, text="Senior Java Developer"
                ),
                FieldEvidence(job_index=0, field="client", start=30, end=58, text=HOSTILE_EVIDENCE),
            ]
        }
    )
    emails = [
        # the oldest first: the jobwriter sees them in the order they arrived
        *(
            _job_email(ids, f"p1@{vendor}", f"jobs@{vendor}", now - 20 * day, **python)
            for vendor in ("b.com", "c.com", "d.com")
        ),
        _job_email(
            ids,
            "h1@evil.test",
            "Eve <eve@evil.test>",
            now - 3 * day,
            title=HOSTILE_TITLE,
            client=HOSTILE_CLIENT,
            location="Denver, CO",
            skills=["go", "rust"],
            rate=Rate(min=80, max=80, unit="hour"),
        ),
        vendor_email(
            ids,
            "a1@apex.com",
            "mike@apex.com",
            java_job(title="Sr. Java Dev", employment_types=["C2C", "W2"]),
            received_at=now - 2 * day,
            subject="Sr. Java Dev - Charlotte",
        ).model_copy(update={"integration_id": second_id}),
        _job_email(
            ids,
            "a2@apex.com",
            "mike@apex.com",
            now - 2 * day,
            title="Data Analyst",
            client=None,
            location="Remote",
            work_mode="remote",
            skills=["sql", "tableau", "excel"],
            rate=Rate(min=50, max=50, unit="hour"),
            employment_types=["W2"],
            visa=["USC"],
        ),
        techvendor,
        _job_email(
            ids,
            "t2@techvendor.com",
            "Ravi <ravi@techvendor.com>",
            now - day / 2,
            **java,
            rate=Rate(min=70, max=70, unit="hour"),
        ),
    ]
    jobwriter = Jobwriter(stores=sql_stores(sessions), clock=lambda: now)
    for email in emails:
        jobwriter.apply_parsed(email)
    with transaction(sessions) as session:
        found = session.execute(
            select(Requirement.title, Requirement.id).where(Requirement.tenant_id == ids.tenant_id)
        ).all()
        titles: dict[str, int] = dict(found)
    return Listing(
        ids,
        second_id,
        java=titles["Senior Java Developer"],
        analyst=titles["Data Analyst"],
        python=titles["Python Developer"],
        hostile=titles[HOSTILE_TITLE],
        now=now,
    )


def mark_merged(sessions: sessionmaker[Session], requirement_id: int, *, into: int) -> None:
    """The requirement as a recruiter's merge into ``into`` leaves it."""
    with transaction(sessions) as session:
        merged = session.get(Requirement, requirement_id)
        assert merged is not None
        merged.status, merged.merged_into_id = "merged", into
