"""Cheap, exact pre-checks for patterns the piece gate (gate.py) cannot gate.

The gate keeps only pieces of three characters or more (shorter ones are in every text), so a
rule such as ``\\bw-?9\\b`` or ``[\\u3040-\\u30ff]{12}`` is searched in every text. Two things
every match of such a pattern holds are still cheaper to ask than the search:
- its short literal pieces ("9"): each clause of ``gate.all_clauses`` needs one of its pieces
  in the text; clauses with a short word in any case ("he", "of") hold in nearly every text
  and are not asked;
- a character outside ASCII, when every match must hold one (a class of CJK characters):
  ``str.isascii`` answers in constant time for the whole text.
A text failing either cannot match; a text passing both is searched as before. The pieces are
looked up in the piece index with the gate's (anyof.py): a set test, not a substring search each.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # type: ignore[import-not-found]  # no stubs for 3.11's name
from typing import Any

from services.parser.rules.gate import Clause, Piece, all_clauses
from services.parser.rules.lead import subpattern_scope

__all__ = ["needs_non_ascii", "short_clauses"]

_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
# characters re.IGNORECASE may match with an ASCII letter although they are not ASCII
_ASCII_LOOKALIKES = frozenset("\u0130\u0131\u017f\u212a\u212b")
_COMMON = 2  # letters: a word of three is a piece of the gate too (gate._MIN_PIECE)
# Short words whose letters seldom meet inside English words, unlike "he" (the), "re" (are),
# "of": a clause of one turns most texts away, from the same index pass (its pieces are
# looked for anyway). Others are in nearly every text as substrings.
_RARE_SHORT = frozenset({"cv", "jd", "qa"})
_MAX_RANGE = 0x10000  # characters of a class range checked one by one; longer: not used


def short_clauses(pattern: re.Pattern[str]) -> tuple[Clause, ...]:
    """The clauses of ``gate.all_clauses`` without a common short word ("he", "of"): what a
    pattern the gate cannot gate is gated with (anyof.py), its pieces in the index however
    short."""
    return tuple(c for c in all_clauses(pattern) if not any(map(_common, c)))


def _common(piece: Piece) -> bool:
    """A short word in any case ("he", "of", "is"): in nearly every text, not worth asking,
    unless it is one of the rare ones ("qa")."""
    needle, ignore_case = piece
    return ignore_case and needle.isalpha() and len(needle) <= _COMMON and needle not in _RARE_SHORT


def needs_non_ascii(pattern: re.Pattern[str]) -> bool:
    """Every match of ``pattern`` holds a character that is not ASCII."""
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    return _sequence(list(sre_parse.parse(pattern.pattern, pattern.flags)), ignore_case)


def _sequence(items: list[tuple[Any, Any]], ignore_case: bool) -> bool:
    return any(_item(str(op), av, ignore_case) for op, av in items)


def _item(name: str, av: Any, ignore_case: bool) -> bool:
    if name == "LITERAL":
        return _foreign(chr(av), ignore_case)
    if name == "IN":
        return _foreign_class(av, ignore_case)
    if name == "SUBPATTERN":
        return _sequence(*subpattern_scope(av, ignore_case))
    if name == "ATOMIC_GROUP":
        return _sequence(list(av), ignore_case)
    if name == "BRANCH":
        return all(_sequence(list(branch), ignore_case) for branch in av[1])
    if name in _REPEATS:
        low, _high, body = av
        return low >= 1 and _sequence(list(body), ignore_case)
    return False  # anchors, look-arounds, categories, back references: nothing certain


def _foreign_class(items: list[tuple[Any, Any]], ignore_case: bool) -> bool:
    """A class of literal characters and ranges only, none of which can match ASCII."""
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            chars: range | tuple[int] = (av,)
        elif name == "RANGE" and av[1] - av[0] < _MAX_RANGE:
            chars = range(av[0], av[1] + 1)
        else:
            return False  # a negated class, a category (\w, \s…), a huge range
        if not all(_foreign(chr(code), ignore_case) for code in chars):
            return False
    return bool(items)


def _foreign(char: str, ignore_case: bool) -> bool:
    """``char`` matches no ASCII character (under re.IGNORECASE: neither does its case)."""
    if char.isascii():
        return False
    if not ignore_case:
        return True
    forms = (char.lower(), char.upper(), char.casefold())
    return char not in _ASCII_LOOKALIKES and not any(any(c.isascii() for c in f) for f in forms)
