"""A regex that skips, at C speed, the positions where no match can start: exact by construction.

Python's ``re`` only skips ahead on its own for a pattern that starts with a literal or a plain
character class. A pattern that starts with ``\\b``, a look-behind, an optional part or a
case-insensitive alternation ("up to|max|nte …", "\\bC2H\\b|\\bW-?2\\b …") is tried in full at
every position of the text, and most rules here start that way. ``guarded`` reads from the
parsed pattern the characters a match can start with and puts them in front as a look-ahead:
``(?=[first characters])(?:pattern)``. The look-ahead is true wherever the pattern can match,
so the matches (spans, groups, names, numbers) are exactly the pattern's; it only turns away
positions early. A pattern whose first character cannot be told (``.``, a negated class, a
back reference, a possibly empty match) is returned as it is.

Case-insensitive parts keep their folding: their characters go into a ``(?i:[…])`` class,
which ``re`` folds as it folds the literals they came from (ſ, K and the like included).
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # type: ignore[import-not-found]  # no stubs for 3.11's name
from typing import Any

__all__ = ["as_written", "guarded", "subpattern_scope"]

_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}  # anchors and look-arounds consume nothing
_GLOBAL_FLAGS = re.compile(r"^\(\?[aiLmsux]+\)")

# What a match may start with: class items (regex source), case-sensitive and case-insensitive;
# None when it cannot be told.
_Firsts = tuple[frozenset[str], frozenset[str]]


# guarded pattern → the pattern as written (tests compare the two)
_WRITTEN: dict[re.Pattern[str], re.Pattern[str]] = {}


class _Unknown(Exception):
    """The first character cannot be told: no guard."""


def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` with a look-ahead on its first character, or ``pattern`` itself."""
    if _GLOBAL_FLAGS.match(pattern.pattern):
        return pattern  # "(?i)…" must stay at the start: not worth handling
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    try:
        parsed = list(sre_parse.parse(pattern.pattern, pattern.flags))
        if parsed and _skips_already(parsed[0], ignore_case):
            return pattern
        starts, nullable = _starts(parsed, ignore_case)
    except _Unknown:
        return pattern
    if nullable or not any(s or i for s, i in starts.values()):
        return pattern  # a match may be empty: every position can start one
    alternatives = []
    for skip, (sensitive, insensitive) in starts.items():
        classes = [f"(?{flag}:[{''.join(sorted(items))}])"
                   for flag, items in (("-i", sensitive), ("i", insensitive)) if items]  # fmt: skip
        body = "|".join(classes)
        alternatives.append(f"{skip}(?:{body})" if skip and len(classes) > 1 else skip + body)
    found = re.compile(f"(?={'|'.join(alternatives)})(?:{pattern.pattern})", pattern.flags)
    _WRITTEN[found] = pattern
    return found


def as_written(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern ``guarded`` was given for ``pattern`` (``pattern`` if it is no guard's)."""
    return _WRITTEN.get(pattern, pattern)


def _skips_already(first: tuple[Any, Any], ignore_case: bool) -> bool:
    """``re`` finds a leading case-sensitive literal on its own, and tries a pattern anchored
    at the start of the text only there: a look-ahead would make it try every position."""
    op, av = first
    name = str(op)
    return (name == "LITERAL" and not ignore_case) or (
        name == "AT" and str(av) in ("AT_BEGINNING", "AT_BEGINNING_STRING")
    )


def _starts(items: list[tuple[Any, Any]], ignore_case: bool) -> tuple[dict[str, _Firsts], bool]:
    """Like ``_sequence``, but a leading optional run of one character class ("\\s*" before
    "$60/hr") is kept as a prefix of the characters that follow it, rather than its own
    characters being first characters: "(?=\\s*[$\\d])" turns away every space not followed
    by an amount, where "(?=[\\s$\\d])" tries the whole pattern at each one. Still true
    wherever the pattern can match: the run is skipped, then what follows it must start."""
    starts: dict[str, tuple[set[str], set[str]]] = {}
    skip = ""
    for op, av in items:
        name = str(op)
        if name in _ZERO_WIDTH:
            continue
        run = _optional_run(name, av, ignore_case)
        if run is not None:
            skip += run
            continue
        (first_s, first_i), nullable = _item(name, av, ignore_case)
        sensitive, insensitive = starts.setdefault(skip, (set(), set()))
        sensitive |= first_s
        insensitive |= first_i
        if not nullable:
            return {k: (frozenset(s), frozenset(i)) for k, (s, i) in starts.items()}, False
    return {}, True


def _optional_run(name: str, av: Any, ignore_case: bool) -> str | None:
    """ "\\s*", "[ \\t]?" and the like as a look-ahead prefix ("(?-i:[\\s])*"); None for
    anything else."""
    if name not in _REPEATS or av[0] != 0 or len(av[2]) != 1:
        return None
    op, body = av[2][0]
    if str(op) == "LITERAL":
        items = {_escape(body)}
    elif str(op) == "IN":
        items = _class_items(body)
    else:
        return None
    return f"(?{'i' if ignore_case else '-i'}:[{''.join(sorted(items))}])*"


def _sequence(items: list[tuple[Any, Any]], ignore_case: bool) -> tuple[_Firsts, bool]:
    """The first characters of a sequence: its first item's, and the next item's too while
    the items so far may match nothing."""
    sensitive: set[str] = set()
    insensitive: set[str] = set()
    for op, av in items:
        (first_s, first_i), nullable = _item(str(op), av, ignore_case)
        sensitive |= first_s
        insensitive |= first_i
        if not nullable:
            return (frozenset(sensitive), frozenset(insensitive)), False
    return (frozenset(sensitive), frozenset(insensitive)), True


def _item(name: str, av: Any, ignore_case: bool) -> tuple[_Firsts, bool]:
    if name in _ZERO_WIDTH:
        return (frozenset(), frozenset()), True
    if name == "LITERAL":
        return _chars({_escape(av)}, ignore_case), False
    if name == "IN":
        return _chars(_class_items(av), ignore_case), False
    if name == "SUBPATTERN":
        return _sequence(*subpattern_scope(av, ignore_case))
    if name == "BRANCH":
        alternatives = [_sequence(list(branch), ignore_case) for branch in av[1]]
        sensitive = frozenset().union(*(a[0][0] for a in alternatives))
        insensitive = frozenset().union(*(a[0][1] for a in alternatives))
        return (sensitive, insensitive), any(a[1] for a in alternatives)
    if name in _REPEATS:
        low, _high, body = av
        firsts, nullable = _sequence(list(body), ignore_case)
        return firsts, nullable or low == 0
    if name == "ATOMIC_GROUP":
        return _sequence(list(av), ignore_case)
    raise _Unknown(name)  # ANY, NOT_LITERAL, GROUPREF, conditionals …


def subpattern_scope(av: Any, ignore_case: bool) -> tuple[list[tuple[Any, Any]], bool]:
    """A group's items and whether they are case-insensitive ("(?i:…)", "(?-i:…)")."""
    _group, add_flags, del_flags, body = av
    scoped = (ignore_case or bool(add_flags & re.IGNORECASE)) and not (del_flags & re.IGNORECASE)
    return list(body), scoped


def _chars(items: set[str], ignore_case: bool) -> _Firsts:
    return (frozenset(), frozenset(items)) if ignore_case else (frozenset(items), frozenset())


def _class_items(items: list[tuple[Any, Any]]) -> set[str]:
    found: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            found.add(_escape(av))
        elif name == "RANGE":
            found.add(f"{_escape(av[0])}-{_escape(av[1])}")
        elif name == "CATEGORY" and str(av) in _CATEGORIES:
            found.add(_CATEGORIES[str(av)])
        else:
            raise _Unknown(name)  # NEGATE and the like
    return found


def _escape(code: int) -> str:
    return "\\" + chr(code) if not chr(code).isalnum() else chr(code)
