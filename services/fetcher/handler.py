"""Fetcher rules: whether and how a sync starts (a plan), keywords, which emails to publish,
the sync rate limit and the integration's sync lease.

Pure: no Kafka, database, HTTP, environment or clock; ``now`` is passed in.
"""

from __future__ import annotations

import base64
import hashlib
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from schemas.contracts.models import RawEmail, SyncRequested
from services.domain.integrations import IntegrationState
from services.domain.push import (
    PUSH_SYNCS_PER_PERIOD,
    counts_against_start_budget,
    waits_for_running_sync,
)
from services.domain.quotas import spacing_wait, window_wait

MAX_EMAILS_PER_SYNC = 50
SYNCS_PER_PERIOD = 10
RATE_PERIOD = timedelta(minutes=1)
LEASE_DURATION = timedelta(minutes=10)
LEASE_RENEW_EVERY = timedelta(minutes=2)
# seconds between a waiting push sync's looks at the integration's lease
LEASE_WAIT_POLL = 1.0
# JSON + base64 inflate by ~4/3; keep the message under the topic's 1 MiB max.message.bytes
MAX_INLINE_RAW_BYTES = 700 * 1024
# above this nothing of an email is stored or published: only a skipped ledger row says why
MAX_RAW_BYTES = 25 * 1024 * 1024
INACTIVE_MESSAGE = "Integration not found or inactive"
NO_KEYWORDS_MESSAGE = "No candidate preferred roles found"
# a run that failed this way may run again when its request is re-driven from the DLQ
EXHAUSTED_PREFIX = "Provider unavailable after retries"


@dataclass(frozen=True)
class MessageRef:
    """One listed email: provider ids and the subject, before its raw bytes are fetched."""

    provider_message_id: str
    thread_id: str | None
    received_at: datetime | None
    subject: str


def integration_problem(request: SyncRequested, integration: IntegrationState | None) -> str | None:
    """The seed's get-integration step: exists, belongs to the user, active."""
    if integration is None or integration.user_id != request.user_id:
        return INACTIVE_MESSAGE
    if integration.tenant_id != request.tenant_id or not integration.is_active:
        return INACTIVE_MESSAGE
    return None


def should_run(status: str, message: str | None) -> bool:
    """A request runs when its run is new or was interrupted (running), or when it failed only
    because the provider stayed unavailable (a re-drive); finished runs are not repeated."""
    if status == "running":
        return True
    return status == "failed" and (message or "").startswith(EXHAUSTED_PREFIX)


def search_keywords(preferred_roles: Iterable[Iterable[str]]) -> list[str]:
    """Keywords from the tenant's candidates' preferred roles: trimmed, case-folded, unique."""
    seen: dict[str, None] = {}
    for roles in preferred_roles:
        for role in roles:
            keyword = " ".join(role.split()).lower()
            if keyword:
                seen.setdefault(keyword, None)
    return sorted(seen)


def subject_matches(subject: str, keywords: Sequence[str]) -> bool:
    """Case-insensitive substring match, the semantics IMAP SEARCH SUBJECT has too."""
    folded = " ".join(subject.split()).lower()
    return any(k in folded for k in keywords)


def select_emails(
    emails: Iterable[MessageRef],
    *,
    keywords: Sequence[str],
    already_processed: set[str],
    limit: int = MAX_EMAILS_PER_SYNC,
) -> list[MessageRef]:
    """Matching, not yet processed, oldest first, at most ``limit``: the rest waits for the next
    sync, so a backlog drains in order and nothing is skipped."""
    fresh = {
        e.provider_message_id: e
        for e in emails
        if e.provider_message_id not in already_processed and subject_matches(e.subject, keywords)
    }
    ordered = sorted(
        fresh.values(),
        key=lambda e: (e.received_at is None, e.received_at or datetime.min, e.provider_message_id),
    )
    return ordered[:limit]


def rate_limit_wait(
    recent_starts: Sequence[datetime],
    now: datetime,
    *,
    limit: int = SYNCS_PER_PERIOD,
    period: timedelta = RATE_PERIOD,
) -> float:
    """Seconds until another sync may start (0 when allowed): at most ``limit`` per period."""
    return window_wait(recent_starts, now, limit=limit, period=period)


# starts per period, and a fetcher's sync slots, kept for a tenant not seen yet: a waiting
# tenant is not visible before it asks, and then it should not wait behind a busy one
NEWCOMER_RESERVE = 1


def _reserve(capacity: int, reserve: int) -> int:
    return max(0, min(reserve, capacity - 1))


def fair_share(capacity: int, active_tenants: int, *, reserve: int = NEWCOMER_RESERVE) -> int:
    """What one tenant may hold of ``capacity`` (starts per period, or sync slots) while
    ``active_tenants`` (the asker included) use it: an equal share of all but the newcomers'
    ``reserve``; at least one."""
    shared = capacity - _reserve(capacity, reserve)
    return max(1, math.ceil(shared / max(1, active_tenants)))


def within_share(
    own: int, used: int, *, capacity: int, active_tenants: int, reserve: int = NEWCOMER_RESERVE
) -> bool:
    """Whether a tenant holding ``own`` of the ``used`` units of ``capacity`` may take one
    more: a newcomer (own 0) any free unit, the reserve included; any other tenant only below
    its fair share and outside the reserve."""
    if used >= capacity:
        return False
    if own == 0:
        return True
    kept = _reserve(capacity, reserve)
    share = fair_share(capacity, active_tenants, reserve=reserve)
    return used < capacity - kept and own < share


def tenant_rate_wait(
    own_starts: Sequence[datetime],
    recent_starts: Sequence[datetime],
    now: datetime,
    *,
    active_tenants: int,
    limit: int = SYNCS_PER_PERIOD,
    period: timedelta = RATE_PERIOD,
    reserve: int = NEWCOMER_RESERVE,
) -> float:
    """Seconds until the asking tenant may start within its fair share of the budget (0 when
    allowed; the global limit is ``rate_limit_wait``'s): ``own_starts`` are its starts among
    ``recent_starts``, ``active_tenants`` the tenants that started in the window, the asker
    included. A tenant without starts in the window may use the newcomers' reserve."""
    since = now - period
    own = [t for t in own_starts if t > since]
    if not own:
        return 0.0
    share = fair_share(limit, active_tenants, reserve=reserve)
    shared = limit - _reserve(limit, reserve)
    return max(
        rate_limit_wait(own, now, limit=share, period=period),
        rate_limit_wait(recent_starts, now, limit=shared, period=period),
    )


def may_take_slot(
    tenant: int,
    running: Mapping[int, int],
    waiting: Collection[int],
    *,
    capacity: int,
    reserve: int = NEWCOMER_RESERVE,
) -> bool:
    """Whether ``tenant`` may start a sync in one of the fetcher's ``capacity`` slots, given the
    syncs each tenant is ``running`` and the tenants ``waiting`` for a slot: ``within_share``
    among everyone running or waiting."""
    active = {t for t, n in running.items() if n > 0} | set(waiting) | {tenant}
    return within_share(
        running.get(tenant, 0),
        sum(running.values()),
        capacity=capacity,
        active_tenants=len(active),
        reserve=reserve,
    )


@dataclass(frozen=True)
class Lease:
    """Who holds an integration's sync lease (a sync id) and until when; both None when free."""

    owner: str | None
    until: datetime | None


@dataclass(frozen=True)
class LeasePolicy:
    """A lease lasts ``duration`` from its last renewal; a running sync renews it every
    ``renew_every`` (well inside ``duration``), so only a dead or stuck holder lets it expire."""

    duration: timedelta = LEASE_DURATION
    renew_every: timedelta = LEASE_RENEW_EVERY

    def __post_init__(self) -> None:
        if not timedelta(0) < self.renew_every < self.duration:
            raise ValueError("the lease must be renewed more often than it lasts")


@dataclass(frozen=True)
class StartPolicy:
    syncs_per_period: int = SYNCS_PER_PERIOD
    rate_period: timedelta = RATE_PERIOD
    lease: LeasePolicy = LeasePolicy()
    newcomer_reserve: int = NEWCOMER_RESERVE  # starts per period kept for tenants not seen yet
    # push syncs are not counted in syncs_per_period; each mailbox may start this many per period
    push_syncs_per_period: int = PUSH_SYNCS_PER_PERIOD
    lease_wait_poll: float = LEASE_WAIT_POLL  # seconds


def other_live_holder(lease: Lease, *, me: str, now: datetime) -> str | None:
    """The sync that holds the lease against ``me``, or None when ``me`` may take it: it is
    free, already ``me``'s (a redelivered request resumes its own sync), or expired."""
    if lease.owner is None or lease.owner == me or lease.until is None or lease.until < now:
        return None
    return lease.owner


def lease_until(now: datetime, policy: LeasePolicy) -> datetime:
    """Expiry of a lease taken or renewed at ``now``."""
    return now + policy.duration


@dataclass(frozen=True)
class StartFacts:
    """What the start decision reads, all under the start lock (see the use case)."""

    run_status: str
    run_message: str | None
    integration: IntegrationState
    lease: Lease
    recent_starts: Sequence[datetime]  # other budgeted (cron, manual) runs' starts in the window
    preferred_roles: Sequence[Sequence[str]]
    own_starts: Sequence[datetime] = ()  # the asking tenant's, among recent_starts
    active_tenants: int = 1  # tenants that started in the window, the asker included
    push_starts: Sequence[datetime] = ()  # this integration's push syncs' starts in the window


@dataclass(frozen=True)
class AlreadyFinished:
    """A redelivered request whose run completed: nothing to do."""

    status: str


@dataclass(frozen=True)
class Rejected:
    """The integration is inactive or not the user's: the run fails with ``reason``."""

    reason: str


@dataclass(frozen=True)
class Coalesced:
    """Another live sync holds the integration: this run ends, folded into ``holder``."""

    holder: str


@dataclass(frozen=True)
class Throttled:
    """Over the global start rate, or over the tenant's fair share of it: nothing is written,
    the request waits ``retry_after`` s; every tenant's requests wait ``everyone_waits`` s (the
    global budget is spent), so a fetcher need not try them before."""

    retry_after: float
    everyone_waits: float = 0.0


@dataclass(frozen=True)
class Deferred:
    """A push sync that may not start yet: another sync of the integration runs (it may have
    read the mailbox before the notified change), or the mailbox used its push starts. Nothing
    is written; the request waits ``retry_after`` s by itself (its partition goes on) and asks
    again. Notifications meanwhile are debounced: this one is still pending."""

    retry_after: float
    holder: str | None = None


@dataclass(frozen=True)
class NoKeywords:
    """No candidate preferred roles: the run succeeds without a search."""


@dataclass(frozen=True)
class Fetch:
    """Take the lease until ``lease_until`` and search the mailbox for ``keywords``."""

    keywords: tuple[str, ...]
    lease_until: datetime


StartPlan = AlreadyFinished | Rejected | Coalesced | Deferred | Throttled | NoKeywords | Fetch


def must_restart(run_status: str) -> bool:
    """A re-driven (failed) run is reset to running before it is decided again."""
    return run_status != "running"


def plan_start(
    request: SyncRequested, facts: StartFacts, *, now: datetime, policy: StartPolicy
) -> StartPlan:
    """The seed's sync start, in its order: finished runs are not repeated, the integration must
    be valid, one sync per integration, at most N starts per period and a tenant at most its fair
    share of them, keywords or nothing. A push sync waits for a running one instead of being
    coalesced, and is limited per mailbox instead of by the N starts."""
    if not should_run(facts.run_status, facts.run_message):
        return AlreadyFinished(facts.run_status)
    problem = integration_problem(request, facts.integration)
    if problem:
        return Rejected(problem)
    reason = request.sync_reason
    holder = other_live_holder(facts.lease, me=str(request.sync_id), now=now)
    if holder is not None:
        if waits_for_running_sync(reason):
            return Deferred(policy.lease_wait_poll, holder)
        return Coalesced(holder)
    if not counts_against_start_budget(reason):
        # evenly spaced, so a steady stream of notifications waits one spacing at most
        own = spacing_wait(
            facts.push_starts, now, limit=policy.push_syncs_per_period, period=policy.rate_period
        )
        if own > 0:
            return Deferred(own)
        return _fetch_or_nothing(facts, now, policy)
    everyone = rate_limit_wait(
        facts.recent_starts, now, limit=policy.syncs_per_period, period=policy.rate_period
    )
    wait = max(
        everyone,
        tenant_rate_wait(
            facts.own_starts,
            facts.recent_starts,
            now,
            active_tenants=facts.active_tenants,
            limit=policy.syncs_per_period,
            period=policy.rate_period,
            reserve=policy.newcomer_reserve,
        ),
    )
    if wait > 0:
        return Throttled(wait, everyone)
    return _fetch_or_nothing(facts, now, policy)


def _fetch_or_nothing(facts: StartFacts, now: datetime, policy: StartPolicy) -> StartPlan:
    keywords = search_keywords(facts.preferred_roles)
    if not keywords:
        return NoKeywords()
    return Fetch(tuple(keywords), lease_until(now, policy.lease))


def blob_key(request: SyncRequested, raw: bytes) -> str:
    digest = hashlib.sha256(raw).hexdigest()[:40]
    return f"{request.tenant_id}-{request.integration_id}-{digest}"


def build_raw_email(
    request: SyncRequested,
    email: MessageRef,
    raw: bytes,
    *,
    max_inline: int = MAX_INLINE_RAW_BYTES,
) -> tuple[RawEmail, bytes | None]:
    """The email.raw message, and the bytes to store out of band when too large to inline."""
    oversized = len(raw) > max_inline
    message = RawEmail(
        sync_id=request.sync_id,
        integration_id=request.integration_id,
        user_id=request.user_id,
        tenant_id=request.tenant_id,
        provider=request.provider,
        provider_message_id=email.provider_message_id,
        thread_id=email.thread_id,
        received_at=email.received_at,
        raw_size=len(raw),
        raw_b64=None if oversized else base64.b64encode(raw).decode("ascii"),
        raw_ref=blob_key(request, raw) if oversized else None,
    )
    return message, (raw if oversized else None)


def too_large_reason(raw: bytes, *, max_raw: int = MAX_RAW_BYTES) -> str | None:
    """The ledger's skip reason for an email too large to keep, or None when it may go on."""
    return f"too_large_{len(raw)}" if len(raw) > max_raw else None
