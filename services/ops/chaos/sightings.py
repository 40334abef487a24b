"""The run's requirements as PostgreSQL holds them, tenant by tenant: every job the tenant's
mailboxes should yield is one sighting (whichever mailbox took the message), and the copies of
one requirement from several vendors are one requirement.

* ``lost_sightings``: jobs of the tenant's selected messages (each message once, however many
  of its mailboxes got it) with no sighting.
* ``duplicate_sightings``: one message's job sighted from two mailboxes (the message was taken
  for jobs twice).
* ``duplicate_requirements``: for each vendor-copied requirement, the requirements its copies'
  sightings ended in, minus one (what should be one but is more: two jobwriters racing).
* ``merged_requirements``: requirements holding copies of two different requirements.
* ``shared_job_mismatches``: messages in several mailboxes of the tenant whose job postings,
  summed over those mailboxes, differ from the extractor's count (taken once, in one mailbox).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from services.db.models import JobPosting, RequirementSighting
from services.db.session import transaction
from services.ops.chaos.fleet import WatchedIntegration


@dataclass(frozen=True)
class TenantExpectation:
    tenant_id: int
    messages: dict[str, int]  # selected message id → jobs, once however many mailboxes got it
    shared: frozenset[str]  # message ids selected in more than one of the tenant's mailboxes

    @property
    def jobs(self) -> int:
        return sum(self.messages.values())


def tenant_expectations(watched: Iterable[WatchedIntegration]) -> list[TenantExpectation]:
    messages: dict[int, dict[str, int]] = defaultdict(dict)
    mailboxes: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for integration in watched:
        for message_id, jobs in integration.expected.jobs.items():
            messages[integration.tenant_id][message_id] = jobs
            mailboxes[integration.tenant_id][message_id] += 1
    return [
        TenantExpectation(
            tenant_id,
            found,
            frozenset(m for m, n in mailboxes[tenant_id].items() if n > 1),
        )
        for tenant_id, found in sorted(messages.items())
    ]


@dataclass(frozen=True)
class TenantResult:
    tenant_id: int
    expected_sightings: int
    sightings: int
    lost_sightings: int
    duplicate_sightings: int
    shared_messages: int
    shared_job_mismatches: int
    vendor_copy_requirements: int  # distinct requirements holding vendor copies
    duplicate_requirements: int
    merged_requirements: int


def verify_tenant(
    session: Session, expectation: TenantExpectation, copy_clusters: Mapping[str, str]
) -> TenantResult:
    rows = session.execute(
        select(
            RequirementSighting.provider_message_id,
            RequirementSighting.job_index,
            RequirementSighting.requirement_id,
        ).where(RequirementSighting.tenant_id == expectation.tenant_id)
    ).all()
    sighted: dict[tuple[str, int], list[int]] = defaultdict(list)
    for message_id, job_index, requirement_id in rows:
        sighted[(str(message_id), int(job_index))].append(int(requirement_id))
    wanted = {(m, j) for m, n in expectation.messages.items() for j in range(n)}
    requirements_of: dict[str, set[int]] = defaultdict(set)
    clusters_of: dict[int, set[str]] = defaultdict(set)
    for (message_id, _), requirement_ids in sighted.items():
        cluster = copy_clusters.get(message_id)
        if cluster is not None and message_id in expectation.messages:
            requirements_of[cluster].update(requirement_ids)
            for requirement_id in requirement_ids:
                clusters_of[requirement_id].add(cluster)
    return TenantResult(
        tenant_id=expectation.tenant_id,
        expected_sightings=len(wanted),
        sightings=len(rows),
        lost_sightings=len(wanted - set(sighted)),
        duplicate_sightings=sum(len(ids) - 1 for ids in sighted.values()),
        shared_messages=len(expectation.shared),
        shared_job_mismatches=_shared_job_mismatches(session, expectation),
        vendor_copy_requirements=len(clusters_of),
        duplicate_requirements=sum(len(ids) - 1 for ids in requirements_of.values()),
        merged_requirements=sum(len(c) - 1 for c in clusters_of.values()),
    )


def _shared_job_mismatches(session: Session, expectation: TenantExpectation) -> int:
    if not expectation.shared:
        return 0
    postings = dict(
        session.execute(
            select(JobPosting.provider_message_id, func.count())
            .where(
                JobPosting.tenant_id == expectation.tenant_id,
                JobPosting.provider_message_id.in_(sorted(expectation.shared)),
            )
            .group_by(JobPosting.provider_message_id)
        ).all()
    )
    return sum(1 for m in expectation.shared if int(postings.get(m, 0)) != expectation.messages[m])


def verify_tenants(
    sessions: sessionmaker[Session],
    expectations: Iterable[TenantExpectation],
    copy_clusters: Mapping[str, str],
) -> list[TenantResult]:
    with transaction(sessions) as session:
        return [verify_tenant(session, e, copy_clusters) for e in expectations]
