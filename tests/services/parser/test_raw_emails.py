"""The parser's use case run two ways: a poll batch stage by stage (offline extractor) gives
what one message at a time gives, and a bad message in a batch is dead-lettered alone."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import cast

from confluent_kafka import Message

from schemas.contracts.codec import get_codec
from schemas.contracts.topics import Topic
from services.bench.emails import raw_emails
from services.common.engine import PollBatches, RunBatch, RunConcurrent
from services.parser.raw_emails import RawEmailProcessor
from services.parser.settings import ParserSettings
from services.parser.wiring import run_step
from tests.fakes import FakeMessage, engine_over

RAW = get_codec(Topic.EMAIL_RAW)


def consumed(count: int) -> list[FakeMessage]:
    messages = raw_emails(count, seed=7, sync_id=uuid.uuid4(), tag="b")
    return [FakeMessage(Topic.EMAIL_RAW.value, 0, o, RAW.encode(m)) for o, m in enumerate(messages)]


def test_a_batch_by_stages_parses_as_one_message_at_a_time() -> None:
    processor = RawEmailProcessor(sessions=None)
    msgs = [cast(Message, m) for m in consumed(12)]

    batch = processor.parse_batch(msgs)
    one_by_one = [out for msg in msgs for out in asyncio.run(processor(msg))]

    assert [(o.topic, o.key, o.value) for o in batch] == [
        (o.topic, o.key, o.value) for o in one_by_one
    ]
    assert [dict(o.headers)["ce_type"] for o in batch] == [
        dict(o.headers)["ce_type"] for o in one_by_one
    ]


def test_a_bad_message_in_a_batch_is_dead_lettered_alone() -> None:
    processor = RawEmailProcessor(sessions=None)
    good = consumed(4)
    bad = FakeMessage(Topic.EMAIL_RAW.value, 0, 2, b"not json")
    batch = [
        *good[:2],
        bad,
        *[FakeMessage(m.topic(), 0, m.offset() + 1, m.value()) for m in good[2:]],
    ]
    engine, consumer, producer, _ = engine_over(
        [batch],
        RunBatch(processor.parse_batch, processor.parse_one, polling=PollBatches(), stage="parser"),
    )

    asyncio.run(engine.run())

    topics = [topic for topic, _, _ in producer.produced]
    assert topics.count(Topic.EMAIL_RAW_DLQ.value) == 1
    parsed = [
        json.loads(v or b"") for t, v, _ in producer.produced if t == Topic.EMAIL_PARSED.value
    ]
    sent = [json.loads(m.value() or b"")["provider_message_id"] for m in good]
    assert [p["provider_message_id"] for p in parsed] == sent  # in order, none twice
    assert consumer.stored[-1] == (Topic.EMAIL_RAW.value, 0, 5)  # past all five


def test_the_offline_extractor_runs_batches_and_a_model_runs_concurrently() -> None:
    settings = ParserSettings(kafka_bootstrap_servers="x:9092", database_url="postgresql://x/y")
    processor = RawEmailProcessor(sessions=None)

    assert isinstance(run_step(settings, processor, None), RunBatch)
    hybrid = object()  # only its presence matters here
    assert isinstance(run_step(settings, processor, hybrid), RunConcurrent)  # type: ignore[arg-type]  # a stand-in
