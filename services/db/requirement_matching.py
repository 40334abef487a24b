"""Matching a batch of jobs to a tenant's requirements in memory (services.db.requirements).

Each kept job joins the open requirement of its window that it matches best (services.domain
.requirements scores; a recruiter's pins and merges override, services.domain
.requirement_overrides), or starts a new one; the batch then writes once
(services.db.requirement_writes). The emails are matched in order, each seeing the sightings of
those before it."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from schemas.contracts.models import ExtractedJob, ParsedEmail
from services.db import requirement_loads as loads
from services.db import requirement_pins
from services.db import requirement_state as state
from services.db import requirement_writes as writes
from services.db.models import Requirement
from services.db.requirement_cache import RequirementCache
from services.db.requirement_results import Outcome, SightingResult, result, snapshot
from services.domain import requirement_overrides as overrides
from services.domain import requirements as rules
from services.domain.vendor_identity import vendor_key

# a parsed email and the (job index, job) pairs its decision keeps
EmailJobs = tuple[ParsedEmail, Sequence[tuple[int, ExtractedJob]]]


class SightingBatch:
    def __init__(
        self,
        session: Session,
        emails: Sequence[EmailJobs],
        profiles: Sequence[Sequence[rules.Profile]],
        *,
        now: datetime,
        window_days: int,
        threshold: float,
        cache: RequirementCache | None = None,
    ) -> None:
        self._session = session
        self._cache = cache
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
        self._pending = writes.Pending()
        self._made: dict[state.SightingKey, tuple[state.HeldRequirement, bool]] = {}
        # new sightings in order (a cache's sequence runs on across its batches)
        self._sequence = cache.sequence if cache is not None else itertools.count()
        self._transaction_start: datetime | None = None
        # match scores by job profile identity, then requirement profile identity, each kept
        # with its profile, so no id is reused while its score is
        self._scores: dict[int, tuple[rules.Profile, dict[int, tuple[rules.Profile, float]]]] = {}
        self._state = loads.load(
            session,
            keys=[
                writes.sighting_key(parsed, index) for parsed, jobs in emails for index, _ in jobs
            ],
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
            cache=cache,
        )

    def run(self, flags: Sequence[bool]) -> list[list[SightingResult]]:
        self._load_joinable(flags)
        outcomes: list[list[Outcome]] = []
        for (parsed, jobs), of_email, again in zip(
            self._emails, self._profiles, flags, strict=True
        ):
            closing = rules.is_closing_notice(parsed.subject)
            found: list[Outcome] = []
            for (index, job), profile in zip(jobs, of_email, strict=True):
                outcome = self._record_one(parsed, index, job, profile, redelivered=again)
                if outcome is None:
                    continue
                if closing and self._close(outcome.requirement):
                    outcome.changed = (*outcome.changed, "status")
                # at least once, like job.created: a redelivery (the commit may have happened
                # and the publish not) sends the requirement's current state again
                outcome.snapshot = snapshot(outcome.requirement, parsed, index)
                found.append(outcome)
            outcomes.append(found)
        writes.write_batch(
            self._session,
            self._state.held,
            self._pending,
            now=self._now,
            cache=self._cache,
            versions=self._state.versions,
        )
        return [[result(outcome) for outcome in found] for found in outcomes]

    def _record_one(
        self,
        parsed: ParsedEmail,
        job_index: int,
        job: ExtractedJob,
        profile: rules.Profile,
        *,
        redelivered: bool,
    ) -> Outcome | None:
        key = writes.sighting_key(parsed, job_index)
        if key in self._made:  # the same email twice in the batch: its first made the row
            requirement, created_it = self._made[key]
            return Outcome(requirement, job_index, False, created_it, (), {})
        existing = self._state.existing.get(key)
        if existing is None and redelivered:
            return None  # a job the first delivery did not keep (a newer extractor's replay)
        if existing is not None:
            seen_id, requirement_id = existing
            requirement = self._state.by_id[requirement_id]
            # a redelivery: nothing written; its event is sent again as it would have been then
            first = requirement.first_sighting_id == seen_id
            return Outcome(requirement, job_index, False, first, (), {})

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
        row = writes.sighting_row(parsed, job_index, job, profile.job_id)
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
        self._pending.sightings.append((sighting, row, candidate))
        self._made[key] = (candidate, new_requirement)
        changed = self._refresh(candidate, sighting, seen_at=seen_at)
        return Outcome(
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
                if again or writes.sighting_key(parsed, index) in self._state.existing:
                    continue
                joinable += [
                    candidate
                    for candidate, score in self._scored(
                        parsed.tenant_id, rules.block_key(profile), profile, seen_at
                    )
                    if score >= self._threshold
                ]
        loads.load_sightings(self._session, joinable)

    def _best_candidate(
        self, tenant_id: int, key: str, profile: rules.Profile, seen_at: datetime
    ) -> state.HeldRequirement | None:
        """The open requirement of the window around ``seen_at`` that matches best, the first
        of a tie: the block's, and any whose sightings carry the same job id."""
        best: tuple[float, state.HeldRequirement] | None = None
        for candidate, score in self._scored(tenant_id, key, profile, seen_at):
            if score >= self._threshold and (best is None or score > best[0]):
                best = (score, candidate)
        return best[1] if best else None

    def _scored(
        self, tenant_id: int, key: str, profile: rules.Profile, seen_at: datetime
    ) -> Iterator[tuple[state.HeldRequirement, float]]:
        """The open requirements of the window a job may match, in order, each with its score:
        the block's, and any whose sightings carry the job's id. Tens to hundreds per job,
        so the loop is kept lean (window bounds once, scores kept per pair of profiles)."""
        earliest, latest = seen_at - self._window, seen_at + self._window
        job_id = profile.job_id
        scores = self._scores_of(profile)
        matchable = overrides.MATCHABLE_STATUSES
        for candidate in self._state.candidates(tenant_id, key, job_id):
            if (
                # a merged one stands for its survivor (``_override``)
                candidate.status not in matchable
                or candidate.last_seen_at < earliest
                or candidate.first_seen_at > latest
            ):
                continue
            if job_id is not None and job_id in candidate.refs:
                # a vendor's copy with the end-client id matches however its wording differs
                yield candidate, 1.0
            elif candidate.block_key == key:
                against = candidate.profile()
                kept = scores.get(id(against))
                if kept is None:
                    kept = scores[id(against)] = (against, rules.match_score(profile, against))
                yield candidate, kept[1]

    def _scores_of(self, profile: rules.Profile) -> dict[int, tuple[rules.Profile, float]]:
        """The scores kept for a job's profile, by the requirement profile's identity."""
        kept = self._scores.get(id(profile))
        if kept is None:
            kept = self._scores[id(profile)] = (profile, {})
        return kept[1]

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
            survivor = loads.load_one(self._session, survivor_id)
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
