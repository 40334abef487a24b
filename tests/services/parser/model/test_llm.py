"""The model call through the real openai SDK against a local Chat Completions server: the
answer, the retry and fallback policy, and the strict response schema."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import openai
import pytest

from schemas.contracts.models import Category, ParsedEmail, ParseStatus, Provider, RawEmail
from schemas.contracts.topics import Topic
from services.parser.decoding import decode_email
from services.parser.handler import handle_raw_email
from services.parser.hybrid import HybridExtractor, HybridPolicy
from services.parser.model import (
    LlmAnswer,
    LlmExtractor,
    ModelConfig,
    build_client,
    build_clients,
    response_format,
    retry_after,
)
from services.parser.model.llm import POOL_SHARD
from services.parser.model.transport import LeanTransport
from services.parser.raw_emails import RawEmailProcessor
from services.parser.rules import EXTRACTOR
from services.parser.settings import ExtractorMode, ExtractorSettings
from services.parser.wiring import model_config
from tests.contracts import assert_valid
from tests.providers.openai_server import FakeOpenAI, Reply, running_fake_openai

# the openai_server fixture: a fresh local Chat Completions server per test

MAILBOX = Path(__file__).resolve().parents[4] / "samples" / "mailbox"
JAVA = (MAILBOX / "01_req_labelled_java.eml").read_bytes()
MODEL = "gpt-test"
MESSAGE = RawEmail(
    sync_id=uuid.UUID("00000000-0000-4000-8000-000000000001"),
    integration_id=3,
    user_id=2,
    tenant_id=1,
    provider=Provider.IMAP,
    provider_message_id="INBOX:42",
    raw_size=1,
    raw_b64="eA==",
)
JAVA_JOB: dict[str, Any] = {
    "title": "Sr Java Developer",
    "client": "Charles Schwab",
    "location": "Dallas, TX",
    "work_mode": "hybrid",
    "employment_types": ["C2C"],
    "duration_months": 12,
    "rate": {"min": 60, "max": 60, "unit": "hour", "currency": "USD"},
    "skills": ["Java", "Spring Boot", "Kafka", "AWS"],
    "experience_years": 10,
    "visa": ["USC", "GC"],
    "job_id": "CS-10234",
}
JAVA_ANSWER = {"is_job": True, "category": "requirement", "confidence": 0.93, "jobs": [JAVA_JOB]}


def extractor_for(
    openai_server: FakeOpenAI, *, timeout: float = 5.0, waits: list[float] | None = None
) -> HybridExtractor:
    settings = ExtractorSettings(
        extractor=ExtractorMode.OPENAI,
        openai_base_url=openai_server.url,
        openai_model=MODEL,
        openai_api_key="sk-test",
        openai_timeout=timeout,
    )

    async def record(seconds: float) -> None:
        assert waits is not None
        waits.append(seconds)

    llm = LlmExtractor(
        client=build_client(model_config(settings)),
        model=MODEL,
        max_concurrency=4,
        max_chars=settings.llm_max_chars,
        sleep=record if waits is not None else asyncio.sleep,
    )
    return HybridExtractor(llm=llm, policy=HybridPolicy(skip_confidence=None))


def parse(hybrid: HybridExtractor, raw: bytes = JAVA) -> ParsedEmail:
    async def run() -> ParsedEmail:
        try:
            return await RawEmailProcessor(sessions=None, hybrid=hybrid).parse(MESSAGE, raw)
        finally:
            await hybrid.close()

    parsed = asyncio.run(run())
    assert_valid(Topic.EMAIL_PARSED, parsed)  # JSON Schema and codec round trip
    return parsed


def assert_offline_fallback(parsed: ParsedEmail, *, calls: int) -> None:
    offline = handle_raw_email(MESSAGE, JAVA)
    assert parsed.status is ParseStatus.OK
    assert (parsed.is_job, parsed.category, parsed.jobs) == (
        True,
        Category.REQUIREMENT,
        offline.jobs,
    )
    assert parsed.extractor == EXTRACTOR
    assert parsed.llm is not None
    assert (parsed.llm.fallback, parsed.llm.calls) == (True, calls)


def test_a_valid_answer_becomes_the_parsed_email(openai_server: FakeOpenAI) -> None:
    openai_server.script(Reply.answer(JAVA_ANSWER, prompt_tokens=700, completion_tokens=120))
    parsed = parse(extractor_for(openai_server))

    assert parsed.status is ParseStatus.OK and parsed.error is None
    assert (parsed.is_job, parsed.category, parsed.confidence) == (True, Category.REQUIREMENT, 0.93)
    assert [job.model_dump(mode="json") for job in parsed.jobs] == [
        {**JAVA_JOB, "rate": {"min": 60.0, "max": 60.0, "unit": "hour", "currency": "USD"}}
    ]
    assert (parsed.extractor.name, parsed.extractor.version) == ("openai", f"{MODEL}/prompt-v1")
    assert parsed.llm is not None
    assert parsed.llm.model_dump() == {
        "model": MODEL,
        "calls": 1,
        "prompt_tokens": 700,
        "completion_tokens": 120,
        "fallback": False,
    }
    assert parsed.llm_skip_reason is None
    # evidence points into the clean text the model saw
    by_field = {e.field: e for e in parsed.evidence}
    assert by_field["title"].text == "Sr Java Developer"
    assert by_field["rate"].text == "Rate: $60/hr on C2C"
    assert by_field["client"].text == "Charles Schwab"
    text = decode_email(JAVA).text
    assert all(text[e.start : e.end] == e.text for e in parsed.evidence if e.source == "body")
    (request,) = openai_server.requests
    assert request.body["model"] == MODEL
    assert request.headers["authorization"] == "Bearer sk-test"


def test_the_request_carries_the_strict_schema(openai_server: FakeOpenAI) -> None:
    openai_server.script(Reply.answer(JAVA_ANSWER))
    parse(extractor_for(openai_server))
    fmt = openai_server.requests[0].body["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["name"] == "job_email_extraction"
    assert fmt["json_schema"]["schema"]["required"] == ["is_job", "category", "confidence", "jobs"]


def test_the_request_is_what_the_sdk_would_send(openai_server: FakeOpenAI) -> None:
    # the call bypasses chat.completions.create's parameter transform: the same request
    openai_server.script(Reply.answer(JAVA_ANSWER))
    parse(extractor_for(openai_server))
    request = openai_server.requests[0]
    assert set(request.body) == {"model", "messages", "response_format"}
    assert request.body["model"] == MODEL
    assert [m["role"] for m in request.body["messages"]] == ["system", "user"]
    assert all(isinstance(m["content"], str) for m in request.body["messages"])
    assert request.headers["authorization"] == "Bearer sk-test"
    assert request.headers["content-type"] == "application/json"


def test_an_azure_classic_request_carries_its_version_and_key(openai_server: FakeOpenAI) -> None:
    # the request options are made once per client: its default query and headers still apply
    config = replace(model_config_for(openai_server.url, 1), api_version="2024-10-21")
    llm = LlmExtractor(client=build_client(config), model=MODEL, max_concurrency=1, max_chars=4000)
    openai_server.script(Reply.answer(JAVA_ANSWER))
    parse(HybridExtractor(llm=llm, policy=HybridPolicy(skip_confidence=None)))
    request = openai_server.requests[0]
    assert request.path == "/v1/chat/completions?api-version=2024-10-21"
    assert request.headers["api-key"] == "sk-test"
    assert request.headers["authorization"] == "Bearer sk-test"


def model_config_for(url: str, concurrency: int) -> ModelConfig:
    return ModelConfig(
        base_url=url,
        model=MODEL,
        api_key="sk-test",
        api_version=None,
        timeout=5.0,
        max_concurrency=concurrency,
        max_chars=4000,
    )


def transport_of(client: openai.AsyncOpenAI) -> LeanTransport:
    transport = client._client._transport
    assert isinstance(transport, LeanTransport)
    return transport


def test_hundreds_of_calls_share_small_pools() -> None:
    # httpx's pool walks all its connections at each request: pools of at most POOL_SHARD
    def pools(concurrency: int) -> list[int]:
        clients = build_clients(model_config_for("http://127.0.0.1:9/v1", concurrency))
        return [transport_of(c).max_connections for c in clients]

    assert pools(7) == [7]
    assert pools(POOL_SHARD) == [POOL_SHARD]
    assert pools(40) == [20, 20]
    assert pools(256) == [32] * 8


def test_calls_go_to_the_least_busy_pool(openai_server: FakeOpenAI) -> None:
    config = model_config_for(openai_server.url, 4)
    clients = [build_client(config, connections=2) for _ in range(2)]
    used: list[int] = []
    for index, client in enumerate(clients):
        request = client.request

        async def counted(
            *args: Any, _request: Any = request, _index: int = index, **kw: Any
        ) -> Any:
            used.append(_index)
            return await _request(*args, **kw)

        client.request = counted  # type: ignore[method-assign]
    llm = LlmExtractor(client=clients, model=MODEL, max_concurrency=4, max_chars=4000)
    hybrid = HybridExtractor(llm=llm, policy=HybridPolicy(skip_confidence=None))
    openai_server.script(*[Reply.answer(JAVA_ANSWER)] * 4)
    openai_server.latency = 0.2  # all four in flight together

    async def run() -> None:
        try:
            await asyncio.gather(
                *(
                    RawEmailProcessor(sessions=None, hybrid=hybrid).parse(MESSAGE, JAVA)
                    for _ in range(4)
                )
            )
        finally:
            await hybrid.close()

    asyncio.run(run())
    assert sorted(used) == [0, 0, 1, 1]  # four at once: two on each pool


def test_strict_schema_requires_every_property_and_forbids_extras() -> None:
    schema = response_format()["json_schema"]["schema"]
    objects: list[dict[str, Any]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            assert not {"default", "minLength", "maxLength"} & set(node)
            if "properties" in node:
                objects.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert {o["title"] for o in objects} >= {"job_email_extraction", "extracted_job", "rate"}
    for obj in objects:
        assert obj["additionalProperties"] is False
        assert obj["required"] == list(obj["properties"])
    assert LlmAnswer.model_validate(JAVA_ANSWER).jobs[0].title == "Sr Java Developer"


def test_invalid_json_is_retried_once(openai_server: FakeOpenAI) -> None:
    openai_server.script(Reply.text('{"is_job": true, "category": '), Reply.answer(JAVA_ANSWER))
    parsed = parse(extractor_for(openai_server))
    assert parsed.status is ParseStatus.OK
    assert [job.title for job in parsed.jobs] == ["Sr Java Developer"]
    assert parsed.llm is not None and parsed.llm.calls == 2
    assert len(openai_server.requests) == 2


@pytest.mark.parametrize(
    ("replies", "reason"),
    [
        ((Reply.text("{oops"), Reply.text("not json either")), "invalid JSON after 2 attempts"),
        (
            (Reply.answer({**JAVA_ANSWER, "category": "job"}),) * 2,
            "schema violation at category",
        ),
        ((Reply.answer({"is_job": True}), Reply.text("")), "empty answer after 2 attempts"),
        (
            (Reply.text('{"is_job": tr', finish_reason="length"),) * 2,
            "answer cut at the token limit after 2 attempts",
        ),
    ],
    ids=["invalid-json", "schema-violation", "missing-fields-then-empty", "cut-by-length"],
)
def test_a_second_unusable_answer_marks_the_email_failed(
    openai_server: FakeOpenAI, replies: tuple[Reply, ...], reason: str
) -> None:
    openai_server.script(*replies)
    parsed = parse(extractor_for(openai_server))
    assert parsed.status is ParseStatus.FAILED
    assert parsed.error is not None
    assert parsed.error.startswith("AI parsing failed: ")
    assert reason in parsed.error
    assert (parsed.is_job, parsed.category, parsed.confidence, parsed.jobs) == (
        False,
        Category.OTHER,
        0.0,
        [],
    )
    assert parsed.llm is not None
    assert (parsed.llm.calls, parsed.llm.fallback) == (2, False)
    assert len(openai_server.requests) == 2  # one retry, no more


@pytest.mark.parametrize(
    "reply",
    [Reply.refuse(), Reply(content=None, finish_reason="content_filter")],
    ids=["refusal", "content-filter"],
)
def test_a_refusal_falls_back_to_the_offline_result(
    openai_server: FakeOpenAI, reply: Reply
) -> None:
    openai_server.script(reply)
    parsed = parse(extractor_for(openai_server))
    assert_offline_fallback(parsed, calls=1)
    assert len(openai_server.requests) == 1  # asking again would not change a refusal


def test_429_is_retried_once_after_retry_after(openai_server: FakeOpenAI) -> None:
    waits: list[float] = []
    openai_server.script(Reply.rate_limited(retry_after="2"), Reply.answer(JAVA_ANSWER))
    parsed = parse(extractor_for(openai_server, waits=waits))
    assert waits == [2.0]
    assert parsed.status is ParseStatus.OK and parsed.extractor.name == "openai"
    assert parsed.llm is not None and parsed.llm.calls == 2


def test_429_twice_falls_back(openai_server: FakeOpenAI) -> None:
    waits: list[float] = []
    openai_server.script(Reply.rate_limited(retry_after="0"), Reply.rate_limited(retry_after="0"))
    parsed = parse(extractor_for(openai_server, waits=waits))
    assert waits == [0.0]
    assert_offline_fallback(parsed, calls=2)


def test_429_asking_for_a_long_wait_falls_back_at_once(openai_server: FakeOpenAI) -> None:
    waits: list[float] = []
    openai_server.script(Reply.rate_limited(retry_after="120"))
    parsed = parse(extractor_for(openai_server, waits=waits))
    assert waits == []
    assert_offline_fallback(parsed, calls=1)


def test_a_timeout_falls_back(openai_server: FakeOpenAI) -> None:
    openai_server.script(Reply.answer(JAVA_ANSWER, delay=3.0))
    parsed = parse(extractor_for(openai_server, timeout=0.2))
    assert_offline_fallback(parsed, calls=1)


def test_a_server_error_falls_back_without_retry(openai_server: FakeOpenAI) -> None:
    openai_server.script(Reply.failure(503))
    parsed = parse(extractor_for(openai_server))
    assert_offline_fallback(parsed, calls=1)
    assert len(openai_server.requests) == 1


def test_an_unreachable_server_falls_back() -> None:
    with running_fake_openai() as gone:
        pass  # its port is closed now
    parsed = parse(extractor_for(gone))
    assert_offline_fallback(parsed, calls=1)


def test_retry_after_headers() -> None:
    soon = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert retry_after({"retry-after-ms": "250"}, 1.0) == 0.25
    assert retry_after({"retry-after": "3"}, 1.0) == 3.0
    assert 25 < retry_after({"retry-after": soon}, 1.0) <= 30
    assert retry_after({"retry-after": "soon-ish"}, 1.0) == 1.0
    assert retry_after({}, 1.5) == 1.5


def test_the_client_follows_the_settings_and_the_config_hides_the_key() -> None:
    settings = ExtractorSettings(
        extractor=ExtractorMode.OPENAI,
        openai_base_url="http://127.0.0.1:9/v1",
        openai_model=MODEL,
        openai_api_key="sk-secret-value",
        openai_api_version="2024-10-21",
        openai_timeout=12.5,
        llm_max_concurrency=7,
    )
    config = model_config(settings)
    assert "sk-secret-value" not in repr(config)  # configs end up in log lines and tracebacks
    client = build_client(config)
    assert transport_of(client).max_connections == 7
    assert (str(client.base_url), client.api_key, client.timeout) == (
        "http://127.0.0.1:9/v1/",
        "sk-secret-value",
        12.5,
    )
    assert client.default_headers["api-key"] == "sk-secret-value"  # Azure's classic URLs
    assert client._custom_query == {"api-version": "2024-10-21"}
