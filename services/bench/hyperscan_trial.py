"""One experiment for ``bench handler-profile``: the classify stage's body rules on a multi-pattern
DFA engine (Hyperscan) against the ``re`` path the parser runs, on the same texts.

Hyperscan is not a dependency: ``pip install hyperscan`` (a wheel with the library inside) makes
this run; without it the trial reports that it was skipped. The rules Hyperscan cannot compile
(look-arounds, back references) are named and asked the parser's way beside it, so the answers
stay whole; ``differ`` counts the texts where the two sets of matching rules are not the same.
"""

from __future__ import annotations

import importlib
import re
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from services.parser.rules import CLASSIFY_BODY_PATTERNS, AnyOf, Folded, PieceIndex

__all__ = ["best_seconds", "hyperscan_trial"]


def best_seconds(run: Callable[[], object], rounds: int = 3) -> float:
    """The least CPU time of this thread ``run`` took in ``rounds`` runs."""
    best = float("inf")
    for _ in range(rounds):
        started = time.thread_time()
        run()
        best = min(best, time.thread_time() - started)
    return best


_UNICODE_ESCAPE = re.compile(r"(?<!\\)\\u([0-9a-fA-F]{4})")


def _flags(hs: Any, pattern: re.Pattern[str]) -> int:
    # not HS_FLAG_UCP: Hyperscan takes no \b in its Unicode mode, so \w, \s and \b are ASCII's
    # here (``differ`` shows what that changes on the texts)
    flags = int(hs.HS_FLAG_SINGLEMATCH | hs.HS_FLAG_UTF8 | hs.HS_FLAG_ALLOWEMPTY)
    if pattern.flags & re.IGNORECASE:
        flags |= hs.HS_FLAG_CASELESS
    if pattern.flags & re.MULTILINE:
        flags |= hs.HS_FLAG_MULTILINE
    if pattern.flags & re.DOTALL:
        flags |= hs.HS_FLAG_DOTALL
    return flags


def _hs_source(pattern: re.Pattern[str]) -> bytes:
    """The pattern in Hyperscan's syntax: ``\\x{...}`` for Python's ``\\uXXXX``."""
    return _UNICODE_ESCAPE.sub(r"\\x{\1}", pattern.pattern).encode()


def _refusal(hs: Any, pattern: re.Pattern[str]) -> str | None:
    """Why Hyperscan cannot compile ``pattern``, or None when it can."""
    try:
        hs.Database().compile(
            expressions=[_hs_source(pattern)], ids=[0], elements=1, flags=[_flags(hs, pattern)]
        )
    except hs.error as exc:
        return str(exc)
    return None


def _each(run: Callable[[str], object], texts: Sequence[str]) -> None:
    for text in texts:
        run(text)


def _indexed_anyof(patterns: Sequence[re.Pattern[str]]) -> tuple[AnyOf, PieceIndex]:
    anyof = AnyOf(patterns)
    index = PieceIndex(anyof.parts)
    anyof.index_with(index)
    return anyof, index


def hyperscan_trial(texts: Sequence[str], rounds: int = 3) -> dict[str, Any]:
    """CPU microseconds per text of: the parser's path (AnyOf: gates, then ``re`` per rule),
    every rule's ``re`` search, and Hyperscan's one scan (plus the parser's path for the rules
    it cannot take), with whether their answers agree."""
    try:
        hs = importlib.import_module("hyperscan")
    except ImportError:
        return {"skipped": "hyperscan is not installed (pip install hyperscan to run this trial)"}
    patterns = CLASSIFY_BODY_PATTERNS
    refusals = {i: _refusal(hs, p) for i, p in enumerate(patterns)}
    taken = [i for i, why in refusals.items() if why is None]
    left = [i for i, why in refusals.items() if why is not None]
    database = hs.Database()
    database.compile(
        expressions=[_hs_source(patterns[i]) for i in taken],
        ids=taken,
        elements=len(taken),
        flags=[_flags(hs, patterns[i]) for i in taken],
    )
    anyof, index = _indexed_anyof(patterns)
    # the rules Hyperscan refuses, asked as the parser asks them (gated), beside its scan
    refused, refused_index = _indexed_anyof([patterns[i] for i in left])

    def parser_path(text: str) -> list[int]:
        return anyof.matching(Folded(text, index))

    def every_re(text: str) -> list[int]:
        return [i for i, p in enumerate(patterns) if p.search(text)]

    def with_hyperscan(text: str) -> list[int]:
        found: set[int] = set()

        def matched(rule: int, *_: object) -> None:
            found.add(rule)

        database.scan(text.encode(), match_event_handler=matched)
        found.update(left[i] for i in refused.matching(Folded(text, refused_index)))
        return sorted(found)

    def scan_only(text: str) -> None:
        database.scan(text.encode(), match_event_handler=lambda *_: None)

    ways: dict[str, Callable[[str], object]] = {
        "parser_anyof": parser_path,
        "re_each_rule": every_re,
        "hyperscan": with_hyperscan,
        "hyperscan_scan_only": scan_only,
    }
    per_text = {
        name: round(1e6 * best_seconds(partial(_each, run, texts), rounds), 1)
        for name, run in ways.items()
    }
    count = max(len(texts), 1)
    return {
        "texts": len(texts),
        "chars_per_text": round(sum(map(len, texts)) / count),
        "rules": len(patterns),
        "hyperscan_cannot_take": {patterns[i].pattern[:60]: refusals[i] for i in left},
        "us_per_text": {name: round(total / count, 1) for name, total in per_text.items()},
        "parser_over_hyperscan": round(
            per_text["parser_anyof"] / max(per_text["hyperscan"], 1e-9), 2
        ),
        "differ": sum(parser_path(t) != with_hyperscan(t) for t in texts),
    }
