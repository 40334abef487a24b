"""The model call (openai SDK, Chat Completions with a strict JSON schema) and its failure policy.

The SDK's own retries are off (``max_retries=0``): the policy is ours, per the seed's table.

| what happened                                   | then                                        |
|-------------------------------------------------|---------------------------------------------|
| 429                                             | wait Retry-After once (≤ 10 s), call again  |
| 429 again, transport error, timeout, 5xx, 4xx   | ``FellBack``: the rules' result is used     |
| refusal or content filter                       | ``FellBack``                                |
| invalid JSON, schema violation, cut answer      | call once more, then ``Failed``             |
| a reply that is not a Chat Completions object   | call once more, then ``Failed``             |

Works with OpenAI, Azure OpenAI (its v1 base URL, or a deployment URL plus
``PARSER_OPENAI_API_VERSION``) and OpenAI-compatible servers.
"""

from __future__ import annotations

import asyncio
import logging
import math
import ssl
import urllib.request
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import openai
import orjson
from openai._models import FinalRequestOptions
from openai.types.chat import ChatCompletionMessageParam

try:  # the HTTP library the SDK is built on: httpx2 from openai 3, httpx before
    import httpx2 as _http
except ImportError:  # pragma: no cover - depends on the installed SDK
    import httpx as _http  # type: ignore[no-redef]
from pydantic import ValidationError

from schemas.contracts.models import Extractor, LlmUsage
from services.parser.decoding import DecodedEmail
from services.parser.model.config import ModelConfig
from services.parser.model.prompt import PROMPT_VERSION, LlmAnswer, build_prompt, response_format
from services.parser.model.transport import LeanTransport

__all__ = [
    "Answered",
    "CallPolicy",
    "Failed",
    "FellBack",
    "LlmExtractor",
    "LlmOutcome",
    "build_client",
    "build_clients",
]

log = logging.getLogger(__name__)
_NO_KEY = "unused"  # the SDK insists on a key; local OpenAI-compatible servers ignore it
_JSON = {"Content-Type": "application/json"}
POOL_SHARD = 32  # connections per HTTP pool (see build_clients)


@dataclass(frozen=True)
class CallPolicy:
    invalid_retries: int = 1  # the seed's "Parsing Error | Yes (1x)"
    rate_limit_retries: int = 1
    default_retry_after: float = 1.0  # seconds, when a 429 names no wait
    max_retry_after: float = 10.0  # seconds; a longer wait falls back at once, not stall a worker


@dataclass(frozen=True)
class Answered:
    answer: LlmAnswer
    body: str  # the body text the model saw (a prefix of the decoded text)
    usage: LlmUsage


@dataclass(frozen=True)
class FellBack:
    reason: str
    usage: LlmUsage  # fallback=True


@dataclass(frozen=True)
class Failed:
    reason: str  # for "AI parsing failed: <reason>"
    usage: LlmUsage


LlmOutcome = Answered | FellBack | Failed


@dataclass
class _Tally:
    model: str
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def add(self, reply: dict[str, Any]) -> None:
        usage = reply.get("usage")
        if isinstance(usage, dict):
            self.prompt_tokens += _count(usage.get("prompt_tokens"))
            self.completion_tokens += _count(usage.get("completion_tokens"))

    def usage(self, *, fallback: bool = False) -> LlmUsage:
        return LlmUsage(
            model=self.model,
            calls=self.calls,
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            fallback=fallback,
        )


@dataclass(frozen=True)
class _Unusable:
    reason: str
    refused: bool = False  # a refusal is a verdict, not a glitch: asking again will not help


def build_client(
    config: ModelConfig,
    *,
    connections: int | None = None,
    tls: ssl.SSLContext | None = None,
) -> openai.AsyncOpenAI:
    key = config.api_key or _NO_KEY
    azure_classic = config.api_version is not None
    return openai.AsyncOpenAI(
        base_url=config.base_url,
        api_key=key,
        timeout=config.timeout,
        max_retries=0,
        default_query={"api-version": config.api_version} if azure_classic else None,
        default_headers={"api-key": key} if azure_classic else None,
        http_client=_http_client(
            connections or config.max_concurrency, tls or _http.create_ssl_context()
        ),
    )


def build_clients(config: ModelConfig) -> list[openai.AsyncOpenAI]:
    """Clients of at most ``POOL_SHARD`` connections each, as many as the calls in flight
    need: the HTTP pool walks all its connections at every request's start and end, so one
    pool of hundreds costs CPU per call in proportion to its size."""
    shards = max(1, math.ceil(config.max_concurrency / POOL_SHARD))
    per_shard = math.ceil(config.max_concurrency / shards)
    tls = _http.create_ssl_context()  # loading the CA store once, not per shard
    return [build_client(config, connections=per_shard, tls=tls) for _ in range(shards)]


def _http_client(max_concurrency: int, tls: ssl.SSLContext) -> openai.DefaultAsyncHttpxClient:
    """A pool as large as the calls in flight. The SDK's default (1000 connections, 100 kept
    alive) closes and reopens connections above 100 concurrent calls, and the pool probes
    every idle connection's socket on each request, so a pool larger than needed costs. The
    wire part is ``LeanTransport`` (a third of the call's CPU less) unless a proxy is set in the
    environment, which only httpx's own transports know how to use."""
    if not urllib.request.getproxies():
        lean = LeanTransport(max_connections=max_concurrency, tls=tls)
        return openai.DefaultAsyncHttpxClient(transport=lean)
    limits = _http.Limits(
        max_connections=max_concurrency, max_keepalive_connections=max_concurrency
    )
    return openai.DefaultAsyncHttpxClient(limits=limits, verify=tls)


class LlmExtractor:
    def __init__(
        self,
        *,
        client: openai.AsyncOpenAI | Sequence[openai.AsyncOpenAI],
        model: str,
        max_concurrency: int,
        max_chars: int,
        policy: CallPolicy = CallPolicy(),
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._clients = [client] if isinstance(client, openai.AsyncOpenAI) else list(client)
        self._requests = [_request_template(c) for c in self._clients]
        self._busy = [0] * len(self._clients)  # calls in flight per client
        self._model = model
        self._max_chars = max_chars
        self._policy = policy
        self._sleep = sleep
        # bounds calls, not emails: the engine may hold more emails in flight than the
        # provider's rate limit likes
        self._slots = asyncio.Semaphore(max_concurrency)
        self._format = response_format()
        self.extractor = Extractor(name="openai", version=f"{model}/{PROMPT_VERSION}")

    @classmethod
    def from_config(cls, config: ModelConfig) -> LlmExtractor:
        return cls(
            client=build_clients(config),
            model=config.model,
            max_concurrency=config.max_concurrency,
            max_chars=config.max_chars,
        )

    async def close(self) -> None:
        for client in self._clients:
            await client.close()

    async def extract(self, email: DecodedEmail) -> LlmOutcome:
        prompt = build_prompt(email, max_chars=self._max_chars)
        tally = _Tally(self._model)
        invalid_left = self._policy.invalid_retries
        rate_limit_left = self._policy.rate_limit_retries
        while True:
            tally.calls += 1
            try:
                async with self._slots:
                    completion = await self._create(prompt.messages)
            except openai.RateLimitError as exc:
                wait = retry_after(exc.response.headers, self._policy.default_retry_after)
                if rate_limit_left and wait <= self._policy.max_retry_after:
                    rate_limit_left -= 1
                    await self._sleep(wait)
                    continue
                return self._fell_back(f"rate limited (429, retry after {wait:g} s)", tally)
            except openai.APITimeoutError:
                return self._fell_back("timed out", tally)
            except openai.APIConnectionError as exc:
                return self._fell_back(f"connection error: {exc}", tally)
            except openai.APIStatusError as exc:
                return self._fell_back(f"HTTP {exc.status_code}", tally)
            verdict = read_answer(completion, tally)
            if isinstance(verdict, LlmAnswer):
                return Answered(verdict, prompt.body, tally.usage())
            if verdict.refused:
                return self._fell_back(verdict.reason, tally)
            if not invalid_left:
                reason = f"{verdict.reason} after {tally.calls} attempts"
                log.warning("model answer unusable: %s", reason)
                return Failed(reason, tally.usage())
            invalid_left -= 1

    async def _create(self, messages: list[ChatCompletionMessageParam]) -> bytes:
        """``chat.completions.create`` without the SDK's per-call walk of the parameters'
        type hints (most of its CPU per call): the body is plain JSON we build, sent by the
        SDK's generic ``request`` (the same auth, Azure query, timeout and error mapping) with
        the request's options made once per client and copied with each body (what ``post``
        builds on every call, defaults deep-copied, was a tenth of the call's CPU). The reply
        comes back as the raw HTTP response (``cast_to`` the response class) and is read by
        ``read_answer``: building the SDK's ``ChatCompletion`` model of it cost a tenth of the
        call's CPU for three fields."""
        body = orjson.dumps(
            {"model": self._model, "messages": messages, "response_format": self._format}
        )
        # the least busy client: with the calls bounded by the slots, its pool has room
        shard = min(range(len(self._clients)), key=self._busy.__getitem__)
        self._busy[shard] += 1
        try:
            options = self._requests[shard].model_copy(update={"content": body})
            response = await self._clients[shard].request(_http.Response, options)
            return response.content
        finally:
            self._busy[shard] -= 1

    def _fell_back(self, reason: str, tally: _Tally) -> FellBack:
        log.warning("model call failed (%s); using the offline result", reason)
        return FellBack(reason, tally.usage(fallback=True))


def _request_template(client: openai.AsyncOpenAI) -> FinalRequestOptions:
    """What ``client.post("/chat/completions", …)`` would build, without the body, and with the
    URL already joined to the base URL (merging it was another URL parse per call). The SDK
    copies the options it is given before changing them, so one template serves every call."""
    return FinalRequestOptions.construct(
        method="post",
        url=str(client.base_url.join("chat/completions")),
        headers=_JSON,
        security={"bearer_auth": True},
    )


def read_answer(body: bytes, tally: _Tally) -> LlmAnswer | _Unusable:
    """The answer in a Chat Completions reply (its usage added to ``tally``), or why not."""
    try:
        reply = orjson.loads(body)
        choice = reply["choices"][0] if isinstance(reply, dict) and reply.get("choices") else None
    except (orjson.JSONDecodeError, TypeError, KeyError, IndexError):
        return _Unusable("not a Chat Completions reply")
    tally.add(reply)
    if not isinstance(choice, dict) or not isinstance(choice.get("message"), dict):
        return _Unusable("no choices in the answer")
    finish_reason, message = choice.get("finish_reason"), choice["message"]
    refusal, content = message.get("refusal"), message.get("content")
    if finish_reason == "content_filter":
        return _Unusable("content filter", refused=True)
    if refusal:
        return _Unusable(f"refused: {str(refusal)[:200]}", refused=True)
    if finish_reason == "length":
        return _Unusable("answer cut at the token limit")
    if not content or not isinstance(content, str):
        return _Unusable("empty answer")
    try:
        return LlmAnswer.model_validate_json(content)
    except ValidationError as exc:
        first = exc.errors()[0]
        if first["type"] == "json_invalid":
            return _Unusable("invalid JSON")
        where = ".".join(str(p) for p in first["loc"]) or "answer"
        return _Unusable(f"schema violation at {where}: {first['msg']}")


def _count(value: object) -> int:
    """A token count from the reply; anything else counts 0."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def retry_after(headers: Mapping[str, str], default: float) -> float:
    """Seconds to wait from ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date)."""
    try:
        if "retry-after-ms" in headers:
            return max(0.0, float(headers["retry-after-ms"]) / 1000)
        value = headers.get("retry-after")
        if value is None:
            return default
        if value.strip().replace(".", "", 1).isdigit():
            return float(value)
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (ValueError, TypeError):
        return default
