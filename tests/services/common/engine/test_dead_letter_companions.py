"""A service's companions of a dead letter (the parser's failed email.parsed) go out with it;
a companion that fails never stops the dead letter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from confluent_kafka import Message

from schemas.contracts.topics import RETRY_TOPICS, Topic
from services.common.engine import UNLIMITED, Backoff
from services.common.engine.breaker import DeadLetterBreaker
from services.common.engine.route import Deliver, EngineStats, FailureRouting, OnDeadLetter
from services.common.kafka import Outbound
from services.common.retry_topics import RetryTiers
from services.domain.errors import InvalidMessage, RetryableError
from tests.fakes import FakeMessage

MARK = Outbound(topic=Topic.EMAIL_PARSED, key="1", value=b"failed-parse", headers=[])


def routing(on_dead_letter: OnDeadLetter) -> FailureRouting:
    return FailureRouting(
        stage="parser",
        backoff=Backoff(),
        retry=RetryTiers(),
        breaker=DeadLetterBreaker(UNLIMITED),
        stats=EngineStats(),
        on_dead_letter=on_dead_letter,
    )


def message() -> Message:
    return cast(Message, FakeMessage("email.raw", 0, 5, b"{}", b"1", []))


def test_an_invalid_message_is_dead_lettered_with_its_companion() -> None:
    seen: list[str] = []

    def companion(_msg: Message, reason: str) -> Sequence[Outbound]:
        seen.append(reason)
        return [MARK]

    outcome = routing(companion).failed(message(), InvalidMessage("no body"))

    assert isinstance(outcome, Deliver)
    assert [o.topic for o in outcome.outputs] == [Topic.EMAIL_RAW_DLQ, Topic.EMAIL_PARSED]
    assert seen == ["no body"]


def test_a_retryable_error_gets_no_companion_until_it_is_dead_lettered() -> None:
    outcome = routing(lambda _m, _r: [MARK]).failed(message(), RetryableError("lock timeout"))

    assert isinstance(outcome, Deliver)
    assert [o.topic for o in outcome.outputs] == [RETRY_TOPICS[Topic.EMAIL_RAW][0]]


def test_a_failing_companion_leaves_the_dead_letter_alone() -> None:
    def broken(_msg: Message, _reason: str) -> Sequence[Outbound]:
        raise RuntimeError("bug")

    outcome = routing(broken).failed(message(), InvalidMessage("no body"))

    assert isinstance(outcome, Deliver)
    assert [o.topic for o in outcome.outputs] == [Topic.EMAIL_RAW_DLQ]
