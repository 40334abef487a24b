"""Which of many patterns may match an ASCII text, from one Hyperscan scan (a multi-pattern DFA).

Hyperscan's ``\\w``, ``\\s``, ``\\d`` and case folding are ASCII's, Python's str patterns are
Unicode's, and Hyperscan takes no look-arounds. So nothing here trusts Hyperscan to answer for a
pattern: each pattern is rewritten into one that matches at least wherever the Python pattern
matches in an ASCII text, and Python's ``re`` then asks only the patterns the scan names.

The rewrite walks ``re``'s own parse of the pattern. Every one-character item (a literal, a
class, ``\\w``, ``.``) becomes the explicit class of the ASCII characters Python's ``re`` itself
matches with it under the pattern's flags (asked of each of the 128 characters), so case folding
("ſ" is "s", "K" is "k") and Unicode classes count exactly as ``re`` counts them on ASCII. Word
boundaries stay (on ASCII text both engines' word characters are ``[A-Za-z0-9_]``), and so does a
start of text; every other assertion (``$``, look-arounds, multi-line ``^``) is dropped and a
back reference becomes any run of characters, each of which only lets more texts through.
Hyperscan's prefilter mode, itself free of false negatives, takes what it cannot compile as
written. A pattern whose rewrite Hyperscan refuses is a candidate for every text.

Texts with a character outside ASCII are not scanned (``candidates`` returns None): the caller
asks its patterns the way it would without this module.
"""

from __future__ import annotations

import importlib
import re
import re._compiler as sre_compiler  # type: ignore[import-not-found]  # no stubs for 3.11's name
import re._constants as sre_constants  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]
import threading
from collections.abc import Sequence
from types import ModuleType
from typing import Any

__all__ = ["Prefilter", "hyperscan_source"]

_ASCII = [chr(i) for i in range(128)]
_ANY_RUN = "[\\x00-\\x7f]*"


class _Impossible(Exception):
    """The item cannot match any ASCII text."""


def _hyperscan() -> ModuleType | None:
    try:
        return importlib.import_module("hyperscan")
    except ImportError:
        return None


def hyperscan_source(pattern: re.Pattern[str]) -> str | None:
    """A Hyperscan expression matching every ASCII text ``pattern`` matches (bytes as
    ``\\xNN``), or None when ``pattern`` matches no ASCII text."""
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    try:
        return _sequence(list(parsed), parsed.state.flags)
    except _Impossible:
        return None


def _sequence(items: list[tuple[Any, Any]], flags: int) -> str:
    return "".join(_item(op, av, flags) for op, av in items)


def _item(op: Any, av: Any, flags: int) -> str:
    c = sre_constants
    if op in (c.LITERAL, c.NOT_LITERAL, c.ANY, c.IN):
        return _class(_matched(op, av, flags))
    if op is c.SUBPATTERN:
        _, add, remove, inner = av
        return "(?:" + _sequence(list(inner), (flags | add) & ~remove) + ")"
    if op is c.BRANCH:
        return _branch(av[1], flags)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, high, inner = av
        try:
            body = _sequence(list(inner), flags)
        except _Impossible:
            if low:
                raise
            return ""
        most = "" if high == sre_constants.MAXREPEAT else str(high)
        return f"(?:{body}){{{low},{most}}}"
    if op is c.ATOMIC_GROUP:  # atomic matching only ever matches less
        return "(?:" + _sequence(list(av), flags) + ")"
    if op is c.AT:
        return _at(av, flags)
    if op in (c.ASSERT, c.ASSERT_NOT):
        return ""  # dropped: only lets more texts through
    if op is c.GROUPREF:
        return _ANY_RUN
    if op is c.GROUPREF_EXISTS:
        _, yes, no = av
        return _branch([yes, no] if no is not None else [yes, []], flags)
    raise ValueError(f"no rewrite for {op}")


def _branch(alternatives: Sequence[Any], flags: int) -> str:
    written = []
    for alternative in alternatives:
        try:
            written.append(_sequence(list(alternative), flags))
        except _Impossible:
            continue
    if not written:
        raise _Impossible
    return "(?:" + "|".join(written) + ")"


def _at(where: Any, flags: int) -> str:
    c = sre_constants
    if where is c.AT_BOUNDARY:
        return "\\b"
    if where is c.AT_NON_BOUNDARY:
        return "\\B"
    if where is c.AT_BEGINNING_STRING or (where is c.AT_BEGINNING and not flags & re.MULTILINE):
        return "^"
    return ""  # ends of text or lines, a line's start: dropped, only lets more texts through


_MEMO: dict[tuple[Any, str, int], tuple[int, ...]] = {}


def _matched(op: Any, av: Any, flags: int) -> tuple[int, ...]:
    """The ASCII characters ``re`` matches with the one-character item ``(op, av)``."""
    memo_key = (op, repr(av), flags)
    found = _MEMO.get(memo_key)
    if found is None:
        state = sre_parse.State()
        state.flags = flags
        compiled = sre_compiler.compile(sre_parse.SubPattern(state, [(op, av)]), flags)
        found = tuple(i for i, char in enumerate(_ASCII) if compiled.fullmatch(char))
        _MEMO[memo_key] = found
    return found


def _class(codes: tuple[int, ...]) -> str:
    if not codes:
        raise _Impossible
    if len(codes) == 1:
        return f"\\x{codes[0]:02x}"
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return (
        "["
        + "".join(f"\\x{a:02x}" if a == b else f"\\x{a:02x}-\\x{b:02x}" for a, b in ranges)
        + "]"
    )


def _collect(rule: int, _start: int, _end: int, _flags: int, found: list[int]) -> None:
    found.append(rule)


class Prefilter:
    """For ASCII texts, the indexes of ``patterns`` that may match (every one that does among
    them), from one Hyperscan scan; None without Hyperscan (``available``)."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self._patterns = tuple(patterns)
        self._hs: Any = _hyperscan()
        self._always: list[int] = []
        self._database: Any = None
        self._built = False
        self._scratch = threading.local()

    def _build(self) -> None:
        """Compiled at the first scan (~1.5 s for classify's rules), not on import."""
        hs = self._hs
        sources, ids = [], []
        for i, pattern in enumerate(self._patterns):
            source = hyperscan_source(pattern)
            if source is not None:  # else it matches no ASCII text
                sources.append(source.encode())
                ids.append(i)
        try:
            self._database = _database(hs, sources, ids)
        except hs.error:  # one of them is refused: the rest compiled, it asked of every text
            taken = [at for at, source in enumerate(sources) if _compiles(hs, source)]
            self._always = sorted(set(ids) - {ids[at] for at in taken})
            if taken:
                self._database = _database(
                    hs, [sources[at] for at in taken], [ids[at] for at in taken]
                )
        self._built = True

    def warm(self) -> None:
        """Compile the database now (a service's start), not at the first text's scan."""
        if self._hs is not None and not self._built:
            self._build()

    @property
    def available(self) -> bool:
        return self._hs is not None

    def candidates(self, text: str) -> list[int] | None:
        """Sorted indexes of the patterns that may match ``text``; None when ``text`` is not
        ASCII or Hyperscan is missing (ask every pattern)."""
        if self._hs is None or not text.isascii():
            return None
        if not self._built:
            self._build()
        found = list(self._always)
        if self._database is not None and text:
            scratch = getattr(self._scratch, "scratch", None)
            if scratch is None:
                scratch = self._scratch.scratch = self._hs.Scratch(self._database)
            self._database.scan(text.encode(), _collect, context=found, scratch=scratch)
        found.sort()
        return found


def _flags(hs: Any) -> int:
    return int(hs.HS_FLAG_PREFILTER | hs.HS_FLAG_SINGLEMATCH)


def _database(hs: Any, sources: list[bytes], ids: list[int]) -> Any:
    database = hs.Database()
    database.compile(expressions=sources, ids=ids, elements=len(ids), flags=_flags(hs))
    return database


def _compiles(hs: Any, source: bytes) -> bool:
    """Whether Hyperscan compiles ``source`` (it refuses one that matches an empty text)."""
    try:
        _database(hs, [source], [0])
    except hs.error:
        return False
    return True
