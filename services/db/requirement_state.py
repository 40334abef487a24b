"""The requirements a batch of sightings may touch, loaded once and kept in memory.

Matching a batch one job at a time against the database cost a dozen round trips per job (the
existing sighting, the candidates, their job ids, the insert, all sightings again for the
canonical fields, the event's state). Instead, after the batch's advisory locks are taken
(services.db.requirements), three queries load what the batch can see: the sightings it may
repeat, the requirements it may join (open, in the window, of its blocks or job ids, and those
of its repeated sightings) and all their sightings. The batch then matches, recomputes canonical
fields and builds its events in memory, and writes once. Under the locks no other writer adds a
sighting of those blocks meanwhile, so the memory view is what the database would answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, false, or_, select, tuple_
from sqlalchemy.orm import Session

from schemas.contracts.models import ExtractedJob
from services.db import requirement_pins
from services.db.models import Requirement, RequirementSighting
from services.domain import requirement_overrides as overrides
from services.domain import requirements as rules

# the requirement fields that follow their sightings' best-supported values
CANONICAL = (
    "title",
    "client",
    "location",
    "work_mode",
    "duration_months",
    "rate_min",
    "rate_max",
    "rate_unit",
    "job_ref",
)
# a sighting's unique key: (tenant, integration, provider message id, job index)
SightingKey = tuple[int, int, str, int]
# sightings the database orders by (coalesce(received_at, created_at), id); one written in this
# batch has a larger id than any loaded, so (time, 0, id) for loaded, (time, 1, n) for new
Order = tuple[datetime, int, int]


@dataclass
class HeldSighting:
    order: Order
    vendor: str | None  # services.domain.vendor_identity.vendor_key
    # the CANONICAL fields, and skills as a tuple (None when empty)
    values: dict[str, Any]
    sighting_id: int | None = None  # None until written


@dataclass(eq=False)
class HeldRequirement:
    """A requirement row as this batch changes it, with what its sightings add up to."""

    id: int | None  # None until a new one is written
    tenant_id: int
    block_key: str
    status: str
    fields: dict[str, Any]  # CANONICAL and skills (a list), as on the row
    sightings: int
    first_seen_at: datetime
    last_seen_at: datetime
    new: bool = False
    touched: bool = False  # a field to write back
    refs: set[str] = field(default_factory=set)  # its sightings' job ids (job_ref_key)
    vendors: set[str] = field(default_factory=set)  # its sightings' vendor keys
    first_sighting_id: int | None = None  # of the sightings written before this batch
    merged_into_id: int | None = None  # a recruiter merged it into that one
    held_sightings: int = 0  # sightings loaded or added
    _tallies: dict[str, rules.LatestByVendor[Any]] = field(
        default_factory=lambda: {name: rules.LatestByVendor() for name in (*CANONICAL, "skills")}
    )
    _profile: rules.Profile | None = None

    def profile(self) -> rules.Profile:
        """The matching view of its canonical fields (kept until they change)."""
        if self._profile is None:
            self._profile = rules.profile(as_job(self.fields))
        return self._profile

    def add(self, sighting: HeldSighting, job_ref_key: str | None) -> None:
        for name, tally in self._tallies.items():
            tally.add(sighting.order, sighting.vendor, sighting.values[name])
        if sighting.vendor is not None:
            self.vendors.add(sighting.vendor)
        if job_ref_key:
            self.refs.add(job_ref_key)
        if sighting.sighting_id is not None and (
            self.first_sighting_id is None or sighting.sighting_id < self.first_sighting_id
        ):
            self.first_sighting_id = sighting.sighting_id
        self.held_sightings += 1

    def recompute(self) -> dict[str, tuple[Any, Any]]:
        """Set the canonical fields from all its sightings (each the best-supported value,
        services.domain.requirements.canonical); the changed ones, (old, new). A title none
        gives is left as it is; skills are a list."""
        values: dict[str, Any] = {}
        for name in CANONICAL:
            value = self._tallies[name].best()
            if name == "title" and value is None:
                continue
            values[name] = value
        values["skills"] = list(self._tallies["skills"].best() or ())
        changed: dict[str, tuple[Any, Any]] = {}
        for name, value in values.items():
            old = self.fields.get(name)
            if old != value:
                changed[name] = (old, value)
                self.fields[name] = value
        if changed:
            self._profile = None
        return changed


@dataclass
class BatchState:
    # the batch's sighting keys already written, and their requirement
    existing: dict[SightingKey, tuple[int, int]]
    held: list[HeldRequirement]  # loaded ones by id, then new ones as created
    by_id: dict[int, HeldRequirement]
    # per tenant, the recruiters' split pins the batch's sightings may match
    pins: dict[int, list[overrides.Pin]]

    def hold(self, requirement: HeldRequirement) -> None:
        """One more loaded requirement, in its place by id (before the new ones)."""
        assert requirement.id is not None
        place = next(
            (
                n
                for n, held in enumerate(self.held)
                if held.new or (held.id is not None and held.id > requirement.id)
            ),
            len(self.held),
        )
        self.held.insert(place, requirement)
        self.by_id[requirement.id] = requirement


def as_job(fields: dict[str, Any]) -> ExtractedJob:
    """A requirement's canonical fields as a job, for its matching profile."""
    rate: dict[str, Any] | None = None
    if fields.get("rate_unit") is not None:
        rate = {"min": fields["rate_min"], "max": fields["rate_max"], "unit": fields["rate_unit"]}
    return ExtractedJob.model_validate(
        {
            "title": fields["title"],
            "client": fields.get("client"),
            "location": fields.get("location"),
            "skills": list(fields.get("skills") or ())[:8],
            "rate": rate,
            "job_id": fields.get("job_ref"),
        }
    )


def utc(moment: datetime) -> datetime:
    """As PostgreSQL hands a timestamptz back (sessions in UTC); a naive time is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def load(
    session: Session,
    *,
    keys: Iterable[SightingKey],
    blocks: Iterable[tuple[int, str]],
    job_ids: Iterable[tuple[int, str]],
    cutoff: datetime,
) -> BatchState:
    """What a batch with these sighting keys, (tenant, block key) and (tenant, job id) pairs
    can see; call it with the batch's locks held."""
    keys, blocks, job_ids = sorted(set(keys)), sorted(set(blocks)), sorted(set(job_ids))
    existing: dict[SightingKey, tuple[int, int]] = {}
    if keys:
        for tenant, integration, message, index, sighting_id, requirement_id in session.execute(
            select(
                RequirementSighting.tenant_id,
                RequirementSighting.integration_id,
                RequirementSighting.provider_message_id,
                RequirementSighting.job_index,
                RequirementSighting.id,
                RequirementSighting.requirement_id,
            ).where(
                tuple_(
                    RequirementSighting.tenant_id,
                    RequirementSighting.integration_id,
                    RequirementSighting.provider_message_id,
                    RequirementSighting.job_index,
                ).in_(keys)
            )
        ):
            existing[(tenant, integration, message, index)] = (sighting_id, requirement_id)
    held = _requirements(session, blocks, job_ids, cutoff, {r for _, r in existing.values()})
    by_id = {requirement.id: requirement for requirement in held if requirement.id is not None}
    _sightings(session, by_id)
    pins = requirement_pins.pins_of_batch(
        session, messages={key[:3] for key in keys}, job_ids=job_ids
    )
    return BatchState(existing, held, by_id, pins)


def _requirements(
    session: Session,
    blocks: Sequence[tuple[int, str]],
    job_ids: Sequence[tuple[int, str]],
    cutoff: datetime,
    repeated: set[int],
) -> list[HeldRequirement]:
    """The open requirements of the window in the blocks or with a sighting of the job ids,
    and those the repeated sightings belong to; by id."""
    matchable = []
    if blocks:
        matchable.append(tuple_(Requirement.tenant_id, Requirement.block_key).in_(blocks))
    if job_ids:
        matchable.append(
            Requirement.id.in_(
                select(RequirementSighting.requirement_id).where(
                    tuple_(RequirementSighting.tenant_id, RequirementSighting.job_ref_key).in_(
                        job_ids
                    )
                )
            )
        )
    where = or_(
        and_(
            # a merged one stands for its survivor (services.db.requirement_pins)
            Requirement.status.in_(overrides.MATCHABLE_STATUSES),
            Requirement.last_seen_at >= cutoff,
            or_(*matchable) if matchable else false(),
        ),
        Requirement.id.in_(sorted(repeated)) if repeated else false(),
    )
    return _held(session.execute(_requirements_query(where)))


def load_one(session: Session, requirement_id: int) -> HeldRequirement | None:
    """One requirement and its sightings, its row locked (a merge's survivor or a split's
    target, which the batch's candidates may not include)."""
    found = _held(
        session.execute(
            _requirements_query(Requirement.id == requirement_id).with_for_update(of=Requirement)
        )
    )
    if found:
        _sightings(session, {requirement_id: found[0]})
    return found[0] if found else None


def _requirements_query(where: ColumnElement[bool]) -> Select[Any]:
    return (
        select(
            Requirement.id,
            Requirement.tenant_id,
            Requirement.block_key,
            Requirement.status,
            Requirement.sightings,
            Requirement.first_seen_at,
            Requirement.last_seen_at,
            Requirement.merged_into_id,
            *(getattr(Requirement, name) for name in (*CANONICAL, "skills")),
        )
        .where(where)
        .order_by(Requirement.id)
    )


def _held(rows: Iterable[Row[Any]]) -> list[HeldRequirement]:
    return [
        HeldRequirement(
            id=row.id,
            tenant_id=row.tenant_id,
            block_key=row.block_key,
            status=row.status,
            fields={name: getattr(row, name) for name in (*CANONICAL, "skills")},
            sightings=row.sightings,
            first_seen_at=row.first_seen_at,
            last_seen_at=row.last_seen_at,
            merged_into_id=row.merged_into_id,
        )
        for row in rows
    ]


def _sightings(session: Session, by_id: dict[int, HeldRequirement]) -> None:
    """Every sighting of the held requirements."""
    if by_id:
        for row in session.execute(sightings_query(sorted(by_id))):
            by_id[row.requirement_id].add(held_sighting(row), row.job_ref_key)


def sightings_query(requirement_ids: Sequence[int]) -> Select[Any]:
    """The columns of the requirements' sightings that their canonical fields need."""
    return select(
        RequirementSighting.id,
        RequirementSighting.requirement_id,
        RequirementSighting.vendor_key,
        RequirementSighting.received_at,
        RequirementSighting.created_at,
        RequirementSighting.job_ref_key,
        RequirementSighting.skills,
        *(getattr(RequirementSighting, name) for name in CANONICAL),
    ).where(RequirementSighting.requirement_id.in_(requirement_ids))


def held_sighting(row: Row[Any]) -> HeldSighting:
    """A row of ``sightings_query``, in the database's order of sightings."""
    values = {name: getattr(row, name) for name in CANONICAL}
    values["skills"] = tuple(row.skills) or None
    return HeldSighting(
        order=(row.received_at or row.created_at, 0, row.id),
        vendor=row.vendor_key,
        values=values,
        sighting_id=row.id,
    )
