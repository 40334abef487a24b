"""Poison: messages each consuming stage must dead-letter, marked so the run can find them.

Every poison message carries the header ``reqstream_chaos_poison: <run id>:<n>`` and the key
``chaos-poison-<run id>-<n>``; a dead letter keeps the original key and headers, so the run
counts its own poison on the dead-letter topics and tells it apart from anything else there.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from confluent_kafka import KafkaError, Message, Producer

from schemas.contracts.codec import header_value
from schemas.contracts.models import (
    Category,
    Extractor,
    IntegrationError,
    IntegrationErrorType,
    ParsedEmail,
    ParseStatus,
    Provider,
    SyncRequested,
)
from schemas.contracts.topics import DEAD_LETTER_TOPIC, Topic
from services.common.kafka import Outbound, build_producer_config
from services.ops.chaos.probe import json_object, scan
from services.ops.dead_letters import DeadLetter

POISON_HEADER = "reqstream_chaos_poison"
SOURCE = "/reqstream/chaos"
# no tenant or integration has an id this high (and it still fits PostgreSQL's integer)
UNKNOWN_ID = 2_000_000_000
LIBRDKAFKA_CRITICAL = 2  # syslog level
ACK_TIMEOUT = 120.0  # seconds for the broker to acknowledge the poison (a restart included)


def _schema_invalid(topic: Topic, key: str, _n: int) -> Outbound:
    value = json.dumps({"chaos_poison": key, "integration_id": "not a number"}).encode()
    return Outbound(topic, key, value)


def _undecodable(topic: Topic, key: str, _n: int) -> Outbound:
    return Outbound(topic, key, b"\xff\xfe\x00" + key.encode() + b"\xc3\x28 not JSON")


def _unknown_owner(n: int) -> dict[str, Any]:
    """Integration, user and tenant ids that exist nowhere, for poison ``n``."""
    unknown = UNKNOWN_ID + n
    return {
        "integration_id": unknown,
        "user_id": unknown,
        "tenant_id": unknown,
        "provider": Provider.MAILDIR,
    }


def _unknown_integration_sync(topic: Topic, key: str, n: int) -> Outbound:
    request = SyncRequested(
        sync_id=uuid.uuid4(),
        **_unknown_owner(n),
        manual_trigger=True,
        requested_at=datetime.now(UTC),
    )
    return Outbound.of(topic, request, key=key, source=SOURCE)


def _unknown_tenant_parsed(topic: Topic, key: str, n: int) -> Outbound:
    parsed = ParsedEmail(
        sync_id=uuid.uuid4(),
        **_unknown_owner(n),
        provider_message_id=key,
        subject="Hotlist: chaos poison",
        status=ParseStatus.OK,
        is_job=False,
        category=Category.HOTLIST,
        confidence=0.9,
        extractor=Extractor(name="chaos", version="0"),
    )
    return Outbound.of(topic, parsed, key=key, source=SOURCE)


def _unknown_integration_error(topic: Topic, key: str, n: int) -> Outbound:
    event = IntegrationError(
        **_unknown_owner(n),
        error_type=IntegrationErrorType.CONFIGURATION,
        error_message="chaos poison",
        occurred_at=datetime.now(UTC),
    )
    return Outbound.of(topic, event, key=key, source=SOURCE)


# cycled through in this order: the first six cover every consumed topic and every kind once
POISON_KINDS: tuple[tuple[str, Topic, Callable[[Topic, str, int], Outbound]], ...] = (
    ("schema_invalid", Topic.EMAIL_RAW, _schema_invalid),
    ("schema_invalid", Topic.EMAIL_PARSED, _schema_invalid),
    ("undecodable", Topic.EMAIL_RAW, _undecodable),
    ("unknown_tenant", Topic.EMAIL_PARSED, _unknown_tenant_parsed),
    ("unknown_integration", Topic.EMAIL_SYNC_REQUESTED, _unknown_integration_sync),
    ("unknown_integration", Topic.INTEGRATION_ERROR, _unknown_integration_error),
    ("undecodable", Topic.EMAIL_SYNC_REQUESTED, _undecodable),
    ("schema_invalid", Topic.INTEGRATION_ERROR, _schema_invalid),
)


def build_poison(run_id: str, n: int) -> Outbound:
    """The ``n``-th poison message of run ``run_id``, keyed and marked as the run's."""
    _, topic, build = POISON_KINDS[n % len(POISON_KINDS)]
    message = build(topic, f"chaos-poison-{run_id}-{n}", n)
    marker = f"{run_id}:{n}".encode()
    return Outbound(topic, message.key, message.value, [*message.headers, (POISON_HEADER, marker)])


def poison_kind(n: int) -> str:
    kind, topic, _ = POISON_KINDS[n % len(POISON_KINDS)]
    return f"{topic.value}:{kind}"


class PoisonInjector:
    """Produces the run's poison when progress passes each of its points; counts what the broker
    acknowledged (only acknowledged poison is "injected")."""

    def __init__(self, bootstrap: str, run_id: str, points: Iterable[float]) -> None:
        # librdkafka logs every refused connection while the broker restarts (expected here);
        # keep its critical lines only, delivery failures still reach ``failed``
        config = build_producer_config(
            bootstrap=bootstrap, client_id="chaos", extra={"log_level": LIBRDKAFKA_CRITICAL}
        )
        self._producer = Producer(config)
        self._run_id = run_id
        self._points = sorted(points)
        self._produced = 0
        self.acknowledged: list[str] = []  # markers
        self.failed: list[str] = []

    @property
    def done(self) -> bool:
        return not self._points and len(self.acknowledged) + len(self.failed) == self._produced

    def inject_due(self, progress: float) -> None:
        while self._points and progress >= self._points[0]:
            self._points.pop(0)
            self._produce(build_poison(self._run_id, self._produced))
        self._producer.poll(0)

    def _produce(self, message: Outbound) -> None:
        marker = header_value(message.headers, POISON_HEADER) or ""

        def delivered(err: KafkaError | None, _msg: Message) -> None:
            (self.failed if err is not None else self.acknowledged).append(marker)

        self._producer.produce(
            message.topic.value,
            key=message.key,
            value=message.value,
            headers=message.headers,
            on_delivery=delivered,
        )
        self._produced += 1

    def finish(self) -> None:
        """Everything due now, then wait for the acknowledgements."""
        self.inject_due(float("inf"))
        self._producer.flush(ACK_TIMEOUT)


@dataclass
class DeadLetterTally:
    """The run's dead letters: its own poison (by marker) and anything of its integrations."""

    poison: Counter[str] = field(default_factory=Counter)  # marker → dead letters
    other: int = 0  # genuine messages of this run's integrations: must stay 0
    other_reasons: Counter[str] = field(default_factory=Counter)
    unrelated: int = 0  # neither (another user of the same broker)

    @property
    def poison_copies(self) -> int:
        """Dead letters beyond one per poison message (a stage killed before its commit)."""
        return sum(n - 1 for n in self.poison.values())

    def as_json(self) -> dict[str, Any]:
        return {
            "dead_lettered_other": self.other,
            "dead_lettered_other_reasons": dict(self.other_reasons.most_common(5)),
            "dead_letter_copies": self.poison_copies,
            "dead_letters_unrelated": self.unrelated,
        }


def tally_dead_letters(
    bootstrap: str,
    start: Mapping[tuple[str, int], int],
    *,
    run_id: str,
    integration_ids: Iterable[int],
) -> DeadLetterTally:
    """Read every dead-letter topic from ``start`` to its end and sort what is there."""
    ours = set(integration_ids)
    our_keys = {str(i) for i in ours}
    tally = DeadLetterTally()
    for msg in scan(bootstrap, start, DEAD_LETTER_TOPIC.values()):
        letter = DeadLetter.of(msg)
        marker = header_value(letter.raw_headers, POISON_HEADER)
        if marker is not None and marker.startswith(f"{run_id}:"):
            tally.poison[marker] += 1
        elif letter.key_text in our_keys or json_object(letter.value).get("integration_id") in ours:
            tally.other += 1
            tally.other_reasons[letter.reason[:120]] += 1
        else:
            tally.unrelated += 1
    return tally
