"""Vendors on real PostgreSQL: senders writing from one free-mail domain for different
companies are different vendors, in the requirement's vendor count, its best-supported values,
the list's vendor sort and the vendor view."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import Rate
from services.db import requirements
from services.db.requirement_detail import requirement_view
from services.db.requirement_search import search_requirements
from services.db.session import transaction
from services.db.vendor_views import vendor_sightings
from services.domain.requirement_filters import PageRequest, RequirementFilters
from services.domain.vendor_stats import vendor_stats
from tests.pipeline_fixtures import new_tenant
from tests.requirement_samples import RECEIVED as NOW
from tests.requirement_samples import java_job, vendor_email

# three vendors writing from gmail.com, told apart by their signatures' companies
GMAIL_VENDORS = (
    ("Anil <anil.k@gmail.com>", "Infinity Systems LLC", 70),
    ("Raj <raj.m@gmail.com>", "Acme Technologies", 70),
    ("Priya <priya.s@gmail.com>", "Nexgen Solutions Inc", 65),
)


@pytest.mark.postgres
def test_three_gmail_senders_of_three_companies_are_three_vendors(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    results = []
    for n, (sender, company, rate) in enumerate(GMAIL_VENDORS):
        email = vendor_email(
            ids,
            f"gmail-{n}@example.com",
            sender,
            java_job(rate=Rate(min=rate, max=rate, unit="hour")),
            sender_company=company,
            received_at=NOW + timedelta(minutes=n),
        )
        with transaction(sessions) as session:
            results += requirements.record_sightings(
                session, emails=[(email, list(enumerate(email.jobs)))], now=NOW
            )[0]
    requirement_id = results[0].requirement_id
    assert {result.requirement_id for result in results} == {requirement_id}
    event = results[-1].event
    assert event is not None and event.vendors == 3

    with transaction(sessions) as session:
        listed = search_requirements(
            session,
            tenant_id=ids.tenant_id,
            filters=RequirementFilters(sort="vendors"),
            page=PageRequest(),
            now=NOW,
        ).rows
        view = requirement_view(session, tenant_id=ids.tenant_id, requirement_id=requirement_id)
        stats = vendor_stats(vendor_sightings(session, tenant_id=ids.tenant_id))
        one = vendor_stats(
            vendor_sightings(session, tenant_id=ids.tenant_id, vendor="acme-technologies")
        )
    assert [(row.requirement.id, row.vendors) for row in listed] == [(requirement_id, 3)]
    # each vendor's value counts once: two of three offered $70, the latest $65
    assert listed[0].requirement.rate_min == 70
    assert view is not None and view.vendors == 3
    assert sorted(s.vendor for s in stats) == [
        "acme-technologies",
        "infinity-systems",
        "nexgen-solutions",
    ]
    assert all(s.duplicate_share == 1.0 for s in stats)
    assert [s.companies for s in stats if s.vendor == "infinity-systems"] == [
        ("Infinity Systems LLC",)
    ]
    assert {s.vendor for s in one} == {s.vendor for s in stats}
