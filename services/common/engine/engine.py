"""One consumer engine for every stage: poll → admit → run → route failures → produce →
commit, the run step being plain, batched or concurrent (arroyo's strategies, one per module).

Offsets are stored only after a message's outputs were acknowledged by the broker (and after
whatever durable effect its processing made), never past an unfinished message of the same
partition. Bad input is dead-lettered with its reason; a transient fault of one message moves
it to a retry tier; a dependency that is down rewinds and pauses the message's partition, so
nothing later in it runs until the dependency is back, in every run mode. When more than a
configured share of a window would be dead-lettered, the engine stops and reports unhealthy.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Protocol

from confluent_kafka import (
    Consumer,
    KafkaError,
    KafkaException,
    Message,
    Producer,
    TopicPartition,
)

from schemas.contracts.topics import Topic
from services.common.engine.backoff import Backoff
from services.common.engine.breaker import (
    DeadLetterBreaker,
    DeadLetterLimit,
    DeadLetterLimitExceeded,
)
from services.common.engine.commit import CommitOffsets
from services.common.engine.group_check import GroupSelfCheck
from services.common.engine.holds import PartitionHolds
from services.common.engine.membership import Rejoin, names
from services.common.engine.produce import Produce
from services.common.engine.route import EngineStats, FailureRouting, OnDeadLetter
from services.common.engine.steps import Steps
from services.common.engine.unstarted import UnstartedPartitions, failed_offset_query
from services.common.health import HealthFile
from services.common.kafka import close_consumer
from services.common.retry_topics import RetryTiers, with_retry_topics

log = logging.getLogger(__name__)

REJOIN_WAIT = 10.0  # seconds a member that left the group waits for its revocation at most


class RunStep(Protocol):
    def poll(self, consumer: Consumer) -> list[Message]: ...
    def in_flight(self) -> int: ...
    async def submit(self, ready: Sequence[Message], steps: Steps) -> None: ...
    async def pace(self, polled: bool) -> None: ...
    async def close(self) -> None: ...


class Engine:
    def __init__(
        self,
        *,
        consumer: Consumer,
        producer: Producer,
        topics: Sequence[Topic],
        stage: str,
        run: RunStep,
        health: HealthFile | None = None,
        backoff: Backoff = Backoff(),
        retry: RetryTiers = RetryTiers(),
        dead_letter_limit: DeadLetterLimit = DeadLetterLimit(),
        on_dead_letter: OnDeadLetter | None = None,
        group_check: GroupSelfCheck | None = None,
    ) -> None:
        self._consumer = consumer
        self._topics = list(topics)
        self._stage = stage
        self._run = run
        self._health = health or HealthFile(None)
        self.stats = EngineStats()
        holds = PartitionHolds(consumer)
        self._unstarted = UnstartedPartitions(consumer, stage=stage)
        self._steps = Steps(
            route=FailureRouting(
                stage=stage,
                backoff=backoff,
                retry=retry,
                breaker=DeadLetterBreaker(dead_letter_limit),
                stats=self.stats,
                on_dead_letter=on_dead_letter,
            ),
            produce=Produce(producer, stage=stage),
            commit=CommitOffsets(consumer, stage=stage, holds=holds),
            holds=holds,
            stop_with=self._stop_with,
        )
        self._group_check = group_check
        # left the group: when to subscribe again at the latest (at once when revoked)
        self._rejoining: float | None = None
        self._stopping = False
        self._failure: BaseException | None = None

    @property
    def processed(self) -> int:
        return self.stats.processed

    @property
    def dead_lettered(self) -> int:
        return self.stats.dead_lettered

    def assigned(self) -> bool:
        """Whether the consumer holds at least one partition (readiness)."""
        return self._steps.commit.assigned()

    def partitions(self) -> set[tuple[str, int]]:
        """The (topic, partition) pairs this consumer holds now."""
        return self._steps.commit.partitions()

    def healthy(self) -> bool:
        """False once the engine stopped on a failure (the dead-letter breaker tripped)."""
        return self._failure is None

    def stop(self) -> None:
        """Signal-safe: the loop finishes its current batch, commits and leaves the group."""
        self._stopping = True

    def _stop_with(self, failure: BaseException) -> None:
        if self._failure is None:
            log.critical("%s: stopping: %s", self._stage, failure)
            self._failure = failure
        self._stopping = True

    async def run(
        self,
        *,
        idle_exit: Callable[[], bool] | None = None,
        warmed: Callable[[], None] | None = None,
    ) -> None:
        """Consume until stopped; raises what stopped it if it was a failure. ``warmed`` is
        called once, after the first batch ran (what it built lazily is built by then)."""
        self._subscribe()
        try:
            await self._loop(idle_exit, warmed)
        finally:
            await self._close()
        if self._failure is not None:
            raise self._failure

    def _subscribe(self) -> None:
        topics = [t.value for t in with_retry_topics(self._topics)]
        log.info("%s: subscribing to %s", self._stage, ", ".join(topics))
        self._consumer.subscribe(
            topics, on_assign=self._on_assign, on_revoke=self._on_revoke, on_lost=self._on_lost
        )

    def _check_group(self) -> None:
        """The group self-check's round; a member it finds out of step with its coordinator
        leaves the group (its partitions revoked: stored offsets committed, work in flight
        never stored, as in any rebalance) and subscribes again once that was served, which
        joins at epoch 0 and reconciles afresh."""
        if self._rejoining is not None:
            # the revocation is served by a poll; a revocation that does not come must not
            # leave the member out of the group for good
            if not self._consumer.assignment() or time.monotonic() > self._rejoining:
                self._rejoining = None
                self._subscribe()
            return
        if self._group_check is None or (rejoin := self._group_check.tick()) is None:
            return
        self._leave_for(rejoin)

    def _leave_for(self, rejoin: Rejoin) -> None:
        view = rejoin.view
        log.warning(
            "%s: member %s out of step with the group coordinator for %.0f s: holds %s; "
            "coordinator %s: leaving the group and joining again",
            self._stage,
            rejoin.member_id,
            rejoin.seconds,
            names(rejoin.held),
            "does not list it"
            if view is None
            else f"assignment {names(view.assignment)}, target {names(view.target)}",
        )
        try:
            self._consumer.unsubscribe()
        except KafkaException as exc:  # still subscribed: the check tries again later
            log.error("%s: leaving the group failed: %s", self._stage, exc)
            return
        self._rejoining = time.monotonic() + REJOIN_WAIT

    def _on_assign(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        self._steps.commit.on_assign(consumer, partitions)
        self._unstarted.assigned(partitions)

    def _on_revoke(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        self._unstarted.dropped(partitions)
        self._steps.commit.on_revoke(consumer, partitions)
        # handed back here rather than by confluent-kafka after the callback, which hands back
        # all of them: librdkafka refuses the whole revocation (raised from poll) when one is
        # not in the local assignment (a hand-back by unstarted.py whose assign failed, a
        # member out of step with its coordinator leaving the group)
        held = {(tp.topic, tp.partition) for tp in consumer.assignment()}
        consumer.incremental_unassign([tp for tp in partitions if (tp.topic, tp.partition) in held])

    def _on_lost(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        self._unstarted.dropped(partitions)
        self._steps.commit.on_lost(consumer, partitions)

    async def _loop(
        self, idle_exit: Callable[[], bool] | None, warmed: Callable[[], None] | None
    ) -> None:
        while not self._stopping:
            self._health.touch()
            self._steps.holds.release_due()
            self._unstarted.check(self._steps.commit.untouched)
            self._check_group()
            messages = self._run.poll(self._consumer)
            ready = [msg for msg in messages if self._admit(msg)]
            if ready:
                self.stats.batches += 1
                try:
                    await self._run.submit(ready, self._steps)
                except DeadLetterLimitExceeded as exc:
                    self._stop_with(exc)
                if warmed is not None:
                    warmed()
                    warmed = None
            elif not messages and idle_exit is not None and idle_exit():
                break
            self._steps.produce.poll()
            # busy while messages come or outputs await the broker's acknowledgement
            await self._run.pace(bool(messages) or self._steps.produce.pending() > 0)

    def _admit(self, msg: Message) -> bool:
        """Whether a polled message is to be run now: not a consumer error, not of a partition
        that waits (a retry not yet due, a dependency outage)."""
        err = msg.error()
        if err is not None:
            if err.fatal():
                raise KafkaException(err)
            if err.code() != KafkaError._PARTITION_EOF:
                log.warning("%s: consumer error %s", self._stage, err)
            if failed_offset_query(err):
                self._unstarted.query_failed()
            return False
        return self._steps.holds.admit(msg)

    async def _close(self) -> None:
        if self._group_check is not None:
            self._group_check.close()
        await self._run.close()
        remaining = self._steps.produce.flush()
        if remaining:
            log.error(
                "%s: %d undelivered message(s) at shutdown; their inputs stay uncommitted",
                self._stage,
                remaining,
            )
        # commits what was stored, leaves the group; bounded: a hung coordinator holds it
        close_consumer(self._consumer, stage=self._stage)
