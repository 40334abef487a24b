"""The jobwriter's batch-close rule: a batch is what the consumer already fetched; the first
message after a pause does not wait for later ones (the fetch gathered its company)."""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas.contracts.topics import Topic
from services.jobwriter.settings import JobwriterSettings
from services.jobwriter.wiring import poll_batches
from tests.fakes import FakeMessage

SOURCE = Topic.EMAIL_PARSED.value


@dataclass
class ScriptedConsumer:
    """Answers each consume call with the next scripted list and records (count, timeout)."""

    answers: list[list[FakeMessage]]
    calls: list[tuple[int, float]] = field(default_factory=list)

    def consume(self, num_messages: int = 1, timeout: float = -1) -> list[FakeMessage]:
        self.calls.append((num_messages, timeout))
        return self.answers.pop(0) if self.answers else []


def settings(**overrides: object) -> JobwriterSettings:
    return JobwriterSettings(
        kafka_bootstrap_servers="localhost:9092",
        database_url="postgresql://localhost/reqstream",
        **overrides,  # type: ignore[arg-type]
    )


def test_after_a_pause_the_batch_takes_what_was_fetched_without_waiting_for_more() -> None:
    first, rest = FakeMessage(SOURCE, 0, 7, b"a"), [FakeMessage(SOURCE, 0, 8, b"b")]
    consumer = ScriptedConsumer([[], [first], rest])
    batch = poll_batches(settings()).poll(consumer)  # type: ignore[arg-type]
    assert [msg.offset() for msg in batch] == [7, 8]
    # nothing queued: wait for a first message, then take what came with it at once
    assert consumer.calls == [(200, 0), (1, 0.5), (199, 0.0)]


def test_a_configured_linger_still_waits_for_company() -> None:
    consumer = ScriptedConsumer([[], [FakeMessage(SOURCE, 0, 7, b"a")], []])
    poll_batches(settings(batch_linger=0.05)).poll(consumer)  # type: ignore[arg-type]
    assert consumer.calls[-1] == (199, 0.05)
