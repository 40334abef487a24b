"""Reading email.sync.requested in API tests: what a push endpoint requested, up to a sentinel."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from confluent_kafka import Consumer, TopicPartition

from schemas.contracts.codec import get_codec
from schemas.contracts.models import Provider, SyncReason, SyncRequested
from schemas.contracts.topics import Topic
from services.common.kafka import Outbound, build_producer
from services.demo.seed import DemoIds


class Requests:
    """email.sync.requested from the end of the topic on; ``until_sentinel`` reads up to a
    request the test sends itself on the same key, so everything sent before it was seen."""

    def __init__(self, bootstrap: str) -> None:
        self.bootstrap = bootstrap
        self.consumer = Consumer(
            {"bootstrap.servers": bootstrap, "group.id": f"test-{uuid.uuid4()}"}
        )
        topic = Topic.EMAIL_SYNC_REQUESTED.value
        metadata = self.consumer.list_topics(topic, timeout=10).topics[topic]
        partitions = []
        for p in metadata.partitions:
            _, high = self.consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)
            partitions.append(TopicPartition(topic, p, high))
        self.consumer.assign(partitions)

    def until_sentinel(self, ids: DemoIds) -> list[SyncRequested]:
        sentinel = SyncRequested(
            sync_id=uuid.uuid4(),
            integration_id=ids.integration_id,
            user_id=ids.user_id,
            tenant_id=ids.tenant_id,
            provider=Provider.GMAIL,
            requested_at=datetime.now(UTC),
            reason=SyncReason.MANUAL,
        )
        build_producer(bootstrap=self.bootstrap, client_id="push-test").send(
            [
                Outbound.of(
                    Topic.EMAIL_SYNC_REQUESTED,
                    sentinel,
                    key=str(ids.integration_id),
                    source="/reqstream/tests",
                )
            ]
        )
        seen: list[SyncRequested] = []
        deadline = datetime.now(UTC) + timedelta(seconds=60)
        while datetime.now(UTC) < deadline:
            msg = self.consumer.poll(0.5)
            if msg is None or msg.error():
                continue
            decoded = get_codec(Topic.EMAIL_SYNC_REQUESTED).decode(msg.value())
            assert isinstance(decoded, SyncRequested)
            if decoded.sync_id == sentinel.sync_id:
                return seen
            if decoded.integration_id == ids.integration_id:
                seen.append(decoded)
        raise AssertionError("the sentinel request never arrived")

    def close(self) -> None:
        self.consumer.close()
