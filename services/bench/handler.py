"""``reqstream bench handler``: the parser's CPU per email, stage by stage, in this process.

No Kafka, no database, no model: N generated emails (``mailbox_gen``, the pipeline bench's
mix) go through each stage of the parser's hot path in turn, and each stage is timed on this
thread's CPU clock (other processes on a busy machine do not count), best of ``rounds``.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from schemas.contracts.codec import get_codec
from schemas.contracts.models import RawEmail
from schemas.contracts.topics import Topic
from services.bench.compiled_parser import DEFAULT_TREE, fresh_tree
from services.bench.emails import raw_emails
from services.parser.decoding import decode_email
from services.parser.handler import handle_raw_email, handle_raw_emails
from services.parser.model import build_prompt
from services.parser.rules import extract
from services.parser.settings import ParserSettings

T = TypeVar("T")
U = TypeVar("U")

_PROMPT_CHARS = 12_000  # PARSER_LLM_MAX_CHARS' default
_BATCH = ParserSettings.model_fields["batch_size"].default  # the service's poll batch at most


@dataclass(frozen=True)
class HandlerOptions:
    emails: int = 2000
    seed: int = 1
    rounds: int = 3  # each stage's figure is its best round
    compiled: bool = True  # also run in the compiled tree (build/mypyc) when it is built and fresh


def _each(run: Callable[[T], object], items: Sequence[T]) -> None:
    for item in items:
        run(item)


def _each_pair(run: Callable[[T, U], object], pairs: Sequence[tuple[T, U]]) -> None:
    for first, second in pairs:
        run(first, second)


def _by_batches(pairs: Sequence[tuple[RawEmail, bytes]]) -> None:
    for start in range(0, len(pairs), _BATCH):
        handle_raw_emails(pairs[start : start + _BATCH])


def _best_ms_per_item(run: Callable[[], object], count: int, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.thread_time()
        run()
        best = min(best, time.thread_time() - started)
    return round(1000 * best / count, 3)


def run_handler_bench(options: HandlerOptions = HandlerOptions()) -> dict[str, Any]:
    messages = list(raw_emails(options.emails, seed=options.seed, sync_id=uuid.uuid4(), tag="h"))
    raws = [base64.b64decode(m.raw_b64 or "") for m in messages]
    encoded = [get_codec(Topic.EMAIL_RAW).encode(m) for m in messages]
    decoded = [decode_email(raw) for raw in raws]
    pairs: Sequence[tuple[RawEmail, bytes]] = list(zip(messages, raws, strict=True))
    parsed = [handle_raw_email(m, raw) for m, raw in pairs]  # warm-up: imports, regex caches
    raw_codec, parsed_codec = get_codec(Topic.EMAIL_RAW), get_codec(Topic.EMAIL_PARSED)
    count, rounds = len(messages), options.rounds
    # Each result is dropped as soon as it is made, as the service drops each email's once it
    # is sent: a round that kept its 2,000 results alive made the collector run full passes
    # over the whole heap (~0.07 ms per email of garbage collection the service never pays).
    stages: dict[str, Callable[[], object]] = {
        "decode_raw_email": lambda: _each(raw_codec.decode, encoded),
        "decode_email": lambda: _each(decode_email, raws),
        "extract": lambda: _each(extract, decoded),
        "handle_raw_email": lambda: _each_pair(handle_raw_email, pairs),
        "handle_raw_emails": lambda: _by_batches(pairs),
        "encode_parsed_email": lambda: _each(parsed_codec.encode, parsed),
        "build_prompt": lambda: _each(partial(build_prompt, max_chars=_PROMPT_CHARS), decoded),
    }
    ms_per_email = {name: _best_ms_per_item(run, count, rounds) for name, run in stages.items()}
    return {
        "emails": count,
        "parser_modules": "compiled" if _is_compiled() else "pure",
        "rounds": rounds,
        "ms_per_email": ms_per_email,
        "handle_raw_email_per_s": round(1000 / max(ms_per_email["handle_raw_email"], 1e-6), 1),
        "jobs": sum(len(p.jobs) for p in parsed),
        "notes": [
            "CPU time of this thread (time.thread_time), best of the rounds, divided by emails",
            "each result is dropped once made, as in the service (kept, they cost garbage "
            "collection the service does not pay)",
            "handle_raw_email = decode_email + extract + building the ParsedEmail; "
            f"handle_raw_emails the same by batches of {_BATCH} as the service runs it "
            "(each stage over the whole batch); "
            "decode_raw_email / encode_parsed_email are the Kafka message codecs; "
            "build_prompt is what openai mode adds before the model call",
            "compiled: the same stages in a process running the mypyc-compiled parser tree "
            "(python -m services.bench.compiled_parser builds it)",
        ],
        **({"compiled": _compiled_figures(options)} if options.compiled else {}),
    }


def _is_compiled() -> bool:
    """Whether this process runs the compiled rules: their module is an extension module."""
    return str(getattr(sys.modules[extract.__module__], "__file__", "")).endswith(".so")


def _compiled_figures(options: HandlerOptions) -> dict[str, Any]:
    """This bench in a child process on the compiled tree, or why it did not run."""
    if _is_compiled():
        return {"skipped": "this process already runs the compiled modules"}
    if not fresh_tree(DEFAULT_TREE):
        return {"skipped": f"no compiled tree of the current sources at {DEFAULT_TREE}"}
    # -m puts the working directory first on the path: the child imports the compiled tree
    command = [sys.executable, "-m", "services.bench.handler", json.dumps(options.__dict__)]
    done = subprocess.run(command, cwd=DEFAULT_TREE, capture_output=True, check=True)
    figures: dict[str, Any] = json.loads(done.stdout)
    return {key: figures[key] for key in ("parser_modules", "ms_per_email", "jobs")}


if __name__ == "__main__":  # the compiled tree's run of _compiled_figures
    given = {**json.loads(sys.argv[1]), "compiled": False}
    sys.stdout.write(json.dumps(run_handler_bench(HandlerOptions(**given))) + "\n")
