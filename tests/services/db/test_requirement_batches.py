"""Requirements recorded a batch at a time on real PostgreSQL: a batch reads and writes in a
few statements whatever its size, later emails of a batch see the earlier ones' sightings, and
a sighting key another writer takes meanwhile is recorded once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import ParsedEmail, Rate
from services.db import requirements
from services.db.models import Requirement, RequirementHistory, RequirementSighting
from services.db.session import transaction
from services.demo.seed import DemoIds
from tests.pipeline_fixtures import new_tenant
from tests.requirement_samples import RECEIVED as NOW
from tests.requirement_samples import java_job, vendor_email
from tests.services.db.test_dbapi import round_trips

CITIES = ("Charlotte, NC", "Austin, TX", "Denver, CO", "Phoenix, AZ", "Tampa, FL", "Boise, ID")


def jobs_of(email: ParsedEmail) -> requirements.EmailJobs:
    return email, list(enumerate(email.jobs))


def copies(ids: DemoIds, batch: str) -> list[ParsedEmail]:
    """Two vendors' copies of a requirement in each of six cities, the second with a raised
    rate (a new requirement, then a sighting that changes it and keeps history)."""
    emails = []
    for n, city in enumerate(CITIES):
        emails.append(
            vendor_email(
                ids, f"{batch}-a{n}", "ravi@techvendor.com", java_job(location=city, client=None)
            )
        )
        raised = java_job(location=city, client=None, rate=Rate(min=70, max=70, unit="hour"))
        emails.append(vendor_email(ids, f"{batch}-b{n}", "mike@apex.com", raised))
    return emails


@pytest.fixture
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements sent to PostgreSQL meanwhile (an executemany counts once)."""
    sent: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    yield sent
    event.remove(engine, "before_cursor_execute", count)


@pytest.mark.postgres
def test_a_batch_reads_and_writes_in_a_few_statements_whatever_its_size(
    sessions: sessionmaker[Session], statements: list[str]
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    first = copies(ids, "first")
    with transaction(sessions) as session:
        requirements.record_sightings(session, emails=[jobs_of(e) for e in first], now=NOW)
    # the same six requirements seen again by a third vendor, and the first batch redelivered
    again = [
        vendor_email(ids, f"again-{n}", "sam@bright.com", java_job(location=city, client=None))
        for n, city in enumerate(CITIES)
    ]
    del statements[:]
    with transaction(sessions) as session:
        results = requirements.record_sightings(
            session,
            emails=[jobs_of(e) for e in (*again, *first)],
            redelivered=[False] * len(again) + [True] * len(first),
            now=NOW,
        )
    assert [r.new_sighting for rs in results for r in rs] == [True] * 6 + [False] * 12
    # locks, a savepoint, four reads (sightings of the batch, candidates, their sightings,
    # recruiters' pins), sightings and history inserts, one executemany update and the
    # savepoint's release: the same for 2 emails or 200
    assert len(statements) <= 11, statements
    (created, *_) = results[len(again)]
    assert created.new_requirement and created.event is not None
    assert created.event.sightings == 3  # the requirement's state now, as any redelivery
    assert created.event.vendors == 3


@pytest.mark.postgres
def test_the_savepoint_of_a_batch_costs_no_round_trip_of_its_own(
    sessions: sessionmaker[Session],
) -> None:
    """It goes with the batch's first read and ends with the transaction (no RELEASE)."""
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    with transaction(sessions) as session:
        requirements.record_sightings(
            session, emails=[jobs_of(e) for e in copies(ids, "first")], now=NOW
        )
    with transaction(sessions) as session:
        sent = round_trips(session)
        results = requirements.record_sightings(
            session, emails=[jobs_of(e) for e in copies(ids, "again")], now=NOW
        )
    assert [r.new_sighting for rs in results for r in rs] == [True] * 2 * len(CITIES)
    alone = [s for s in sent if "SAVEPOINT" in s and ";" not in s]
    assert alone == []
    assert sum(s.startswith("SAVEPOINT requirement_sightings; ") for s in sent) == 1


@pytest.mark.postgres
def test_later_emails_of_a_batch_see_the_earlier_ones_sightings(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    emails = copies(ids, "batch")
    with transaction(sessions) as session:
        results = requirements.record_sightings(
            session, emails=[jobs_of(e) for e in emails], now=NOW
        )
    kinds = [(r.new_requirement, r.changed_fields) for rs in results for r in rs]
    assert kinds == [(True, ()), (False, ("rate_min", "rate_max"))] * len(CITIES)
    with transaction(sessions) as session:
        stored = session.execute(
            select(Requirement.sightings, Requirement.rate_min, func.count(RequirementHistory.id))
            .join(RequirementHistory, RequirementHistory.requirement_id == Requirement.id)
            .where(Requirement.tenant_id == ids.tenant_id)
            .group_by(Requirement.id)
        ).all()
    # two vendors at 65 and 70: a tie goes to the latest
    assert sorted(tuple(row) for row in stored) == [(2, 70.0, 2)] * len(CITIES)


@pytest.mark.postgres
def test_new_requirements_and_the_sightings_go_in_one_statement_each_on_its_requirement(
    sessions: sessionmaker[Session],
) -> None:
    """A batch that creates requirements and sights existing ones: the sightings, in the
    batch's order, each on the requirement its result names (a new one's id from the same
    statement), one requirement per city."""
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    known = [
        vendor_email(ids, f"known-{n}", "sam@bright.com", java_job(location=city, client=None))
        for n, city in enumerate(CITIES[:3])
    ]
    with transaction(sessions) as session:
        requirements.record_sightings(session, emails=[jobs_of(e) for e in known], now=NOW)
    batch = copies(ids, "mixed")  # three cities known, three new, two copies each
    with transaction(sessions) as session:
        sent = round_trips(session)
        results = requirements.record_sightings(
            session, emails=[jobs_of(e) for e in batch], now=NOW
        )
    inserts = [s for s in sent if "INSERT INTO requirement_sightings" in s]
    assert len(inserts) == 1 and "INSERT INTO requirements" in inserts[0]
    assert [r.new_requirement for rs in results for r in rs] == [False] * 6 + [True, False] * 3
    with transaction(sessions) as session:
        stored = session.execute(
            select(
                RequirementSighting.provider_message_id,
                RequirementSighting.requirement_id,
                Requirement.location,
            )
            .join(Requirement, Requirement.id == RequirementSighting.requirement_id)
            .where(RequirementSighting.tenant_id == ids.tenant_id)
            .order_by(RequirementSighting.id)
        ).all()
    mine = [tuple(row) for row in stored if row[0].startswith("mixed")]
    assert mine == [
        (email.provider_message_id, result.requirement_id, email.jobs[0].location)
        for email, (result,) in zip(batch, results, strict=True)
    ]
    assert len({requirement for _, requirement, _ in stored}) == len(CITIES)


@pytest.mark.postgres
def test_a_sighting_key_another_writer_takes_meanwhile_is_recorded_once(
    sessions: sessionmaker[Session], engine: Engine
) -> None:
    """Two extractions of one email (so two blocks, two sets of locks) recorded at once: the
    second's insert waits for the first's commit and loses; it then finds the first's sighting
    instead of leaving a requirement of its own without one."""
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    java = vendor_email(ids, "same-1", "ravi@techvendor.com", java_job())
    analyst = vendor_email(
        ids,
        "same-1",
        "ravi@techvendor.com",
        java_job(title="Data Analyst", skills=["sql", "tableau"]),
        received_at=NOW + timedelta(minutes=1),
    )
    written = threading.Event()
    results: dict[str, list[requirements.SightingResult]] = {}
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with transaction(sessions) as session:
                results["first"] = requirements.record_sightings(
                    session, emails=[jobs_of(java)], now=NOW
                )[0]
                written.set()
                _wait_for_a_blocked_insert(engine)
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)
            written.set()

    def second() -> None:
        try:
            written.wait(timeout=60)
            with transaction(sessions) as session:
                results["second"] = requirements.record_sightings(
                    session, emails=[jobs_of(analyst)], now=NOW
                )[0]
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not errors
    (won,), (lost,) = results["first"], results["second"]
    assert won.new_sighting and not lost.new_sighting
    assert lost.requirement_id == won.requirement_id
    with transaction(sessions) as session:
        assert session.scalars(
            select(Requirement.sightings).where(Requirement.tenant_id == ids.tenant_id)
        ).all() == [1]
        assert (
            session.scalar(
                select(func.count()).where(RequirementSighting.tenant_id == ids.tenant_id)
            )
            == 1
        )


def _wait_for_a_blocked_insert(engine: Engine) -> None:
    """Until another backend waits for a lock (the second writer, for the first's transaction
    whose uncommitted sighting has the key it inserts)."""
    with engine.connect() as connection:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            waiting = connection.execute(
                text("SELECT count(*) FROM pg_locks WHERE NOT granted")
            ).scalar_one()
            if waiting:
                return
            connection.execute(text("SELECT pg_sleep(0.05)"))
        activity = connection.execute(
            text(
                "SELECT state, wait_event_type, wait_event, left(query, 80) FROM pg_stat_activity"
                " WHERE backend_type = 'client backend' AND state <> 'idle'"
            )
        ).all()
    raise AssertionError(f"the second writer never waited for the first's sighting: {activity}")
