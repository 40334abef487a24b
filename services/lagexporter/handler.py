"""Consumer-group lag from offsets: pure, no Kafka, HTTP or clock.

Semantics follow kafka_exporter (danielqsj/kafka_exporter, ``kafka_exporter.go``):

- lag of a partition = end offset (high watermark) − committed offset; a partition the group
  has no committed offset for (committed < 0) reports lag −1 and stays out of the sums;
- the sums are per (group, topic) over the partitions with a committed offset.

On top of that, the estimated time lag of a group is its total lag divided by its consume rate,
the growth of its committed offsets between the oldest and newest sample of the last
``window`` seconds. Lag 0 is 0 s; lag with no progress in the window is +Inf (alerts fire on it,
graphs leave a gap); with fewer than two samples the estimate is unknown and not exported.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from schemas.contracts.topics import RETRY_ORIGIN

NO_OFFSET = -1


@dataclass(frozen=True, slots=True, order=True)
class PartitionKey:
    topic: str
    partition: int


@dataclass(frozen=True, slots=True)
class PartitionOffsets:
    """A partition's log: first available offset and high watermark (next offset to write)."""

    oldest: int
    latest: int


@dataclass(frozen=True, slots=True)
class PartitionReplicas:
    """A partition's replica set as the metadata lists it: assigned and in sync."""

    replicas: int
    in_sync: int

    @property
    def under_replicated(self) -> bool:
        """Fewer in-sync replicas than assigned ones: a broker is down or still catching up."""
        return self.in_sync < self.replicas


def under_replicated_count(replication: Mapping[PartitionKey, PartitionReplicas]) -> int:
    return sum(1 for replicas in replication.values() if replicas.under_replicated)


@dataclass(frozen=True, slots=True)
class ClusterSnapshot:
    """What one scrape read from the broker; committed offsets are read before end offsets."""

    partitions: Mapping[PartitionKey, PartitionOffsets]
    committed: Mapping[str, Mapping[PartitionKey, int]]  # group → partition → committed offset
    members: Mapping[str, int]  # group → members; a group missing here exports no members
    replication: Mapping[PartitionKey, PartitionReplicas] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PartitionLag:
    group: str
    topic: str
    partition: int
    current_offset: int  # committed; −1 when none
    lag: int  # −1 when unknown


@dataclass(frozen=True, slots=True)
class TopicLag:
    group: str
    topic: str
    current_offset_sum: int
    lag_sum: int


@dataclass(frozen=True, slots=True)
class LagReport:
    partitions: tuple[PartitionLag, ...]
    topics: tuple[TopicLag, ...]
    group_lag: Mapping[str, int]  # group → lag over its topics, retry tiers left out
    group_lag_seconds: Mapping[str, float]  # only groups with an estimate


@dataclass(frozen=True, slots=True)
class OffsetSample:
    at: float  # seconds, on any clock that only moves forward
    committed: Mapping[PartitionKey, int]


def partition_lag(committed: int, offsets: PartitionOffsets) -> int:
    """kafka_exporter's lag, clamped at 0 for offsets committed past a truncated log's end."""
    if committed < 0:
        return NO_OFFSET
    return max(0, offsets.latest - committed)


def compute_lag(snapshot: ClusterSnapshot) -> tuple[tuple[PartitionLag, ...], tuple[TopicLag, ...]]:
    """Per-partition lags and per-(group, topic) sums, sorted; unknown partitions are skipped."""
    partitions: list[PartitionLag] = []
    sums: dict[tuple[str, str], tuple[int, int]] = {}
    for group in sorted(snapshot.committed):
        for key, committed in sorted(snapshot.committed[group].items()):
            offsets = snapshot.partitions.get(key)
            if offsets is None:  # topic filtered out or deleted since the commit
                continue
            lag = partition_lag(committed, offsets)
            partitions.append(PartitionLag(group, key.topic, key.partition, committed, lag))
            offset_sum, lag_sum = sums.get((group, key.topic), (0, 0))
            if committed >= 0:
                offset_sum += committed
                lag_sum += lag
            sums[(group, key.topic)] = (offset_sum, lag_sum)
    topics = tuple(
        TopicLag(group, topic, offset_sum, lag_sum)
        for (group, topic), (offset_sum, lag_sum) in sorted(sums.items())
    )
    return tuple(partitions), topics


def consume_rate(samples: Iterable[OffsetSample]) -> float | None:
    """Messages per second committed between the oldest and newest sample, or None if unknown.

    Partitions present in both samples count; a committed offset moved backwards (a reset)
    counts as no progress rather than negative progress.
    """
    ordered = list(samples)
    if len(ordered) < 2:
        return None
    first, last = ordered[0], ordered[-1]
    span = last.at - first.at
    if span <= 0:
        return None
    progress = sum(
        max(0, offset - first.committed[key])
        for key, offset in last.committed.items()
        if key in first.committed and offset >= 0 and first.committed[key] >= 0
    )
    return progress / span


def estimate_lag_seconds(lag: int, rate: float | None) -> float | None:
    """Seconds to drain ``lag`` at ``rate``; see the module docstring for the edge cases."""
    if lag <= 0:
        return 0.0
    if rate is None:
        return None
    if rate <= 0:
        return math.inf
    return lag / rate


@dataclass
class OffsetHistory:
    """Recent committed-offset samples per group, kept for ``window`` seconds.

    Not thread-safe: the caller serialises ``record`` (one scrape at a time).
    """

    window: float  # seconds
    max_samples: int = 1024
    _samples: dict[str, deque[OffsetSample]] = field(default_factory=dict)

    def record(self, *, at: float, committed: Mapping[str, Mapping[PartitionKey, int]]) -> None:
        """Add one sample per group and forget groups that no longer exist."""
        for group in list(self._samples):
            if group not in committed:
                del self._samples[group]
        for group, offsets in committed.items():
            samples = self._samples.setdefault(group, deque(maxlen=self.max_samples))
            samples.append(OffsetSample(at, dict(offsets)))
            # keep the newest sample at or before the window start, so a full window is covered
            while len(samples) > 2 and samples[1].at <= at - self.window:
                samples.popleft()

    def rate(self, group: str) -> float | None:
        return consume_rate(self._samples.get(group, ()))


def build_report(snapshot: ClusterSnapshot, history: OffsetHistory, *, at: float) -> LagReport:
    """Record the snapshot's committed offsets at ``at`` and compute every lag figure."""
    history.record(at=at, committed=snapshot.committed)
    partitions, topics = compute_lag(snapshot)
    group_lag: dict[str, int] = {}
    for topic_lag in topics:
        if topic_lag.topic in RETRY_ORIGIN:
            continue  # retries wait for their due time on purpose: that is not falling behind
        group_lag[topic_lag.group] = group_lag.get(topic_lag.group, 0) + topic_lag.lag_sum
    seconds: dict[str, float] = {}
    for group, lag in group_lag.items():
        estimate = estimate_lag_seconds(lag, history.rate(group))
        if estimate is not None:
            seconds[group] = estimate
    return LagReport(partitions, topics, group_lag, seconds)
