"""On a real three-node cluster: partitions whose committed-offset query was in flight when the
group coordinator died are read once the coordinator is back, because UnstartedPartitions
assigns them again. Without it librdkafka never queries them again (librdkafka#5586): in the
same scenario they stayed unread for the two minutes watched (see the module docstring of
services/common/engine/unstarted.py)."""

from __future__ import annotations

import signal
import time
import uuid
from collections.abc import Iterator

import pytest
from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient
from confluent_kafka.cimpl import NewTopic  # typed here; the admin re-export is not

from services.common.engine.unstarted import UnstartedPartitions, failed_offset_query
from services.infra.kafka_cluster import NativeKafkaCluster, start_native_cluster
from services.infra.settings import InfraSettings

OFFSETS_TOPIC = "__consumer_offsets"  # one partition on these nodes: one coordinator for all
READ_TIMEOUT = 90.0  # seconds for the partitions to be read once the coordinator is back
CLUSTER_START_STOP_S = 240.0


@pytest.fixture
def kafka_cluster() -> Iterator[NativeKafkaCluster]:
    """A cluster of this test's own: one of its nodes is stopped and killed."""
    settings = InfraSettings()
    cluster = start_native_cluster(
        brokers=3,
        libs_dir=settings.KAFKA_LIBS_DIR,
        log4j_config=settings.KAFKA_LOG4J_CONFIG,
        pdeathsig=True,
    )
    try:
        yield cluster
    finally:
        # SIGKILL first: a throwaway cluster has nothing to shut down cleanly, and its nodes'
        # controlled shutdowns (one of them restarted by the test) waited out the 30 s grace
        for node_id in cluster.node_ids:
            cluster.kill(node_id)
        cluster.stop()  # removes the directories


class Reader:
    """A consumer of one group assigning partitions itself, and what it read."""

    def __init__(self, bootstrap: str, group: str, *, watch: bool) -> None:
        self.consumer = Consumer(
            {
                "bootstrap.servers": bootstrap,
                "group.id": group,
                "auto.offset.reset": "earliest",
                "enable.auto.offset.store": False,
            }
        )
        self.unstarted = UnstartedPartitions(self.consumer, stage="test") if watch else None
        self.read: set[int] = set()
        self.errors: list[KafkaError] = []

    def assign(self, tp: TopicPartition) -> None:
        self.consumer.incremental_assign([tp])
        if self.unstarted is not None:
            self.unstarted.assigned([tp])

    def poll_for(self, seconds: float, *, until: int = 0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and len(self.read) < (until or 1 << 30):
            msg = self.consumer.poll(0.1)
            if msg is not None and (err := msg.error()) is not None:
                self.errors.append(err)
                if self.unstarted is not None and failed_offset_query(err):
                    self.unstarted.query_failed()
            elif msg is not None:
                self.read.add(int(msg.partition() or 0))
            if self.unstarted is not None:
                self.unstarted.check(lambda key: key[1] not in self.read)


def coordinator_of(admin: AdminClient) -> int:
    deadline = time.monotonic() + 60
    while True:
        topic = admin.list_topics(timeout=10).topics.get(OFFSETS_TOPIC)
        if topic is not None and topic.partitions[0].leader >= 0:
            return int(topic.partitions[0].leader)
        assert time.monotonic() < deadline, "no group coordinator"
        time.sleep(0.5)


def read_after_coordinator_death(cluster: NativeKafkaCluster, *, watch: bool) -> Reader:
    bootstrap = cluster.bootstrap
    admin = AdminClient({"bootstrap.servers": bootstrap})
    topic = f"test-{uuid.uuid4()}"
    admin.create_topics([NewTopic(topic, 3, 3)])[topic].result(60)
    producer = Producer({"bootstrap.servers": bootstrap})
    for partition in range(3):
        producer.produce(topic, value=b"x", partition=partition)
    assert producer.flush(60) == 0
    reader = Reader(bootstrap, f"test-{uuid.uuid4()}", watch=watch)
    try:
        reader.assign(TopicPartition(topic, 0))
        reader.poll_for(60, until=1)  # read: the coordinator is known and answers
        assert reader.read == {0}, reader.errors
        coordinator = coordinator_of(admin)
        node = cluster.node(coordinator)
        assert node.process is not None
        # the coordinator stops answering: the next query waits on it...
        node.process.send_signal(signal.SIGSTOP)
        reader.assign(TopicPartition(topic, 1))
        reader.poll_for(3)  # ample time to send it, on a loaded machine too
        # ...the assignment changes meanwhile (librdkafka will not retry that query now)...
        reader.assign(TopicPartition(topic, 2))
        reader.poll_for(3)
        # ...and the coordinator dies with the query on its socket
        cluster.kill(coordinator)
        reader.poll_for(5)
        assert any(failed_offset_query(err) for err in reader.errors), reader.errors
        cluster.restart(coordinator)
        reader.poll_for(READ_TIMEOUT, until=3)
        return reader
    finally:
        reader.consumer.close()


@pytest.mark.kafka
@pytest.mark.cluster
@pytest.mark.timeout(CLUSTER_START_STOP_S + 300)
def test_partitions_whose_offset_query_died_with_the_coordinator_are_read_after_all(
    kafka_cluster: NativeKafkaCluster,
) -> None:
    reader = read_after_coordinator_death(kafka_cluster, watch=True)
    assert reader.read == {0, 1, 2}, reader.errors
