"""The group self-check: this member's partitions against its coordinator's view of it, asked
without blocking the engine's loop (one DescribeConsumerGroups in flight at most, one per
look); ``membership.py`` decides when the member must rejoin."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from confluent_kafka import Consumer, KafkaException, TopicPartition
from confluent_kafka.admin import AdminClient

from services.common.engine.membership import MembershipCheck, MemberView, Partition, Rejoin

log = logging.getLogger(__name__)

# seconds: never, in effect. A describe that times out in librdkafka while its coordinator
# lookup waits for a killed broker aborts the process once the broker is back (assertion
# `eonce->refcnt > 0` in rd_kafka_enq_once_del_source_return, librdkafka 2.16: three services
# of a chaos run with a 5 s timeout). Without it the request ends when a broker answers or its
# socket times out (socket.timeout.ms); meanwhile no second one is sent and no look counts.
DESCRIBE_TIMEOUT = 3600.0


def _partitions(topic_partitions: list[TopicPartition] | None) -> frozenset[Partition]:
    return frozenset((tp.topic, tp.partition) for tp in topic_partitions or [])


def member_view(described: Any, member_id: str) -> MemberView | None:
    """The coordinator's view of ``member_id`` in a ConsumerGroupDescription; None when the
    group does not list it. A group without target assignments (classic protocol) targets what
    it assigned."""
    for member in described.members:
        if member.member_id == member_id:
            assignment = _partitions(member.assignment and member.assignment.topic_partitions)
            target = member.target_assignment
            return MemberView(
                assignment, _partitions(target.topic_partitions) if target else assignment
            )
    return None


class GroupSelfCheck:
    """Not thread-safe: the engine's loop calls ``tick`` once per round."""

    def __init__(
        self,
        consumer: Consumer,
        admin: AdminClient,
        *,
        group_id: str,
        stage: str,
        check: MembershipCheck,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._consumer = consumer
        self._admin: AdminClient | None = admin
        self._group_id = group_id
        self._stage = stage
        self._check = check
        self._clock = clock
        self._asked: tuple[str, Future[Any]] | None = None  # member id asked about, answer

    def tick(self) -> Rejoin | None:
        """Ask when a look is due, judge an answer that came; a Rejoin when the member must
        leave the group and join again."""
        if self._admin is None:  # closed
            return None
        now = self._clock()
        if self._asked is not None:
            member_id, answer = self._asked
            if not answer.done():
                if self._check.due(now):  # a look missed: the evidence is broken
                    self._check.unknown()
                return None
            self._asked = None
            return self._judge(now, member_id, answer)
        if self._check.due(now):
            self._ask(self._admin)
        return None

    def close(self) -> None:
        """Let go of the admin client, on the caller's (the engine's) thread: dropping the last
        reference destroys its handle here, joining its threads and closing its connections,
        rather than whenever a collection finds it (logging "Connection refused" meanwhile once
        the brokers are gone; and a collection on a librdkafka thread that destroys a handle
        crashes, see services/ops/chaos/probe.py). A question in flight is dropped with it."""
        self._asked = None
        self._admin = None

    def _ask(self, admin: AdminClient) -> None:
        member_id = self._consumer.memberid()
        if not member_id:
            self._check.unknown()
            return
        try:
            answers = admin.describe_consumer_groups(
                [self._group_id], request_timeout=DESCRIBE_TIMEOUT
            )
        except KafkaException as exc:
            log.info("%s: group self-check skipped: %s", self._stage, exc)
            self._check.unknown()
            return
        self._asked = (member_id, answers[self._group_id])

    def _judge(self, now: float, member_id: str, answer: Future[Any]) -> Rejoin | None:
        try:
            described = answer.result()
        except KafkaException as exc:  # the coordinator away or moving: skip this round
            log.info("%s: group self-check skipped: %s", self._stage, exc)
            self._check.unknown()
            return None
        if self._consumer.memberid() != member_id:
            self._check.unknown()  # the member joined again meanwhile
            return None
        held = frozenset((tp.topic, tp.partition) for tp in self._consumer.assignment())
        return self._check.observe(now, member_id, member_view(described, member_id), held)
