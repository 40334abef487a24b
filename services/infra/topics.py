"""Topic specs from ``schemas/topics/*.yaml`` and idempotent topic creation.

Each file yields its topic plus the dead-letter topic and retry tiers it declares
(``schemas.contracts.topic_files``), so every topic the services use is created from one place.
"""

import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from confluent_kafka import KafkaError, KafkaException, TopicPartition
from confluent_kafka.admin import AdminClient
from confluent_kafka.admin._listoffsets import OffsetSpec  # not re-exported for mypy
from confluent_kafka.admin._metadata import TopicMetadata  # not re-exported for mypy
from confluent_kafka.cimpl import NewTopic  # typed here; the admin re-export is not

from schemas.contracts.topic_files import TOPICS_DIR, read_topic_files
from services.infra.kafka_native import replication_for

__all__ = ["TOPICS_DIR", "TopicSpec", "create_topics", "load_topic_specs", "replicated"]

logger = logging.getLogger(__name__)

CREATE_TIMEOUT = 30.0  # seconds, creation and leader election together
USE_BROKER_DEFAULT = -1  # replication factor: the broker's default.replication.factor (KIP-464)


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    config: Mapping[str, str] = field(default_factory=dict)
    replication_factor: int = USE_BROKER_DEFAULT


def load_topic_specs(
    directory: Path = TOPICS_DIR, *, partitions: int | None = None
) -> list[TopicSpec]:
    """Every topic the ``*.yaml`` files of ``directory`` declare or derive (DLQs, retry tiers),
    file by file; ``partitions`` overrides each count. A malformed file raises ``ValueError``."""
    specs = [
        TopicSpec(
            name=topic.name,
            partitions=partitions or topic.topic_creation_config.partitions,
            config=topic.topic_creation_config.kafka_config(),
        )
        for topic_file in read_topic_files(directory)
        for topic in topic_file.topics()
    ]
    names = [spec.name for spec in specs]
    if duplicates := sorted({name for name in names if names.count(name) > 1}):
        raise ValueError(f"{directory}: topics defined more than once: {duplicates}")
    return specs


def replicated(spec: TopicSpec, brokers: int) -> TopicSpec:
    """``spec`` with the replication the cluster size allows (``replication_for``), unless its
    topic file sets a factor or ``min.insync.replicas`` itself."""
    factor, min_isr = replication_for(brokers)
    if spec.replication_factor == USE_BROKER_DEFAULT:
        spec = replace(spec, replication_factor=factor)
    if "min.insync.replicas" not in spec.config:
        spec = replace(spec, config={**spec.config, "min.insync.replicas": str(min_isr)})
    return spec


def create_topics(
    bootstrap: str,
    topics: Iterable[TopicSpec],
    *,
    brokers: int | None = None,
    timeout: float = CREATE_TIMEOUT,
) -> None:
    """Create missing topics (existing ones are left as they are) and wait for their leaders;
    replicated three times with ``min.insync.replicas=2`` on three brokers or more. ``brokers``
    waits until that many are registered (a cluster still starting); by default the brokers
    registered now count."""
    client_config: dict[str, Any] = {"bootstrap.servers": bootstrap, "logger": logger}
    admin = AdminClient(client_config)
    registered = _wait_for_brokers(admin, brokers or 1, timeout)
    specs = [replicated(spec, registered) for spec in topics]
    if not specs:
        return
    new_topics = [
        NewTopic(
            spec.name,
            num_partitions=spec.partitions,
            replication_factor=spec.replication_factor,
            config=dict(spec.config),
        )
        for spec in specs
    ]
    futures = admin.create_topics(new_topics, operation_timeout=timeout, request_timeout=timeout)
    for name, future in futures.items():
        try:
            future.result()
            logger.info("created topic %s", name)
        except KafkaException as exc:
            if exc.args[0].code() != KafkaError.TOPIC_ALREADY_EXISTS:
                raise
            logger.info("topic %s already exists", name)
    partitions = _wait_for_leaders(admin, [spec.name for spec in specs], timeout)
    _wait_for_offsets(admin, partitions, timeout)


def _wait_for_brokers(admin: AdminClient, wanted: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while True:
        registered = len(admin.list_topics(timeout=5).brokers)
        if registered >= wanted:
            return registered
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{registered} of {wanted} brokers after {timeout:.0f} s")
        time.sleep(0.5)


def _wait_for_leaders(admin: AdminClient, names: list[str], timeout: float) -> list[TopicPartition]:
    """Creation returns before partitions have leaders; producing earlier fails or stalls.
    Returns the partitions as that answer named them: on a cluster, the next metadata answer
    may come from a broker that has not heard of a new topic yet."""
    deadline = time.monotonic() + timeout
    missing = names
    while True:
        metadata = admin.list_topics(timeout=5)
        missing = [name for name in names if not _has_leaders(metadata.topics.get(name))]
        if not missing:
            return [TopicPartition(n, p) for n in names for p in metadata.topics[n].partitions]
        if time.monotonic() >= deadline:
            raise TimeoutError(f"topics without a leader after {timeout:.0f} s: {missing}")
        time.sleep(0.1)


def _wait_for_offsets(admin: AdminClient, partitions: list[TopicPartition], timeout: float) -> None:
    """The controller names a leader before that broker serves the partition: until it does,
    offset look-ups (a consumer group starting at the end, a lag probe) fail with
    NOT_LEADER_FOR_PARTITION, UNKNOWN_LEADER_EPOCH and the like. Any error counts as "not yet"
    until the deadline, which then names the partitions and the last error."""
    deadline = time.monotonic() + timeout
    waiting = partitions
    while waiting:
        latest = OffsetSpec.latest()  # type: ignore[no-untyped-call]  # the library is untyped
        futures = admin.list_offsets(dict.fromkeys(waiting, latest))
        errors = {tp: _error_of(future) for tp, future in futures.items()}
        waiting = [tp for tp, error in errors.items() if error is not None]
        if waiting and time.monotonic() >= deadline:
            left = sorted({tp.topic for tp in waiting})
            last = errors[waiting[-1]]
            raise TimeoutError(f"partitions not served after {timeout:.0f} s: {left} ({last})")
        if waiting:
            time.sleep(0.1)


def _error_of(future: Any) -> KafkaError | None:
    try:
        future.result()
    except KafkaException as exc:
        error: KafkaError = exc.args[0]
        return error
    return None


def _has_leaders(topic: TopicMetadata | None) -> bool:
    if topic is None or topic.error is not None or not topic.partitions:
        return False
    return all(p.leader >= 0 and p.error is None for p in topic.partitions.values())
