"""The dead-letter ratio breaker: trips on a window mostly dead-lettered, not on a few."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from schemas.contracts.topics import Topic
from services.common.engine import DeadLetterLimit, DeadLetterLimitExceeded, RunEach
from services.common.engine.breaker import DeadLetterBreaker
from services.common.kafka import Outbound
from services.domain.errors import InvalidMessage
from tests.fakes import FakeMessage, engine_over

SOURCE = Topic.EMAIL_RAW.value


def test_a_few_dead_letters_in_a_full_window_pass() -> None:
    breaker = DeadLetterBreaker(DeadLetterLimit(max_ratio=0.5, window=4))
    for _ in range(10):
        breaker.passed()
        breaker.dead_letter("bad")  # one in two: at the limit, not above it


def test_more_than_the_ratio_of_a_full_window_trips() -> None:
    breaker = DeadLetterBreaker(DeadLetterLimit(max_ratio=0.5, window=4))
    breaker.passed()
    breaker.dead_letter("bad")
    breaker.dead_letter("bad")  # 2 of 3: the window is not full yet
    with pytest.raises(DeadLetterLimitExceeded, match="3 of the last 4"):
        breaker.dead_letter("bad")


def test_an_old_burst_slides_out_of_the_window() -> None:
    breaker = DeadLetterBreaker(DeadLetterLimit(max_ratio=0.5, window=4))
    breaker.dead_letter("bad")
    breaker.dead_letter("bad")
    for _ in range(4):
        breaker.passed()
    breaker.dead_letter("bad")
    breaker.dead_letter("bad")  # 2 of the last 4


def test_ratio_one_never_trips() -> None:
    breaker = DeadLetterBreaker(DeadLetterLimit(max_ratio=1.0, window=2))
    for _ in range(10):
        breaker.dead_letter("bad")


def test_the_engine_stops_instead_of_dead_lettering_everything() -> None:
    def process(msg: FakeMessage) -> Sequence[Outbound]:
        raise InvalidMessage("every message is bad after this deploy")

    msgs = [FakeMessage(SOURCE, 0, o, b"v%d" % o) for o in range(10)]
    engine, consumer, producer, _ = engine_over(
        [msgs],
        RunEach(process),  # type: ignore[arg-type]  # test double
        dead_letter_limit=DeadLetterLimit(max_ratio=0.5, window=4),
    )
    with pytest.raises(DeadLetterLimitExceeded):
        asyncio.run(engine.run())
    assert not engine.healthy()
    dead = [p for p in producer.produced if p[0] == Topic.EMAIL_RAW_DLQ.value]
    assert len(dead) == 0  # the batch that tripped it stays uncommitted: nothing produced
    assert consumer.stored == []
    assert consumer.journal.kinds()[-1] == "close"
