"""confluent-kafka clients configured for at-least-once: offsets stored only after the effect."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Coroutine, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from confluent_kafka import (
    Consumer,
    KafkaError,
    KafkaException,
    Message,
    Producer,
    TopicPartition,
)

from schemas.contracts.codec import Headers, get_codec
from schemas.contracts.models import Contract
from schemas.contracts.topics import Topic
from services.domain.errors import DependencyUnavailable

log = logging.getLogger(__name__)

FLUSH_TIMEOUT = 30.0  # seconds
# seconds produce() waits for room in librdkafka's full local queue (100,000 messages or 1 GiB
# unacknowledged) before giving up: a queue that stays full that long means the broker does not
# acknowledge. Without a bound the wait lasted until the broker answered again or the queued
# messages expired (message.timeout.ms, 300 s): >90 s with the broker SIGSTOPped or SIGKILLed,
# the engine's loop (and its health file) standing still meanwhile.
ROOM_WAIT = 5.0
# the producer's largest message (uncompressed), as every topic's max.message.bytes: librdkafka
# refuses a larger one at produce() with MSG_SIZE_TOO_LARGE
MESSAGE_MAX_BYTES = 1048576
# What the consumer engine's consumers add: the broker answers a fetch once 1 MiB waits or
# 25 ms passed. With librdkafka's defaults (1 byte, 500 ms) a trickle came one message per
# fetch, each waking the broker, librdkafka's threads and the service's loop on its own: in
# the parser at 200 emails/s, 0.5 ms of CPU per email outside its handler, 0.27 with these.
# The price: up to 25 ms more per hop, and an idle consumer's 40 fetches a second instead of 2
# (about 4 ms of client CPU a second more). Not for a topic that carries few messages, nor for
# a consumer that reads a table to its end (every fetch short of 1 MiB would wait).
GATHERED_FETCH: dict[str, Any] = {"fetch.wait.max.ms": 25, "fetch.min.bytes": 1048576}


def build_consumer_config(
    *, bootstrap: str, group_id: str, client_id: str, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    config: dict[str, Any] = {
        "bootstrap.servers": bootstrap,
        "group.id": group_id,
        "client.id": client_id,
        # librdkafka commits stored offsets in the background; we store only after the effect
        "enable.auto.commit": True,
        "enable.auto.offset.store": False,
        "auto.commit.interval.ms": 1000,
        "auto.offset.reset": "earliest",
        # KIP-848 groups: incremental rebalances, and the broker's range assignor balances each
        # topic on its own, so a stage's retry tiers never crowd its main topic off a replica
        # (a client-side sticky assignor balances only the total partition count)
        "group.protocol": "consumer",
        "group.remote.assignor": "range",
    }
    config.update(extra or {})
    if config["enable.auto.offset.store"] is not False:
        raise ValueError("the consumer engine relies on enable.auto.offset.store=false")
    return config


def build_producer_config(
    *, bootstrap: str, client_id: str, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    config: dict[str, Any] = {
        "bootstrap.servers": bootstrap,
        "client.id": client_id,
        # no duplicates from internal retries, per-partition order kept
        "enable.idempotence": True,
        # what idempotence implies anyway, said outright: on a cluster a write is acknowledged
        # once min.insync.replicas replicas have it, so a broker's crash loses nothing
        "acks": "all",
        "linger.ms": 5,
        "compression.type": "lz4",
        "message.max.bytes": MESSAGE_MAX_BYTES,
    }
    config.update(extra or {})
    return config


def coordinates(msg: Message) -> tuple[str, int, int]:
    """(topic, partition, offset) of a consumed message; always set on a consumed message."""
    topic, partition, offset = msg.topic(), msg.partition(), msg.offset()
    if topic is None or partition is None or offset is None:
        raise ValueError("message has no topic/partition/offset (not a consumed message)")
    return topic, partition, offset


def partition_names(partitions: Iterable[TopicPartition]) -> str:
    """``topic[partition]`` of each, for a log line; "none" for an empty list."""
    names = sorted(f"{tp.topic}[{tp.partition}]" for tp in partitions)
    return ", ".join(names) or "none"


def consumed_headers(msg: Message) -> list[tuple[str, str | bytes | None]]:
    """A consumed message's headers as (name, value) pairs."""
    headers = msg.headers() or []
    # consumed headers are always a list; the dict form exists only for producing
    return list(headers.items()) if isinstance(headers, dict) else list(headers)


@dataclass(frozen=True)
class Outbound:
    """One message to produce: topic, key, value and headers, ready for the wire."""

    topic: Topic
    key: str | None
    value: bytes | None
    headers: Headers = field(default_factory=list)

    @classmethod
    def of(
        cls,
        topic: Topic,
        message: Contract,
        *,
        key: str,
        source: str,
        extra_headers: Headers | None = None,
    ) -> Outbound:
        codec = get_codec(topic)
        headers = codec.headers(source=source, subject=key) + list(extra_headers or [])
        return cls(topic, key, codec.encode(message), headers)


def store_positions(consumer: Consumer, positions: Sequence[TopicPartition], *, stage: str) -> None:
    """Store offsets to commit; a partition lost meanwhile (e.g. the member was fenced while
    the broker restarted) is skipped: its new owner redoes that work, nothing is lost."""
    for position in positions:
        try:
            consumer.store_offsets(offsets=[position])
        except KafkaException as exc:
            if exc.args[0].code() not in (KafkaError._STATE, KafkaError._UNKNOWN_PARTITION):
                raise
            log.warning(
                "%s: %s[%d] no longer assigned; offset %d not stored, its next owner redoes it",
                stage,
                position.topic,
                position.partition,
                position.offset,
            )


# seconds a stopping service waits for Consumer.close() (commit what was stored, leave the
# group): librdkafka's close has no time limit. With the group coordinator SIGSTOPped it lasted
# until the broker was resumed (>330 s); SIGKILLed, 45 s (the session timeout); with a broker
# that answers, well under a second. An orchestrator kills a process 10 s after SIGTERM.
CLOSE_WAIT = 10.0


def close_consumer(consumer: Consumer, *, stage: str, wait: float = CLOSE_WAIT) -> bool:
    """Close the consumer, waiting at most ``wait`` seconds; whether it closed. Past that it is
    left closing on a daemon thread (the process is about to end): what was stored since the
    last auto-commit is not committed (the next owner redoes it) and the group drops the member
    after its session timeout."""
    closing = threading.Thread(target=consumer.close, name=f"{stage}-close", daemon=True)
    closing.start()
    closing.join(wait)
    if not closing.is_alive():
        return True
    log.error(
        "%s: leaving the group did not finish within %.0f s (the broker does not answer): "
        "stopping without it; offsets stored since the last commit stay uncommitted",
        stage,
        wait,
    )
    return False


@dataclass(frozen=True)
class Effects:
    """What processing one message yields: messages to produce, and an effect to run only once
    the broker acknowledged them (e.g. storing a provider cursor), before the offset is stored."""

    outputs: Sequence[Outbound]
    after_delivery: Callable[[], Coroutine[Any, Any, None]] | None = None


class DeliveryFailed(DependencyUnavailable):
    """The broker did not acknowledge a produced message; the input is redelivered."""


class QueueFull(DeliveryFailed):
    """librdkafka's local queue stayed full: the message was not handed over."""


DeliveryReport = Callable[[KafkaError | None, Message], None]


def produce_outbound(
    producer: Producer,
    out: Outbound,
    on_delivery: DeliveryReport,
    *,
    serve_reports: bool = True,
    room_wait: float = ROOM_WAIT,
) -> None:
    """Hand one message to librdkafka, waiting up to ``room_wait`` seconds for room while its
    local queue is full (then QueueFull). ``serve_reports``: then serve the delivery reports
    that arrived (the consumer engine says False: its loop serves them once per poll rather
    than once per message)."""
    deadline = time.monotonic() + room_wait
    while True:
        try:
            producer.produce(
                out.topic.value,
                value=out.value,
                key=out.key,
                headers=out.headers,
                on_delivery=on_delivery,
            )
            break
        except BufferError as exc:
            # local queue full: serve delivery reports, then try again
            left = deadline - time.monotonic()
            if left <= 0:
                raise QueueFull(
                    f"{out.topic.value}: producer queue full for {room_wait:.0f}s "
                    f"({len(producer)} message(s) unacknowledged)"
                ) from exc
            producer.poll(min(0.1, left))
        except KafkaException as exc:
            raise DeliveryFailed(str(exc)) from exc
    if serve_reports:
        producer.poll(0)


class ProducerGateway:
    """Produces batches and reports whether every message was acknowledged."""

    def __init__(self, producer: Producer) -> None:
        self._producer = producer
        self._errors: list[str] = []
        self._send_lock = threading.Lock()

    def _on_delivery(self, err: KafkaError | None, msg: Message) -> None:
        if err is not None:
            self._errors.append(f"{msg.topic()}: {err.str()}")

    def produce(self, messages: Iterable[Outbound]) -> None:
        for out in messages:
            produce_outbound(self._producer, out, self._on_delivery)

    def flush(self) -> None:
        """Block until every produced message is acknowledged; raise if any was not."""
        remaining = self._producer.flush(FLUSH_TIMEOUT)
        errors, self._errors = self._errors, []
        if remaining:
            raise DeliveryFailed(f"{remaining} message(s) not delivered within {FLUSH_TIMEOUT}s")
        if errors:
            raise DeliveryFailed("; ".join(errors[:5]))

    def send(self, messages: Iterable[Outbound]) -> None:
        """Produce and wait for acknowledgement; safe to call from several threads."""
        with self._send_lock:
            self.produce(messages)
            self.flush()


def build_producer(*, bootstrap: str, client_id: str) -> ProducerGateway:
    return ProducerGateway(
        Producer(build_producer_config(bootstrap=bootstrap, client_id=client_id))
    )
