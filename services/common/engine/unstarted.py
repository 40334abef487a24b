"""Assigned partitions that librdkafka never started fetching, assigned again.

Before it fetches an assigned partition, librdkafka reads the group's committed offset for it
(OffsetFetch to the group coordinator). When that request fails as a whole (the coordinator
was SIGKILLed or moved: a transport failure or NOT_COORDINATOR; COORDINATOR_LOAD_IN_PROGRESS
once the assignment changed meanwhile), the partitions it asked for stay on librdkafka's
"being queried" list for good: never fetched, never queried again, and no partition assigned
later is started either, since only one query may be outstanding (librdkafka#5586, open in
2.16). The group counts them as ours, so nobody else reads them; the application sees only a
consumer error ("Failed to fetch committed offsets ..."). A fetcher replica restarted during a
broker kill held its partition silently for the rest of a chaos run.

Such partitions are handed back to librdkafka and assigned again (incremental unassign +
assign outside a rebalance: only this consumer's local assignment changes, the group's stays),
which queues a fresh query. Candidates are partitions from which nothing was consumed since
their assignment: after that consumer error, every one of them (the failed query's were among
them; the others lose nothing by a second query); and at any time, one held ``STALL_AFTER``
seconds from which librdkafka has never fetched (no high watermark cached), in case a failure
left no error to see.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

from confluent_kafka import Consumer, KafkaError, KafkaException, TopicPartition

from services.common.kafka import partition_names

log = logging.getLogger(__name__)

Partition = tuple[str, int]

STALL_AFTER = 30.0  # seconds a partition may be held without a fetch before it is assigned again
CHECK_EVERY = 5.0  # seconds between two looks (and so between two attempts for one partition)
NO_OFFSET = -1001  # librdkafka's OFFSET_INVALID: what a never-fetched partition's watermarks read


def failed_offset_query(err: KafkaError) -> bool:
    """Whether a consumer error says librdkafka could not read the committed offsets of
    partitions it was assigned (the one sign the application gets of that failure)."""
    return "committed offset" in err.str()


class UnstartedPartitions:
    """Not thread-safe: the engine's loop calls everything (the rebalance callbacks run inside
    its polls)."""

    def __init__(
        self,
        consumer: Consumer,
        *,
        stage: str,
        clock: Callable[[], float] = time.monotonic,
        stall_after: float = STALL_AFTER,
    ) -> None:
        self._consumer = consumer
        self._stage = stage
        self._clock = clock
        self._stall_after = stall_after
        self._since: dict[Partition, float] = {}  # held partition → when it was (re)assigned
        self._suspects: set[Partition] = set()  # held when an offset query failed
        self._unassigned: list[TopicPartition] = []  # handed back, not yet assigned again
        self._next_check = clock() + CHECK_EVERY
        self._last_restart = -CHECK_EVERY  # when partitions were last assigned again

    def assigned(self, partitions: Sequence[TopicPartition]) -> None:
        now = self._clock()
        for tp in partitions:
            self._since[(tp.topic, tp.partition)] = now

    def dropped(self, partitions: Sequence[TopicPartition]) -> None:
        gone = {(tp.topic, tp.partition) for tp in partitions}
        for key in gone:
            self._since.pop(key, None)
            self._suspects.discard(key)
        self._unassigned = [tp for tp in self._unassigned if (tp.topic, tp.partition) not in gone]

    def query_failed(self) -> None:
        """librdkafka reported a failed committed-offset query: what it asked for is stuck.
        The next look comes at once, unless partitions were assigned again less than
        ``CHECK_EVERY`` ago (while the coordinator is away, each new query may fail too)."""
        self._suspects.update(self._since)
        self._next_check = min(self._next_check, self._last_restart + CHECK_EVERY)

    def check(self, untouched: Callable[[Partition], bool]) -> list[Partition]:
        """Every ``CHECK_EVERY`` seconds: assign again the held partitions that nothing was
        consumed from (``untouched``) and that a failed query or a long silence marks; returns
        them."""
        now = self._clock()
        if now < self._next_check:
            return []
        self._next_check = now + CHECK_EVERY
        if self._unassigned:
            self._assign(self._unassigned, now)
        stuck = sorted(
            key
            for key, since in self._since.items()
            if untouched(key)
            and (
                key in self._suspects or (now - since >= self._stall_after and self._unfetched(key))
            )
        )
        self._suspects.clear()
        if stuck:
            self._assign_again(stuck, now)
        return stuck

    def _unfetched(self, key: Partition) -> bool:
        try:
            _, high = self._consumer.get_watermark_offsets(TopicPartition(*key), cached=True)
        except KafkaException:
            return False  # nothing known of it: leave it to the next look
        return int(high) == NO_OFFSET

    def _assign_again(self, stuck: list[Partition], now: float) -> None:
        partitions = [TopicPartition(topic, partition) for topic, partition in stuck]
        log.warning(
            "%s: %s held but never fetched (its committed offset was never read): assigning again",
            self._stage,
            partition_names(partitions),
        )
        try:
            self._consumer.incremental_unassign(partitions)
        except KafkaException as exc:  # a rebalance took them meanwhile: nothing to restart
            log.warning("%s: handing back failed: %s", self._stage, exc)
            return
        self._assign(partitions, now)

    def _assign(self, partitions: list[TopicPartition], now: float) -> None:
        try:
            self._consumer.incremental_assign(partitions)
        except KafkaException as exc:  # still ours for the group: tried again at the next look
            log.error("%s: assigning %s again failed: %s", self._stage, partitions, exc)
            self._unassigned = partitions
            return
        self._unassigned = []
        self._last_restart = now
        for tp in partitions:
            if (tp.topic, tp.partition) in self._since:
                self._since[(tp.topic, tp.partition)] = now
