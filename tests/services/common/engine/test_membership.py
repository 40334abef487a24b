"""The group self-check's decision: looks at the coordinator's view over time -> rejoin."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from services.common.engine.membership import MembershipCheck, MemberView, Rejoin, names

P0, P1, P2 = ("email.sync.requested", 0), ("email.sync.requested", 1), ("email.sync.requested", 2)
NONE: frozenset[tuple[str, int]] = frozenset()


def view(
    assignment: AbstractSet[tuple[str, int]], target: AbstractSet[tuple[str, int]]
) -> MemberView:
    return MemberView(frozenset(assignment), frozenset(target))


def check() -> MembershipCheck:
    return MembershipCheck(now=0.0, every=10.0, stall_after=30.0)


def test_looks_are_due_every_interval_from_the_start() -> None:
    membership = check()
    assert [t for t in (0.0, 5.0, 10.0, 12.0, 19.9, 20.0) if membership.due(t)] == [10.0, 20.0]


def test_a_member_in_step_with_its_coordinator_never_rejoins() -> None:
    membership = check()
    held = frozenset({P0, P1})
    in_step = view(held, held)
    assert all(membership.observe(t, "m", in_step, held) is None for t in range(0, 300, 10))


def test_a_reconciliation_shorter_than_the_stall_time_is_left_alone() -> None:
    membership = check()
    assert membership.observe(0.0, "m", view({P0}, {P0, P1}), frozenset({P0})) is None
    assert membership.observe(20.0, "m", view({P0, P1}, {P0, P1}), frozenset({P0})) is None
    assert membership.observe(40.0, "m", view({P0, P1}, {P0, P1}), frozenset({P0, P1})) is None
    # a new disagreement starts its own clock
    assert membership.observe(50.0, "m", view({P0}, {P0}), frozenset({P0, P1})) is None
    assert membership.observe(70.0, "m", view({P0}, {P0}), frozenset({P0, P1})) is None


def test_a_restarted_member_whose_target_never_comes_rejoins_after_the_stall_time() -> None:
    # the chaos run's restarted fetcher: target {0, 1}, nothing acknowledged, nothing held
    membership = check()
    stuck = view(set(), {P0, P1})
    assert membership.observe(0.0, "m", stuck, NONE) is None
    assert membership.observe(20.0, "m", stuck, NONE) is None
    assert membership.observe(30.0, "m", stuck, NONE) == Rejoin("m", NONE, stuck, 30.0)


def test_a_member_holding_what_its_coordinator_took_back_rejoins() -> None:
    # the survivor: acknowledged {1}, target {2}, still holding {0, 1}
    membership = check()
    stuck, held = view({P1}, {P2}), frozenset({P0, P1})
    for t in (0.0, 10.0, 20.0):
        assert membership.observe(t, "m", stuck, held) is None
    assert membership.observe(30.0, "m", stuck, held) == Rejoin("m", held, stuck, 30.0)


def test_a_member_the_group_does_not_list_rejoins() -> None:
    membership = check()
    assert membership.observe(0.0, "m", None, frozenset({P0})) is None
    assert membership.observe(30.0, "m", None, frozenset({P0})) == Rejoin(
        "m", frozenset({P0}), None, 30.0
    )


def test_a_failed_look_breaks_the_evidence() -> None:
    # while the coordinator is away nothing is known: the stall time counts again after it
    membership = check()
    stuck = view(set(), {P0})
    assert membership.observe(0.0, "m", stuck, NONE) is None
    assert membership.observe(20.0, "m", stuck, NONE) is None
    membership.unknown()
    assert membership.observe(40.0, "m", stuck, NONE) is None
    assert membership.observe(60.0, "m", stuck, NONE) is None
    assert membership.observe(70.0, "m", stuck, NONE) is not None


def test_after_a_rejoin_the_next_one_waits_a_whole_stall_time_again() -> None:
    membership = check()
    stuck = view(set(), {P0})
    assert membership.observe(0.0, "m", stuck, NONE) is None
    assert membership.observe(30.0, "m", stuck, NONE) is not None
    assert membership.observe(40.0, "m", stuck, NONE) is None
    assert membership.observe(60.0, "m", stuck, NONE) is None
    assert membership.observe(70.0, "m", stuck, NONE) is not None


def test_names_for_the_log() -> None:
    assert names({P1, P0}) == "email.sync.requested[0], email.sync.requested[1]"
    assert names(NONE) == "none"
