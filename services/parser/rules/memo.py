"""Remember what a pure function of one text returned, with memory bounded.

The rules read the same texts more than once: a job's block for its values and again for their
evidence, an email's intro once per job it holds, common mentions ("H1B", "$60/hr", "Remote")
in email after email. ``per_text`` keeps the results of a function that depends on the text
alone, so each is computed once. The most recent few hundred short texts (lines, mentions) are
kept and only a few long ones (whole blocks and bodies, up to the extractor's 100,000
characters): enough for the jobs of one email and for the mentions that recur in every email,
while memory stays small. Deliberately not more: a cache that held a whole benchmark corpus
would measure its own hits, not the parser (``bench handler`` runs the same emails each round).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

__all__ = ["SHORT_TEXT", "forget", "per_text"]

R = TypeVar("R")

SHORT_TEXT = 500  # characters: a line, a mention, a short job block
_SHORT_KEPT = 256  # results for short texts
_LONG_KEPT = 8  # results for long texts: the few blocks of the email at hand
_CACHES: list[Callable[[], None]] = []  # each cache's clear()


def per_text(compute: Callable[[str], R]) -> Callable[[str], R]:
    """``compute`` remembered by text. Its results are shared, so they must not be changed
    (tuples, enums, numbers, strings, frozen models)."""
    short = lru_cache(maxsize=_SHORT_KEPT)(compute)
    long = lru_cache(maxsize=_LONG_KEPT)(compute)
    _CACHES.extend((short.cache_clear, long.cache_clear))

    def remembered(text: str) -> R:
        return short(text) if len(text) <= SHORT_TEXT else long(text)

    remembered.__doc__ = compute.__doc__
    return remembered


def forget() -> None:
    """Empty every cache (tests and benchmarks that must start cold)."""
    for clear in _CACHES:
        clear()
