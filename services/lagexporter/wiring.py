"""Assembly: admin-client reads → handler → a prometheus_client Collector → /metrics and /healthz.

Every scrape reads the broker afresh (as kafka_exporter does): groups, their committed offsets
(one request per group, sent together), group members, then earliest and latest offsets of
every topic partition, and each partition's replicas in sync. No business rules here; the
figures come from ``handler``.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future
from typing import Any

from confluent_kafka import ConsumerGroupTopicPartitions, KafkaException, TopicPartition
from confluent_kafka.admin import AdminClient
from confluent_kafka.admin._listoffsets import OffsetSpec  # not re-exported in __all__
from confluent_kafka.admin._metadata import ClusterMetadata  # not re-exported for mypy
from prometheus_client import CollectorRegistry
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from services.common.ops_server import OpsServer
from services.lagexporter.handler import (
    ClusterSnapshot,
    LagReport,
    OffsetHistory,
    PartitionKey,
    PartitionOffsets,
    PartitionReplicas,
    build_report,
)
from services.lagexporter.settings import LagExporterSettings

log = logging.getLogger(__name__)

GROUP_PARTITION = ["consumergroup", "topic", "partition"]
GROUP_TOPIC = ["consumergroup", "topic"]
TOPIC_PARTITION = ["topic", "partition"]
ALL_TOPICS = re.compile("")


class KafkaOffsetReader:
    """Reads a ClusterSnapshot through the admin API (kafka-native.md §8.5)."""

    def __init__(
        self,
        admin: AdminClient,
        *,
        group_filter: re.Pattern[str],
        topic_filter: re.Pattern[str],
        timeout: float,  # seconds per request
    ) -> None:
        self._admin = admin
        self._groups = group_filter
        self._topics = topic_filter
        self._timeout = timeout

    def snapshot(self) -> ClusterSnapshot:
        groups = self._list_groups()
        # committed before end offsets, so lag is never negative by read order
        committed = self._committed(groups)
        members = self._members(groups)
        metadata = self._admin.list_topics(timeout=self._timeout)
        return ClusterSnapshot(
            self._partition_offsets(metadata),
            committed,
            members,
            replication_of(metadata, self._topics),
        )

    def _list_groups(self) -> list[str]:
        listing = self._admin.list_consumer_groups(request_timeout=self._timeout).result(
            timeout=self._timeout
        )
        for error in listing.errors:
            log.warning("listing consumer groups: %s", error)
        return sorted(g.group_id for g in listing.valid if self._groups.search(g.group_id))

    def _committed(self, groups: list[str]) -> dict[str, dict[PartitionKey, int]]:
        futures: dict[str, Future[Any]] = {}
        for group in groups:
            request = [ConsumerGroupTopicPartitions(group)]
            futures.update(
                self._admin.list_consumer_group_offsets(request, request_timeout=self._timeout)
            )
        committed: dict[str, dict[PartitionKey, int]] = {}
        for group, future in futures.items():
            try:
                result = future.result(timeout=self._timeout)
            except KafkaException as exc:  # e.g. the group was deleted since the listing
                log.warning("committed offsets of group %s: %s", group, exc)
                continue
            committed[group] = {
                PartitionKey(tp.topic, tp.partition): int(tp.offset)
                for tp in result.topic_partitions
                if tp.error is None and self._topics.search(tp.topic)
            }
        return committed

    def _members(self, groups: list[str]) -> dict[str, int]:
        if not groups:
            return {}
        futures = self._admin.describe_consumer_groups(groups, request_timeout=self._timeout)
        members: dict[str, int] = {}
        for group, future in futures.items():
            try:
                members[group] = len(future.result(timeout=self._timeout).members)
            except KafkaException as exc:
                log.warning("describing group %s: %s", group, exc)
        return members

    def _partition_offsets(self, metadata: ClusterMetadata) -> dict[PartitionKey, PartitionOffsets]:
        partitions = [
            TopicPartition(name, partition)
            for name, topic in metadata.topics.items()
            if topic.error is None and self._topics.search(name)
            for partition in topic.partitions
        ]
        if not partitions:
            return {}
        # the classmethods are unannotated in confluent-kafka 2.16
        oldest = self._offsets(partitions, OffsetSpec.earliest())  # type: ignore[no-untyped-call]
        latest = self._offsets(partitions, OffsetSpec.latest())  # type: ignore[no-untyped-call]
        return {
            key: PartitionOffsets(oldest=oldest[key], latest=latest[key])
            for key in latest
            if key in oldest
        }

    def _offsets(
        self, partitions: list[TopicPartition], spec: OffsetSpec
    ) -> dict[PartitionKey, int]:
        futures = self._admin.list_offsets(
            dict.fromkeys(partitions, spec), request_timeout=self._timeout
        )
        offsets: dict[PartitionKey, int] = {}
        for tp, future in futures.items():
            try:
                offsets[PartitionKey(tp.topic, tp.partition)] = int(
                    future.result(timeout=self._timeout).offset
                )
            except KafkaException as exc:  # e.g. a topic deleted or a leader moving
                log.warning("offsets of %s[%d]: %s", tp.topic, tp.partition, exc)
        return offsets


def replication_of(
    metadata: ClusterMetadata, topic_filter: re.Pattern[str] = ALL_TOPICS
) -> dict[PartitionKey, PartitionReplicas]:
    """Replicas and in-sync replicas per partition of the topics ``topic_filter`` selects."""
    return {
        PartitionKey(name, partition.id): PartitionReplicas(
            len(partition.replicas), len(partition.isrs)
        )
        for name, topic in metadata.topics.items()
        if topic.error is None and topic_filter.search(name)
        for partition in topic.partitions.values()
    }


class LagCollector(Collector):
    """Exports kafka_exporter's consumer-group and topic metrics plus the estimated time lag.

    A broker that cannot be read yields only ``reqstream_lagexporter_up 0``, so Prometheus keeps
    scraping (``up`` stays 1) and the gap is visible.
    """

    def __init__(
        self,
        reader: Callable[[], ClusterSnapshot],
        history: OffsetHistory,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._reader = reader
        self._history = history
        self._clock = clock
        self._lock = threading.Lock()  # the HTTP server is threaded; one scrape at a time

    def describe(self) -> Iterable[Metric]:
        return ()  # registering must not read the broker

    def collect(self) -> Iterator[Metric]:
        started = self._clock()
        up = GaugeMetricFamily(
            "reqstream_lagexporter_up", "1 if the last scrape read the broker, else 0"
        )
        with self._lock:
            try:
                snapshot = self._reader()
            except KafkaException as exc:
                log.error("reading offsets failed: %s", exc)
                up.add_metric([], 0)
                yield up
                return
            report = build_report(snapshot, self._history, at=self._clock())
        up.add_metric([], 1)
        yield up
        duration = GaugeMetricFamily(
            "reqstream_lagexporter_scrape_duration_seconds", "Seconds the last scrape took"
        )
        duration.add_metric([], self._clock() - started)
        yield duration
        yield from report_metrics(snapshot, report)


def report_metrics(snapshot: ClusterSnapshot, report: LagReport) -> Iterator[Metric]:
    """The metric families, named and labelled as kafka_exporter names them."""
    lag = GaugeMetricFamily(
        "kafka_consumergroup_lag",
        "Current Approximate Lag of a ConsumerGroup at Topic/Partition",
        labels=GROUP_PARTITION,
    )
    current = GaugeMetricFamily(
        "kafka_consumergroup_current_offset",
        "Current Offset of a ConsumerGroup at Topic/Partition",
        labels=GROUP_PARTITION,
    )
    for p in report.partitions:
        lag.add_metric([p.group, p.topic, str(p.partition)], p.lag)
        current.add_metric([p.group, p.topic, str(p.partition)], p.current_offset)
    lag_sum = GaugeMetricFamily(
        "kafka_consumergroup_lag_sum",
        "Current Approximate Lag of a ConsumerGroup at Topic for all partitions",
        labels=GROUP_TOPIC,
    )
    current_sum = GaugeMetricFamily(
        "kafka_consumergroup_current_offset_sum",
        "Current Offset of a ConsumerGroup at Topic for all partitions",
        labels=GROUP_TOPIC,
    )
    for t in report.topics:
        lag_sum.add_metric([t.group, t.topic], t.lag_sum)
        current_sum.add_metric([t.group, t.topic], t.current_offset_sum)
    yield from (lag, current, lag_sum, current_sum)
    yield _per_group(
        "kafka_consumergroup_members", "Amount of members in a consumer group", snapshot.members
    )
    yield _per_group(
        "reqstream_consumergroup_lag_seconds",
        "Estimated seconds to drain a group's lag at its consume rate (+Inf: no progress)",
        report.group_lag_seconds,
    )
    newest = GaugeMetricFamily(
        "kafka_topic_partition_current_offset",
        "Current Offset of a Broker at Topic/Partition",
        labels=TOPIC_PARTITION,
    )
    oldest = GaugeMetricFamily(
        "kafka_topic_partition_oldest_offset",
        "Oldest Offset of a Broker at Topic/Partition",
        labels=TOPIC_PARTITION,
    )
    for key, offsets in sorted(snapshot.partitions.items()):
        newest.add_metric([key.topic, str(key.partition)], offsets.latest)
        oldest.add_metric([key.topic, str(key.partition)], offsets.oldest)
    under_replicated = GaugeMetricFamily(
        "kafka_topic_partition_under_replicated_partition",
        "Whether Topic/Partition is under Replicated",
        labels=TOPIC_PARTITION,
    )
    for key, replicas in sorted(snapshot.replication.items()):
        under_replicated.add_metric([key.topic, str(key.partition)], int(replicas.under_replicated))
    yield from (newest, oldest, under_replicated)


def _per_group(name: str, documentation: str, values: Mapping[str, float]) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation, labels=["consumergroup"])
    for group, value in sorted(values.items()):
        family.add_metric([group], value)
    return family


def build_collector(settings: LagExporterSettings, admin: AdminClient) -> LagCollector:
    reader = KafkaOffsetReader(
        admin,
        group_filter=re.compile(settings.group_filter),
        topic_filter=re.compile(settings.topic_filter),
        timeout=settings.scrape_timeout,
    )
    return LagCollector(reader.snapshot, OffsetHistory(window=settings.rate_window))


def build(settings: LagExporterSettings) -> OpsServer:
    """The shared ops server over the lag collector's registry (/metrics, Prometheus or
    OpenMetrics text; /healthz), bound but not yet serving: ``start()`` it, ``stop()`` it."""
    admin = AdminClient({"bootstrap.servers": settings.kafka_bootstrap_servers})
    registry = CollectorRegistry()
    registry.register(build_collector(settings, admin))
    return OpsServer(host=settings.host, port=settings.port, checks={}, registry=registry)
