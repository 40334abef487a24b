"""What the demo prints after the jobs: the tenant's requirements with their vendor counts."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from services.db.models import Requirement, RequirementSighting
from services.db.session import transaction
from services.demo.run import requirements_table
from tests.pipeline_fixtures import new_tenant
from tests.requirement_samples import RECEIVED


@pytest.mark.postgres
def test_requirements_are_listed_with_their_vendor_counts_most_first(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    copies: dict[tuple[str, str], list[str | None]] = {
        ("Senior Java Developer", "Dallas, TX"): ["acme.example", "bluepeak.example", None],
        ("Data Engineer", "Remote"): ["acme.example"],
    }
    with transaction(sessions) as session:
        for (title, location), vendors in copies.items():
            requirement = Requirement(
                tenant_id=ids.tenant_id,
                block_key="x",
                title=title,
                location=location,
                sightings=len(vendors),
                first_seen_at=RECEIVED,
                last_seen_at=RECEIVED,
            )
            session.add(requirement)
            session.flush()
            for index, vendor in enumerate(vendors):
                session.add(
                    RequirementSighting(
                        requirement_id=requirement.id,
                        tenant_id=ids.tenant_id,
                        integration_id=ids.integration_id,
                        provider_message_id=f"{title}-{index}",
                        job_index=0,
                        vendor_domain=vendor,
                        title=title,
                    )
                )
    with transaction(sessions) as session:
        table = requirements_table(session, tenant_id=ids.tenant_id).splitlines()
    assert table[0].split() == ["#", "title", "location", "vendors", "sightings", "status"]
    rows = [line.split("  ") for line in table[2:]]
    cells = [[cell.strip() for cell in row if cell.strip()] for row in rows]
    # a sighting without a vendor domain counts no vendor
    assert [c[1:] for c in cells] == [
        ["Senior Java Developer", "Dallas, TX", "2", "3", "open"],
        ["Data Engineer", "Remote", "1", "1", "open"],
    ]
