"""The seed as deployed, as a second baseline: one step invocation per email.

The seed ran ``process_single_email_step`` as an Inngest step: the platform calls the app's
endpoint over HTTP once per email, and the step fetches the email from the provider's API,
asks the model to extract it and writes the job and the ledger row (a commit each). Here, on
the pipeline bench's mailbox files and a tenant of its own:

- the step endpoint is a local HTTP server; the bench calls it once per email, one after the
  other, as the platform does for a sequential loop of steps;
- the provider is a local HTTP server that answers each message request with the file's bytes
  (after ``provider_latency_ms``, 0 by default: only the local round trip is counted);
- the model is the ``bench parser``'s local OpenAI-compatible server answering after
  ``llm_latency_ms``; the model client is kept between invocations (a warm instance).

At a model latency of hundreds of milliseconds a whole mailbox would take an hour, so a sample
of emails is timed and the rate is that sample's count over its duration.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
from pydantic import SecretStr
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import ParsedEmail, RawEmail
from services.bench.baseline import BaselineResult, Seeded, matching_refs, raw_email, record
from services.fetcher.handler import MessageRef, search_keywords
from services.fetcher.providers.maildir import MaildirProvider
from services.parser import handler
from services.parser.settings import ExtractorMode, ExtractorSettings
from services.parser.wiring import build_hybrid

SAMPLE_SECONDS = 8.0  # the sample's size when none is given: about this long at the latency


@dataclass(frozen=True)
class DeployedOptions:
    llm_latency_ms: float = 800.0
    provider_latency_ms: float = 0.0
    sample: int = 0  # emails to time; 0: about SAMPLE_SECONDS worth, 3..20


def sample_size(options: DeployedOptions, available: int) -> int:
    """The emails to time: the option, else about ``SAMPLE_SECONDS`` at the model's latency
    (3 to 20); never more than there are."""
    seconds = max(options.llm_latency_ms + options.provider_latency_ms, 1.0) / 1000
    wanted = options.sample or min(20, max(3, round(SAMPLE_SECONDS / seconds)))
    return min(wanted, available)


@dataclass(frozen=True)
class _Email:
    integration_id: int
    ref: MessageRef


@contextmanager
def _mailboxes(seeded: Seeded) -> Iterator[dict[int, MaildirProvider]]:
    providers = {i: MaildirProvider(mailbox) for i, mailbox in seeded.integrations.items()}
    try:
        yield providers
    finally:
        for provider in providers.values():
            provider.close()


def _sample(
    providers: dict[int, MaildirProvider], keywords: Sequence[str], options: DeployedOptions
) -> list[_Email]:
    """The emails to time, taken from the mailboxes in turn."""
    per_mailbox = [
        [_Email(integration_id, ref) for ref in matching_refs(provider, keywords)]
        for integration_id, provider in sorted(providers.items())
    ]
    taken: list[_Email] = []
    for index in range(max((len(e) for e in per_mailbox), default=0)):
        taken.extend(emails[index] for emails in per_mailbox if index < len(emails))
    return taken[: sample_size(options, len(taken))]


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


@contextmanager
def _serve(handler_class: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = _Quiet(("127.0.0.1", 0), handler_class)
    host, port = server.server_address[:2]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://{host!s}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _provider(
    emails: Sequence[_Email], providers: dict[int, MaildirProvider], latency: float
) -> type[BaseHTTPRequestHandler]:
    """GET /messages/<n>: the n-th sampled email's raw bytes, as a provider's API answers."""

    class Provider(_Handler):
        def do_GET(self) -> None:  # noqa: N802  (http.server's naming)
            time.sleep(latency)
            email = emails[int(self.path.rsplit("/", 1)[-1])]
            self.reply(providers[email.integration_id].fetch_raw(email.ref), "message/rfc822")

    return Provider


class _WarmModel:
    """The step's model client, kept between invocations as a warm function instance keeps
    it (favouring the seed: a cold start would build it for every email)."""

    def __init__(self, model_url: str) -> None:
        self._runner = asyncio.Runner()
        hybrid = build_hybrid(
            ExtractorSettings(
                extractor=ExtractorMode.OPENAI,
                openai_base_url=model_url,
                openai_api_key=SecretStr("bench"),
                llm_max_concurrency=1,
            )
        )
        assert hybrid is not None
        self._hybrid = hybrid

    def parse(self, message: RawEmail, raw: bytes) -> ParsedEmail:
        # invocations come one at a time: one loop serves them all, on whichever thread
        return self._runner.run(handler.parse(message, raw, hybrid=self._hybrid))

    def close(self) -> None:
        self._runner.run(self._hybrid.close())
        self._runner.close()


def _step(
    emails: Sequence[_Email],
    seeded: Seeded,
    sessions: sessionmaker[Session],
    *,
    provider_url: str,
    model: _WarmModel,
) -> type[BaseHTTPRequestHandler]:
    """POST /step {"index": n}: the seed's step for the n-th sampled email."""

    class Step(_Handler):
        def do_POST(self) -> None:  # noqa: N802  (http.server's naming)
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            index, sync_id = int(body["index"]), uuid.UUID(body["sync_id"])
            email = emails[index]
            raw = httpx.get(f"{provider_url}/messages/{index}", timeout=30).content  # fetch
            message = raw_email(seeded, email.integration_id, sync_id, email.ref, raw)
            parsed = model.parse(message, raw)  # the model call
            with sessions() as session:
                jobs = record(session, parsed)  # job(s) + commit, ledger row + commit
            self.reply(json.dumps({"jobs": jobs}).encode(), "application/json")

    return Step


def run_deployed_baseline(
    sessions: sessionmaker[Session],
    seeded: Seeded,
    *,
    roles: Iterable[Iterable[str]],
    model_url: str,
    options: DeployedOptions = DeployedOptions(),
) -> BaselineResult:
    """A sample of the matching emails, one step invocation each, timed from the first
    invocation to the last answer."""
    sync_id = str(uuid.uuid4())
    jobs = 0
    provider_latency = options.provider_latency_ms / 1000
    model = _WarmModel(model_url)
    with _mailboxes(seeded) as providers, closing(model):
        emails = _sample(providers, search_keywords(roles), options)
        with (
            _serve(_provider(emails, providers, provider_latency)) as provider_url,
            _serve(
                _step(emails, seeded, sessions, provider_url=provider_url, model=model)
            ) as step_url,
        ):
            started = time.perf_counter()
            for index in range(len(emails)):  # a fresh connection per invocation
                answer = httpx.post(
                    f"{step_url}/step", json={"index": index, "sync_id": sync_id}, timeout=120
                )
                answer.raise_for_status()
                jobs += int(answer.json()["jobs"])
            duration = time.perf_counter() - started
    return BaselineResult(len(emails), jobs, duration)
