"""The requirements a batch of sightings may touch, loaded once and kept in memory.

Matching a batch one job at a time against the database cost a dozen round trips per job (the
existing sighting, the candidates, their job ids, the insert, all sightings again for the
canonical fields, the event's state). Instead, after the batch's advisory locks are taken
(services.db.requirements), three queries load what the batch can see: the sightings it may
repeat, the requirements it may join (open, in the window, of its blocks or job ids, and those
of its repeated sightings) and all their sightings. The batch then matches, recomputes canonical
fields and builds its events in memory, and writes once. Under the locks no other writer adds a
sighting of those blocks meanwhile, so the memory view is what the database would answer.
The queries are in services.db.requirement_loads. A jobwriter keeps the requirements a batch
held for its next batches while their rows keep their version (services.db.requirement_cache).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Row

from schemas.contracts.models import ExtractedJob
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


class SightingRow(NamedTuple):
    """A loaded sighting, the columns its requirement's canonical fields need (in the order of
    services.db.requirement_loads' sightings query)."""

    id: int
    requirement_id: int
    vendor_key: str | None
    received_at: datetime | None
    created_at: datetime
    job_ref_key: str | None
    skills: str  # JSON text, decoded only for the sightings a batch tallies
    title: str
    client: str | None
    location: str | None
    work_mode: str | None
    duration_months: int | None
    rate_min: float | None
    rate_max: float | None
    rate_unit: str | None
    job_ref: str | None


# a sighting row as the batch's raw query or a SQLAlchemy query returns it
AnySightingRow = SightingRow | Row[Any]


@dataclass
class HeldSighting:
    order: Order
    vendor: str | None  # services.domain.vendor_identity.vendor_key
    # the CANONICAL fields, and skills as a tuple (None when empty)
    values: dict[str, Any]
    sighting_id: int | None = None  # None until written


@dataclass(eq=False)
class HeldRequirement:
    """A requirement row as this batch changes it, with what its sightings add up to.

    Loaded sightings are kept as rows and tallied only when the requirement is touched (a
    sighting joins it, or its state goes into an event): a batch loads every requirement its
    jobs may match, and most of them are only scored."""

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
    merged_into_id: int | None = None  # a recruiter merged it into that one
    _untallied: list[AnySightingRow] = field(default_factory=list)  # its loaded sightings
    # loads its sightings when first tallied, for a requirement whose sightings are not loaded
    _loader: Callable[[HeldRequirement], None] | None = None
    _tallies: dict[str, rules.LatestByVendor[Any]] | None = None
    _vendors: set[str] = field(default_factory=set)
    _first_sighting_id: int | None = None
    _held_sightings: int = 0
    _profile: rules.Profile | None = None

    def profile(self) -> rules.Profile:
        """The matching view of its canonical fields (kept until they change)."""
        if self._profile is None:
            self._profile = profile_of(self.fields)
        return self._profile

    @property
    def sightings_loaded(self) -> bool:
        return self._loader is None

    def hold_row(self, row: AnySightingRow) -> None:
        """A loaded sighting: its job id counts for matching now, the rest once touched."""
        self._loader = None
        self._untallied.append(row)
        if row.job_ref_key:
            self.refs.add(row.job_ref_key)

    @property
    def vendors(self) -> set[str]:
        """Its sightings' vendor keys."""
        self._tally()
        return self._vendors

    @property
    def first_sighting_id(self) -> int | None:
        """The first of the sightings written before this batch."""
        self._tally()
        return self._first_sighting_id

    @property
    def held_sightings(self) -> int:
        """Sightings loaded or added."""
        self._tally()
        return self._held_sightings

    def add(self, sighting: HeldSighting, job_ref_key: str | None) -> None:
        self._count(self._tally(), sighting, job_ref_key)

    def _tally(self) -> dict[str, rules.LatestByVendor[Any]]:
        if self._loader is not None:
            self._loader(self)
            self._loader = None
        if self._tallies is None:
            self._tallies = {name: rules.LatestByVendor() for name in (*CANONICAL, "skills")}
        if self._untallied:
            rows, self._untallied = self._untallied, []
            for row in rows:
                self._count(self._tallies, held_sighting(row), row.job_ref_key)
        return self._tallies

    def _count(
        self,
        tallies: dict[str, rules.LatestByVendor[Any]],
        sighting: HeldSighting,
        job_ref_key: str | None,
    ) -> None:
        for name, tally in tallies.items():
            tally.add(sighting.order, sighting.vendor, sighting.values[name])
        if sighting.vendor is not None:
            self._vendors.add(sighting.vendor)
        if job_ref_key:
            self.refs.add(job_ref_key)
        if sighting.sighting_id is not None and (
            self._first_sighting_id is None or sighting.sighting_id < self._first_sighting_id
        ):
            self._first_sighting_id = sighting.sighting_id
        self._held_sightings += 1

    def inserted(self, first_sighting_id: int | None) -> None:
        """Its row and its sightings are written (a new one): held from now on as a requirement
        loaded with its sightings (a later batch may take it from the cache)."""
        self.new = False
        self._first_sighting_id = first_sighting_id

    def recompute(self) -> dict[str, tuple[Any, Any]]:
        """Set the canonical fields from all its sightings (each the best-supported value,
        services.domain.requirements.canonical); the changed ones, (old, new). A title none
        gives is left as it is; skills are a list."""
        tallies = self._tally()
        values: dict[str, Any] = {}
        for name in CANONICAL:
            value = tallies[name].best()
            if name == "title" and value is None:
                continue
            values[name] = value
        values["skills"] = list(tallies["skills"].best() or ())
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
    # the row version each held requirement was read at (services.db.requirement_cache)
    versions: dict[int, int] = field(default_factory=dict)
    # the held requirements by (tenant, block key) and by (tenant, job id of a sighting), each
    # list in ``held`` order: a job's candidates without a pass over every held requirement
    _by_block: dict[tuple[int, str], list[HeldRequirement]] = field(default_factory=dict)
    _by_ref: dict[tuple[int, str], list[HeldRequirement]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._reindex()

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
        self._reindex()

    def add_new(self, requirement: HeldRequirement) -> None:
        """A requirement created by the batch, after every held one."""
        self.held.append(requirement)
        self._index(requirement)

    def candidates(self, tenant_id: int, block: str, job_id: str | None) -> list[HeldRequirement]:
        """The held requirements of the tenant in ``block`` or with a sighting of ``job_id``,
        in ``held`` order."""
        in_block = self._by_block.get((tenant_id, block), [])
        with_job = self._by_ref.get((tenant_id, job_id), []) if job_id is not None else []
        if not with_job:
            return in_block
        place = {id(requirement): n for n, requirement in enumerate(self.held)}
        merged = {id(requirement): requirement for requirement in (*in_block, *with_job)}
        return sorted(merged.values(), key=lambda requirement: place[id(requirement)])

    def index_ref(self, requirement: HeldRequirement, ref: str) -> None:
        """Find ``requirement`` by ``ref`` too (a sighting with that job id joined it)."""
        listed = self._by_ref.setdefault((requirement.tenant_id, ref), [])
        if requirement not in listed:
            listed.append(requirement)

    def _index(self, requirement: HeldRequirement) -> None:
        """A requirement not indexed yet (each of its refs once: a set); every batch indexes
        all it holds, tens to hundreds, so no membership test per ref as ``index_ref``."""
        tenant = requirement.tenant_id
        self._by_block.setdefault((tenant, requirement.block_key), []).append(requirement)
        for ref in requirement.refs:
            self._by_ref.setdefault((tenant, ref), []).append(requirement)

    def _reindex(self) -> None:
        self._by_block, self._by_ref = {}, {}
        for requirement in self.held:
            self._index(requirement)


def profile_of(fields: dict[str, Any]) -> rules.Profile:
    """The matching profile of canonical fields. Each batch loads the requirements its jobs
    may match afresh, mostly the same ones as the batch before: their profiles are cached by
    the fields they depend on."""
    return _cached_profile(
        fields["title"],
        fields.get("client"),
        fields.get("location"),
        tuple(fields.get("skills") or ())[:8],
        fields.get("rate_min"),
        fields.get("rate_max"),
        fields.get("rate_unit"),
        fields.get("job_ref"),
    )


@lru_cache(maxsize=8192)
def _cached_profile(
    title: str,
    client: str | None,
    location: str | None,
    skills: tuple[str, ...],
    rate_min: float | None,
    rate_max: float | None,
    rate_unit: str | None,
    job_ref: str | None,
) -> rules.Profile:
    # the profile of ``as_job(fields)`` without validating a job: a requirement's rate exists
    # with its unit, its bounds floats as the job's Rate has them
    has_rate = rate_unit is not None
    return rules.profile_of_values(
        title=title,
        client=client,
        location=location,
        skills=skills,
        rate_min=float(rate_min) if has_rate and rate_min is not None else None,
        rate_max=float(rate_max) if has_rate and rate_max is not None else None,
        rate_unit=rate_unit,
        job_id=job_ref,
    )


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


def held_sighting(row: AnySightingRow) -> HeldSighting:
    """A row of ``sightings_query``, in the database's order of sightings."""
    values = {name: getattr(row, name) for name in CANONICAL}
    values["skills"] = tuple(json.loads(row.skills)) or None
    return HeldSighting(
        order=(row.received_at or row.created_at, 0, row.id),
        vendor=row.vendor_key,
        values=values,
        sighting_id=row.id,
    )
