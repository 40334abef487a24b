"""On the real broker: a member out of step with its group coordinator leaves the group, joins
again and reads everything. The disagreement is made on purpose: the member drops one of its
partitions locally (the coordinator still counts it as the member's, so nobody reads it, as in
the chaos run's wedge). Without the self-check those messages are never read."""

from __future__ import annotations

import threading
import uuid
import weakref
from collections.abc import Iterator, Sequence

import pytest
from confluent_kafka import Consumer, Message, Producer, TopicPartition
from confluent_kafka.admin import AdminClient

from schemas.contracts.topics import Topic
from services.common.engine import Engine, RunEach
from services.common.engine.group_check import GroupSelfCheck, member_view
from services.common.engine.membership import MembershipCheck
from services.common.engine.run_each import PollBatches
from services.common.kafka import Outbound, build_consumer_config, build_producer_config
from tests.kafka_helpers import own_kafka, produce_values
from tests.services.common.engine.test_engine_on_kafka import run_in_thread
from tests.waiting import wait_until

pytestmark = pytest.mark.kafka
TOPIC = Topic.EMAIL_RAW
DROPPED = TopicPartition(TOPIC.value, 1)  # the partition the member lets go of locally
LATE = 20  # messages produced to it once nobody reads it


@pytest.fixture(scope="module")
def bootstrap(database_url: str) -> Iterator[str]:
    """A broker of this module's own: the session's services consume email.raw."""
    with own_kafka(database_url, with_topics=True) as own:
        yield own


class Member:
    """Processes by recording; on its first message drops ``DROPPED`` locally and produces
    ``LATE`` messages to it."""

    def __init__(self, consumer: Consumer, bootstrap: str) -> None:
        self.consumer = consumer
        self.bootstrap = bootstrap
        self.seen: list[bytes] = []
        self.lock = threading.Lock()

    def process(self, msg: Message) -> Sequence[Outbound]:
        with self.lock:
            first = not self.seen
            self.seen.append(msg.value() or b"")
        if first:
            self.consumer.incremental_unassign([DROPPED])
            produce_values(self.bootstrap, TOPIC, [(1, f"late-{i}".encode()) for i in range(LATE)])
        return []

    def values(self) -> list[bytes]:
        with self.lock:
            return list(self.seen)


@pytest.mark.timeout(120)
def test_a_member_out_of_step_with_its_coordinator_rejoins_and_reads_everything(
    bootstrap: str,
) -> None:
    group = f"test-group-check-{uuid.uuid4().hex[:8]}"
    consumer = Consumer(build_consumer_config(bootstrap=bootstrap, group_id=group, client_id=group))
    engine_admin = AdminClient({"bootstrap.servers": bootstrap})
    engine_admin_gone = weakref.ref(engine_admin)
    member = Member(consumer, bootstrap)
    engine = Engine(
        consumer=consumer,
        producer=Producer(build_producer_config(bootstrap=bootstrap, client_id=group)),
        topics=[TOPIC],
        stage="test",
        run=RunEach(member.process, polling=PollBatches(size=50, timeout=0.2, linger=0.02)),
        group_check=GroupSelfCheck(
            consumer,
            engine_admin,
            group_id=group,
            stage="test",
            check=MembershipCheck(now=0.0, every=0.5, stall_after=2.0),
        ),
    )
    del engine_admin  # the engine's only
    running = run_in_thread(engine, "engine-group-check")
    try:
        wait_until(lambda: (TOPIC.value, 1) in engine.partitions(), "assignment", timeout=60)
        produce_values(bootstrap, TOPIC, [(0, b"first")])
        expected = {b"first"} | {f"late-{i}".encode() for i in range(LATE)}
        wait_until(lambda: set(member.values()) >= expected, "every message read", timeout=60)
    finally:
        running.stop()
    assert not running.failure, running.failure
    # nothing read twice: the first message's offset was committed when the member left
    assert sorted(member.values()) == sorted(expected)
    # its handle destroyed on stop (threads joined), not left logging once the broker is gone
    assert engine_admin_gone() is None, "the engine's admin client outlived its run"
    admin = AdminClient({"bootstrap.servers": bootstrap})
    described = admin.describe_consumer_groups([group])[group].result(10)
    assert described.members == [], "the member left the group on stop"
    assert member_view(described, "gone") is None
