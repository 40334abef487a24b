"""The chaos routine on a three-broker cluster, short: service kills, a SIGKILLed node (the
active controller) and a PostgreSQL restart while six mailboxes drain."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.cli.settings import process_environment
from services.infra.kafka_cluster import NativeKafkaCluster
from services.infra.postgres_native import NativePostgres
from services.infra.settings import InfraSettings
from services.infra.stack import Infra, start_infra, stop_infra
from services.ops.chaos import ChaosOptions, run_chaos
from services.ops.chaos.disruptions import HEAL_TIMEOUT, ClusterKiller, PostgresControl
from tests.services.ops.test_chaos import AFTER_DEADLINE_S

# the run's own budget (see test_chaos.py), and the cluster's start and stop beside it
CLUSTER_CHAOS_BUDGET_S = 300.0
CLUSTER_START_STOP_S = 240.0


@pytest.fixture
def cluster_infra() -> Iterator[Infra]:
    """Its own native cluster and PostgreSQL: the session's single broker stays as it is, and
    only servers this test started are killed."""
    settings = InfraSettings(
        KAFKA_BOOTSTRAP_SERVERS=None, DATABASE_URL=None, TESTS_USE_DOCKER="never"
    )
    infra = start_infra(pdeathsig=True, brokers=3, settings=settings)
    try:
        yield infra
    finally:
        # SIGKILL first: a throwaway cluster has nothing to shut down cleanly, and a node's
        # controlled shutdown may wait out its 30 s grace for a quorum the others left
        if isinstance(cluster := infra.kafka_handle, NativeKafkaCluster):
            for node_id in cluster.node_ids:
                cluster.kill(node_id)
        stop_infra(infra)  # removes the directories, stops PostgreSQL


@pytest.mark.kafka
@pytest.mark.e2e
@pytest.mark.cluster
@pytest.mark.timeout(
    CLUSTER_CHAOS_BUDGET_S + AFTER_DEADLINE_S + HEAL_TIMEOUT + CLUSTER_START_STOP_S
)
def test_broker_kill_and_postgres_restart_on_three_brokers_lose_and_duplicate_nothing(
    cluster_infra: Infra, tmp_path: Path
) -> None:
    assert isinstance(cluster_infra.kafka_handle, NativeKafkaCluster)
    assert isinstance(cluster_infra.database_handle, NativePostgres)
    seed = 7
    options = ChaosOptions(
        emails=300,
        kills=2,
        brokers=3,
        broker_kills=1,
        broker_restarts=0,
        postgres_restarts=1,
        poison=3,
        seed=seed,
        timeout=CLUSTER_CHAOS_BUDGET_S,
    )
    report = run_chaos(
        kafka_bootstrap=cluster_infra.kafka_bootstrap,
        database_url=cluster_infra.database_url,
        work_dir=tmp_path,
        base_env=process_environment(),
        options=options,
        cluster=ClusterKiller(cluster_infra, random.Random(f"{seed}:broker-kills")),
        database=PostgresControl(cluster_infra, random.Random(f"{seed}:postgres")),
    )
    figures = report.to_json()
    summary = json.dumps(figures, indent=2)
    assert report.ok, summary
    assert figures["lost"] == 0 and figures["duplicate_jobs"] == 0, summary
    # vendor copies and shared messages through a PostgreSQL restart and a node kill
    assert figures["duplicate_requirements"] == 0, summary
    assert figures["lost_sightings"] == 0, summary
    assert figures["vendor_copy_requirements"] > 0, summary
    assert figures["processed_records"] == figures["emails_in"] > 150, summary
    assert figures["dead_lettered"] == figures["poison_injected"] == 3, summary
    assert figures["dead_lettered_other"] == 0, summary
    assert figures["counters_consistent"], summary
    assert figures["broker_kills"] == 1 and figures["controller_kills"] == 1, summary
    assert figures["postgres_restarts"] == 1, summary
    # the killed node's replicas left the ISR (the monitor saw it) and came back after
    assert figures["max_under_replicated_partitions"] > 0, summary
    assert cluster_infra.kafka_handle.is_running(), "the killed node runs again"
