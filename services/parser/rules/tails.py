"""A cheap, exact pre-check for a pattern ``re`` tries at every position: its literal tail.

``\\b[a-z][\\w-]+\\.[ch]\\b`` starts with a word boundary and a letter, so ``re`` tries it at
every position of the text (~70 ns each); the piece gate cannot help (its pieces, "." and "c",
are in every mail). Every match of a sequence ``A B`` holds a match of ``B`` where ``B``'s items
matched (look-arounds and boundaries see the same text around them), so a text where ``B`` is
not found cannot match. When ``B`` starts with a literal (``\\.[ch]\\b``), ``re`` finds its
candidates with a C substring scan: a few ns a character. ``required_tail`` returns that ``B``,
the longest such tail of the top-level sequence; a text failing it is not searched at all.
"""

from __future__ import annotations

import re
import re._compiler as sre_compiler  # type: ignore[import-not-found]  # no stubs for 3.11's name
import re._parser as sre_parse  # type: ignore[import-not-found]  # no stubs for 3.11's name
from collections.abc import Callable
from typing import Any

__all__ = ["TailFirst", "required_tail"]

_UNSPLITTABLE = re.compile(r"\(\?P=|\(\?\(|\\[1-9]|^\(\?[aiLmsux]+\)")


def required_tail(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The longest proper tail of ``pattern``'s top-level sequence that ``re`` finds by a
    literal prefix; None when there is none, or ``re`` skips to a literal of the whole pattern
    already."""
    source, flags = pattern.pattern, pattern.flags
    if flags & re.VERBOSE or _UNSPLITTABLE.search(source):
        return None  # back references, conditionals, global flags: no tail stands alone
    items = list(sre_parse.parse(source, flags))
    if _literal_prefix(sre_parse.parse(source, flags), flags):
        return None
    for start in range(1, len(items)):
        op, code = items[start]
        if str(op) != "LITERAL" or (
            flags & re.IGNORECASE and chr(code).lower() != chr(code).upper()
        ):
            continue  # not a literal re scans for: a cased one under IGNORECASE is no prefix
        wanted = _plain(items[start:])
        # where the tail's source can begin: its literal, or an escape of it
        begins = (chr(code), "\\")
        for at in range(1, len(source)):
            if source[at] not in begins:
                continue
            tail = _parsed(source[at:], flags)
            if tail is not None and _plain(list(tail)) == wanted:
                if not _literal_prefix(tail, flags):
                    break  # a cased literal under IGNORECASE: re scans for it no faster
                return re.compile(source[at:], flags)
    return None


def _parsed(source: str, flags: int) -> Any:
    try:
        return sre_parse.parse(source, flags)
    except re.error:
        return None


def _literal_prefix(parsed: Any, flags: int) -> bool:
    return bool(sre_compiler._get_literal_prefix(parsed, flags)[0])


def _plain(node: Any) -> Any:
    """A parsed pattern as nested tuples, group numbers left out (a tail numbers its groups
    from one), so that two parses compare equal when they match alike."""
    if isinstance(node, sre_parse.SubPattern):
        return _plain(list(node))
    if isinstance(node, (list, tuple)):
        if len(node) == 2 and str(node[0]) == "SUBPATTERN":
            _group, add, remove, body = node[1]
            return ("SUBPATTERN", (add, remove, _plain(body)))
        return tuple(_plain(item) for item in node)
    return node


class TailFirst:
    """A search (``search``, exact) asked only of texts where ``tail`` is found."""

    __slots__ = ("_search", "_tail")

    def __init__(self, tail: re.Pattern[str], search: Callable[[str], re.Match[str] | None]):
        self._tail = tail.search
        self._search = search

    def search(self, text: str) -> re.Match[str] | None:
        return None if self._tail(text) is None else self._search(text)
