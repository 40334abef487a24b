"""The writes of a batch of requirement sightings (services.db.requirements): new
requirements with their sightings (one statement), the history of changed fields and the
changed requirements (one round trip), inside the caller's transaction; and the rows they
write."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from schemas.contracts.models import ExtractedJob, ParsedEmail
from services.db import dbapi
from services.db import requirement_state as state
from services.db.models import Requirement, RequirementHistory, RequirementSighting
from services.db.requirement_cache import RequirementCache
from services.db.requirement_loads import UPDATE_RETURNING, row_of
from services.domain import requirements as rules
from services.domain.vendor_companies import vendor_company
from services.domain.vendor_identity import vendor_key

# multi-row statements built once, run on the session's psycopg2 cursor (services.db.dbapi:
# SQLAlchemy's execution layer cost more than the statements)
_REQUIREMENTS = Requirement.metadata.tables[Requirement.__tablename__]
_HISTORY = RequirementHistory.metadata.tables[RequirementHistory.__tablename__]
_SIGHTINGS = RequirementSighting.metadata.tables[RequirementSighting.__tablename__]
INSERT_SIGHTINGS = dbapi.RowsInsert(
    _SIGHTINGS,
    suffix="ON CONFLICT DO NOTHING"
    " RETURNING id, tenant_id, integration_id, provider_message_id, job_index",
    returning=True,
)

# the columns ``row_state`` writes
_REQUIREMENT_STATE = (
    *state.CANONICAL,
    "skills",
    "sightings",
    "first_seen_at",
    "last_seen_at",
    "updated_at",
)


INSERT_HISTORY = dbapi.RowsInsert(_HISTORY)
# one statement for all the changed requirements, their rows one JSON parameter expanded by
# the server (services.db.dbapi)
UPDATE_REQUIREMENTS = (
    "UPDATE requirements SET "
    + ", ".join(
        f"{name} = {dbapi.selected(_REQUIREMENTS, name, alias='changed')}"
        for name in _REQUIREMENT_STATE
    )
    + " FROM "
    + dbapi.recordset(
        _REQUIREMENTS, _REQUIREMENT_STATE, alias="changed", extra="requirement_id bigint"
    )
    + " WHERE requirements.id = changed.requirement_id"
)
# the rows as the update left them, with their versions (services.db.requirement_cache)
_UPDATE_RETURNING = UPDATE_REQUIREMENTS + UPDATE_RETURNING
# the new requirements in one statement: their ids are taken from the sequence in the ORDER
# BY's order, so the rows sorted by id are in the order given (what SQLAlchemy's
# insertmanyvalues does for a sorted RETURNING); with their versions for the cache
_CREATED = (*_REQUIREMENT_STATE, "tenant_id", "block_key", "status", "closed_at")
INSERT_REQUIREMENTS = (
    f"INSERT INTO requirements ({', '.join(_CREATED)}) SELECT "
    + ", ".join(dbapi.selected(_REQUIREMENTS, name, alias="created") for name in _CREATED)
    + " FROM "
    + dbapi.recordset(_REQUIREMENTS, _CREATED, alias="created", extra="ordinal integer")
    + " ORDER BY ordinal"
    + UPDATE_RETURNING
)
# the sightings' columns as a batch writes them (``sighting_row`` and the requirement id)
_SIGHTING_COLUMNS = tuple(
    column.name for column in _SIGHTINGS.columns if column.name not in ("id", "created_at")
)
_SIGHTING_KEY_RETURNING = "id, tenant_id, integration_id, provider_message_id, job_index"
# a batch that creates requirements inserts them and the sightings in one statement (one
# round trip fewer): a sighting of a new requirement names it by ``-1 - ordinal`` and gets
# the id the sequence gave that ordinal (ids are taken in ordinal order, see above); the
# sightings written come back on the first row, as JSON
_INSERT_REQUIREMENTS_AND_SIGHTINGS = (
    f"WITH new_requirements AS ({INSERT_REQUIREMENTS}),"
    " numbered AS (SELECT id, (row_number() OVER (ORDER BY id) - 1)::integer AS ordinal"
    " FROM new_requirements),"
    f" sighted AS (INSERT INTO {_SIGHTINGS.name} ({', '.join(_SIGHTING_COLUMNS)}) SELECT "
    + ", ".join(
        "coalesce(numbered.id, given.requirement_id)"
        if name == "requirement_id"
        else dbapi.selected(_SIGHTINGS, name, alias="given")
        for name in _SIGHTING_COLUMNS
    )
    + f" FROM json_populate_recordset(NULL::{_SIGHTINGS.name}, %s) WITH ORDINALITY AS given"
    " LEFT JOIN numbered ON numbered.ordinal = -1 - given.requirement_id"
    " ORDER BY given.ordinality"  # their ids in the order given, as a plain insert takes them
    f" ON CONFLICT DO NOTHING RETURNING {_SIGHTING_KEY_RETURNING})"
    " SELECT new_requirements.*, CASE WHEN numbered.ordinal = 0 THEN (SELECT"
    f" json_agg(json_build_array({_SIGHTING_KEY_RETURNING})) FROM sighted) END"
    " FROM new_requirements JOIN numbered ON numbered.id = new_requirements.id"
    " ORDER BY new_requirements.id"
)


class LostInsert(Exception):
    """Another transaction wrote one of the batch's sighting keys after the batch looked."""


@dataclass
class Pending:
    """What the batch writes at the end."""

    # each new sighting, its row, and the requirement it joins (its id known once written)
    sightings: list[tuple[state.HeldSighting, dict[str, Any], state.HeldRequirement]] = field(
        default_factory=list
    )
    # (requirement, its sighting that changed the field or None, field, old, new)
    history: list[tuple[state.HeldRequirement, state.HeldSighting | None, str, Any, Any]] = field(
        default_factory=list
    )


def write_batch(
    session: Session,
    held: Sequence[state.HeldRequirement],
    pending: Pending,
    *,
    now: datetime,
    cache: RequirementCache | None = None,
    versions: Mapping[int, int] | None = None,
) -> None:
    """New requirements, the sightings, the history, the changed requirements: a
    statement each, the history in the changed requirements' round trip. With a ``cache``,
    the requirements read at ``versions`` are staged in it: those left as they were at those
    versions, the changed ones at their UPDATE's."""
    created = [r for r in held if r.new]
    changed = [r for r in held if r.touched and not r.new]
    inserted: list[tuple[int, state.HeldRequirement, tuple[Any, ...]]] = []
    if created:
        inserted = _insert_created(session, created, pending, now=now)
    else:
        _write_sightings(session, pending)
    if pending.history:
        # no rows back: it rides in the changed requirements' round trip (sent alone below
        # when there are none)
        INSERT_HISTORY.send_with_next(
            session,
            [
                {
                    "requirement_id": r.id,
                    "sighting_id": s.sighting_id if s else None,
                    "field": name,
                    "old_value": old,
                    "new_value": new,
                }
                for r, s, name, old, new in pending.history
            ],
        )
    if changed:
        changed_rows = dbapi.json_rows(
            [{**row_state(r, now=now), "requirement_id": r.id} for r in changed]
        )
        if cache is None:
            dbapi.execute(session, UPDATE_REQUIREMENTS, (changed_rows,))
            written = []
        else:
            written = dbapi.fetch_all(session, _UPDATE_RETURNING, (changed_rows,))
        if cache is not None:
            by_id = {r.id: r for r in changed}
            for version, *row in written:
                requirement = by_id[row[0]]
                # as the row is now: not when a concurrent change it waited for is in it
                if tuple(row) == row_of(requirement):
                    cache.stage(version, requirement)
    dbapi.send_pending(session)
    if cache is not None:
        # a requirement created here is kept at its INSERT's version, held from now on as a
        # loaded one (its sightings written): the next batch need not read it again
        first_ids: dict[int, int] = {}
        for sighting, _, joined in pending.sightings:
            if joined.new and sighting.sighting_id is not None:
                first_ids[id(joined)] = min(
                    first_ids.get(id(joined), sighting.sighting_id), sighting.sighting_id
                )
        for version, requirement, returned in inserted:
            requirement.inserted(first_ids.get(id(requirement)))
            if returned == row_of(requirement):
                cache.stage(version, requirement)
    if cache is not None and versions:
        for requirement in held:
            version = versions.get(requirement.id) if requirement.id is not None else None
            if not requirement.touched and version is not None:
                cache.stage(version, requirement)


def _insert_created(
    session: Session,
    created: Sequence[state.HeldRequirement],
    pending: Pending,
    *,
    now: datetime,
) -> list[tuple[int, state.HeldRequirement, tuple[Any, ...]]]:
    """The new requirements and all the sightings in one statement; each new requirement's
    version, the requirement (its id set) and its row as returned."""
    ordinals = {id(r): ordinal for ordinal, r in enumerate(created)}
    for _, row, requirement in pending.sightings:
        ordinal = ordinals.get(id(requirement))
        row["requirement_id"] = requirement.id if ordinal is None else -1 - ordinal
    rows = dbapi.fetch_all(
        session,
        _INSERT_REQUIREMENTS_AND_SIGHTINGS,
        (
            dbapi.json_rows(
                [
                    {
                        **row_state(r, now=now),
                        "tenant_id": r.tenant_id,
                        "block_key": r.block_key,
                        "status": r.status,
                        "closed_at": now if r.status == "closed" else None,
                        "ordinal": ordinal,
                    }
                    for ordinal, r in enumerate(created)
                ]
            ),
            dbapi.json_rows([row for _, row, _ in pending.sightings]),
        ),
    )
    inserted: list[tuple[int, state.HeldRequirement, tuple[Any, ...]]] = []
    for requirement, (version, *returned, _) in zip(created, rows, strict=True):
        requirement.id = returned[0]
        inserted.append((version, requirement, tuple(returned)))
    for _, row, requirement in pending.sightings:
        row["requirement_id"] = requirement.id
    _check_sightings(pending, rows[0][-1] or [])
    return inserted


def _write_sightings(session: Session, pending: Pending) -> None:
    if not pending.sightings:
        return
    for _, row, requirement in pending.sightings:
        row["requirement_id"] = requirement.id
    _check_sightings(pending, INSERT_SIGHTINGS(session, [row for _, row, _ in pending.sightings]))


def _check_sightings(pending: Pending, written: Sequence[Sequence[Any]]) -> None:
    """Each sighting's id from the rows written; LostInsert when another writer took a key."""
    ids = {
        (tenant, integration, message, index): sighting_id
        for sighting_id, tenant, integration, message, index in written
    }
    if len(ids) < len(pending.sightings):
        raise LostInsert
    for sighting, row, _ in pending.sightings:
        sighting.sighting_id = ids[row_key(row)]


def sighting_key(parsed: ParsedEmail, job_index: int) -> state.SightingKey:
    return (parsed.tenant_id, parsed.integration_id, parsed.provider_message_id, job_index)


def row_key(row: dict[str, Any]) -> state.SightingKey:
    return (row["tenant_id"], row["integration_id"], row["provider_message_id"], row["job_index"])


def row_state(requirement: state.HeldRequirement, *, now: datetime) -> dict[str, Any]:
    """The columns a sighting changes on its requirement."""
    return {
        **{name: requirement.fields.get(name) for name in state.CANONICAL},
        "skills": list(requirement.fields.get("skills") or ()),
        "sightings": requirement.sightings,
        "first_seen_at": requirement.first_seen_at,
        "last_seen_at": requirement.last_seen_at,
        "updated_at": now,
    }


def sighting_row(
    parsed: ParsedEmail, job_index: int, job: ExtractedJob, job_key: str | None
) -> dict[str, Any]:
    rate = job.rate
    company = parsed.sender_company or vendor_company(parsed.sender, "")
    return {
        "tenant_id": parsed.tenant_id,
        "integration_id": parsed.integration_id,
        "provider_message_id": parsed.provider_message_id,
        "job_index": job_index,
        "sender": parsed.sender,
        "vendor_domain": rules.vendor_domain(parsed.sender),
        "vendor_company": company,
        "vendor_key": vendor_key(parsed.sender, company),
        "received_at": parsed.received_at,
        "title": job.title,
        "client": job.client,
        "location": job.location,
        "work_mode": job.work_mode.value if job.work_mode else None,
        "duration_months": job.duration_months,
        "rate_min": rate.min if rate else None,
        "rate_max": rate.max if rate else None,
        "rate_unit": rate.unit if rate else None,
        "employment_types": [kind.value for kind in job.employment_types],
        "skills": list(job.skills),
        "job_ref": job.job_id,
        "job_ref_key": job_key,
        "evidence": [
            # a sighting's evidence span: the parser's without its job index, as
            # ``model_dump(mode="json")`` gives it (its values are strings and integers, the keys
            # in the model's order), at a tenth of the cost per span; written out, a third less
            # again than a comprehension over the field names
            {
                "field": span.field,
                "source": span.source,
                "start": span.start,
                "end": span.end,
                "text": span.text,
            }
            for span in parsed.evidence
            if span.job_index == job_index
        ],
    }
