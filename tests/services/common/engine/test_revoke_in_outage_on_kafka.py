"""A revocation served while the group coordinator hangs does not stall the engine's loop, and
the offsets stored before it are committed once the coordinator answers again.

The rebalance callbacks run inside ``Consumer.poll`` on the engine's loop thread. A synchronous
commit there (``commit(asynchronous=False)``, which librdkafka waits on with no time limit)
blocked that thread for as long as the coordinator was hung: more than 300 s with the broker
SIGSTOPped, the outage's length across a restart, with no log line and no health-file touch.
librdkafka commits a revoked partition's stored offset itself (``enable.auto.commit``) and
holds the revocation's acknowledgement until that commit is answered, off the loop."""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from collections.abc import Callable, Iterator

import pytest
from confluent_kafka import Consumer, Message, Producer, TopicPartition
from confluent_kafka.admin import AdminClient
from confluent_kafka.cimpl import NewTopic  # typed here; the admin re-export is not

from services.common.engine.commit import CommitOffsets
from services.common.engine.holds import PartitionHolds
from services.common.kafka import build_consumer_config
from services.infra.kafka_native import NativeKafka
from tests.kafka_helpers import own_native_broker

PARTITIONS = 2
PER_PARTITION = 2
HUNG_FOR = 60.0  # seconds the coordinator stays stopped unless the revocation was served first
COMMITTED_WITHIN = 60.0  # seconds for the commit to land once the coordinator answers


@pytest.fixture
def broker() -> Iterator[NativeKafka]:
    """A broker of this test's own: it is stopped (SIGSTOP) while the session's runs."""
    with own_native_broker() as node:
        yield node


def poll_until(consumer: Consumer, read: list[Message], done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 60
    while not done():
        assert time.monotonic() < deadline, "condition not reached"
        msg = consumer.poll(0.2)
        if msg is not None and msg.error() is None:
            read.append(msg)


class HungCoordinator:
    """SIGSTOP the broker now; SIGCONT it when told, or after ``HUNG_FOR`` at the latest so a
    stalled loop ends the test instead of hanging it."""

    def __init__(self, pid: int) -> None:
        self._pid = pid
        self._lock = threading.Lock()
        self.stopped = True
        os.kill(pid, signal.SIGSTOP)
        self._timer = threading.Timer(HUNG_FOR, self.resume)
        self._timer.start()

    def resume(self) -> None:
        with self._lock:
            if self.stopped:
                os.kill(self._pid, signal.SIGCONT)
                self.stopped = False
        self._timer.cancel()


def committed(bootstrap: str, group: str, topic: str) -> dict[int, int]:
    reader = Consumer({"bootstrap.servers": bootstrap, "group.id": group})
    try:
        found = reader.committed([TopicPartition(topic, p) for p in range(PARTITIONS)], timeout=10)
        return {tp.partition: tp.offset for tp in found}
    finally:
        reader.close()


@pytest.mark.kafka
@pytest.mark.timeout(300)
def test_a_revocation_while_the_coordinator_hangs_leaves_the_loop_polling(
    broker: NativeKafka,
) -> None:
    bootstrap, topic = broker.bootstrap, f"test-{uuid.uuid4()}"
    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([NewTopic(topic, PARTITIONS, 1)])[topic].result(60)
    producer = Producer({"bootstrap.servers": bootstrap})
    for partition in range(PARTITIONS):
        for n in range(PER_PARTITION):
            producer.produce(topic, value=b"m%d" % n, partition=partition)
    assert producer.flush(30) == 0
    consumer = Consumer(build_consumer_config(bootstrap=bootstrap, group_id=topic, client_id="t"))
    commit = CommitOffsets(consumer, stage="test", holds=PartitionHolds(consumer))
    consumer.subscribe(
        [topic], on_assign=commit.on_assign, on_revoke=commit.on_revoke, on_lost=commit.on_lost
    )
    read: list[Message] = []
    try:
        poll_until(consumer, read, lambda: len(read) == PARTITIONS * PER_PARTITION)
        tickets = [(msg, commit.started(msg)) for msg in read]
        coordinator = HungCoordinator(broker.pid)
        try:
            commit.finished(tickets)  # stored while the coordinator cannot take a commit
            consumer.unsubscribe()  # as the group self-check leaves the group
            poll_until(consumer, read, lambda: not commit.assigned())
            served_while_hung = coordinator.stopped
        finally:
            coordinator.resume()
        assert served_while_hung, "the revocation waited for the hung coordinator"
        # nothing lost: what was stored before the revocation is committed once it answers
        deadline = time.monotonic() + COMMITTED_WITHIN
        while committed(bootstrap, topic, topic) != dict.fromkeys(range(PARTITIONS), PER_PARTITION):
            assert time.monotonic() < deadline, committed(bootstrap, topic, topic)
            consumer.poll(0.2)
    finally:
        consumer.close()
