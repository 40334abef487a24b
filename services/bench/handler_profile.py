"""``reqstream bench handler-profile``: where ``handle_raw_email``'s CPU goes, per pipeline stage,
between re's C matcher, other C code and Python (the interpreter), and what that leaves.

Three passes over the generated mix (``bench handler``'s), after a warm-up round:

- cProfile (CPU clock): builtins' own time is C, re.Pattern's methods the regex engine. The
  profiler's per-call cost lands on Python-level time, so ``python_calibrated`` puts it back to
  the run without profiler (its total less the C time, which the profiler barely changes);
  ``finditer``'s scanning happens in the loop that iterates it, which cProfile counts as Python.
- py-spy ``--native`` sampling in a child process: no per-call cost, and a sample in the C
  matcher is the matcher's whichever way Python reached it (the same attribution rules,
  ``profile_split``). Skipped when py-spy is not found.
- a count (sys.setprofile) of regex calls and distinct compiled patterns per stage, and of the
  characters each stage is handed; its timing is not used.

Then ``hyperscan_trial`` times the classify stage's body rules on Hyperscan, when installed.
"""

from __future__ import annotations

import base64
import cProfile
import json
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from types import CodeType, FrameType
from typing import Any

from schemas.contracts.models import RawEmail
from services.bench.emails import raw_emails
from services.bench.hyperscan_trial import best_seconds, hyperscan_trial
from services.bench.profile_split import (
    KINDS,
    OTHER,
    STAGES,
    Entry,
    FuncKey,
    cprofile_split,
    sample_split,
    stage_of,
)
from services.parser.handler import handle_raw_email

__all__ = ["ProfileOptions", "run_handler_profile"]

_MATCHER_NAMES = frozenset(
    ("match", "search", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner")
)
Pairs = Sequence[tuple[RawEmail, bytes]]


@dataclass(frozen=True)
class ProfileOptions:
    emails: int = 2000
    seed: int = 1
    count_emails: int = 500  # the counting pass is slow (a Python hook per call)
    sampling: bool = True
    sample_rate: int = 100  # per second; py-spy --native falls behind above that on 2 cores
    sample_rounds: int = 2
    hyperscan: bool = True


def _pairs(emails: int, seed: int) -> Pairs:
    messages = list(raw_emails(emails, seed=seed, sync_id=uuid.uuid4(), tag="h"))
    return [(m, base64.b64decode(m.raw_b64 or "")) for m in messages]


def _run_all(pairs: Pairs) -> None:
    for message, raw in pairs:
        handle_raw_email(message, raw)


def _ms(split: dict[str, dict[str, float]], count: int) -> dict[str, Any]:
    return {
        stage: {kind: round(1000 * figures[kind] / count, 4) for kind in KINDS}
        for stage, figures in sorted(split.items())
    }


def _profiled(run: Callable[[], object]) -> dict[FuncKey, Entry]:
    profiler = cProfile.Profile(time.thread_time_ns, 1e-9)  # CPU clock
    profiler.runcall(run)
    table: dict[FuncKey, Entry] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    return table


def _nothing() -> None:
    pass


def _calibration(calls: int = 200_000) -> dict[str, float]:
    """Seconds per call the profiler adds to the own time of a builtin (``len``) and of a
    Python function (an empty one): each one's own time profiled less its cost unprofiled (its
    loop's less an empty loop's)."""
    text = "x"

    def bare() -> None:
        for _ in range(calls):
            pass

    def builtin() -> None:
        for _ in range(calls):
            len(text)

    def python() -> None:
        for _ in range(calls):
            _nothing()

    base = best_seconds(bare) / calls
    own = {
        name: next(e[2] for k, e in _profiled(loop).items() if k[2] == entry) / calls
        for name, loop, entry in (
            ("c", builtin, "<built-in method builtins.len>"),
            ("python", python, _nothing.__name__),
        )
    }
    c_cost = best_seconds(builtin) / calls - base
    python_cost = best_seconds(python) / calls - base
    c_overhead = max(own["c"] - c_cost, 0.0)
    return {
        "regex": c_overhead,
        "c_other": c_overhead,
        "python": max(own["python"] - python_cost, 0.0),
    }


def _cprofile_view(pairs: Pairs, plain_ms: float) -> dict[str, Any]:
    table = _profiled(lambda: _run_all(pairs))
    overhead = _calibration()
    split = cprofile_split(table, overhead)
    raw = cprofile_split(table)
    count = len(pairs)
    stages = _ms(split, count)
    totals = {kind: round(sum(s[kind] for s in stages.values()), 4) for kind in KINDS}
    c_ms = totals["regex"] + totals["c_other"]
    # the profiler's own cost sits in the Python-level time: scale it to the unprofiled total
    python_scale = max(plain_ms - c_ms, 0.0) / max(totals["python"], 1e-9)
    return {
        "overhead_ns_per_call": {kind: round(1e9 * s, 1) for kind, s in overhead.items()},
        "ms_per_email": stages,
        "totals_ms": totals,
        "uncorrected_totals_ms": {
            kind: round(1000 * sum(s[kind] for s in raw.values()) / count, 4) for kind in KINDS
        },
        "profiled_total_ms": round(sum(totals.values()), 4),
        "python_calibrated_ms": round(totals["python"] * python_scale, 4),
        "regex_calls_per_email": {
            stage: round(figures["calls"] / count, 1) for stage, figures in sorted(split.items())
        },
    }


def _sampling_view(options: ProfileOptions, plain_ms: float) -> dict[str, Any]:
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        return {"skipped": "py-spy not found"}
    child = {"emails": options.emails, "seed": options.seed, "rounds": options.sample_rounds}
    command = [sys.executable, "-m", __name__, json.dumps(child)]
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "stacks.txt"
        # sampled from when its warm-up is done: py-spy --native slows imports tenfold
        with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as loop:
            assert loop.stdout is not None
            loop.stdout.readline()  # "warm"
            spy_command = [spy, "record", "--native", "-r", str(options.sample_rate)]
            spy_command += ["--format", "raw", "-o", str(out), "--pid", str(loop.pid)]
            subprocess.run(spy_command, capture_output=True, check=True)
        split = sample_split(out.read_text().splitlines())
    samples = sum(sum(kinds.values()) for kinds in split.values())
    shares = {
        stage: {kind: round(kinds[kind] / max(samples, 1), 4) for kind in KINDS}
        for stage, kinds in sorted(split.items())
    }
    totals = {kind: round(sum(s[kind] for s in shares.values()), 4) for kind in KINDS}
    return {
        "samples": samples,
        "share": shares,
        "totals_share": totals,
        # the shares applied to the unprofiled CPU per email
        "ms_per_email": {k: round(v * plain_ms, 4) for k, v in totals.items()},
    }


def _chars(value: object) -> int:
    """Characters of a stage's argument: text, bytes, a text's holder, or a list of them."""
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, list | tuple):
        return sum(_chars(item) for item in value)
    text = getattr(value, "text", None)
    return len(text) if isinstance(text, str) else 0


class _Count:
    """A profile hook counting, per stage, the regex calls, the patterns they used and the
    characters the stage's calls were handed; it keeps the texts classify was given."""

    def __init__(self) -> None:
        self.codes: dict[CodeType, str | None] = {}  # the stage a function starts, if any
        self.stack: list[tuple[FrameType, str]] = []
        self.calls: Counter[str] = Counter()
        self.patterns: dict[str, set[int]] = defaultdict(set)
        self.chars: Counter[str] = Counter()
        self.classify_texts: list[str] = []

    def __call__(self, frame: FrameType, event: str, arg: Any) -> None:
        if event == "call":
            code = frame.f_code
            if code not in self.codes:
                self.codes[code] = stage_of([(code.co_name, code.co_filename)])
            stage = self.codes[code]
            if stage is not None:
                self.stack.append((frame, stage))
                self.chars[stage] += sum(_chars(v) for v in frame.f_locals.values())
                if stage == "classify":
                    self.classify_texts.append(frame.f_locals["evidence"].text)
        elif event == "return":
            if self.stack and self.stack[-1][0] is frame:
                self.stack.pop()
        elif event == "c_call" and self.stack:
            owner = getattr(arg, "__self__", None)
            if isinstance(owner, re.Pattern) and arg.__name__ in _MATCHER_NAMES:
                stage = self.stack[-1][1]
                self.calls[stage] += 1
                self.patterns[stage].add(id(owner))


def _count_view(pairs: Pairs) -> tuple[dict[str, Any], list[str]]:
    count = _Count()
    sys.setprofile(count)
    try:
        _run_all(pairs)
    finally:
        sys.setprofile(None)
    emails = len(pairs)
    every: set[int] = set().union(*count.patterns.values()) if count.patterns else set()
    return {
        "emails": emails,
        "regex_calls_per_email": {s: round(n / emails, 1) for s, n in sorted(count.calls.items())},
        "distinct_patterns": {s: len(p) for s, p in sorted(count.patterns.items())},
        "distinct_patterns_all": len(every),
        # the region's own figure holds the whole email's (its raw bytes)
        "input_chars_per_email": {s: round(n / emails) for s, n in sorted(count.chars.items())},
    }, count.classify_texts


def _estimates(
    plain_ms: float, sampled: dict[str, Any], trial: dict[str, Any], classify_per_email: float
) -> dict[str, Any]:
    """What each route would leave, from the sampling view's shares of the unprofiled CPU."""
    if "share" not in sampled:
        return {"skipped": "needs the sampling view"}
    totals = sampled["totals_share"]
    regex_ms, c_ms, python_ms = (round(totals[k] * plain_ms, 3) for k in KINDS)
    classify_regex = round(sampled["share"].get("classify", {}).get("regex", 0.0) * plain_ms, 3)
    per_text = trial.get("us_per_text", {})
    saved_us = per_text.get("parser_anyof", 0.0) - per_text.get("hyperscan", 0.0)
    return {
        "handle_raw_email_ms": round(plain_ms, 3),
        "python_level_ms": python_ms,
        "regex_ms": regex_ms,
        "c_other_ms": c_ms,
        "left_without_any_python_ms": round(regex_ms + c_ms, 3),
        "classify_regex_ms": classify_regex,
        # the body rules' matching on Hyperscan instead of the gated re path, per email
        "classify_saved_by_hyperscan_ms": round(saved_us * classify_per_email / 1000, 3),
    }


def run_handler_profile(options: ProfileOptions = ProfileOptions()) -> dict[str, Any]:
    pairs = _pairs(options.emails, options.seed)
    _run_all(pairs)  # warm-up: imports, regex caches
    plain_ms = 1000 * best_seconds(lambda: _run_all(pairs), rounds=2) / len(pairs)
    profiled = _cprofile_view(pairs, plain_ms)
    counted, classify_texts = _count_view(pairs[: options.count_emails])
    sampled = _sampling_view(options, plain_ms) if options.sampling else {"skipped": "off"}
    trial = hyperscan_trial(classify_texts) if options.hyperscan else {"skipped": "off"}
    return {
        "options": asdict(options),
        "handle_raw_email_ms": round(plain_ms, 4),
        "cprofile": profiled,
        "sampling": sampled,
        "counts": counted,
        "hyperscan_classify": trial,
        "estimates": _estimates(
            plain_ms, sampled, trial, len(classify_texts) / max(counted["emails"], 1)
        ),
        "notes": [
            "kinds: regex = re.Pattern's C matcher; c_other = other C code (str methods, "
            "dict/list/set, pydantic-core, Aho-Corasick, hashlib); python = the interpreter "
            "running Python code, its allocation and garbage collection",
            "stages: the innermost of " + ", ".join(f"{s}={f}:{n}" for s, f, n in STAGES),
            f"{OTHER}: inside handle_raw_email, under no stage (extract's own steps)",
            "cprofile: CPU clock; python inflated by the profiler (see python_calibrated_ms); "
            "finditer's scanning is counted as Python there, as the matcher in sampling",
        ],
    }


def _sampled_child(given: dict[str, int]) -> None:
    """The loop py-spy samples: a warm-up, "warm" on stdout, then the rounds (only samples in
    the region count)."""
    pairs = _pairs(given["emails"], given["seed"])
    _run_all(pairs)
    print("warm", flush=True)  # noqa: T201 - the parent's cue to start sampling
    for _ in range(given["rounds"]):
        _run_all(pairs)


if __name__ == "__main__":
    _sampled_child(json.loads(sys.argv[1]))
