"""What the demo prints after the jobs: the tenant's requirements with their vendor counts."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from services.db.models import Requirement, RequirementSighting
from services.db.session import transaction
from services.demo.run import requirements_table
from services.domain.requirements import vendor_domain
from services.domain.vendor_identity import vendor_key
from tests.pipeline_fixtures import new_tenant
from tests.requirement_samples import RECEIVED


@pytest.mark.postgres
def test_requirements_are_listed_with_their_vendor_counts_most_first(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    # (sender, signature company) of each sighting
    copies: dict[tuple[str, str], list[tuple[str | None, str | None]]] = {
        ("Senior Java Developer", "Dallas, TX"): [
            ("ravi@acme.example", None),
            ("mike@bluepeak.example", "BluePeak Inc"),
            (None, None),
        ],
        # three vendors writing from gmail.com: two companies and one unknown sender
        ("Data Engineer", "Remote"): [
            ("anil@gmail.com", "Infinity Systems LLC"),
            ("raj@gmail.com", "Acme Technologies"),
            ("priya@gmail.com", None),
            ("raj@gmail.com", "Acme Technologies"),
        ],
    }
    with transaction(sessions) as session:
        for (title, location), senders in copies.items():
            requirement = Requirement(
                tenant_id=ids.tenant_id,
                block_key="x",
                title=title,
                location=location,
                sightings=len(senders),
                first_seen_at=RECEIVED,
                last_seen_at=RECEIVED,
            )
            session.add(requirement)
            session.flush()
            for index, (sender, company) in enumerate(senders):
                session.add(
                    RequirementSighting(
                        requirement_id=requirement.id,
                        tenant_id=ids.tenant_id,
                        integration_id=ids.integration_id,
                        provider_message_id=f"{title}-{index}",
                        job_index=0,
                        sender=sender,
                        vendor_domain=vendor_domain(sender),
                        vendor_company=company,
                        vendor_key=vendor_key(sender, company),
                        title=title,
                    )
                )
    with transaction(sessions) as session:
        table = requirements_table(session, tenant_id=ids.tenant_id).splitlines()
    assert table[0].split() == ["#", "title", "location", "vendors", "sightings", "status"]
    rows = [line.split("  ") for line in table[2:]]
    cells = [[cell.strip() for cell in row if cell.strip()] for row in rows]
    # a sighting without a sender counts no vendor; gmail.com senders count one each
    assert [c[1:] for c in cells] == [
        ["Data Engineer", "Remote", "3", "4", "open"],
        ["Senior Java Developer", "Dallas, TX", "2", "3", "open"],
    ]
