"""Requirements and their sightings on PostgreSQL, inside the caller's transaction.

``record_sightings`` matches each job of a batch of parsed emails to the tenant's open
requirements (services.domain.requirements decides; this module fetches candidates and writes).
Exactly one requirement per real requirement under concurrent jobwriters: transaction-scoped
advisory locks on (tenant, block key) — and on (tenant, job id) when a job has one
(services.db.advisory_locks) — are taken for the whole batch, in one sorted order, before the
candidates are read and held until the commit, so a second writer of the same block waits and
then sees the first one's requirement. The batch reads once (services.db.requirement_state
holds what it read in memory), matches in memory (services.db.requirement_matching) and writes
once (services.db.requirement_writes); services.db.requirement_results has what it returns. The
sighting's unique key is its job posting's, so a redelivery adds none twice: the existing
sighting is found and returned.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from services.db import dbapi
from services.db.advisory_locks import LockName, lock_all
from services.db.requirement_cache import RequirementCache
from services.db.requirement_matching import EmailJobs, SightingBatch
from services.db.requirement_results import RequirementEvent, SightingResult
from services.db.requirement_writes import LostInsert
from services.domain import requirements as rules
from services.domain.errors import RetryableError

__all__ = [
    "EmailJobs",
    "RequirementEvent",
    "SightingResult",
    "lock_names",
    "profiles_of",
    "record_sightings",
]

# a concurrent writer of the same sighting key won its insert this many times in a row
_ATTEMPTS = 3


def record_sightings(
    session: Session,
    *,
    emails: Sequence[EmailJobs],
    now: datetime,
    redelivered: Sequence[bool] = (),
    window_days: int = rules.DEFAULT_WINDOW_DAYS,
    threshold: float = rules.MATCH_THRESHOLD,
    profiles: Sequence[Sequence[rules.Profile]] | None = None,
    held_locks: Collection[LockName] = (),
    cache: RequirementCache | None = None,
) -> list[list[SightingResult]]:
    """A sighting for each kept (job index, job) of each email, one list per email; a closing
    notice ("position filled / on hold") also closes the requirement its job matched. An email
    whose ``redelivered`` flag (one per email, in order; none means all False) is set adds no
    sighting: it gets the results and events of the sightings it made the first time. The
    emails are matched in order, each seeing the sightings of those before it. All the locks
    the emails need are taken first, in one order, so two writers' batches cannot deadlock;
    those among ``held_locks`` (the transaction took them before, with ``lock_names``) are not
    taken again. ``profiles``: ``profiles_of(emails)`` when the caller has them. ``cache``:
    the requirement rows a caller keeps across its batches (services.db.requirement_cache)."""
    flags = list(redelivered) or [False] * len(emails)
    if profiles is None:
        profiles = profiles_of(emails)
    missing = [name for name in lock_names(emails, profiles) if name not in held_locks]
    lock_all(session, missing)
    # a lost insert undoes the batch's writes and looks again: the winner's row is committed
    # by then (the insert waited for it) and found as an existing sighting. The savepoint is
    # plain SQL (services.db.dbapi), the session's pending objects flushed before it, as its
    # begin_nested() would; it goes with the batch's first read, and is not released (it ends
    # with the transaction): two round trips fewer per batch
    session.flush()
    dbapi.send_with_next(session, "SAVEPOINT requirement_sightings")
    for _ in range(_ATTEMPTS):
        batch = SightingBatch(
            session,
            emails,
            profiles,
            now=now,
            window_days=window_days,
            threshold=threshold,
            cache=cache,
        )
        dbapi.send_pending(session)  # taken before any write, whatever the batch read
        try:
            return batch.run(flags)
        except LostInsert:
            # the savepoint stays, for the next attempt
            dbapi.execute(session, "ROLLBACK TO SAVEPOINT requirement_sightings", ())
    raise RetryableError("requirement sightings: concurrent writers kept taking the same keys")


def profiles_of(emails: Sequence[EmailJobs]) -> list[list[rules.Profile]]:
    """The matching profile of each job of each email."""
    return [[rules.profile(job) for _, job in jobs] for _, jobs in emails]


def lock_names(
    emails: Sequence[EmailJobs], profiles: Sequence[Sequence[rules.Profile]]
) -> list[LockName]:
    """The locks that serialize the writers of one (tenant, block) and of one (tenant, job id)."""
    names: list[LockName] = []
    for (parsed, _), of_email in zip(emails, profiles, strict=True):
        for profile in of_email:
            names.append((parsed.tenant_id, f"block|{rules.block_key(profile)}"))
            if profile.job_id:
                names.append((parsed.tenant_id, f"job|{profile.job_id}"))
    return names
