"""Loading what a batch of sightings may touch (services.db.requirement_state holds it): the
sightings it may repeat, the requirements it may join and their sightings, in three queries
built once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Text,
    cast,
    select,
)
from sqlalchemy.orm import Session

from services.db import dbapi, requirement_pins
from services.db.models import Requirement, RequirementSighting
from services.db.requirement_cache import RequirementCache
from services.db.requirement_state import (
    CANONICAL,
    BatchState,
    HeldRequirement,
    SightingKey,
    SightingRow,
)
from services.domain import requirement_overrides as overrides

# a requirement's fields as a batch holds them: CANONICAL and skills
_FIELDS = (*CANONICAL, "skills")


def load(
    session: Session,
    *,
    keys: Iterable[SightingKey],
    blocks: Iterable[tuple[int, str]],
    job_ids: Iterable[tuple[int, str]],
    cutoff: datetime,
    cache: RequirementCache | None = None,
) -> BatchState:
    """What a batch with these sighting keys, (tenant, block key) and (tenant, job id) pairs
    can see; call it with the batch's locks held. With a ``cache``, the requirements' rows
    come from it where it holds them at the database's version (services.db
    .requirement_cache)."""
    keys, blocks, job_ids = sorted(set(keys)), sorted(set(blocks)), sorted(set(job_ids))
    refs: list[tuple[int, str]] | None = None
    pins: dict[int, list[overrides.Pin]] | None
    if cache is None:
        existing, pins = _existing_and_pins(session, keys, job_ids)
        params = _matchable_params(blocks, job_ids, cutoff)
        repeated = sorted({r for _, r in existing.values()})
        held = _held(dbapi.fetch_all(session, _MATCHABLE, {**params, "repeated": repeated}))
        versions: dict[int, int] = {}
    else:
        existing, pins, versions, refs = _lookup(session, keys, blocks, job_ids, cutoff)
        held, versions = _taken(session, versions, cache)
    by_id = {requirement.id: requirement for requirement in held if requirement.id is not None}
    # a batch scores every requirement of its blocks but joins few: their sightings are loaded
    # for those it may join (``load_sightings``) or on first use; the job ids it matches by now
    # (with a cache, read in the lookup's statement)
    if refs is None:
        _refs(session, by_id, job_ids)
    else:
        for requirement_id, ref in refs:
            if requirement_id in by_id:
                by_id[requirement_id].refs.add(ref)
    for requirement in held:
        if not requirement.sightings_loaded:  # read now, or kept without its sightings
            requirement._loader = lambda one: load_sightings(session, [one])
    if pins is None:  # no sightings' lookup for them to ride
        pins = requirement_pins.pins_of_batch(session, messages=(), job_ids=job_ids)
    return BatchState(existing, held, by_id, pins, versions)


def _existing_and_pins(
    session: Session, keys: Sequence[SightingKey], job_ids: Sequence[tuple[int, str]]
) -> tuple[dict[SightingKey, tuple[int, int]], dict[int, list[overrides.Pin]] | None]:
    """The (sighting, requirement) ids of the keys already recorded, and the split pins of
    their messages and the job ids (``requirement_pins.pins_of_batch``) in the same statement:
    one round trip; no pins (None) without keys."""
    existing: dict[SightingKey, tuple[int, int]] = {}
    if not keys:
        return existing, None
    pin_rows: list[requirement_pins.PinRow] = []
    params = requirement_pins.pin_params(messages={key[:3] for key in keys}, job_ids=job_ids)
    for pin_id, *row in dbapi.fetch_all(
        session, _EXISTING_AND_PINS, {"keys": dbapi.in_rows(keys, width=4), **(params or {})}
    ):
        if pin_id is not None:  # an override's row
            tenant, integration, message, _, target, _, vendor, job_ref = row
            pin_rows.append((pin_id, tenant, target, vendor, job_ref, integration, message))
        else:
            tenant, integration, message, index, sighting_id, requirement_id, *_ = row
            existing[(tenant, integration, message, index)] = (sighting_id, requirement_id)
    return existing, requirement_pins.pins_of_rows(pin_rows)


def _matchable_params(
    blocks: Sequence[tuple[int, str]], job_ids: Sequence[tuple[int, str]], cutoff: datetime
) -> dict[str, Any]:
    return {
        "statuses": tuple(overrides.MATCHABLE_STATUSES),
        "blocks": dbapi.in_rows(blocks, width=2),
        "job_ids": dbapi.in_rows(job_ids, width=2),
        "cutoff": cutoff,
    }


def _lookup(
    session: Session,
    keys: Sequence[SightingKey],
    blocks: Sequence[tuple[int, str]],
    job_ids: Sequence[tuple[int, str]],
    cutoff: datetime,
) -> tuple[
    dict[SightingKey, tuple[int, int]],
    dict[int, list[overrides.Pin]],
    dict[int, int],
    list[tuple[int, str]],
]:
    """In one statement (one round trip where ``_existing_and_pins``, ``_MATCHABLE`` and
    ``_refs`` took three): the keys already recorded, the split pins, the row version of each
    requirement the batch may see (those of the recorded keys too) and the (requirement, job
    id) of their sightings with the batch's job ids."""
    existing: dict[SightingKey, tuple[int, int]] = {}
    pin_rows: list[requirement_pins.PinRow] = []
    versions: dict[int, int] = {}
    refs: list[tuple[int, str]] = []
    params = {
        **_matchable_params(blocks, job_ids, cutoff),
        "keys": dbapi.in_rows(keys, width=4),
        "messages": dbapi.in_rows(sorted({key[:3] for key in keys}), width=3),
    }
    for kind, pin_id, tenant, integration, message, index, one, two, three, four in dbapi.fetch_all(
        session, _LOOKUP, params
    ):
        if kind == _EXISTING_ROW:
            existing[(tenant, integration, message, index)] = (one, two)
        elif kind == _PIN_ROW:
            pin_rows.append((pin_id, tenant, one, three, four, integration, message))
        elif kind == _VERSION_ROW:
            versions[one] = two
        else:
            refs.append((one, three))
    return existing, requirement_pins.pins_of_rows(pin_rows), versions, refs


def _taken(
    session: Session, versions: dict[int, int], cache: RequirementCache
) -> tuple[list[HeldRequirement], dict[int, int]]:
    """The requirements at these row versions, by id: from the cache where it holds them at
    that version, the others read now, each with the version it was read at."""
    taken = {r: cache.take(r, version) for r, version in versions.items()}
    missing = [r for r, requirement in taken.items() if requirement is None]
    if missing:
        # a row changed again since the versions' statement is used as read now, as a later
        # single statement would have read it, at that version
        for version, *row in dbapi.fetch_all(session, _BY_ID, {"ids": missing}):
            [taken[row[0]]] = _held([row])
            versions[row[0]] = version
    held = [requirement for _, requirement in sorted(taken.items()) if requirement is not None]
    return held, {r: versions[r] for r, requirement in taken.items() if requirement is not None}


def row_of(requirement: HeldRequirement) -> tuple[Any, ...]:
    """Its row as ``_BY_ID`` or ``UPDATE_RETURNING`` return it (after the version)."""
    return (
        requirement.id,
        requirement.tenant_id,
        requirement.block_key,
        requirement.status,
        requirement.sightings,
        requirement.first_seen_at,
        requirement.last_seen_at,
        requirement.merged_into_id,
        *(requirement.fields.get(name) for name in _FIELDS),
    )


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
        found[0]._loader = None  # loaded, if none
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
            *(getattr(Requirement, name) for name in _FIELDS),
        )
        .where(where)
        .order_by(Requirement.id)
    )


def _held(rows: Iterable[Sequence[Any]]) -> list[HeldRequirement]:
    # by position (``_requirements_query``'s columns): a batch loads every requirement of its
    # blocks, and reading a row's columns by name cost more than the row
    return [
        HeldRequirement(
            id=requirement_id,
            tenant_id=tenant_id,
            block_key=block_key,
            status=status,
            fields=dict(zip(_FIELDS, values, strict=True)),
            sightings=sightings,
            first_seen_at=first_seen_at,
            last_seen_at=last_seen_at,
            merged_into_id=merged_into_id,
            _loader=_not_bound,
        )
        for (
            requirement_id,
            tenant_id,
            block_key,
            status,
            sightings,
            first_seen_at,
            last_seen_at,
            merged_into_id,
            *values,
        ) in rows
    ]


def _not_bound(requirement: HeldRequirement) -> None:
    """A requirement read without its sightings, until ``load`` binds its loader."""
    raise AssertionError(f"requirement {requirement.id}: no sightings loader")


def load_sightings(session: Session, requirements: Iterable[HeldRequirement]) -> None:
    """Load the sightings of those of ``requirements`` that are not loaded yet, in one query."""
    _sightings(
        session,
        {r.id: r for r in requirements if not r.sightings_loaded and r.id is not None},
    )


def _refs(
    session: Session, by_id: dict[int, HeldRequirement], job_ids: Sequence[tuple[int, str]]
) -> None:
    """The job ids of the batch among the held requirements' sightings."""
    if by_id and job_ids:
        for requirement_id, ref in dbapi.fetch_all(
            session, _REFS, {"ids": sorted(by_id), "job_ids": tuple(job_ids)}
        ):
            if ref:
                by_id[requirement_id].refs.add(ref)


def _sightings(session: Session, by_id: dict[int, HeldRequirement]) -> None:
    """Every sighting of the held requirements."""
    if by_id:
        for row in map(
            SightingRow._make, dbapi.fetch_all(session, _SIGHTINGS, {"ids": sorted(by_id)})
        ):
            by_id[row.requirement_id].hold_row(row)


def sightings_query(requirement_ids: Sequence[int]) -> Select[Any]:
    """The columns of the requirements' sightings that their canonical fields need."""
    return _sightings_of().where(RequirementSighting.requirement_id.in_(requirement_ids))


def _sightings_of() -> Select[Any]:
    return select(
        RequirementSighting.id,
        RequirementSighting.requirement_id,
        RequirementSighting.vendor_key,
        RequirementSighting.received_at,
        RequirementSighting.created_at,
        RequirementSighting.job_ref_key,
        # as JSON text, decoded only for the sightings a batch tallies (services.db.requirements
        # loads many it only scores)
        cast(RequirementSighting.skills, Text).label("skills"),
        *(getattr(RequirementSighting, name) for name in CANONICAL),
    )


# The batch's queries (services.db.dbapi: the row lists of the INs render into the statement's
# text, so PostgreSQL plans the same row lists as before; an unnest() join of arrays got
# per-tenant scans on stale statistics).
_EXISTING = (
    "SELECT tenant_id, integration_id, provider_message_id, job_index, id, requirement_id"
    " FROM requirement_sightings"
    " WHERE (tenant_id, integration_id, provider_message_id, job_index) IN %(keys)s"
)
# with keys there are messages: the pins' parameters are there too
_EXISTING_AND_PINS = (
    "SELECT NULL::bigint, tenant_id, integration_id, provider_message_id, job_index, id,"
    " requirement_id, NULL::varchar, NULL::varchar FROM requirement_sightings"
    " WHERE (tenant_id, integration_id, provider_message_id, job_index) IN %(keys)s"
    " UNION ALL SELECT id, tenant_id, integration_id, provider_message_id, NULL, target_id, NULL,"
    f" vendor_key, job_ref_key {requirement_pins.SPLIT_PINS_WHERE}"
)
_REQUIREMENT_COLUMNS = ", ".join(
    (
        "id",
        "tenant_id",
        "block_key",
        "status",
        "sightings",
        "first_seen_at",
        "last_seen_at",
        "merged_into_id",
        *_FIELDS,
    )
)
# a merged one stands for its survivor (services.db.requirement_pins)
_MATCHABLE_WHERE = (
    "(status IN %(statuses)s AND last_seen_at >= %(cutoff)s"
    " AND ((tenant_id, block_key) IN %(blocks)s OR id IN (SELECT requirement_id"
    " FROM requirement_sightings WHERE (tenant_id, job_ref_key) IN %(job_ids)s)))"
)
_MATCHABLE = (
    f"SELECT {_REQUIREMENT_COLUMNS} FROM requirements WHERE {_MATCHABLE_WHERE}"
    " OR id = ANY(%(repeated)s::bigint[]) ORDER BY id"
)
# ``_lookup``'s statement: each row's kind first, then (pin id, tenant, integration, message,
# job index) and four values: a recorded key's (sighting, requirement), a pin's (target, -,
# vendor, job id), a requirement's (id, row version), a job id's (requirement, -, job id)
_EXISTING_ROW, _PIN_ROW, _VERSION_ROW, _REF_ROW = range(4)
_LOOKUP = (
    "WITH existing AS (SELECT tenant_id, integration_id, provider_message_id, job_index, id,"
    " requirement_id FROM requirement_sightings"
    " WHERE (tenant_id, integration_id, provider_message_id, job_index) IN %(keys)s),"
    " matchable AS (SELECT id, xmin::text::bigint AS version FROM requirements"
    f" WHERE {_MATCHABLE_WHERE} OR id IN (SELECT requirement_id FROM existing))"
    f" SELECT {_EXISTING_ROW}, NULL::bigint, tenant_id, integration_id, provider_message_id,"
    " job_index, id::bigint, requirement_id::bigint, NULL::varchar, NULL::varchar FROM existing"
    f" UNION ALL SELECT {_PIN_ROW}, id, tenant_id, integration_id, provider_message_id, NULL,"
    f" target_id, NULL, vendor_key, job_ref_key {requirement_pins.SPLIT_PINS_WHERE}"
    f" UNION ALL SELECT {_VERSION_ROW}, NULL, NULL, NULL, NULL, NULL, id, version, NULL, NULL"
    " FROM matchable"
    f" UNION ALL SELECT {_REF_ROW}, NULL, NULL, NULL, NULL, NULL, requirement_id, NULL,"
    " job_ref_key, NULL FROM requirement_sightings"
    " WHERE requirement_id IN (SELECT id FROM matchable)"
    " AND (tenant_id, job_ref_key) IN %(job_ids)s"
)
_BY_ID = (
    f"SELECT xmin::text::bigint, {_REQUIREMENT_COLUMNS} FROM requirements"
    " WHERE id = ANY(%(ids)s::bigint[])"
)
# what services.db.requirement_writes' UPDATE returns for the cache
UPDATE_RETURNING = " RETURNING requirements.xmin::text::bigint, " + ", ".join(
    f"requirements.{name}" for name in _REQUIREMENT_COLUMNS.split(", ")
)
_REFS = (
    "SELECT requirement_id, job_ref_key FROM requirement_sightings"
    " WHERE requirement_id = ANY(%(ids)s::bigint[]) AND (tenant_id, job_ref_key) IN %(job_ids)s"
)
# skills as JSON text (``SightingRow``)
_SIGHTING_COLUMNS = ", ".join(
    f"{name}::text" if name == "skills" else name for name in SightingRow._fields
)
_SIGHTINGS = (
    f"SELECT {_SIGHTING_COLUMNS} FROM requirement_sightings"
    " WHERE requirement_id = ANY(%(ids)s::bigint[])"
)
