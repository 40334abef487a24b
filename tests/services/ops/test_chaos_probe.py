"""The chaos probe's description of a consumer group: what a run that did not come to rest
reports about who holds which partition and what lags."""

from __future__ import annotations

import time
import uuid

import pytest
from confluent_kafka import Consumer, TopicPartition

from schemas.contracts.topics import Topic
from services.common.kafka import build_consumer_config
from services.infra.topics import create_topics, load_topic_specs
from services.ops.chaos.probe import describe_groups, high_watermarks, partitions_of


@pytest.mark.kafka
def test_a_group_is_described_with_its_members_assignments_and_lag(kafka_bootstrap: str) -> None:
    create_topics(kafka_bootstrap, load_topic_specs())
    # nothing is written: the topic is shared with later tests that decode all of it (a stray
    # b"x" failed the scheduler's); what earlier tests wrote there is the lag to find
    topic = Topic.EMAIL_SYNC_REQUESTED
    group = f"test-{uuid.uuid4()}"
    consumer = Consumer(
        build_consumer_config(bootstrap=kafka_bootstrap, group_id=group, client_id="probe-test")
    )
    held: list[TopicPartition] = []
    consumer.subscribe([topic.value], on_assign=lambda _c, parts: held.extend(parts))
    try:
        deadline = time.monotonic() + 60
        while not held:  # joined and acknowledged its assignment; nothing consumed or committed
            assert time.monotonic() < deadline, "no assignment"
            consumer.poll(0.2)
        [described] = describe_groups(kafka_bootstrap, {group: (topic,)})
    finally:
        consumer.close()
    ends = high_watermarks(kafka_bootstrap, partitions_of(kafka_bootstrap, [topic]))
    names = sorted(f"{tp.topic}[{tp.partition}]" for tp in held)
    assert described["group"] == group and "error" not in described
    [member] = described["members"]
    assert member["client_id"] == "probe-test"
    assert member["target_assignment"] == names
    # nothing was committed: every partition with a message lags by its end offset
    assert described["lag"] == {f"{t}[{p}]": end for (t, p), end in ends.items() if end > 0}
