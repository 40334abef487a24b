"""An engine from a service's settings: the clients, health file, retry tiers and dead-letter
limit every consumer configures the same way."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient

from schemas.contracts.topics import Topic
from services.common.engine.breaker import DeadLetterLimit
from services.common.engine.engine import Engine, RunStep
from services.common.engine.group_check import GroupSelfCheck
from services.common.engine.membership import MembershipCheck
from services.common.engine.route import OnDeadLetter
from services.common.health import HealthFile
from services.common.kafka import (
    GATHERED_FETCH,
    build_consumer_config,
    build_producer_config,
)
from services.common.retry_topics import RetryTiers
from services.common.settings import ServiceSettings


def build_consumer_engine(
    settings: ServiceSettings,
    *,
    group_id: str,
    client_id: str,
    topics: Sequence[Topic],
    stage: str,
    run: RunStep,
    on_dead_letter: OnDeadLetter | None = None,
    fetch: Mapping[str, Any] = GATHERED_FETCH,
) -> Engine:
    """``fetch``: the consumer's fetch settings; a stage whose topic carries few messages
    passes {} (librdkafka's long poll: an idle consumer asks twice a second, not 40 times)."""
    bootstrap = settings.kafka_bootstrap_servers
    consumer = Consumer(
        build_consumer_config(
            bootstrap=bootstrap, group_id=group_id, client_id=client_id, extra=dict(fetch)
        )
    )
    return Engine(
        consumer=consumer,
        producer=Producer(build_producer_config(bootstrap=bootstrap, client_id=client_id)),
        topics=topics,
        stage=stage,
        run=run,
        health=HealthFile(settings.health_file),
        retry=RetryTiers(settings.retry_delays_s),
        dead_letter_limit=DeadLetterLimit(settings.dlq_max_ratio, settings.dlq_window),
        on_dead_letter=on_dead_letter,
        group_check=group_self_check(settings, consumer, group_id=group_id, stage=stage),
    )


def group_self_check(
    settings: ServiceSettings, consumer: Consumer, *, group_id: str, stage: str
) -> GroupSelfCheck | None:
    if settings.group_check_interval_s <= 0:
        return None
    # one admin client for the consumer's life (see services/ops/chaos/probe.py on dropping them)
    admin = AdminClient({"bootstrap.servers": settings.kafka_bootstrap_servers})
    check = MembershipCheck(
        now=time.monotonic(),
        every=settings.group_check_interval_s,
        stall_after=settings.group_check_stall_s,
    )
    return GroupSelfCheck(consumer, admin, group_id=group_id, stage=stage, check=check)
