"""``reqstream bench parser``: the parser service against a model that answers slowly.

A small OpenAI-compatible server (``slow_model.py``, a process of its own: services do not import
tests) answers every Chat Completions request after ``latency`` seconds and counts the requests
open at once; its CPU is reported apart from the parser's. The parser runs as its own process
(``PARSER_EXTRACTOR=openai``) under a fresh consumer group committed at the end of ``email.raw``;
N generated emails are produced to ``email.raw`` and the run is timed until N outputs for them
are on ``email.parsed``. The seed's way, one model call
at a time, is measured on a small sample in this process and extrapolated.
"""

from __future__ import annotations

import asyncio
import base64
import json
import math
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from confluent_kafka import Consumer, Producer, TopicPartition
from pydantic import SecretStr

from schemas.contracts.models import RawEmail
from schemas.contracts.topics import Topic
from services.bench.emails import KEYS, raw_emails
from services.bench.procstats import ProcSampler
from services.bench.slow_model import SlowModel, slow_model
from services.common.kafka import Outbound, build_producer_config
from services.demo.processes import ServiceGroup
from services.demo.run import StackConfig, free_port, ops_urls, prepare, wait_http_ready
from services.ops.chaos import end_offsets, start_at_end
from services.parser.handler import decode_and_extract
from services.parser.settings import ExtractorMode, ExtractorSettings
from services.parser.wiring import build_hybrid

SOURCE = "/reqstream/bench"
# the warm-up emails come from another seed, so the timed emails are new to the process
WARMUP_SEED_OFFSET = 10_000


# --- the run ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParserOptions:
    # 10 s at 300 emails/s: the first and last 800 ms (calls filling, then draining) weigh little
    emails: int = 3000
    llm_latency_ms: float = 800.0
    # 300 emails/s at 800 ms is 240 calls in flight, plus the time each email spends queued
    # for the event loop: half again as many keeps the model, not the bound, the limit
    max_in_flight: int = 512  # PARSER_MAX_IN_FLIGHT
    llm_max_concurrency: int = 512  # PARSER_LLM_MAX_CONCURRENCY
    seed: int = 1
    baseline_sample: int = 0  # emails for the sequential baseline; 0: about 8 s worth, 3..20
    timeout: float = 900.0


def produce(bootstrap: str, messages: list[RawEmail]) -> None:
    producer = Producer(build_producer_config(bootstrap=bootstrap, client_id="bench"))
    for message in messages:
        out = Outbound.of(Topic.EMAIL_RAW, message, key=str(message.integration_id), source=SOURCE)
        producer.produce(out.topic.value, key=out.key, value=out.value, headers=out.headers)
        producer.poll(0)
    if producer.flush(30) != 0:
        raise RuntimeError("email.raw: not every benchmark message was acknowledged")


class ParsedWatcher:
    """Reads email.parsed from its current end and counts outputs per sync id."""

    def __init__(self, bootstrap: str) -> None:
        self._consumer = Consumer(
            {
                "bootstrap.servers": bootstrap,
                "group.id": f"bench-watch-{uuid.uuid4()}",
                "enable.auto.commit": False,
            }
        )
        ends = end_offsets(bootstrap, [Topic.EMAIL_PARSED])
        self._consumer.assign([TopicPartition(t, p, o) for (t, p), o in ends.items()])
        self.seen: dict[str, set[str]] = {}

    def wait(
        self, sync_id: uuid.UUID, count: int, *, timeout: float, check: Callable[[], None]
    ) -> None:
        key = str(sync_id)
        deadline = time.monotonic() + timeout
        while len(self.seen.get(key, ())) < count:
            if time.monotonic() > deadline:
                got = len(self.seen.get(key, ()))
                raise TimeoutError(f"{got}/{count} parsed outputs within {timeout}s")
            check()
            for msg in self._consumer.consume(1000, timeout=0.1):
                if msg.error():
                    continue
                body = json.loads(msg.value() or b"{}")
                ids = self.seen.setdefault(str(body.get("sync_id")), set())
                ids.add(str(body.get("provider_message_id")))

    def close(self) -> None:
        self._consumer.close()


def sequential_baseline(model: SlowModel, messages: list[RawEmail]) -> float:
    """The seed's way: decode, extract, call the model and wait, next email. Emails per second."""
    settings = ExtractorSettings(
        extractor=ExtractorMode.OPENAI,
        openai_base_url=model.url,
        openai_api_key=SecretStr("bench"),
        llm_max_concurrency=1,
    )

    async def run() -> float:
        hybrid = build_hybrid(settings)
        assert hybrid is not None
        try:
            started = time.perf_counter()
            for message in messages:
                assert message.raw_b64 is not None
                await hybrid.run(decode_and_extract(base64.b64decode(message.raw_b64)))
            return len(messages) / (time.perf_counter() - started)
        finally:
            await hybrid.close()

    return asyncio.run(run())


def run_parser_bench(
    *,
    kafka_bootstrap: str,
    database_url: str,
    work_dir: Path,
    base_env: dict[str, str],
    options: ParserOptions = ParserOptions(),
    say: Callable[[str], None] = lambda _line: None,
) -> dict[str, Any]:
    run_id = f"{datetime.now(UTC):%H%M%S}-{uuid.uuid4().hex[:6]}"
    latency = options.llm_latency_ms / 1000
    prepare(kafka_bootstrap, database_url)
    tag = f"p{options.seed}"
    messages = list(raw_emails(options.emails, seed=options.seed, sync_id=uuid.uuid4(), tag=tag))
    # as many warm-up emails as calls may be in flight, so every model connection the timed
    # part uses is open before it starts, as in a parser that has been running (one warm-up
    # email left ~500 connection opens, ~0.2 ms CPU per email, inside the timed part)
    warmup = list(
        raw_emails(
            min(options.max_in_flight, options.llm_max_concurrency),
            seed=options.seed + WARMUP_SEED_OFFSET,
            sync_id=uuid.uuid4(),
            tag=f"{tag}w",
        )
    )
    log_dir = work_dir / "logs"
    with slow_model(latency) as model:
        config = StackConfig(kafka_bootstrap, database_url, log_dir, free_port())
        env = config.env(base_env)
        group_id = f"bench-{run_id}-parser"
        env.update(
            {
                "PARSER_EXTRACTOR": "openai",
                "PARSER_OPENAI_BASE_URL": model.url,
                "PARSER_OPENAI_API_KEY": "bench",
                "PARSER_OPENAI_TIMEOUT": str(max(30.0, latency * 4)),
                "PARSER_MAX_IN_FLIGHT": str(options.max_in_flight),
                "PARSER_LLM_MAX_CONCURRENCY": str(options.llm_max_concurrency),
                "PARSER_GROUP_ID": group_id,
                "PARSER_CLIENT_ID": "bench-parser",
            }
        )
        start_at_end(kafka_bootstrap, group_id, [Topic.EMAIL_RAW])
        watcher = ParsedWatcher(kafka_bootstrap)
        group = ServiceGroup(env=env, log_dir=log_dir)
        sampler = ProcSampler(lambda: {sp.name: sp.process.pid for sp in group.processes})
        try:
            with group:
                group.start("parser")
                wait_http_ready(ops_urls(env)["parser"], group)
                sampler.start()
                # warm-up emails through first: partitions assigned, connections open
                produce(kafka_bootstrap, warmup)
                watcher.wait(warmup[0].sync_id, len(warmup), timeout=300, check=group.check_alive)
                model.reset()
                sampler.mark()
                say(f"parser up (logs in {log_dir}); producing {len(messages)} emails")
                started = time.monotonic()
                produce(kafka_bootstrap, messages)
                watcher.wait(
                    messages[0].sync_id,
                    len(messages),
                    timeout=options.timeout,
                    check=group.check_alive,
                )
                duration = time.monotonic() - started
                stats = sampler.stop()
                served = model.stats()
        finally:
            watcher.close()
        sample = options.baseline_sample or min(20, max(3, math.ceil(8 / max(latency, 1e-3))))
        sample = min(sample, len(messages))
        say(f"parser: {len(messages)} emails in {duration:.1f}s; sequential sample of {sample}")
        baseline = sequential_baseline(model, messages[:sample])
    rate = len(messages) / duration
    parser_stats = stats.get("parser-0", {})
    cpu_s = parser_stats.get("cpu_s", 0.0)
    return {
        "emails": len(messages),
        "llm_latency_ms": options.llm_latency_ms,
        "max_in_flight_setting": options.max_in_flight,
        "llm_max_concurrency_setting": options.llm_max_concurrency,
        "duration_s": round(duration, 2),
        "emails_per_s": round(rate, 1),
        "max_in_flight": served.max_in_flight,
        "llm_calls": served.requests,
        "rss_peak_mb": parser_stats.get("rss_peak_mb", 0.0),
        "cpu_s": cpu_s,
        "cpu_ms_per_email": round(cpu_s / len(messages) * 1000, 3),
        # cores the parser used on average: well under 1 while emails_per_s is below what
        # max_in_flight / latency allows means the machine's other load starved it
        "parser_cores_used": round(cpu_s / duration, 2),
        "model_server_cpu_s": served.cpu_s,
        "baseline_emails_per_s": round(baseline, 2),
        "baseline_sample": sample,
        "speedup": round(rate / baseline, 1),
        "notes": [
            "one parser process, PARSER_EXTRACTOR=openai: every email is decoded, cleaned and "
            "sent to the model (the offline rules run only if the model call fails)",
            "the model is a local OpenAI-compatible server (a process of its own, its CPU in "
            "model_server_cpu_s) answering a fixed non-job answer after llm_latency_ms; "
            "max_in_flight = most requests it saw open at once",
            "cpu_s / cpu_ms_per_email: the parser process's user + system CPU over the timed part",
            f"emails spread over {KEYS} partition keys; timed from the first produce to the "
            "last output seen on email.parsed, after min(max_in_flight, llm_max_concurrency) "
            "warm-up emails (every model connection open first)",
            f"baseline: the seed's sequential loop (one model call at a time, in this process) "
            f"measured on {sample} emails; emails_per_s of that loop",
        ],
        "log_dir": str(log_dir),
    }
