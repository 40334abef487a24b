"""The self-check's glue: asks without blocking, one question at a time, and skips a round
the coordinator did not answer."""

from __future__ import annotations

import asyncio
import weakref
from concurrent.futures import Future
from types import SimpleNamespace
from typing import Any

from confluent_kafka import KafkaError, KafkaException, TopicPartition

from services.common.engine import RunEach
from services.common.engine.group_check import GroupSelfCheck, member_view
from services.common.engine.membership import MembershipCheck, MemberView
from tests.fakes import engine_over

TOPIC = "email.sync.requested"


def described(**members: tuple[list[int], list[int] | None]) -> Any:
    def assignment(partitions: list[int] | None) -> Any:
        if partitions is None:
            return None
        return SimpleNamespace(topic_partitions=[TopicPartition(TOPIC, p) for p in partitions])

    return SimpleNamespace(
        members=[
            SimpleNamespace(
                member_id=member_id,
                assignment=assignment(acknowledged),
                target_assignment=assignment(target),
            )
            for member_id, (acknowledged, target) in members.items()
        ]
    )


class Consumer:
    def __init__(self, held: list[int]) -> None:
        self.held = held

    def memberid(self) -> str:
        return "m"

    def assignment(self) -> list[TopicPartition]:
        return [TopicPartition(TOPIC, p) for p in self.held]


class Admin:
    def __init__(self) -> None:
        self.asked: list[Future[Any]] = []

    def describe_consumer_groups(self, groups: list[str], **_: Any) -> dict[str, Future[Any]]:
        answer: Future[Any] = Future()
        self.asked.append(answer)
        return {groups[0]: answer}


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def self_check(held: list[int]) -> tuple[GroupSelfCheck, Admin, Clock]:
    admin, clock = Admin(), Clock()
    check = GroupSelfCheck(
        Consumer(held),  # type: ignore[arg-type]  # duck-typed fake
        admin,  # type: ignore[arg-type]  # duck-typed fake
        group_id="fetcher",
        stage="fetcher",
        check=MembershipCheck(now=0.0, every=10.0, stall_after=30.0),
        clock=clock,
    )
    return check, admin, clock


def test_member_view_of_a_member_and_of_one_the_group_does_not_list() -> None:
    group = described(m=([0], [0, 1]), other=([2], None))
    assert member_view(group, "m") == MemberView(
        frozenset({(TOPIC, 0)}), frozenset({(TOPIC, 0), (TOPIC, 1)})
    )
    # no target (a classic group): what it was assigned
    assert member_view(group, "other") == MemberView(
        frozenset({(TOPIC, 2)}), frozenset({(TOPIC, 2)})
    )
    assert member_view(group, "gone") is None


def test_one_question_per_interval_and_none_while_one_is_unanswered() -> None:
    check, admin, clock = self_check([0])
    for clock.now in (0.0, 5.0, 10.0, 25.0, 40.0):
        assert check.tick() is None
    assert len(admin.asked) == 1  # asked at 10 s, never answered: no second question


def test_a_wedged_member_is_told_to_rejoin_after_the_stall_time() -> None:
    check, admin, clock = self_check([])
    for clock.now in (10.0, 20.0, 30.0, 40.0):
        assert check.tick() is None  # asks
        admin.asked[-1].set_result(described(m=([], [0, 1])))
        clock.now += 0.1
        verdict = check.tick()  # judges
    assert verdict is not None and verdict.member_id == "m" and verdict.seconds >= 30.0


def test_a_failed_answer_skips_the_round_and_breaks_the_evidence() -> None:
    check, admin, clock = self_check([])
    verdicts = []
    for clock.now in (10.0, 20.0, 30.0, 40.0, 50.0):
        check.tick()
        if clock.now == 30.0:
            admin.asked[-1].set_exception(KafkaException(KafkaError(KafkaError._TIMED_OUT)))
        else:
            admin.asked[-1].set_result(described(m=([], [0])))
        clock.now += 0.1
        verdicts.append(check.tick())
    assert verdicts == [None] * 5  # 40 s to 50 s is shorter than the stall time


def test_closed_it_lets_go_of_its_admin_client_and_asks_no_more() -> None:
    check, admin, clock = self_check([0])
    clock.now = 10.0
    check.tick()  # a question in flight
    gone = weakref.ref(admin)
    del admin
    check.close()
    assert gone() is None, "the admin client (a librdkafka handle with threads) is destroyed"
    clock.now = 20.0
    assert check.tick() is None


def test_the_engine_closes_its_group_check_when_it_stops() -> None:
    check, admin, _ = self_check([0])
    gone = weakref.ref(admin)
    del admin
    engine, _, _, _ = engine_over([[]], RunEach(lambda msg: []), group_check=check)
    asyncio.run(engine.run())
    assert gone() is None, "the engine's admin client outlived the engine's run"
