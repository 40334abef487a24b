"""The pure parts of the cluster chaos: options, the schedule, the victim, the verdict."""

from __future__ import annotations

import random

import pytest

from services.ops.chaos import ChaosOptions
from services.ops.chaos.disruptions import (
    WINDOWS,
    BrokerKill,
    Disruption,
    choose_victim,
    plan_disruptions,
)
from tests.services.ops.test_chaos import passing_report


def test_broker_kills_need_three_brokers() -> None:
    with pytest.raises(ValueError, match="--broker-kills needs --brokers 3"):
        ChaosOptions(brokers=1, broker_kills=1, broker_restarts=0)
    assert ChaosOptions(brokers=3, broker_kills=3, broker_restarts=0).broker_kills == 3


def test_kills_and_clean_restarts_are_not_mixed_and_replicas_are_positive() -> None:
    with pytest.raises(ValueError, match="pick one"):
        ChaosOptions(brokers=3, broker_kills=1, broker_restarts=1)
    with pytest.raises(ValueError, match="--parsers must be at least 1"):
        ChaosOptions(parsers=0)


def test_replica_counts_choose_the_processes_and_the_scheduler_runs_once() -> None:
    options = ChaosOptions(parsers=4, jobwriters=2, fetchers=3)
    assert options.replicas == {"scheduler": 1, "fetcher": 3, "parser": 4, "jobwriter": 2, "api": 1}


def test_schedule_holds_every_disruption_in_its_window_in_order() -> None:
    options = ChaosOptions(brokers=3, broker_kills=3, broker_restarts=0, postgres_restarts=2)
    plan = plan_disruptions(options, random.Random(11))
    assert [d.at for d in plan] == sorted(d.at for d in plan)
    assert sum(d.kind == "broker_kill" for d in plan) == 3
    assert sum(d.kind == "postgres_restart" for d in plan) == 2
    for disruption in plan:
        low, high = WINDOWS[disruption.kind]
        assert low <= disruption.at <= high


@pytest.mark.parametrize("seed", range(20))
def test_exactly_one_broker_kill_is_aimed_at_the_active_controller(seed: int) -> None:
    options = ChaosOptions(brokers=3, broker_kills=3, broker_restarts=0, postgres_restarts=1)
    plan = plan_disruptions(options, random.Random(seed))
    aimed = [d for d in plan if d.controller]
    assert len(aimed) == 1 and aimed[0].kind == "broker_kill"


def test_the_schedule_is_the_seeds() -> None:
    options = ChaosOptions(brokers=3, broker_kills=2, broker_restarts=0, postgres_restarts=1)
    assert plan_disruptions(options, random.Random(5)) == plan_disruptions(
        options, random.Random(5)
    )
    assert plan_disruptions(ChaosOptions(broker_restarts=0), random.Random(5)) == []


def test_an_aimed_kill_takes_the_controller_and_others_any_node() -> None:
    rng = random.Random(1)
    aimed = Disruption(0.5, "broker_kill", controller=True)
    assert choose_victim(aimed, node_ids=[1, 2, 3], controller=2, rng=rng) == 2
    # no leader known (an election under way): any node
    assert choose_victim(aimed, node_ids=[1, 2, 3], controller=None, rng=rng) in {1, 2, 3}
    plain = Disruption(0.5, "broker_kill")
    victims = {choose_victim(plain, node_ids=[1, 2, 3], controller=2, rng=rng) for _ in range(50)}
    assert victims == {1, 2, 3}


def test_missing_broker_kills_controller_kill_or_postgres_restart_fail_the_run() -> None:
    options = ChaosOptions(
        kills=0, poison=0, brokers=3, broker_kills=2, broker_restarts=0, postgres_restarts=1
    )
    report = passing_report(options)
    report.broker_kill_records = [BrokerKill(1, False, 12.0), BrokerKill(3, True, 15.0)]
    report.postgres_downtime_s = [4.0]
    report.max_under_replicated_partitions = 17
    assert report.ok, report.failures
    figures = report.to_json()
    assert figures["broker_kills"] == 2 and figures["postgres_restarts"] == 1
    assert figures["max_under_replicated_partitions"] == 17
    assert figures["counters_consistent"] is True
    assert figures["controller_kills"] == 1

    report.broker_kill_records = [BrokerKill(1, False, 12.0), BrokerKill(3, False, 15.0)]
    assert report.failures == ["no broker kill hit the active controller"]
    report.broker_kill_records = [BrokerKill(3, True, 15.0)]
    report.postgres_downtime_s = []
    assert report.failures == [
        "only 1 of 2 broker kills",
        "only 0 of 1 PostgreSQL restarts",
    ]


def test_a_skipped_disruption_says_why_and_is_not_required() -> None:
    options = ChaosOptions(kills=0, poison=0, broker_restarts=0, postgres_restarts=1)
    report = passing_report(options)
    report.postgres_restart_skipped = "external database (DATABASE_URL): not this run's to restart"
    assert report.ok, report.failures
    assert report.to_json()["postgres_restart_skipped"].startswith("external database")
    assert report.skipped_kinds == {"postgres_restart"}
