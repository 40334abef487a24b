"""``reqstream bench files PATH ...``: seconds per .eml file through the offline parse path.

The path ``reqstream parse --extractor offline`` runs (``decode_email`` then ``extract``), one
file at a time, each timed on this thread's CPU clock (time.thread_time: other processes on a
busy machine do not count), best of ``rounds``. It answers "is any file slow" for a corpus
such as tests/corpus/peer_mime without a wall-clock assertion in a test.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.parser.decoding import decode_email
from services.parser.rules import extract

_SLOWEST = 5  # files named in the report


@dataclass(frozen=True)
class FilesOptions:
    rounds: int = 3  # each file's figure is its best round


def eml_files(paths: Sequence[Path]) -> list[Path]:
    """Files as given; a directory stands for every .eml below it."""
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(path.rglob("*.eml")) if path.is_dir() else [path])
    return found


def _seconds(raw: bytes, rounds: int) -> float:
    best = math.inf
    for _ in range(rounds):
        started = time.thread_time()
        extract(decode_email(raw))
        best = min(best, time.thread_time() - started)
    return best


def _percentile(ordered: Sequence[float], share: float) -> float:
    """Nearest-rank percentile of an ascending sequence."""
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def run_files_bench(
    paths: Sequence[Path], options: FilesOptions = FilesOptions()
) -> dict[str, Any]:
    files = eml_files(paths)
    if not files:
        raise ValueError("no .eml files under the given paths")
    timed = [(_seconds(path.read_bytes(), options.rounds), path) for path in files]
    ordered = sorted(seconds for seconds, _ in timed)
    slowest = sorted(timed, key=lambda item: item[0], reverse=True)[:_SLOWEST]
    return {
        "files": len(files),
        "rounds": options.rounds,
        "max_s": round(ordered[-1], 4),
        "p99_s": round(_percentile(ordered, 0.99), 4),
        "p50_s": round(_percentile(ordered, 0.50), 4),
        "total_s": round(sum(ordered), 3),
        "slowest": [{"file": str(path), "s": round(seconds, 4)} for seconds, path in slowest],
        "notes": [
            "CPU time of this thread (time.thread_time) per file, best of the rounds",
            "per file: decode_email + extract, what `reqstream parse --extractor offline` runs",
        ],
    }
