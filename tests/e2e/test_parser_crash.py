"""The parser with a slow model: many emails in flight at once, a SIGKILL mid-batch, a restart,
and still every email parsed (at least once), none skipped."""

from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.codec import get_codec
from schemas.contracts.models import ParsedEmail, Provider, RawEmail
from schemas.contracts.topics import Topic
from services.common.kafka import Outbound, ProducerGateway, build_producer_config
from services.demo.processes import ServiceGroup
from services.demo.seed import DemoIds
from tests.e2e.test_ops import start_at_end
from tests.kafka_helpers import end_offsets
from tests.pipeline_fixtures import new_tenant
from tests.providers.openai_server import FakeOpenAI, Reply, running_fake_openai

pytestmark = [pytest.mark.kafka, pytest.mark.e2e]
EMAILS = 40
LATENCY = 0.8  # seconds per model answer
BODY = (
    "Hi,\n\nPlease find the requirement below.\n\nRole: Java Developer {n}\n"
    "Location: Dallas, TX\nDuration: 6 months\nRate: $60/hr C2C\n\nThanks\n"
)


@pytest.fixture
def slow_model() -> Iterator[FakeOpenAI]:
    with running_fake_openai() as fake:
        fake.latency = LATENCY

        def answer(request: object) -> Reply:
            return Reply.answer(
                {
                    "is_job": True,
                    "category": "requirement",
                    "confidence": 0.9,
                    "jobs": [{"title": "Java Developer", "location": "Dallas, TX"}],
                }
            )

        fake.default = answer
        yield fake


def raw_emails(ids: DemoIds, count: int) -> list[RawEmail]:
    sync_id = uuid.uuid4()
    messages = []
    for n in range(count):
        mid = f"crash-{uuid.uuid4().hex}@vendor.example.com"
        raw = (
            f"Message-ID: <{mid}>\r\nSubject: Java Developer {n}\r\n"
            "Content-Type: text/plain\r\n\r\n" + BODY.format(n=n)
        ).encode()
        messages.append(
            RawEmail(
                sync_id=sync_id,
                integration_id=ids.integration_id,
                user_id=ids.user_id,
                tenant_id=ids.tenant_id,
                provider=Provider.MAILDIR,
                provider_message_id=mid,
                received_at=datetime.now(UTC),
                raw_size=len(raw),
                raw_b64=base64.b64encode(raw).decode(),
            )
        )
    return messages


def parsed_by_model(
    bootstrap: str,
    since: dict[int, int],
    wanted: set[str],
    *,
    timeout: float = 120.0,
    alive: Callable[[], None],
) -> set[str]:
    """provider_message_ids of ``wanted`` that reached email.parsed with a model result."""
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"t-{uuid.uuid4()}",
            "enable.auto.commit": False,
        }
    )
    consumer.assign([TopicPartition(Topic.EMAIL_PARSED.value, p, o) for p, o in since.items()])
    codec = get_codec(Topic.EMAIL_PARSED)
    seen: set[str] = set()
    deadline = time.monotonic() + timeout
    try:
        while seen < wanted and time.monotonic() < deadline:
            alive()
            msg = consumer.poll(0.5)
            if msg is None or msg.error():
                continue
            parsed = codec.decode(msg.value())
            assert isinstance(parsed, ParsedEmail)
            if parsed.provider_message_id in wanted and parsed.llm and parsed.llm.calls:
                seen.add(parsed.provider_message_id)
    finally:
        consumer.close()
    return seen


def test_killed_parser_loses_nothing(
    pipeline: tuple[ServiceGroup, str],
    kafka_bootstrap: str,
    slow_model: FakeOpenAI,
    sessions: sessionmaker[Session],
    tmp_path: Path,
) -> None:
    shared, _ = pipeline
    group_id = f"parser-crash-{uuid.uuid4().hex[:8]}"
    start_at_end(kafka_bootstrap, group_id, [Topic.EMAIL_RAW])
    env = {
        **shared.env,
        "PARSER_GROUP_ID": group_id,
        "PARSER_EXTRACTOR": "openai",
        "PARSER_OPENAI_BASE_URL": slow_model.url,
        "PARSER_OPENAI_API_KEY": "sk-test-local",
        "PARSER_MAX_IN_FLIGHT": "32",
        "PARSER_LLM_MAX_CONCURRENCY": "32",
        "PARSER_OPS_PORT": "0",
    }
    parsers = ServiceGroup(env=env, log_dir=tmp_path)
    since = end_offsets(kafka_bootstrap, Topic.EMAIL_PARSED)
    ids = new_tenant(sessions, mailbox=None, roles=["Java Developer"])
    messages = raw_emails(ids, EMAILS)
    wanted = {m.provider_message_id for m in messages}
    gateway = ProducerGateway(
        Producer(build_producer_config(bootstrap=kafka_bootstrap, client_id="crash-test"))
    )
    with parsers:
        parsers.start("parser")
        # all on one key: one partition, so a crash leaves a real gap of unfinished offsets
        gateway.send(
            Outbound.of(Topic.EMAIL_RAW, m, key=str(ids.integration_id), source="/test")
            for m in messages
        )
        deadline = time.monotonic() + 60
        while slow_model.max_in_flight < 10 or len(slow_model.requests) < 15:
            parsers.check_alive()
            assert time.monotonic() < deadline, "the parser never had many calls in flight"
            time.sleep(0.05)
        assert len(slow_model.requests) < EMAILS  # killed mid-batch, work still in flight
        parsers.processes[0].process.kill()
        parsers.processes[0].process.wait()
        parsers.processes.clear()
        calls_before_restart = len(slow_model.requests)

        parsers.start("parser", replica=1)
        seen = parsed_by_model(kafka_bootstrap, since, wanted, alive=parsers.check_alive)
    assert seen == wanted  # every email parsed by the model; none skipped by the crash
    assert slow_model.max_in_flight >= 10
    assert len(slow_model.requests) > calls_before_restart  # the restart redid the unfinished
