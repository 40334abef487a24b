"""The one failure-routing step of every run mode.

- success: the outputs go on to the produce step;
- ``InvalidMessage``, ``RetriesExhausted`` (and any unexpected exception, so a bug never
  crash-loops the consumer): a dead letter with the reason, unless the dead-letter breaker
  trips;
- ``RetryableError``: a copy to the next retry tier of the message's topic (the dead-letter
  topic after the last tier); the partition goes on;
- ``DependencyUnavailable``: no output; the partition is rewound to the message and paused for
  a backoff, so nothing later in it runs until the dependency is back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any

from confluent_kafka import Message
from prometheus_client import Counter, Histogram

from schemas.contracts.topics import RETRY_ORIGIN
from services.common.dlq import dead_letter
from services.common.engine.backoff import Backoff
from services.common.engine.breaker import DeadLetterBreaker
from services.common.kafka import Effects, Outbound, consumed_headers, coordinates
from services.common.metrics import CONSUMED, DEAD_LETTERS, ERRORS, PROCESSING, RETRIES
from services.common.retry_topics import RetryTiers, retry_later
from services.domain.errors import (
    DependencyUnavailable,
    InvalidMessage,
    RetriesExhausted,
    RetryableError,
)

log = logging.getLogger(__name__)

Result = Sequence[Outbound] | Effects
AfterDelivery = Callable[[], Coroutine[Any, Any, None]]
# what a service sends beside a message's dead letter (its reason given), e.g. the parser's
# failed email.parsed that lets the jobwriter write a failed ledger row and complete the run
OnDeadLetter = Callable[[Message, str], Sequence[Outbound]]


@dataclass(frozen=True)
class Deliver:
    """What to produce for a message before its offset may be stored."""

    outputs: Sequence[Outbound]
    after_delivery: AfterDelivery | None = None


@dataclass(frozen=True)
class Rewind:
    """The message waits: its partition is sought back to it and paused ``delay`` seconds."""

    delay: float


Outcome = Deliver | Rewind


@dataclass
class EngineStats:
    processed: int = 0  # messages whose outcome was delivered (outputs, retry copy or dead letter)
    dead_lettered: int = 0
    retried: int = 0  # retry-tier copies and rewinds
    batches: int = 0
    max_in_flight_seen: int = 0
    attempts: dict[tuple[str, int, int], int] = field(default_factory=dict)


def message_id(msg: Message) -> str | None:
    """The CloudEvents id (ce_id header) of a consumed message, for log context."""
    for name, value in consumed_headers(msg):
        if name == "ce_id" and value is not None:
            return value.decode(errors="replace") if isinstance(value, bytes) else str(value)
    return None


class FailureRouting:
    def __init__(
        self,
        *,
        stage: str,
        backoff: Backoff,
        retry: RetryTiers,
        breaker: DeadLetterBreaker,
        stats: EngineStats,
        on_dead_letter: OnDeadLetter | None = None,
    ) -> None:
        self._stage = stage
        self._on_dead_letter = on_dead_letter
        self._backoff = backoff
        self._retry = retry
        self._breaker = breaker
        self.stats = stats
        self._consumed_series: dict[str, Counter] = {}
        self._processing_series: dict[str, Histogram] = {}

    def consumed(self, msg: Message) -> None:
        self._consumed(msg.topic() or "").inc()

    def run(self, msg: Message, process: Callable[[Message], Result]) -> Outcome:
        started = time.perf_counter()
        try:
            result = process(msg)
        except Exception as exc:  # noqa: BLE001  (routed: nothing escapes unclassified)
            return self.failed(msg, exc)
        finally:
            self.timed(msg, time.perf_counter() - started)
        return self.succeeded(result)

    async def run_async(
        self, msg: Message, process: Callable[[Message], Awaitable[Result]]
    ) -> Outcome:
        started = time.perf_counter()
        try:
            result = await process(msg)
        except Exception as exc:  # noqa: BLE001  (routed: nothing escapes unclassified)
            return self.failed(msg, exc)
        finally:
            self.timed(msg, time.perf_counter() - started)
        return self.succeeded(result)

    def timed(self, msg: Message, seconds: float) -> None:
        self._processing(msg.topic() or "").observe(seconds)

    # the labelled series, looked up once per topic rather than once per message
    def _consumed(self, topic: str) -> Counter:
        series = self._consumed_series.get(topic)
        if series is None:
            series = self._consumed_series[topic] = CONSUMED.labels(self._stage, topic)
        return series

    def _processing(self, topic: str) -> Histogram:
        series = self._processing_series.get(topic)
        if series is None:
            series = self._processing_series[topic] = PROCESSING.labels(self._stage, topic)
        return series

    def passed(self) -> None:
        """A message that was not dead-lettered (for the breaker's window)."""
        self._breaker.passed()

    def succeeded(self, result: Result) -> Deliver:
        self._breaker.passed()
        if isinstance(result, Effects):
            return Deliver(result.outputs, result.after_delivery)
        return Deliver(result)

    def failed(self, msg: Message, exc: Exception) -> Outcome:
        """Where a message goes after ``exc``; raises DeadLetterLimitExceeded when its dead
        letter would trip the breaker."""
        if isinstance(exc, DependencyUnavailable):
            return self.waits(msg, exc)
        ERRORS.labels(self._stage, type(exc).__name__).inc()
        key = coordinates(msg)
        if isinstance(exc, RetryableError):
            out = retry_later(msg, exc, stage=self._stage, policy=self._retry)
            if out.topic in RETRY_ORIGIN:
                self.stats.retried += 1
                self._breaker.passed()
            else:  # every tier tried: retry_later dead-lettered it
                self._breaker.dead_letter(str(exc))
                self.stats.dead_lettered += 1
                return Deliver([out, *self._companions(msg, str(exc))])
            return Deliver([out])
        if isinstance(exc, InvalidMessage | RetriesExhausted):
            reason = exc.reason
        else:
            log.exception("%s: unexpected error at %s[%d]@%d", self._stage, *key)
            reason = f"{type(exc).__name__}: {exc}"
        dead = self.dead_letter(msg, reason, type(exc).__name__)
        return Deliver([dead, *self._companions(msg, reason)])

    def _companions(self, msg: Message, reason: str) -> Sequence[Outbound]:
        """The service's outputs beside a dead letter; a failure here never stops the dead
        letter itself."""
        if self._on_dead_letter is None:
            return ()
        try:
            return self._on_dead_letter(msg, reason)
        except Exception:  # noqa: BLE001  (the dead letter matters more)
            log.exception(
                "%s: no companion for the dead letter at %s[%d]@%d", self._stage, *coordinates(msg)
            )
            return ()

    def dead_letter(self, msg: Message, reason: str, error_class: str) -> Outbound:
        key = coordinates(msg)
        self._breaker.dead_letter(reason)
        self.stats.dead_lettered += 1
        DEAD_LETTERS.labels(self._stage, key[0]).inc()
        log.warning("%s: dead-lettering %s[%d]@%d: %s", self._stage, *key, reason)
        attempts = self.stats.attempts.pop(key, 0) + 1
        return dead_letter(
            msg, reason=reason, error_class=error_class, stage=self._stage, attempts=attempts
        )

    def delivered(self, msg: Message) -> None:
        """The message's outcome is durable: forget its rewinds."""
        if self.stats.attempts:  # empty unless a dependency was down
            self.stats.attempts.pop(coordinates(msg), None)
        self.stats.processed += 1

    def waits(self, msg: Message, exc: DependencyUnavailable) -> Rewind:
        """A dependency is down: the message waits, longer at each attempt."""
        ERRORS.labels(self._stage, type(exc).__name__).inc()
        key = coordinates(msg)
        attempt = self.stats.attempts.get(key, 0)
        self.stats.attempts[key] = attempt + 1
        self.stats.retried += 1
        RETRIES.labels(self._stage).inc()
        delay = self._backoff.delay(attempt, getattr(exc, "retry_after", None))
        log.warning(
            "%s: %s at %s[%d]@%d (attempt %d); the partition waits %.1fs: %s",
            self._stage,
            type(exc).__name__,
            *key,
            attempt + 1,
            delay,
            exc,
        )
        return Rewind(delay)
