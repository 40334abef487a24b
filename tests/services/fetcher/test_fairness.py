"""Per-tenant fairness rules: the global start budget and a fetcher's sync slots are shared,
so one tenant's burst of syncs cannot starve another tenant's (issue 12, item 3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from schemas.contracts.models import Provider, SyncRequested
from services.domain.integrations import IntegrationState
from services.fetcher.handler import (
    Fetch,
    Lease,
    StartFacts,
    StartPolicy,
    Throttled,
    fair_share,
    may_take_slot,
    plan_start,
    tenant_rate_wait,
    within_share,
)

NOW = datetime(2026, 12, 6, 5, 0, tzinfo=UTC)
POLICY = StartPolicy(syncs_per_period=10, rate_period=timedelta(minutes=1))
A, B = 1, 2


def ago(seconds: float) -> datetime:
    return NOW - timedelta(seconds=seconds)


def request(tenant: int) -> SyncRequested:
    return SyncRequested(
        sync_id=uuid4(),
        integration_id=tenant * 100,
        user_id=tenant,
        tenant_id=tenant,
        provider=Provider.IMAP,
        requested_at=NOW,
    )


def facts(tenant: int, starts: list[tuple[int, datetime]]) -> StartFacts:
    """What the use case reads under the start lock, for ``tenant`` asking."""
    return StartFacts(
        run_status="running",
        run_message=None,
        integration=IntegrationState(tenant * 100, tenant, tenant, is_active=True),
        lease=Lease(None, None),
        recent_starts=[t for _, t in starts],
        preferred_roles=[["Java Developer"]],
        own_starts=[t for who, t in starts if who == tenant],
        active_tenants=len({who for who, _ in starts} | {tenant}),
    )


def test_a_share_is_equal_outside_the_newcomers_reserve_and_never_zero() -> None:
    assert fair_share(10, 1) == 9  # alone: all but the one start kept for a newcomer
    assert fair_share(10, 2) == 5
    assert fair_share(10, 4) == 3
    assert fair_share(10, 1, reserve=0) == 10
    assert fair_share(3, 50) == 1
    assert fair_share(1, 1) == 1  # one slot: nothing can be kept back


def test_a_newcomer_may_use_the_reserve_a_busy_tenant_may_not() -> None:
    assert within_share(0, 5, capacity=6, active_tenants=2)
    assert not within_share(3, 5, capacity=6, active_tenants=2)
    assert not within_share(0, 6, capacity=6, active_tenants=2)  # nothing free
    assert within_share(2, 4, capacity=6, active_tenants=2)


def test_a_tenant_over_its_share_waits_until_its_own_oldest_start_leaves_the_window() -> None:
    own = [ago(50), ago(40), ago(30), ago(20), ago(10)]
    others = [ago(45), ago(35), ago(25), ago(15)]
    # two tenants, ten a minute, one kept back: five each at most
    assert tenant_rate_wait(own, own + others, NOW, active_tenants=2, limit=10) == 10.0
    assert tenant_rate_wait(own[1:], own[1:] + others[1:], NOW, active_tenants=2) == 0.0
    assert tenant_rate_wait([], own + others, NOW, active_tenants=2) == 0.0  # a newcomer


def test_a_busy_tenant_leaves_the_last_start_of_the_budget_to_a_newcomer() -> None:
    # A started nine syncs in the last seconds: the one start left is kept for a newcomer
    starts = [(A, ago(s)) for s in range(9, 0, -1)]
    assert plan_start(request(A), facts(A, starts), now=NOW, policy=POLICY) == Throttled(51.0)
    # B, asking now, starts at once
    assert isinstance(plan_start(request(B), facts(B, starts), now=NOW, policy=POLICY), Fetch)


def test_two_busy_tenants_share_the_budget_and_a_third_still_gets_in() -> None:
    starts = [(A, ago(s)) for s in (9, 8, 7, 6, 5)] + [(B, ago(s)) for s in (4, 3, 2)]
    assert isinstance(plan_start(request(A), facts(A, starts), now=NOW, policy=POLICY), Throttled)
    assert isinstance(plan_start(request(B), facts(B, starts), now=NOW, policy=POLICY), Fetch)
    starts.append((B, ago(1)))  # nine started: the last one is the newcomers'
    assert isinstance(plan_start(request(B), facts(B, starts), now=NOW, policy=POLICY), Throttled)
    assert isinstance(plan_start(request(3), facts(3, starts), now=NOW, policy=POLICY), Fetch)


def test_the_global_budget_still_bounds_everyone() -> None:
    starts = [(t, ago(s)) for t, s in zip(range(10, 20), range(10), strict=True)]
    throttled = Throttled(51.0, everyone_waits=51.0)  # a fetcher need not try anyone before
    assert plan_start(request(B), facts(B, starts), now=NOW, policy=POLICY) == throttled


def test_a_tenant_holds_at_most_its_share_of_the_slots_while_others_run_or_wait() -> None:
    # six slots: alone, A holds five and leaves one for whoever comes
    assert may_take_slot(A, {A: 4}, [], capacity=6)
    assert not may_take_slot(A, {A: 5}, [], capacity=6)
    assert may_take_slot(B, {A: 5}, [], capacity=6)
    # with B running or waiting, A's share drops to three (of the five shared)
    assert not may_take_slot(A, {A: 3, B: 1}, [B], capacity=6)
    assert may_take_slot(B, {A: 3, B: 1}, [A, B], capacity=6)
    # a full fetcher admits nobody
    assert not may_take_slot(3, {A: 3, B: 3}, [], capacity=6)
