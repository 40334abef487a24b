"""The cluster's pure parts: per-node configuration, replication by size, the quorum leader."""

from __future__ import annotations

from pathlib import Path

from services.infra.kafka_cluster import (
    QuorumState,
    active_controller,
    parse_quorum_state,
    quorum_voters,
)
from services.infra.kafka_native import replication_for, server_properties
from services.infra.topics import TopicSpec, replicated


def properties(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if line)


def test_replication_is_three_with_two_in_sync_from_three_brokers_else_one() -> None:
    assert replication_for(1) == (1, 1)
    assert replication_for(2) == (1, 1)
    assert replication_for(3) == (3, 2)
    assert replication_for(5) == (3, 2)


def test_a_cluster_node_names_every_voter_and_replicates_internal_topics() -> None:
    voters = quorum_voters([9101, 9102, 9103])
    assert voters == "1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103"
    node = properties(
        server_properties(port=9202, cport=9102, data=Path("/d"), node_id=2, quorum=voters)
    )
    assert node["node.id"] == "2"
    assert node["process.roles"] == "broker,controller"
    assert node["controller.quorum.voters"] == voters
    assert "controller.quorum.bootstrap.servers" not in node
    assert node["default.replication.factor"] == node["offsets.topic.replication.factor"] == "3"
    assert node["min.insync.replicas"] == node["transaction.state.log.min.isr"] == "2"


def test_a_single_node_is_its_own_quorum_with_replication_one() -> None:
    node = properties(server_properties(port=9200, cport=9100, data=Path("/d")))
    assert node["node.id"] == "1"
    assert node["controller.quorum.bootstrap.servers"] == "127.0.0.1:9100"
    assert node["default.replication.factor"] == node["min.insync.replicas"] == "1"


def test_topics_get_the_clusters_replication_unless_their_file_sets_it() -> None:
    plain = TopicSpec("email.raw", 6, {"retention.ms": "1000"})
    on_three = replicated(plain, 3)
    assert on_three.replication_factor == 3
    assert on_three.config == {"retention.ms": "1000", "min.insync.replicas": "2"}
    on_one = replicated(plain, 1)
    assert on_one.replication_factor == 1 and on_one.config["min.insync.replicas"] == "1"
    own = TopicSpec("x", 1, {"min.insync.replicas": "1"}, replication_factor=2)
    assert replicated(own, 3) == own


def test_the_active_controller_is_the_leader_of_the_newest_epoch() -> None:
    text = '{"clusterId":"","leaderId":2,"leaderEpoch":7,"votedId":-1,"appliedOffset":0}'
    assert parse_quorum_state(text) == QuorumState(leader_id=2, leader_epoch=7)
    # node 1 was down during the last election and still names the old leader
    states = {1: QuorumState(3, 6), 2: QuorumState(2, 7), 3: QuorumState(2, 7)}
    assert active_controller(states) == 2
    assert active_controller({1: QuorumState(-1, 8), 2: QuorumState(3, 6)}) == 3
    assert active_controller({}) is None
