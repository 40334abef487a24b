"""Topic specs from ``schemas/topics/*.yaml`` and idempotent topic creation."""

import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from confluent_kafka import KafkaError, KafkaException
from confluent_kafka.admin import AdminClient
from confluent_kafka.admin._metadata import TopicMetadata  # not re-exported for mypy
from confluent_kafka.cimpl import NewTopic  # typed here; the admin re-export is not

from services.infra.kafka_native import replication_for
from services.infra.settings import REPO_ROOT

logger = logging.getLogger(__name__)

TOPICS_DIR = REPO_ROOT / "schemas" / "topics"
CREATE_TIMEOUT = 30.0  # seconds, creation and leader election together
USE_BROKER_DEFAULT = -1  # replication factor: the broker's default.replication.factor (KIP-464)


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    config: Mapping[str, str] = field(default_factory=dict)
    replication_factor: int = USE_BROKER_DEFAULT


def _config_value(value: object) -> str:
    # YAML turns unquoted 604800000 into an int and true into a bool; Kafka wants strings.
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def parse_topic_spec(document: Mapping[str, Any], *, source: str = "<topic>") -> TopicSpec:
    """One topic file's content → TopicSpec; keys other than the two used here are ignored."""
    name = document.get("name")
    if not isinstance(name, str) or not name:
        raise ValueError(f"{source}: 'name' must be a non-empty string")
    creation = dict(document.get("topic_creation_config") or {})
    partitions = creation.pop("partitions", 1)
    if isinstance(partitions, bool) or not isinstance(partitions, int) or partitions < 1:
        raise ValueError(f"{source}: topic_creation_config.partitions must be a positive integer")
    config = {str(key): _config_value(value) for key, value in creation.items()}
    return TopicSpec(name=name, partitions=partitions, config=config)


def load_topic_specs(
    directory: Path = TOPICS_DIR, *, partitions: int | None = None
) -> list[TopicSpec]:
    """All ``*.yaml``/``*.yml`` topic files, sorted by path; ``partitions`` overrides each count."""
    specs = []
    for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
        document = yaml.safe_load(path.read_text())
        if not isinstance(document, Mapping):
            raise ValueError(f"{path}: expected a mapping at the top level")
        spec = parse_topic_spec(document, source=str(path))
        if partitions is not None:
            spec = TopicSpec(spec.name, partitions, spec.config, spec.replication_factor)
        specs.append(spec)
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
    _wait_for_leaders(admin, [spec.name for spec in specs], timeout)


def _wait_for_brokers(admin: AdminClient, wanted: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while True:
        registered = len(admin.list_topics(timeout=5).brokers)
        if registered >= wanted:
            return registered
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{registered} of {wanted} brokers after {timeout:.0f} s")
        time.sleep(0.5)


def _wait_for_leaders(admin: AdminClient, names: list[str], timeout: float) -> None:
    """Creation returns before partitions have leaders; producing earlier fails or stalls."""
    deadline = time.monotonic() + timeout
    missing = names
    while True:
        metadata = admin.list_topics(timeout=5)
        missing = [name for name in names if not _has_leaders(metadata.topics.get(name))]
        if not missing:
            return
        if time.monotonic() >= deadline:
            raise TimeoutError(f"topics without a leader after {timeout:.0f} s: {missing}")
        time.sleep(0.1)


def _has_leaders(topic: TopicMetadata | None) -> bool:
    if topic is None or topic.error is not None or not topic.partitions:
        return False
    return all(p.leader >= 0 and p.error is None for p in topic.partitions.values())
