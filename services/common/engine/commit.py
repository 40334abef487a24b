"""The commit step: offsets stored only once a message's effect is durable, never past an
unfinished message of the same partition; the work of a partition lost or revoked meanwhile
never stored (its next owner redoes it). librdkafka commits what was stored (auto-commit), a
revoked partition's offset before the revocation is acknowledged."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from confluent_kafka import Consumer, KafkaException, Message, TopicPartition

from services.common.engine.holds import Partition, PartitionHolds
from services.common.kafka import coordinates, partition_names, store_positions
from services.common.offsets import ContiguousOffsets

log = logging.getLogger(__name__)

Ticket = tuple[ContiguousOffsets, int]  # the partition's track when the work started, its ticket


class CommitOffsets:
    def __init__(self, consumer: Consumer, *, stage: str, holds: PartitionHolds) -> None:
        self._consumer = consumer
        self._stage = stage
        self._holds = holds
        self._tracks: dict[Partition, ContiguousOffsets] = {}

    def assigned(self) -> bool:
        """Whether the consumer holds at least one partition (readiness)."""
        return bool(self._tracks)

    def partitions(self) -> set[Partition]:
        return set(self._tracks)

    def untouched(self, partition: Partition) -> bool:
        """Whether ``partition`` is held and nothing of it was consumed since its assignment
        (run, or held back by a retry's due time or an outage)."""
        track = self._tracks.get(partition)
        return (
            track is not None
            and track.untouched
            and not self._holds.waiting(partition)
            and partition not in self._holds.gate.held()
        )

    def started(self, msg: Message) -> Ticket:
        topic, partition, offset = coordinates(msg)
        track = self._tracks.setdefault((topic, partition), ContiguousOffsets())
        return track, track.started(offset)

    def current(self, msg: Message, ticket: Ticket) -> bool:
        """Whether work on ``msg`` still counts: its partition is still ours and not rewound
        past it since the work started."""
        topic, partition, offset = coordinates(msg)
        track, number = ticket
        return self._tracks.get((topic, partition)) is track and track.current(offset, number)

    def rewound(self, msg: Message) -> None:
        topic, partition, offset = coordinates(msg)
        track = self._tracks.get((topic, partition))
        if track is not None:
            track.rewind(offset)

    def finished(self, done: Sequence[tuple[Message, Ticket]]) -> None:
        """Store the positions that the messages of ``done`` (effects durable) advanced."""
        finished: dict[Partition, list[tuple[int, int | None]]] = {}
        for msg, (track, number) in done:
            topic, partition, offset = coordinates(msg)
            if self._tracks.get((topic, partition)) is not track:
                continue  # revoked or lost meanwhile: its next owner redoes it
            finished.setdefault((topic, partition), []).append((offset, number))
        positions: dict[Partition, int] = {}
        for key, offsets in finished.items():
            position = self._tracks[key].finished_all(offsets)  # None when rewound meanwhile
            if position is not None:
                positions[key] = position
        if positions:
            store_positions(
                self._consumer,
                [TopicPartition(t, p, off) for (t, p), off in positions.items()],
                stage=self._stage,
            )

    # the rebalance callbacks log at INFO what they got: a replica that holds a partition and
    # never reads it (or never gets one) shows in its own log
    def on_assign(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        if partitions:  # an incremental rebalance calls with none after a revocation
            # the member id is what the group's description shows (chaos report "groups")
            member = consumer.memberid()
            log.info(
                "%s: assigned %s (member %s)", self._stage, partition_names(partitions), member
            )
            # librdkafka keeps an application pause across revocation and reassignment: a
            # partition revoked while it waited (an outage's backoff, a retry not yet due)
            # came back paused, with no hold left to resume it, and was never read again
            try:
                consumer.resume(partitions)
            except KafkaException as exc:  # partitions it does not know yet: none is paused
                log.debug("%s: resume on assignment: %s", self._stage, exc)
        for p in partitions:
            self._tracks[(p.topic, p.partition)] = ContiguousOffsets()

    def on_revoke(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        if partitions:
            log.info("%s: revoked %s", self._stage, partition_names(partitions))
        # no commit here: a synchronous one waits on the coordinator with no time limit, on
        # the loop's thread (over 300 s with the coordinator hung). With enable.auto.commit,
        # librdkafka commits the revoked partitions' stored offsets when they leave the
        # assignment, and acknowledges the revocation only once that commit is answered
        self._drop(partitions)

    def on_lost(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        log.warning("%s: lost %s", self._stage, partition_names(partitions))
        self._drop(partitions)

    def _drop(self, partitions: list[TopicPartition]) -> None:
        for p in partitions:
            self._tracks.pop((p.topic, p.partition), None)
        self._holds.forget(partitions)
