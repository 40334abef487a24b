"""The watcher's consumer-group membership on ``integration.imap.active``.

The group spreads the topic's partitions over the live replicas; a replica watches the
integrations recorded in its partitions. On assignment it reads each new partition from the
beginning (the topic is compacted: the latest record per integration) and starts the watches
once the partition is read up to where it ended at assignment; later records start, restart or
stop watches as they arrive. On revocation (a replica joined) or loss (this replica's session
expired) it stops that partition's watches before the partition moves. No offset is ever
committed: the state is the topic itself, rebuilt on every assignment. A replica that dies
stops heartbeating; after the session timeout the group hands its partitions to the others.
"""

from __future__ import annotations

import logging
import threading

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaException, Message, TopicPartition

from schemas.contracts.topics import Topic
from services.common.health import HealthFile
from services.domain.errors import InvalidMessage
from services.imapwatcher.handler import OwnedPartitions, decode_watch, plan_watches
from services.imapwatcher.watches import Watches

log = logging.getLogger(__name__)
TOPIC = Topic.INTEGRATION_IMAP_ACTIVE
POLL_SECONDS = 0.5  # one wait for records; stops and partitions to load are checked this often
LOADING_POLL_SECONDS = 0.05  # while a partition is being read: its watches start sooner
BATCH = 500  # records per poll
WATERMARK_TIMEOUT = 5.0  # seconds


class GroupMember:
    def __init__(
        self, consumer: Consumer, watches: Watches, *, health: HealthFile | None = None
    ) -> None:
        self._consumer, self._watches = consumer, watches
        self._health = health or HealthFile(None)
        self._owned = OwnedPartitions()
        self._ends: dict[int, int] = {}  # a loading partition's end as of its assignment
        self._stop = threading.Event()
        self._closed = False

    def watched(self) -> list[int]:
        return sorted(self._watches.running())

    def partitions(self) -> list[int]:
        return self._owned.partitions()

    def run(self) -> None:
        """Consume until ``request_stop``; then leave the group and stop every watch."""
        self._consumer.subscribe(
            [TOPIC.value], on_assign=self._assigned, on_revoke=self._revoked, on_lost=self._lost
        )
        try:
            while not self._stop.is_set():
                wait = LOADING_POLL_SECONDS if self._owned.loading() else POLL_SECONDS
                for msg in self._consumer.consume(BATCH, timeout=wait):
                    self._read(msg)
                self._check_loaded()
                self._apply()
                self._health.touch()
        finally:
            self.stop()

    def request_stop(self) -> None:
        """Ends ``run`` (safe from a signal handler)."""
        self._stop.set()

    def stop(self) -> None:
        """Leave the group (its partitions move at once) and stop every watch; idempotent."""
        self._stop.set()
        if not self._closed:
            self._closed = True
            self._consumer.close()
        self._watches.stop_all()

    def _apply(self, *, moving: bool = False) -> None:
        running, wanted = self._watches.running(), self._owned.wanted()
        self._watches.apply(plan_watches(running, wanted, moving=moving))

    def _read(self, msg: Message) -> None:
        error = msg.error()
        if error is not None:
            log.warning("IMAP watch: %s: %s", TOPIC.value, error)
            return
        partition = msg.partition()
        if partition is None:
            return
        try:
            integration_id, watch = decode_watch(msg.key(), msg.value())
        except InvalidMessage as exc:
            # a table, not a queue: nothing to retry; the scheduler's reconcile overwrites it
            log.warning(
                "IMAP watch: %s[%d]@%s skipped: %s", TOPIC.value, partition, msg.offset(), exc
            )
            return
        self._owned.record(partition, integration_id, watch)

    def _check_loaded(self) -> None:
        for partition in self._owned.loading():
            tp = TopicPartition(TOPIC.value, partition)
            try:
                if partition not in self._ends:
                    low, high = self._consumer.get_watermark_offsets(tp, timeout=WATERMARK_TIMEOUT)
                    self._ends[partition] = high if high > low else -1  # -1: empty
                end = self._ends[partition]
                position = self._consumer.position([tp])[0].offset
            except KafkaException as exc:
                # the broker does not answer: the next partitions' queries would each wait their
                # WATERMARK_TIMEOUT too (six partitions: 30 s with the broker SIGSTOPped, no poll
                # and no health-file touch meanwhile); they are asked in the next round
                log.warning("IMAP watch: partition %d: end not known yet: %s", partition, exc)
                return
            if end < 0 or position >= end:
                self._owned.loaded(partition)
                self._ends.pop(partition, None)
                log.info("IMAP watch: partition %d loaded", partition)

    # rebalance callbacks: they run inside consume(), on the loop's thread

    def _assigned(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        log.info("IMAP watch: assigned %s", sorted(p.partition for p in partitions))
        self._owned.assigned(p.partition for p in partitions)
        for p in partitions:
            self._ends.pop(p.partition, None)
        consumer.incremental_assign(
            [TopicPartition(p.topic, p.partition, OFFSET_BEGINNING) for p in partitions]
        )

    def _revoked(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        log.info("IMAP watch: revoked %s", sorted(p.partition for p in partitions))
        self._give_up(partitions)
        consumer.incremental_unassign(partitions)

    def _lost(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        log.warning("IMAP watch: lost %s", sorted(p.partition for p in partitions))
        self._give_up(partitions)
        consumer.incremental_unassign(partitions)

    def _give_up(self, partitions: list[TopicPartition]) -> None:
        self._owned.revoked(p.partition for p in partitions)
        for p in partitions:
            self._ends.pop(p.partition, None)
        # before the partition moves: the next owner starts its own watches
        self._apply(moving=True)
