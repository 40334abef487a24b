"""The concurrent engine against the real broker: what SIGTERM and a rebalance leave committed,
and how it stops and waits when a broker of the test's own hangs (SIGSTOP).

Each test uses a fresh consumer group that starts at the current end of email.raw, so other
tests' messages on the shared topic are not seen.
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence

import pytest
from confluent_kafka import Consumer, ConsumerGroupState, Message, Producer, TopicPartition
from confluent_kafka.admin import AdminClient
from confluent_kafka.cimpl import NewTopic  # typed here; the admin re-export is not

from schemas.contracts.topics import Topic
from services.common.engine import Engine, RunConcurrent
from services.common.kafka import (
    Outbound,
    build_consumer_config,
    build_producer_config,
    coordinates,
)
from services.common.retry_topics import with_retry_topics
from services.infra.kafka_native import NativeKafka
from tests.kafka_helpers import (
    committed_offsets,
    end_offsets,
    hung,
    own_native_broker,
    produce_values,
)

pytestmark = pytest.mark.kafka
TOPIC = Topic.EMAIL_RAW
# seconds: a stop must end while the broker is still hung (close waits CLOSE_WAIT at most);
# unbounded, it lasted until the broker answered again (>330 s SIGSTOPped)
STOP_WITHIN = 60.0


@pytest.fixture
def bootstrap(prepared: tuple[str, str]) -> str:
    """The broker, with every topic created."""
    return prepared[0]


async def eventually(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    """Yield to the runner (and to blocking checks in threads) until ``condition`` holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await asyncio.to_thread(condition):
        assert loop.time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


def fresh_group(bootstrap: str) -> tuple[str, dict[int, int]]:
    """A group whose committed position is the topic's current end, and that end."""
    group = f"test-runner-{uuid.uuid4().hex[:8]}"
    ends = end_offsets(bootstrap, TOPIC)
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group})
    try:
        consumer.commit(
            offsets=[TopicPartition(TOPIC.value, p, end) for p, end in ends.items()],
            asynchronous=False,
        )
    finally:
        consumer.close()
    return group, ends


def committed(bootstrap: str, group: str) -> dict[int, int]:
    return committed_offsets(bootstrap, group, TOPIC)


def produce(bootstrap: str, records: list[tuple[int, bytes]]) -> None:
    produce_values(bootstrap, TOPIC, records)


def runner_for(bootstrap: str, group: str, process: Callable[[Message], object]) -> Engine:
    async def handle(msg: Message) -> Sequence[Outbound]:
        await process(msg)  # type: ignore[misc]  # the tests pass coroutine functions
        return []

    config = build_consumer_config(bootstrap=bootstrap, group_id=group, client_id=group)
    return Engine(
        consumer=Consumer(config),
        producer=Producer(build_producer_config(bootstrap=bootstrap, client_id=group)),
        topics=[TOPIC],
        stage="parser",
        run=RunConcurrent(handle),
    )


def group_state(bootstrap: str, group: str) -> ConsumerGroupState:
    admin = AdminClient({"bootstrap.servers": bootstrap})
    (future,) = admin.describe_consumer_groups([group]).values()
    state: ConsumerGroupState = future.result(timeout=10).state
    return state


def test_stop_commits_what_finished_and_leaves_the_in_flight_message_uncommitted(
    bootstrap: str,
) -> None:
    group, ends = fresh_group(bootstrap)
    base = ends[0]
    release = asyncio.Event()
    finished: list[int] = []

    async def process(msg: Message) -> None:
        offset = coordinates(msg)[2] - base
        if offset == 2:
            await release.wait()  # never set: in flight when the service is told to stop
        finished.append(offset)

    runner = runner_for(bootstrap, group, process)

    async def scenario() -> None:
        task = asyncio.create_task(runner.run())
        await asyncio.to_thread(produce, bootstrap, [(0, b"m%d" % n) for n in range(5)])
        await eventually(lambda: sorted(finished) == [0, 1, 3, 4], "four of five finished")
        runner.stop()  # what SIGTERM calls
        await task

    asyncio.run(asyncio.wait_for(scenario(), 120))
    # 0 and 1 are committed; 2 was abandoned, so 3 and 4 come again to the next owner
    assert committed(bootstrap, group)[0] == base + 2
    # the consumer left the group on close, not by a session timeout
    assert group_state(bootstrap, group) == ConsumerGroupState.EMPTY


def test_work_of_a_revoked_partition_is_never_committed(bootstrap: str) -> None:
    group, ends = fresh_group(bootstrap)
    release = asyncio.Event()
    calls: list[int] = []  # the partition of every message processed

    async def process(msg: Message) -> None:
        calls.append(coordinates(msg)[1])
        await release.wait()

    runner = runner_for(bootstrap, group, process)
    newcomer = Consumer(
        build_consumer_config(bootstrap=bootstrap, group_id=group, client_id="newcomer")
        | {"enable.auto.commit": False}
    )
    taken: list[int] = []

    def newcomer_took_partitions() -> bool:
        newcomer.poll(0.2)  # joins and takes partitions, never commits
        taken[:] = [tp.partition for tp in newcomer.assignment() if tp.topic == TOPIC.value]
        return bool(taken)

    async def scenario() -> None:
        task = asyncio.create_task(runner.run())
        await asyncio.to_thread(produce, bootstrap, [(p, b"x") for p in ends])
        await eventually(lambda: sorted(calls) == sorted(ends), "one message per partition")
        newcomer.subscribe([TOPIC.value])
        await eventually(newcomer_took_partitions, "a rebalance moving partitions away")
        release.set()  # everything in flight finishes, revoked partitions included
        await eventually(lambda: runner.processed == len(ends), "the in-flight work finished")
        await asyncio.to_thread(newcomer.close)  # its partitions come back to the runner
        await eventually(
            lambda: all(committed(bootstrap, group)[p] == ends[p] + 1 for p in ends),
            "every partition committed past its message",
        )
        runner.stop()
        await task

    asyncio.run(asyncio.wait_for(scenario(), 120))
    # a revoked partition's message was not committed by the runner that finished it late,
    # so it was processed again when the partition came back; the kept ones only once
    assert {p: calls.count(p) for p in ends} == {p: 2 if p in taken else 1 for p in ends}


@pytest.fixture
def own_broker() -> Iterator[NativeKafka]:
    """A broker of this test's own, with the topic and its retry tiers: it is SIGSTOPped."""
    with own_native_broker() as broker:
        admin = AdminClient({"bootstrap.servers": broker.bootstrap})
        names = [topic.value for topic in with_retry_topics([TOPIC])]
        for future in admin.create_topics([NewTopic(name, 1, 1) for name in names]).values():
            future.result(30)
        yield broker


def test_stop_returns_while_the_group_coordinator_is_hung(own_broker: NativeKafka) -> None:
    bootstrap = own_broker.bootstrap
    group = f"test-runner-{uuid.uuid4().hex[:8]}"
    finished: list[int] = []

    async def process(msg: Message) -> None:
        finished.append(coordinates(msg)[2])

    runner = runner_for(bootstrap, group, process)
    running = threading.Thread(target=asyncio.run, args=(runner.run(),), daemon=True)
    running.start()
    produce(bootstrap, [(0, b"m")])
    deadline = time.monotonic() + 60
    while not (finished and runner.assigned()):
        assert time.monotonic() < deadline and running.is_alive(), "nothing consumed"
        time.sleep(0.05)
    with hung(own_broker):
        runner.stop()  # what SIGTERM calls: commit on revoke and close wait on the coordinator
        running.join(STOP_WITHIN)
        assert not running.is_alive(), f"run() still closing after {STOP_WITHIN:.0f} s"


def test_an_output_the_hung_broker_never_acknowledges_frees_its_slot_and_rewinds(
    own_broker: NativeKafka, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a shorter wait than a flush's 30 s; unbounded, the task waited for librdkafka's
    # message.timeout.ms (300 s), holding its in-flight slot, the partition neither read nor
    # rewound meanwhile
    monkeypatch.setattr("services.common.engine.deliver.ACK_WAIT", 5.0)
    bootstrap = own_broker.bootstrap
    group = f"test-runner-{uuid.uuid4().hex[:8]}"
    started = threading.Event()
    release = asyncio.Event()

    async def handle(msg: Message) -> Sequence[Outbound]:
        started.set()
        await release.wait()
        return [Outbound(TOPIC, "1", b"output")]

    config = build_consumer_config(bootstrap=bootstrap, group_id=group, client_id=group)
    run = RunConcurrent(handle)
    runner = Engine(
        consumer=Consumer(config),
        producer=Producer(build_producer_config(bootstrap=bootstrap, client_id=group)),
        topics=[TOPIC],
        stage="parser",
        run=run,
    )

    async def scenario() -> None:
        task = asyncio.create_task(runner.run())
        await asyncio.to_thread(produce, bootstrap, [(0, b"m")])
        await asyncio.to_thread(started.wait, 60)
        with hung(own_broker):
            release.set()  # its output goes to a broker that does not answer
            await eventually(lambda: runner.stats.retried == 1, "the partition rewound", 90)
            assert run.in_flight() == 0
            runner.stop()
        await task

    asyncio.run(asyncio.wait_for(scenario(), 240))
