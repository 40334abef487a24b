"""Every route of the engine, in every run mode, on the real broker.

Each test runs one engine in a thread over email.raw (and its retry tiers), on a broker of the
module's own, with a fresh consumer group whose committed position is the current end of those
topics, so other tests' messages are not seen. The process function decides by the message's
value: ``ok``, ``bad`` (InvalidMessage), ``retry`` (RetryableError) or ``dep``
(DependencyUnavailable while the test's dependency is down).
"""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import pytest
from confluent_kafka import Consumer, Message, Producer, TopicPartition

from schemas.contracts.dlq import DeadLetterHeaders
from schemas.contracts.topics import Topic
from services.common.engine import (
    UNLIMITED,
    Backoff,
    DeadLetterLimit,
    DeadLetterLimitExceeded,
    Engine,
    RunBatch,
    RunConcurrent,
    RunEach,
    RunStep,
)
from services.common.engine.run_each import PollBatches
from services.common.kafka import (
    Outbound,
    build_consumer_config,
    build_producer_config,
    consumed_headers,
    coordinates,
)
from services.common.retry_topics import RetryTiers, with_retry_topics
from services.domain.errors import DependencyUnavailable, InvalidMessage, RetryableError
from tests.kafka_helpers import committed_offsets, end_offsets, own_kafka, produce_values
from tests.waiting import wait_until

pytestmark = pytest.mark.kafka
TOPIC = Topic.EMAIL_RAW
MODES = ["plain", "concurrent", "batched"]
LONG_TIERS = RetryTiers((3600.0, 3600.0, 3600.0))  # a retry copy is not due within the test


@pytest.fixture(scope="module")
def bootstrap(database_url: str) -> Iterator[str]:
    """A broker of this module's own, every topic created: the session's pipeline services
    consume email.raw on the shared broker and would dead-letter these test values."""
    with own_kafka(database_url, with_topics=True) as own:
        yield own


@dataclass
class World:
    """The process function's view: what it saw, and whether the dependency is up."""

    down: bool = False
    seen: list[tuple[int, int, bytes, bool]] = field(default_factory=list)  # p, offset, value, down
    lock: threading.Lock = field(default_factory=threading.Lock)

    def process(self, msg: Message) -> Sequence[Outbound]:
        topic, partition, offset = coordinates(msg)
        value = msg.value() or b""
        with self.lock:
            down = self.down
            self.seen.append((partition, offset, value, down))
        kind = value.split(b"-", 1)[0]
        if kind == b"bad":
            raise InvalidMessage(f"bad input {value.decode()}")
        if kind == b"retry" and topic == TOPIC.value:
            raise RetryableError("lock timeout")
        if kind == b"dep" and down:
            raise DependencyUnavailable("shard down")
        return []

    def process_batch(self, msgs: Sequence[Message]) -> Sequence[Outbound]:
        outputs: list[Outbound] = []
        for msg in msgs:  # as one transaction would: any failure fails the batch
            outputs.extend(self.process(msg))
        return outputs

    async def process_async(self, msg: Message) -> Sequence[Outbound]:
        return await asyncio.to_thread(self.process, msg)

    def values(self, partition: int | None = None, *, down: bool | None = None) -> list[bytes]:
        with self.lock:
            return [
                v
                for p, _, v, d in self.seen
                if (partition is None or p == partition) and (down is None or d == down)
            ]


def run_step(mode: str, world: World) -> RunStep:
    polling = PollBatches(size=50, timeout=0.2, linger=0.02)
    if mode == "plain":
        return RunEach(world.process, polling=polling)
    if mode == "batched":
        return RunBatch(world.process_batch, world.process, polling=polling, stage="parser")
    return RunConcurrent(world.process_async, max_in_flight=16)


def fresh_group(bootstrap: str) -> tuple[str, dict[int, int]]:
    """A group whose committed positions are the current ends of email.raw and its retry
    tiers; the ends of email.raw."""
    group = f"test-engine-{uuid.uuid4().hex[:8]}"
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group})
    try:
        for topic in with_retry_topics([TOPIC]):
            ends = end_offsets(bootstrap, topic)
            positions = [TopicPartition(topic.value, p, end) for p, end in ends.items()]
            consumer.commit(offsets=positions, asynchronous=False)
    finally:
        consumer.close()
    return group, end_offsets(bootstrap, TOPIC)


def committed(bootstrap: str, group: str) -> dict[int, int]:
    return committed_offsets(bootstrap, group, TOPIC)


def produce(bootstrap: str, records: list[tuple[int, bytes]]) -> None:
    produce_values(bootstrap, TOPIC, records)


def tagged(bootstrap: str, topic: Topic, starts: dict[int, int], tag: bytes) -> list[Message]:
    """The messages of ``topic`` since ``starts`` whose value carries ``tag``."""
    return [m for m in read_since(bootstrap, topic, starts) if tag in (m.value() or b"")]


def read_since(bootstrap: str, topic: Topic, starts: dict[int, int]) -> list[Message]:
    """Every message of ``topic`` from ``starts`` to the current end."""
    ends = end_offsets(bootstrap, topic)
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"t-{uuid.uuid4()}",
            "enable.auto.commit": False,
        }
    )
    found: list[Message] = []
    try:
        consumer.assign([TopicPartition(topic.value, p, starts.get(p, 0)) for p in ends])
        remaining = sum(ends[p] - starts.get(p, 0) for p in ends)
        while remaining > 0:
            msg = consumer.poll(10)
            assert msg is not None, f"{remaining} message(s) of {topic.value} not read"
            if msg.error() is None:
                found.append(msg)
                remaining -= 1
    finally:
        consumer.close()
    return found


@dataclass
class Running:
    engine: Engine
    thread: threading.Thread
    failure: list[BaseException]

    def stop(self) -> None:
        self.engine.stop()
        self.thread.join(60)
        assert not self.thread.is_alive()


def run_in_thread(engine: Engine, name: str) -> Running:
    """The engine running in a thread of its own; what stopped it with a failure is kept."""
    failure: list[BaseException] = []

    def main() -> None:
        try:
            asyncio.run(engine.run())
        except BaseException as exc:  # noqa: BLE001  (handed to the test)
            failure.append(exc)

    thread = threading.Thread(target=main, name=name, daemon=True)
    thread.start()
    return Running(engine, thread, failure)


@pytest.fixture
def start(bootstrap: str) -> Iterator[Callable[..., Running]]:
    started: list[Running] = []

    def run(mode: str, world: World, group: str, limit: DeadLetterLimit = UNLIMITED) -> Running:
        config = build_consumer_config(bootstrap=bootstrap, group_id=group, client_id=group)
        engine = Engine(
            consumer=Consumer(config),
            producer=Producer(build_producer_config(bootstrap=bootstrap, client_id=group)),
            topics=[TOPIC],
            stage="parser",
            run=run_step(mode, world),
            backoff=Backoff(base=0.05, cap=0.1),
            retry=LONG_TIERS,
            dead_letter_limit=limit,
        )
        running = run_in_thread(engine, f"engine-{mode}")
        started.append(running)
        wait_until(engine.assigned, "the engine's partitions", timeout=60)
        return running

    yield run
    for running in started:
        if running.thread.is_alive():
            running.stop()


@pytest.mark.parametrize("mode", MODES)
def test_ok_bad_and_retryable_messages_take_their_routes(
    mode: str, bootstrap: str, start: Callable[..., Running]
) -> None:
    group, ends = fresh_group(bootstrap)
    dlq_start = end_offsets(bootstrap, Topic.EMAIL_RAW_DLQ)
    tier_start = end_offsets(bootstrap, Topic.EMAIL_RAW_RETRY_10S)
    world = World()
    running = start(mode, world, group)
    tag = uuid.uuid4().hex[:6].encode()
    records = [(0, b"ok-%s-0" % tag), (0, b"bad-%s-1" % tag), (0, b"retry-%s-2" % tag)]
    records += [(0, b"ok-%s-3" % tag), (1, b"ok-%s-0" % tag)]
    produce(bootstrap, records)
    wait_until(
        lambda: (
            committed(bootstrap, group).get(0) == ends[0] + 4
            and committed(bootstrap, group).get(1) == ends[1] + 1
        ),
        "every message committed",
        timeout=60,
    )
    running.stop()
    assert not running.failure
    wanted = [v for p, v in records if p == 0]
    if mode == "batched":  # the failed batch call, then each message alone
        assert world.values(0)[-len(wanted) :] == wanted
    else:
        assert sorted(world.values(0)) == sorted(wanted)  # each once
    dead = tagged(bootstrap, Topic.EMAIL_RAW_DLQ, dlq_start, tag)
    assert [m.value() for m in dead] == [b"bad-%s-1" % tag]
    headers = DeadLetterHeaders.from_kafka_headers(consumed_headers(dead[0]))
    assert headers.reason == f"bad input bad-{tag.decode()}-1"
    assert headers.original_offset == ends[0] + 1
    retried = tagged(bootstrap, Topic.EMAIL_RAW_RETRY_10S, tier_start, tag)
    assert [m.value() for m in retried] == [b"retry-%s-2" % tag]


@pytest.mark.parametrize("mode", MODES)
def test_a_dependency_outage_holds_its_partition_until_it_recovers(
    mode: str, bootstrap: str, start: Callable[..., Running]
) -> None:
    group, ends = fresh_group(bootstrap)
    world = World(down=True)
    running = start(mode, world, group)
    produce(bootstrap, [(0, b"dep-0"), (1, b"ok-0")])

    def head_failures() -> int:
        return world.values(0, down=True).count(b"dep-0")

    wait_until(lambda: head_failures() >= 2, "the head of partition 0 failing", timeout=60)
    if mode != "batched":  # one batch call is one transaction: its outage rewinds them all
        wait_until(lambda: b"ok-0" in world.values(1), "partition 1 going on", timeout=60)
    produce(bootstrap, [(0, b"ok-1"), (0, b"ok-2")])  # arrive while partition 0 waits
    failures = head_failures()
    wait_until(lambda: head_failures() >= failures + 3, "more waits of partition 0", timeout=60)
    assert world.values(0, down=True) == [b"dep-0"] * head_failures()  # nothing later ran
    assert committed(bootstrap, group).get(0, ends[0]) in (ends[0], -1001)  # nothing stored
    with world.lock:
        world.down = False
    wait_until(
        lambda: committed(bootstrap, group) == {**ends, 0: ends[0] + 3, 1: ends[1] + 1},
        "both partitions done",
        timeout=60,
    )
    running.stop()
    assert not running.failure
    assert world.values(0, down=False) == [b"dep-0", b"ok-1", b"ok-2"]  # in order, once each


@pytest.mark.parametrize("mode", MODES)
def test_the_dead_letter_breaker_stops_the_engine_on_a_bad_deploy(
    mode: str, bootstrap: str, start: Callable[..., Running]
) -> None:
    group, ends = fresh_group(bootstrap)
    dlq_start = end_offsets(bootstrap, Topic.EMAIL_RAW_DLQ)
    world = World()
    running = start(mode, world, group, DeadLetterLimit(max_ratio=0.5, window=4))
    tag = uuid.uuid4().hex[:6].encode()
    produce(bootstrap, [(0, b"bad-%s-%d" % (tag, n)) for n in range(20)])
    running.thread.join(60)
    assert not running.thread.is_alive(), "the engine went on dead-lettering"
    assert [type(exc) for exc in running.failure] == [DeadLetterLimitExceeded]
    assert not running.engine.healthy()
    dead = tagged(bootstrap, Topic.EMAIL_RAW_DLQ, dlq_start, tag)
    assert len(dead) < 4  # stopped at the first dead letter that would exceed the ratio
    assert committed(bootstrap, group).get(0, ends[0]) < ends[0] + 20


@pytest.mark.parametrize("mode", MODES)
def test_a_dead_letter_too_large_to_produce_becomes_a_stub_and_the_offset_advances(
    mode: str, bootstrap: str, start: Callable[..., Running]
) -> None:
    # 8 MB that lz4 makes small enough for email.raw, but whose copy the producer refuses
    group, ends = fresh_group(bootstrap)
    dlq_start = end_offsets(bootstrap, Topic.EMAIL_RAW_DLQ)
    running = start(mode, world := World(), group)
    tag = uuid.uuid4().hex[:6].encode()
    huge = b"bad-%s-" % tag + b"x" * 8_000_000
    producer = Producer(
        {"bootstrap.servers": bootstrap, "compression.type": "lz4", "message.max.bytes": 10**7}
    )
    producer.produce(TOPIC.value, value=huge, partition=0)
    producer.produce(TOPIC.value, value=b"ok-%s-1" % tag, partition=0)
    assert producer.flush(30) == 0
    wait_until(
        lambda: committed(bootstrap, group).get(0) == ends[0] + 2, "the offset advances", timeout=60
    )
    running.stop()
    assert not running.failure
    assert b"ok-%s-1" % tag in world.values(0)
    dead = tagged(bootstrap, Topic.EMAIL_RAW_DLQ, dlq_start, tag)
    assert len(dead) == 1
    headers = DeadLetterHeaders.from_kafka_headers(consumed_headers(dead[0]))
    assert headers.original_offset == ends[0]
    assert "left out" in headers.reason
    stub = json.loads(dead[0].value() or b"")
    assert (stub["original_topic"], stub["original_offset"]) == (TOPIC.value, ends[0])
