"""Partitions that wait: a retry tier's head not yet due (the DueGate), or a partition rewound
because a dependency is down. A waiting partition is paused; when its wait is over, its head
message is tried alone (the partition paused again behind it) and the partition goes on only
once that message is settled. So nothing later in a partition runs until it has recovered,
whatever the run mode."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from confluent_kafka import Consumer, Message, TopicPartition

from services.common.kafka import coordinates
from services.common.retry_topics import DueGate

log = logging.getLogger(__name__)

Partition = tuple[str, int]


@dataclass
class _Probe:
    offset: int  # the head that waited
    admitted: bool = False


class PartitionHolds:
    def __init__(self, consumer: Consumer, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._consumer = consumer
        self._clock = clock
        self.gate = DueGate(consumer)
        self._outages: dict[Partition, tuple[float, int]] = {}  # resume time, rewound offset
        self._probes: dict[Partition, _Probe] = {}

    def admit(self, msg: Message) -> bool:
        """Whether a polled message is to be run now."""
        topic, partition, offset = coordinates(msg)
        key = (topic, partition)
        if key in self._outages:
            return False  # fetched before the rewind: delivered again once resumed
        probe = self._probes.get(key)
        if probe is None:
            return self.gate.admit(msg)
        if probe.admitted or offset != probe.offset or not self.gate.admit(msg):
            return False  # behind the head on trial: delivered again after it
        probe.admitted = True
        # nothing behind the head is fetched until it is settled
        self._consumer.pause([TopicPartition(topic, partition)])
        self._consumer.seek(TopicPartition(topic, partition, offset + 1))
        return True

    def waiting(self, partition: Partition) -> bool:
        """Whether ``partition`` waits for a dependency (later messages must not run)."""
        return partition in self._outages

    def rewind(self, msg: Message, delay: float) -> None:
        """Seek back to ``msg`` and pause its partition for ``delay`` seconds."""
        topic, partition, offset = coordinates(msg)
        key = (topic, partition)
        tp = TopicPartition(topic, partition)
        # a hold the gate put on a later message of this partition would refuse this one when
        # it comes back: the gate decides afresh from the rewound position
        self.gate.forget([tp])
        self._probes.pop(key, None)
        self._consumer.pause([tp])
        self._consumer.seek(TopicPartition(topic, partition, offset))
        until = max(self._outages.get(key, (0.0, offset))[0], self._clock() + delay)
        self._outages[key] = (until, offset)

    def settled(self, msg: Message) -> None:
        """``msg``'s outcome is durable: if it was the head on trial, its partition goes on."""
        if not self._probes:  # no partition is recovering
            return
        topic, partition, offset = coordinates(msg)
        probe = self._probes.get((topic, partition))
        if probe is not None and probe.admitted and probe.offset == offset:
            del self._probes[(topic, partition)]
            self._consumer.resume([TopicPartition(topic, partition)])

    def release_due(self) -> None:
        """Resume the partitions whose wait is over, their head alone first."""
        self.gate.release_due()
        now = self._clock()
        due = [(key, offset) for key, (until, offset) in self._outages.items() if until <= now]
        if due:
            self._consumer.resume([TopicPartition(t, p) for (t, p), _ in due])
            for key, offset in due:
                del self._outages[key]
                self._probes[key] = _Probe(offset)

    def forget(self, partitions: Sequence[TopicPartition]) -> None:
        """Revoked or lost partitions: their next owner decides afresh."""
        self.gate.forget(partitions)
        for tp in partitions:
            self._outages.pop((tp.topic, tp.partition), None)
            self._probes.pop((tp.topic, tp.partition), None)
