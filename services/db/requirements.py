"""Requirements and their sightings on PostgreSQL, inside the caller's transaction.

``record_sightings`` matches each job of a batch of parsed emails to the tenant's open
requirements (services.domain.requirements decides; this module fetches candidates and writes).
Exactly one requirement per real requirement under concurrent jobwriters: transaction-scoped
advisory locks on (tenant, block key) — and on (tenant, job id) when a job has one
(services.db.advisory_locks) — are taken for the whole batch, in one sorted order, before the
candidates are read and held until the commit, so a second writer of the same block waits and
then sees the first one's requirement. The batch reads once and writes once
(services.db.requirement_state holds it in memory meanwhile). The sighting's unique key is its
job posting's, so a redelivery adds none twice: the existing sighting is found and returned.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from schemas.contracts.models import (
    ExtractedJob,
    ParsedEmail,
    Rate,
    RequirementCreated,
    RequirementUpdated,
    SightingRef,
)
from services.db import requirement_pins
from services.db import requirement_state as state
from services.db.advisory_locks import lock_all
from services.db.models import Requirement, RequirementHistory, RequirementSighting
from services.domain import requirement_overrides as overrides
from services.domain import requirements as rules
from services.domain.errors import RetryableError
from services.domain.vendor_companies import vendor_company
from services.domain.vendor_identity import vendor_key

RequirementEvent = RequirementCreated | RequirementUpdated
# a parsed email and the (job index, job) pairs its decision keeps
EmailJobs = tuple[ParsedEmail, Sequence[tuple[int, ExtractedJob]]]
# a concurrent writer of the same sighting key won its insert this many times in a row
_ATTEMPTS = 3


@dataclass(frozen=True)
class SightingResult:
    requirement_id: int
    job_index: int
    # False for a redelivered sighting (nothing was written)
    new_sighting: bool
    new_requirement: bool
    changed_fields: tuple[str, ...] = ()
    # what to publish after the commit (again for a redelivered sighting)
    event: RequirementEvent | None = None


# Core statements of the tables, not the ORM's bulk insert (which groups rows and builds its
# statement per call): executemany sent as multi-row INSERTs, built and compiled once, run on
# the session's connection (the ORM's execution layer cost more than the statements)
_REQUIREMENTS = Requirement.metadata.tables[Requirement.__tablename__]
_HISTORY = RequirementHistory.metadata.tables[RequirementHistory.__tablename__]
_SIGHTINGS = RequirementSighting.metadata.tables[RequirementSighting.__tablename__]
INSERT_SIGHTINGS = (
    pg_insert(_SIGHTINGS)
    .on_conflict_do_nothing()
    .returning(
        _SIGHTINGS.c.id,
        _SIGHTINGS.c.tenant_id,
        _SIGHTINGS.c.integration_id,
        _SIGHTINGS.c.provider_message_id,
        _SIGHTINGS.c.job_index,
    )
)

# the columns ``_row_state`` writes
_REQUIREMENT_STATE = (
    *state.CANONICAL,
    "skills",
    "sightings",
    "first_seen_at",
    "last_seen_at",
    "updated_at",
)


INSERT_REQUIREMENTS = insert(_REQUIREMENTS).returning(
    _REQUIREMENTS.c.id, sort_by_parameter_order=True
)
INSERT_HISTORY = insert(_HISTORY)
# executemany: one compiled statement for all (a row each, no ORM bookkeeping)
UPDATE_REQUIREMENTS = (
    update(_REQUIREMENTS)
    .where(_REQUIREMENTS.c.id == bindparam("requirement_id"))
    .values({name: bindparam(f"new_{name}") for name in _REQUIREMENT_STATE})
)


class _LostInsert(Exception):
    """Another transaction wrote one of the batch's sighting keys after the batch looked."""


def record_sightings(
    session: Session,
    *,
    emails: Sequence[EmailJobs],
    now: datetime,
    redelivered: Sequence[bool] = (),
    window_days: int = rules.DEFAULT_WINDOW_DAYS,
    threshold: float = rules.MATCH_THRESHOLD,
) -> list[list[SightingResult]]:
    """A sighting for each kept (job index, job) of each email, one list per email; a closing
    notice ("position filled / on hold") also closes the requirement its job matched. An email
    whose ``redelivered`` flag (one per email, in order; none means all False) is set adds no
    sighting: it gets the results and events of the sightings it made the first time. The
    emails are matched in order, each seeing the sightings of those before it. All the locks
    the emails need are taken first, in one order, so two writers' batches cannot deadlock."""
    flags = list(redelivered) or [False] * len(emails)
    profiles = [[rules.profile(job) for _, job in jobs] for _, jobs in emails]
    _lock(emails, profiles, session)
    for _ in range(_ATTEMPTS):
        batch = _Batch(
            session, emails, profiles, now=now, window_days=window_days, threshold=threshold
        )
        try:
            # a lost insert undoes the batch's writes and looks again: the winner's row is
            # committed by then (the insert waited for it) and found as an existing sighting
            with session.begin_nested():
                return batch.run(flags)
        except _LostInsert:
            continue
    raise RetryableError("requirement sightings: concurrent writers kept taking the same keys")


def _lock(
    emails: Sequence[EmailJobs], profiles: Sequence[Sequence[rules.Profile]], session: Session
) -> None:
    """Serialize the writers of one (tenant, block) and of one (tenant, job id)."""
    names: list[tuple[int, str]] = []
    for (parsed, _), of_email in zip(emails, profiles, strict=True):
        for profile in of_email:
            names.append((parsed.tenant_id, f"block|{rules.block_key(profile)}"))
            if profile.job_id:
                names.append((parsed.tenant_id, f"job|{profile.job_id}"))
    lock_all(session, names)


@dataclass
class _Outcome:
    """One job's sighting, until the batch is written and its ids are known."""

    requirement: state.HeldRequirement
    job_index: int
    new_sighting: bool
    new_requirement: bool
    changed: tuple[str, ...]
    snapshot: dict[str, Any]  # the requirement's state for the event, at this job


@dataclass
class _Pending:
    """What the batch writes at the end."""

    sightings: list[tuple[state.HeldSighting, dict[str, Any]]] = field(default_factory=list)
    # (requirement, its sighting that changed the field or None, field, old, new)
    history: list[tuple[state.HeldRequirement, state.HeldSighting | None, str, Any, Any]] = field(
        default_factory=list
    )


class _Batch:
    def __init__(
        self,
        session: Session,
        emails: Sequence[EmailJobs],
        profiles: Sequence[Sequence[rules.Profile]],
        *,
        now: datetime,
        window_days: int,
        threshold: float,
    ) -> None:
        self._session = session
        self._emails = emails
        self._profiles = profiles
        self._now = now
        # the window runs back from each email's own received time, not from this clock: a
        # replay, or mail processed late, matches what was open when it was sent
        self._window = timedelta(days=window_days)
        self._cutoff = (
            min((state.utc(parsed.received_at or now) for parsed, _ in emails), default=now)
            - self._window
        )
        self._threshold = threshold
        self._pending = _Pending()
        self._made: dict[state.SightingKey, tuple[state.HeldRequirement, bool]] = {}
        self._sequence = itertools.count()
        self._transaction_start: datetime | None = None
        # match scores by (job profile, requirement profile) identity
        self._scores: dict[tuple[int, int], tuple[rules.Profile, rules.Profile, float]] = {}
        self._state = state.load(
            session,
            keys=[_key(parsed, index) for parsed, jobs in emails for index, _ in jobs],
            blocks=[
                (parsed.tenant_id, rules.block_key(profile))
                for (parsed, _), of_email in zip(emails, profiles, strict=True)
                for profile in of_email
            ],
            job_ids=[
                (parsed.tenant_id, profile.job_id)
                for (parsed, _), of_email in zip(emails, profiles, strict=True)
                for profile in of_email
                if profile.job_id
            ],
            cutoff=self._cutoff,
        )

    def run(self, flags: Sequence[bool]) -> list[list[SightingResult]]:
        self._load_joinable(flags)
        outcomes: list[list[_Outcome]] = []
        for (parsed, jobs), of_email, again in zip(
            self._emails, self._profiles, flags, strict=True
        ):
            closing = rules.is_closing_notice(parsed.subject)
            found: list[_Outcome] = []
            for (index, job), profile in zip(jobs, of_email, strict=True):
                outcome = self._record_one(parsed, index, job, profile, redelivered=again)
                if outcome is None:
                    continue
                if closing and self._close(outcome.requirement):
                    outcome.changed = (*outcome.changed, "status")
                # at least once, like job.created: a redelivery (the commit may have happened
                # and the publish not) sends the requirement's current state again
                outcome.snapshot = _snapshot(outcome.requirement, parsed, index)
                found.append(outcome)
            outcomes.append(found)
        self._write()
        return [[_result(outcome) for outcome in found] for found in outcomes]

    def _record_one(
        self,
        parsed: ParsedEmail,
        job_index: int,
        job: ExtractedJob,
        profile: rules.Profile,
        *,
        redelivered: bool,
    ) -> _Outcome | None:
        key = _key(parsed, job_index)
        if key in self._made:  # the same email twice in the batch: its first made the row
            requirement, created_it = self._made[key]
            return _Outcome(requirement, job_index, False, created_it, (), {})
        existing = self._state.existing.get(key)
        if existing is None and redelivered:
            return None  # a job the first delivery did not keep (a newer extractor's replay)
        if existing is not None:
            seen_id, requirement_id = existing
            requirement = self._state.by_id[requirement_id]
            # a redelivery: nothing written; its event is sent again as it would have been then
            first = requirement.first_sighting_id == seen_id
            return _Outcome(requirement, job_index, False, first, (), {})

        seen_at = state.utc(parsed.received_at or self._now)
        candidate = self._override(
            parsed,
            profile,
            self._best_candidate(parsed.tenant_id, rules.block_key(profile), profile, seen_at),
        )
        new_requirement = candidate is None
        if candidate is None:
            candidate = state.HeldRequirement(
                id=None,
                tenant_id=parsed.tenant_id,
                block_key=rules.block_key(profile),
                status="open",
                fields={"title": job.title, "skills": list(job.skills)},
                sightings=0,
                first_seen_at=seen_at,
                last_seen_at=seen_at,
                new=True,
            )
            self._state.add_new(candidate)
        row = _sighting_row(parsed, job_index, job, profile.job_id)
        sighting = state.HeldSighting(
            order=(self._order_time(parsed), 1, next(self._sequence)),
            vendor=row["vendor_key"],
            values={
                **{name: row[name] for name in state.CANONICAL},
                "skills": tuple(row["skills"]) or None,
            },
        )
        candidate.add(sighting, profile.job_id)
        if profile.job_id:
            self._state.index_ref(candidate, profile.job_id)
        self._pending.sightings.append((sighting, row))
        self._made[key] = (candidate, new_requirement)
        changed = self._refresh(candidate, sighting, seen_at=seen_at)
        return _Outcome(
            candidate, job_index, True, new_requirement, () if new_requirement else changed, {}
        )

    def _load_joinable(self, flags: Sequence[bool]) -> None:
        """Load, in one query, the sightings of every requirement a job of the batch may join:
        one it scores at least the threshold against as it stands now (a requirement's profile
        changes only once a job joined it) or one a redelivery repeats. The scores are kept for
        the run; any other requirement a job ends up with loads its own."""
        joinable = [self._state.by_id[r] for _, r in self._state.existing.values()]
        for (parsed, jobs), of_email, again in zip(
            self._emails, self._profiles, flags, strict=True
        ):
            seen_at = state.utc(parsed.received_at or self._now)
            for (index, _), profile in zip(jobs, of_email, strict=True):
                if again or _key(parsed, index) in self._state.existing:
                    continue
                key = rules.block_key(profile)
                joinable += [
                    candidate
                    for candidate, same_job in self._eligible(
                        parsed.tenant_id, key, profile, seen_at
                    )
                    if self._score(profile, candidate, same_job=same_job) >= self._threshold
                ]
        state.load_sightings(self._session, joinable)

    def _best_candidate(
        self, tenant_id: int, key: str, profile: rules.Profile, seen_at: datetime
    ) -> state.HeldRequirement | None:
        """The open requirement of the window around ``seen_at`` that matches best, the first
        of a tie: the block's, and any whose sightings carry the same job id."""
        best: tuple[float, state.HeldRequirement] | None = None
        for candidate, same_job in self._eligible(tenant_id, key, profile, seen_at):
            score = self._score(profile, candidate, same_job=same_job)
            if score >= self._threshold and (best is None or score > best[0]):
                best = (score, candidate)
        return best[1] if best else None

    def _eligible(
        self, tenant_id: int, key: str, profile: rules.Profile, seen_at: datetime
    ) -> Iterator[tuple[state.HeldRequirement, bool]]:
        """The open requirements of the window a job may match, in order, each with whether
        one of its sightings carries the job's id."""
        for candidate in self._state.candidates(tenant_id, key, profile.job_id):
            if (
                # a merged one stands for its survivor (``_override``)
                candidate.status not in overrides.MATCHABLE_STATUSES
                or candidate.last_seen_at < seen_at - self._window
                or candidate.first_seen_at > seen_at + self._window
            ):
                continue
            same_job = profile.job_id is not None and profile.job_id in candidate.refs
            if same_job or candidate.block_key == key:
                yield candidate, same_job

    def _score(
        self, profile: rules.Profile, candidate: state.HeldRequirement, *, same_job: bool
    ) -> float:
        # a vendor's copy with the end-client id matches however its wording differs
        if same_job:
            return 1.0
        against = candidate.profile()
        # kept with both profiles, so neither id is reused while the score is
        kept = self._scores.get((id(profile), id(against)))
        if kept is None:
            kept = (profile, against, rules.match_score(profile, against))
            self._scores[(id(profile), id(against))] = kept
        return kept[2]

    def _override(
        self, parsed: ParsedEmail, profile: rules.Profile, chosen: state.HeldRequirement | None
    ) -> state.HeldRequirement | None:
        """The requirement a new sighting joins given the matcher's choice (None: a new one): a
        recruiter's split pin (the same message, or the same vendor's job id) wins over the
        match, and a merged candidate stands for the requirement it was merged into
        (services.db.requirement_pins)."""
        keys = overrides.SightingKeys(
            vendor_key(parsed.sender, parsed.sender_company),
            profile.job_id,
            parsed.integration_id,
            parsed.provider_message_id,
        )
        target = overrides.pinned_target(self._state.pins.get(parsed.tenant_id, []), keys)
        if target is None:
            if chosen is None or chosen.status != overrides.MERGED:
                return chosen
            target = chosen.id
        assert target is not None  # a merged candidate was loaded, so it has an id
        survivor_id = overrides.survivor(target, self._merged_into)
        survivor = self._state.by_id.get(survivor_id)
        if survivor is None:
            survivor = state.load_one(self._session, survivor_id)
            if survivor is not None:
                self._state.hold(survivor)
        return survivor if survivor is not None and survivor.status == "open" else None

    def _merged_into(self, requirement_id: int) -> int | None:
        held = self._state.by_id.get(requirement_id)
        if held is not None:
            return held.merged_into_id
        return requirement_pins.merged_into(self._session)(requirement_id)

    def _refresh(
        self,
        requirement: state.HeldRequirement,
        sighting: state.HeldSighting,
        *,
        seen_at: datetime,
    ) -> tuple[str, ...]:
        """Recompute the canonical fields from all sightings; a changed one keeps its old value
        in requirement_history (a new requirement has no earlier value to keep)."""
        changed = requirement.recompute()
        kept = tuple(changed) if requirement.sightings else ()
        for name in kept:
            old, new = changed[name]
            self._pending.history.append((requirement, sighting, name, old, new))
        requirement.sightings = requirement.held_sightings
        requirement.last_seen_at = max(requirement.last_seen_at, seen_at)
        requirement.first_seen_at = min(requirement.first_seen_at, seen_at)
        requirement.touched = True
        return kept

    def _close(self, requirement: state.HeldRequirement) -> bool:
        """Close an open requirement; one written before is closed at once, where another
        writer may have closed it first."""
        if requirement.status != "open":
            return False
        requirement.status = "closed"
        if not requirement.new:
            closed = self._session.execute(
                update(Requirement)
                .where(Requirement.id == requirement.id, Requirement.status == "open")
                .values(status="closed", closed_at=self._now, updated_at=self._now)
                .returning(Requirement.id)
            ).first()
            if closed is None:
                return False
        self._pending.history.append((requirement, None, "status", "open", "closed"))
        return True

    def _order_time(self, parsed: ParsedEmail) -> datetime:
        """The time the database orders the sighting by: received, else the row's creation
        (the transaction's start)."""
        if parsed.received_at is not None:
            return state.utc(parsed.received_at)
        if self._transaction_start is None:
            started = self._session.execute(select(func.now())).scalar_one()
            self._transaction_start = state.utc(started)
        return self._transaction_start

    def _write(self) -> None:
        """New requirements, the sightings, the history, the changed requirements: a
        statement each."""
        created = [r for r in self._state.held if r.new]
        if created:
            ids = (
                self._session.connection()
                .scalars(
                    INSERT_REQUIREMENTS,
                    [
                        {
                            **_row_state(r, now=self._now),
                            "tenant_id": r.tenant_id,
                            "block_key": r.block_key,
                            "status": r.status,
                            "closed_at": self._now if r.status == "closed" else None,
                        }
                        for r in created
                    ],
                )
                .all()
            )
            for requirement, requirement_id in zip(created, ids, strict=True):
                requirement.id = requirement_id
        self._write_sightings()
        if self._pending.history:
            self._session.connection().execute(
                INSERT_HISTORY,
                [
                    {
                        "requirement_id": r.id,
                        "sighting_id": s.sighting_id if s else None,
                        "field": name,
                        "old_value": old,
                        "new_value": new,
                    }
                    for r, s, name, old, new in self._pending.history
                ],
            )
        changed = [r for r in self._state.held if r.touched and not r.new]
        if changed:
            rows = [_row_state(r, now=self._now) for r in changed]
            self._session.connection().execute(
                UPDATE_REQUIREMENTS,
                [
                    {"requirement_id": r.id, **{f"new_{k}": v for k, v in row.items()}}
                    for r, row in zip(changed, rows, strict=True)
                ],
            )

    def _write_sightings(self) -> None:
        pending = self._pending.sightings
        if not pending:
            return
        for _, row in pending:
            row["requirement_id"] = self._made[_row_key(row)][0].id
        written = (
            self._session.connection()
            .execute(
                INSERT_SIGHTINGS,  # one multi-row INSERT (batch_apply's)
                [row for _, row in pending],
            )
            .all()
        )
        ids = {
            (r.tenant_id, r.integration_id, r.provider_message_id, r.job_index): r.id
            for r in written
        }
        if len(ids) < len(pending):
            raise _LostInsert
        for sighting, row in pending:
            sighting.sighting_id = ids[_row_key(row)]


def _key(parsed: ParsedEmail, job_index: int) -> state.SightingKey:
    return (parsed.tenant_id, parsed.integration_id, parsed.provider_message_id, job_index)


def _row_key(row: dict[str, Any]) -> state.SightingKey:
    return (row["tenant_id"], row["integration_id"], row["provider_message_id"], row["job_index"])


def _row_state(requirement: state.HeldRequirement, *, now: datetime) -> dict[str, Any]:
    """The columns a sighting changes on its requirement."""
    return {
        **{name: requirement.fields.get(name) for name in state.CANONICAL},
        "skills": list(requirement.fields.get("skills") or ()),
        "sightings": requirement.sightings,
        "first_seen_at": requirement.first_seen_at,
        "last_seen_at": requirement.last_seen_at,
        "updated_at": now,
    }


def _sighting_row(
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
            span.model_dump(mode="json", exclude={"job_index"})
            for span in parsed.evidence
            if span.job_index == job_index
        ],
    }


def _snapshot(
    requirement: state.HeldRequirement, parsed: ParsedEmail, job_index: int
) -> dict[str, Any]:
    """The event's fields but the id: the requirement's state after this job's sighting."""
    fields = requirement.fields
    rate = (
        Rate(min=fields.get("rate_min"), max=fields.get("rate_max"), unit=fields["rate_unit"])
        if fields.get("rate_unit") in ("hour", "year")
        else None
    )
    return {
        "tenant_id": requirement.tenant_id,
        "status": requirement.status,
        "title": fields["title"],
        "client": fields.get("client"),
        "location": fields.get("location"),
        "work_mode": fields.get("work_mode"),
        "duration_months": fields.get("duration_months"),
        "rate": rate,
        "skills": list(fields.get("skills") or ()),
        "job_ref": fields.get("job_ref"),
        "sightings": requirement.sightings,
        "vendors": len(requirement.vendors),
        "first_seen_at": requirement.first_seen_at,
        "last_seen_at": requirement.last_seen_at,
        "sighting": SightingRef(
            integration_id=parsed.integration_id,
            provider_message_id=parsed.provider_message_id,
            job_index=job_index,
            vendor_domain=rules.vendor_domain(parsed.sender),
            received_at=parsed.received_at,
        ),
    }


def _result(outcome: _Outcome) -> SightingResult:
    requirement_id = outcome.requirement.id
    assert requirement_id is not None  # written by now
    fields = {**outcome.snapshot, "requirement_id": requirement_id}
    event: RequirementEvent = (
        RequirementCreated.model_validate(fields)
        if outcome.new_requirement
        else RequirementUpdated.model_validate({**fields, "changed_fields": list(outcome.changed)})
    )
    return SightingResult(
        requirement_id,
        outcome.job_index,
        new_sighting=outcome.new_sighting,
        new_requirement=outcome.new_requirement,
        changed_fields=outcome.changed,
        event=event,
    )
