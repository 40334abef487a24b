"""Dead-letter topics: list what is on them, and re-drive dead letters to their original topic.

A re-drive produces each selected dead letter's original key, value and original headers to the
topic it was consumed from, plus:

- ``reqstream_redrive``: how many times this message has been re-driven (1, 2, ...);
- ``dlq_attempts`` and ``dlq_first_failure_time`` from the dead letter, so a stage that fails
  it again writes a dead letter with attempts + 1 and the first failure time kept
  (``services.common.dlq.dead_letter``).

Progress is the committed offset of the consumer group ``reqstream-redrive-<dlq topic>``,
committed after each re-driven message is acknowledged by the broker: a second run starts where
the first stopped and re-drives nothing twice. Every dead letter a run examines is passed,
including those a filter did not select and unreadable ones (a tenant's re-drive, with
``hold_at_skipped``, never passes a letter of its own that its filter skipped);
``from_beginning`` re-examines the whole topic (re-driving again what matches). A run reads up
to the end offsets captured when it starts, so dead letters written meanwhile wait for the next
run.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from confluent_kafka import (
    KafkaError,
    Message,
    Producer,
    TopicPartition,
)

from schemas.contracts.dlq import (
    HEADER_ATTEMPTS,
    HEADER_FIRST_FAILURE_TIME,
)
from schemas.contracts.topics import Topic
from services.common.kafka import build_producer_config
from services.ops.dead_letters import (
    REDRIVE_GROUP_PREFIX,
    REDRIVE_HEADER,
    DeadLetter,
    Listing,
    RawHeaders,
    dead_letter_topic,
    list_dead_letters,
    redrive_count,
    redrive_group,
)
from services.ops.errors import OpsError
from services.ops.topic_reader import (
    READ_TIMEOUT,
    committed_offsets,
    ops_consumer,
    partitions_of,
    read_range,
    watermarks,
)

ACK_TIMEOUT = 30.0  # seconds for the broker to acknowledge one re-driven message


@dataclass(frozen=True)
class Selection:
    """Which dead letters a re-drive takes: all when both filters are None."""

    reason: re.Pattern[str] | None = None  # operators only: a tenant's pattern could be a ReDoS
    key: str | None = None
    keys: frozenset[str] | None = None  # e.g. one tenant's integration ids
    reason_contains: str | None = None  # case-insensitive plain text, for tenants

    def owns(self, letter: DeadLetter) -> bool:
        """The letter is within this caller's scope (its keys), whatever the reason filters say."""
        if self.keys is not None and letter.key_text not in self.keys:
            return False
        return self.key is None or letter.key_text == self.key

    def matches(self, letter: DeadLetter) -> bool:
        # the scope first: no reason filter ever runs over another caller's letters
        if letter.headers is None or not self.owns(letter):
            return False
        if self.reason is not None and not self.reason.search(letter.headers.reason):
            return False
        wanted = self.reason_contains
        return wanted is None or wanted.casefold() in letter.headers.reason.casefold()


@dataclass
class RedriveResult:
    topic: str
    group: str
    dry_run: bool
    examined: int = 0
    owned: int = 0  # examined letters within the selection's keys (a tenant's own)
    redriven: list[DeadLetter] = field(default_factory=list)
    filtered_out: int = 0
    unreadable: int = 0
    by_original_topic: Counter[str] = field(default_factory=Counter)

    def summary(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "group": self.group,
            "dry_run": self.dry_run,
            "examined": self.examined,
            "redriven": len(self.redriven),
            "filtered_out": self.filtered_out,
            "unreadable": self.unreadable,
            "by_original_topic": dict(self.by_original_topic),
        }


def redrive_headers(letter: DeadLetter) -> RawHeaders:
    """The original headers, the redrive count and the attempts/first failure so far."""
    assert letter.headers is not None
    dlq = letter.headers
    headers = [(k, v) for k, v in dlq.original_headers if k != REDRIVE_HEADER]
    headers.append((REDRIVE_HEADER, str(letter.redrives + 1).encode()))
    headers.append((HEADER_ATTEMPTS, str(dlq.attempts).encode()))
    headers.append((HEADER_FIRST_FAILURE_TIME, dlq.first_failure_time.isoformat().encode()))
    return headers


class _Acks:
    """Delivery reports of the re-drive producer."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def __call__(self, err: KafkaError | None, msg: Message) -> None:
        if err is not None:
            self.errors.append(f"{msg.topic()}: {err.str()}")


def redrive(
    bootstrap: str,
    topic: Topic,
    *,
    selection: Selection = Selection(),
    dry_run: bool = False,
    from_beginning: bool = False,
    on_redrive: Callable[[DeadLetter], None] | None = None,
    group: str | None = None,
    hold_at_skipped: bool = False,
    result: RedriveResult | None = None,
) -> RedriveResult:
    """Re-drive the selected dead letters past the redrive group's position (see the module doc).

    Each message is produced, acknowledged, then its offset committed, one at a time, so a crash
    re-drives at most the one message whose commit was lost. A dry run produces and commits
    nothing and reports what would be re-driven.

    ``hold_at_skipped`` (a tenant's re-drive): the position of a partition stops before the
    first letter of the caller's own that the reason filter skipped, so a later re-drive still
    finds it; letters re-driven after it in this run may be re-driven again then (the pipeline
    is at-least-once and absorbs a repeat). ``result`` is filled in as the run goes (progress).
    """
    # a caller that re-drives only its own letters (a tenant) keeps a position of its own, so it
    # never moves past another caller's letters
    group = group or redrive_group(topic)
    consumer = ops_consumer(bootstrap, group)
    producer = Producer(build_producer_config(bootstrap=bootstrap, client_id="reqstream-redrive"))
    acks = _Acks()
    result = result or RedriveResult(topic.value, group, dry_run)
    held: set[int] = set()  # partitions whose position must not pass a skipped letter
    try:
        partitions = partitions_of(consumer, topic.value)
        marks = watermarks(consumer, topic.value, partitions)
        committed = {} if from_beginning else committed_offsets(consumer, topic.value, partitions)
        ranges: dict[tuple[str, int], tuple[int, int]] = {}
        for p in partitions:
            low, high = marks[p]
            start = committed.get(p, -1)
            ranges[(topic.value, p)] = (max(low, start) if start >= 0 else low, high)
        for msg in read_range(consumer, ranges):
            letter = DeadLetter.of(msg)
            result.examined += 1
            owned = selection.owns(letter)
            result.owned += owned
            if letter.headers is None or letter.headers.dead_letter_topic is not topic:
                result.unreadable += 1
            elif not selection.matches(letter):
                result.filtered_out += 1
                if hold_at_skipped and owned:
                    held.add(letter.partition)
            else:
                if not dry_run:
                    _produce_acknowledged(producer, acks, letter)
                result.redriven.append(letter)
                result.by_original_topic[letter.headers.original_topic.value] += 1
                if on_redrive is not None:
                    on_redrive(letter)
            if not dry_run and letter.partition not in held:
                consumer.commit(
                    offsets=[TopicPartition(topic.value, letter.partition, letter.offset + 1)],
                    asynchronous=False,
                )
        return result
    finally:
        consumer.close()


def _wire(headers: RawHeaders) -> list[tuple[str, str | bytes | None]]:
    return [(k, v) for k, v in headers]


def _produce_acknowledged(producer: Producer, acks: _Acks, letter: DeadLetter) -> None:
    assert letter.headers is not None
    producer.produce(
        letter.headers.original_topic.value,
        key=letter.key,
        value=letter.value,
        headers=_wire(redrive_headers(letter)),
        on_delivery=acks,
    )
    remaining = producer.flush(ACK_TIMEOUT)
    errors, acks.errors = acks.errors, []
    if remaining or errors:
        problem = "; ".join(errors) or f"not acknowledged within {ACK_TIMEOUT:.0f}s"
        raise OpsError(
            f"re-drive of {letter.topic}[{letter.partition}]@{letter.offset} failed: {problem}; "
            "nothing after it was committed, run again to continue"
        )


__all__ = [
    "ACK_TIMEOUT",
    "READ_TIMEOUT",
    "REDRIVE_GROUP_PREFIX",
    "REDRIVE_HEADER",
    "DeadLetter",
    "Listing",
    "OpsError",
    "RawHeaders",
    "RedriveResult",
    "Selection",
    "dead_letter_topic",
    "list_dead_letters",
    "ops_consumer",
    "partitions_of",
    "read_range",
    "redrive",
    "redrive_count",
    "redrive_group",
    "redrive_headers",
]
