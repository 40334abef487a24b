"""A partition revoked while the engine held it paused (a dependency outage's backoff) is read
again when it comes back to the same consumer: librdkafka keeps an application pause across
revocation and reassignment, and the hold that would have resumed it is forgotten on revoke."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import pytest
from confluent_kafka import Consumer, Message, Producer
from confluent_kafka.admin import AdminClient
from confluent_kafka.cimpl import NewTopic  # typed here; the admin re-export is not

from services.common.engine.commit import CommitOffsets
from services.common.engine.holds import PartitionHolds
from services.common.kafka import build_consumer_config

OUTAGE = 3600.0  # seconds: the backoff outlasts the test, so only a resume can read on


def poll_until(
    consumer: Consumer, read: list[Message], done: Callable[[], bool], timeout: float = 60.0
) -> None:
    """Poll (rebalance callbacks run inside) until ``done``, keeping what is read."""
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, "condition not reached"
        msg = consumer.poll(0.2)
        if msg is not None and msg.error() is None:
            read.append(msg)


@pytest.mark.kafka
def test_a_partition_revoked_while_paused_is_read_when_it_comes_back(
    kafka_bootstrap: str,
) -> None:
    admin = AdminClient({"bootstrap.servers": kafka_bootstrap})
    topic = f"test-{uuid.uuid4()}"
    admin.create_topics([NewTopic(topic, 1, 1)])[topic].result(60)
    producer = Producer({"bootstrap.servers": kafka_bootstrap})
    producer.produce(topic, value=b"x", partition=0)
    assert producer.flush(30) == 0
    consumer = Consumer(
        build_consumer_config(bootstrap=kafka_bootstrap, group_id=topic, client_id="test")
    )
    holds = PartitionHolds(consumer)
    commit = CommitOffsets(consumer, stage="test", holds=holds)
    read: list[Message] = []

    def subscribe() -> None:
        consumer.subscribe(
            [topic], on_assign=commit.on_assign, on_revoke=commit.on_revoke, on_lost=commit.on_lost
        )

    try:
        subscribe()
        poll_until(consumer, read, lambda: bool(read))
        # the engine's answer to a dependency outage: back to the message, partition paused
        holds.rewind(read.pop(), OUTAGE)
        consumer.unsubscribe()  # revoked meanwhile (here: by leaving the group)...
        poll_until(consumer, read, lambda: not commit.assigned())
        subscribe()  # ...and assigned to this consumer again
        poll_until(consumer, read, commit.assigned)
        poll_until(consumer, read, lambda: bool(read), timeout=30)
    finally:
        consumer.close()
    assert read[0].offset() == 0  # nothing was committed: the message comes again
