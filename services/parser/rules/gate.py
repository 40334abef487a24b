"""Regex searches that skip texts which cannot match: a literal pre-check, exact by construction.

Python's ``re`` tries a pattern that starts with ``\\b`` or a case-insensitive alternation at
every position of the text, which makes a few dozen classifier rules cost milliseconds per email.
Most rules name words that most emails never contain ("lottery", "timesheet"). ``GatedPattern``
reads from the parsed pattern the literal pieces every match must contain (clauses: one of a
few alternatives each) and runs the regex only when the text satisfies every clause. The check
can only let a text through that the pattern then rejects; it never turns away a text the
pattern would match, so results are exactly the pattern's. The search itself runs the pattern
with a first-character look-ahead (``lead.guarded``), exact too.

Case-insensitive pieces are compared with the text folded as ``re.IGNORECASE`` folds ASCII
letters: ``str.lower()`` plus the four non-ASCII characters that match an ASCII letter there
(İ, ı, ſ and the Kelvin sign, which ``lower()`` already maps). Only ASCII pieces are used.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # type: ignore[import-not-found]  # no stubs for 3.11's name
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]  # re's extra folds
from typing import Any

import ahocorasick

from services.parser.rules.lead import guarded, subpattern_scope

__all__ = [
    "Folded",
    "GatedPattern",
    "GatedRules",
    "PieceIndex",
    "all_clauses",
    "fold",
    "required_clauses",
]

# The characters re.IGNORECASE matches with an ASCII letter that str.lower() does not turn into it.
_ASCII_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_MIN_PIECE = 3  # characters
_FEW = 4  # characters of a class read as pieces
_MAX_CLAUSES = 2

# One piece: its text (lower case when case-insensitive) and whether case matters.
Piece = tuple[str, bool]
Clause = frozenset[Piece]  # the text contains at least one of these pieces


class Folded:
    """A text and its case-folded form, folded once however many patterns look at it. With a
    ``PieceIndex``, the index's pieces are all looked for in one pass over the text."""

    __slots__ = ("_folded", "_index", "_present", "text")

    def __init__(self, text: str, index: PieceIndex | None = None) -> None:
        self.text = text
        self._folded: str | None = None
        self._index = index
        self._present: frozenset[Piece] | None = None

    @property
    def folded(self) -> str:
        if self._folded is None:
            self._folded = fold(self.text)
        return self._folded

    def satisfies(self, clauses: tuple[Clause, ...]) -> bool:
        """Every clause has a piece in the text. Pieces of the index are looked up as a set (one
        intersection test per clause, no loop over pieces); others as substrings."""
        if self._index is None:
            return all(any(self.contains(piece) for piece in clause) for clause in clauses)
        if self._present is None:
            self._present = self._index.present(self)
        for clause in clauses:
            if clause.isdisjoint(self._present) and (
                clause <= self._index.pieces or not any(self.contains(p) for p in clause)
            ):
                return False
        return True

    def present(self) -> frozenset[Piece]:
        """The index's pieces in the text."""
        if self._index is None:
            raise ValueError("a text without a piece index")
        if self._present is None:
            self._present = self._index.present(self)
        return self._present

    def contains(self, piece: Piece) -> bool:
        if self._index is not None and piece in self._index.pieces:
            if self._present is None:
                self._present = self._index.present(self)
            return piece in self._present
        needle, ignore_case = piece
        return needle in (self.folded if ignore_case else self.text)


class PieceIndex:
    """The pieces of a set of gated patterns, the case-insensitive ones found in one pass over
    the folded text (Aho-Corasick, every occurrence, overlaps included): a piece is present
    exactly when ``piece in text`` holds, without a scan of the text per piece."""

    def __init__(self, patterns: Iterable[GatedPattern]) -> None:
        self.pieces = frozenset(p for g in patterns for clause in g.clauses for p in clause)
        self._folded = _automaton((n for n, ignore_case in self.pieces if ignore_case), True)
        # The case-sensitive pieces are few ("CONGRATS", "ubmitted"): an automaton pass costs
        # tens of ns a character whatever it holds, ``in`` is a C substring search each. Each
        # is searched only when the pass found a case-insensitive piece it contains, if any.
        insensitive = [p for p in self.pieces if p[1]]
        self._plain = [(p, _gate_of(p, insensitive)) for p in sorted(self.pieces) if not p[1]]

    def present(self, text: Folded) -> frozenset[Piece]:
        found: frozenset[Piece] = frozenset()
        if self._folded is not None:
            found = frozenset(map(_second, self._folded.iter(text.folded)))
        plain = [
            piece
            for piece, gate in self._plain
            if (gate is None or gate in found) and piece[0] in text.text
        ]
        return found.union(plain) if plain else found


def _gate_of(piece: Piece, insensitive: list[Piece]) -> Piece | None:
    """The longest case-insensitive piece inside a case-sensitive ASCII ``piece``: a text that
    holds ``piece`` holds its lower case folded (fold, one character for one), and so that
    piece. None when there is none (the piece is then always searched)."""
    needle = piece[0]
    if not needle.isascii():
        return None
    inside = [p for p in insensitive if p[0] in needle.lower()]
    return max(inside, key=lambda p: (len(p[0]), p[0]), default=None)


class GatedRules:
    """Many gated patterns searched in the same texts: which of them a text may match, from
    the pieces it holds (one look-up per piece present), without asking each pattern's
    clauses in turn. Every piece of the patterns must be in the texts' ``PieceIndex``."""

    def __init__(self, patterns: Sequence[GatedPattern], index: PieceIndex) -> None:
        self._always = [i for i, gated in enumerate(patterns) if not gated.clauses]
        # A pattern is a candidate when its first (most selective) clause holds; its second
        # clause (required_clauses gives two at most) and any further ones are then asked of
        # the pieces present.
        self._by_first: dict[Piece, list[int]] = {}
        self._second: dict[int, Clause] = {}
        self._further: dict[int, tuple[Clause, ...]] = {}
        for i, gated in enumerate(patterns):
            for clause in gated.clauses:
                if not clause <= index.pieces:
                    raise ValueError(f"pieces missing from the index: {clause - index.pieces}")
            if gated.clauses:
                first, *rest = gated.clauses
                if rest:
                    self._second[i] = rest[0]
                if rest[1:]:
                    self._further[i] = tuple(rest[1:])
                for piece in first:
                    self._by_first.setdefault(piece, []).append(i)
        self._firsts = frozenset(self._by_first)

    def possible(self, text: Folded) -> list[int]:
        """Indexes of the patterns whose every clause ``text`` satisfies, in order: exactly
        those whose ``may_match`` is true."""
        present = text.present()
        by_first, second = self._by_first, self._second
        candidates = {i for piece in present & self._firsts for i in by_first[piece]}
        found = [
            i for i in candidates if (then := second.get(i)) is None or not then.isdisjoint(present)
        ]
        if self._further:
            found = [i for i in found if self._holds(self._further.get(i, ()), present)]
        found += self._always
        found.sort()
        return found

    @staticmethod
    def _holds(clauses: tuple[Clause, ...], present: frozenset[Piece]) -> bool:
        return all(not clause.isdisjoint(present) for clause in clauses)


def fold(text: str) -> str:
    """``text`` as re.IGNORECASE compares it with ASCII letters, one character for one. Only a
    text holding one of the three characters to translate is translated (the translation is
    ~25× the cost of lower(); a "•" or "–" makes a tenth of mails non-ASCII, rarely these)."""
    if not text.isascii() and ("\u0130" in text or "\u0131" in text or "\u017f" in text):
        return text.translate(_ASCII_FOLDS).lower()
    return text.lower()


_second = itemgetter(1)  # an automaton hit is (end, piece)


def _automaton(needles: Iterable[str], ignore_case: bool) -> ahocorasick.Automaton | None:
    automaton = ahocorasick.Automaton()
    for needle in needles:
        automaton.add_word(needle, (needle, ignore_case))  # the piece itself: no tuple per hit
    if len(automaton) == 0:
        return None  # an empty automaton cannot search
    automaton.make_automaton()
    return automaton


@dataclass(frozen=True)
class GatedPattern:
    pattern: re.Pattern[str]  # as written
    # Every clause must hold: the text contains one of its pieces. No clauses: always search.
    clauses: tuple[Clause, ...]
    # ``pattern`` with a first-character look-ahead (lead.py): the same matches, sooner.
    runs: re.Pattern[str]

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> GatedPattern:
        return cls(pattern, required_clauses(pattern), guarded(pattern))

    def may_match(self, text: Folded) -> bool:
        return text.satisfies(self.clauses)

    def search(self, text: Folded) -> re.Match[str] | None:
        return self.runs.search(text.text) if self.may_match(text) else None

    def findall(self, text: Folded) -> list[Any]:
        return self.runs.findall(text.text) if self.may_match(text) else []


def required_clauses(pattern: re.Pattern[str]) -> tuple[Clause, ...]:
    """Clauses every match of ``pattern`` satisfies, most selective first."""
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    clauses = _sequence(list(sre_parse.parse(pattern.pattern, pattern.flags)), ignore_case)
    # Short pieces ("to", "is") are in nearly every text: checking them costs more than it saves.
    useful = [c for c in set(clauses) if _selectivity(c)[0] >= _MIN_PIECE]
    return tuple(sorted(useful, key=_selectivity, reverse=True)[:_MAX_CLAUSES])


def all_clauses(pattern: re.Pattern[str]) -> tuple[Clause, ...]:
    """Every clause ``required_clauses`` reads from ``pattern``, however short its pieces: for
    a pre-check by ``in`` (prechecks.py), not for the index."""
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    clauses = set(_sequence(list(sre_parse.parse(pattern.pattern, pattern.flags)), ignore_case))
    return tuple(sorted(clauses, key=lambda c: (_selectivity(c), sorted(c)), reverse=True))


def _selectivity(clause: Clause) -> tuple[int, int]:
    return min(len(piece[0]) for piece in clause), -len(clause)


def _sequence(items: list[tuple[Any, Any]], ignore_case: bool) -> list[Clause]:
    """A sequence matches all its items in turn, so every item's clauses hold; runs of literal
    characters are clauses of one piece."""
    clauses: list[Clause] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            clauses.append(frozenset({_piece("".join(run), ignore_case)}))
            run.clear()

    for op, av in items:
        name = str(op)
        if name == "LITERAL" and _usable(chr(av), ignore_case):
            run.append(chr(av))
            continue
        if name == "BRANCH" and run:
            # the parser factors "share|send" into "s(?:hare|end)": glue the prefix back on
            heads = [_leading_literal(list(branch), ignore_case) for branch in av[1]]
            if all(heads):
                prefix = "".join(run)
                clauses.append(frozenset(_piece(prefix + head, ignore_case) for head in heads))
                run.clear()
        close_run()
        clauses.extend(_item(name, av, ignore_case))
    close_run()
    return clauses


def _item(name: str, av: Any, ignore_case: bool) -> list[Clause]:
    if name == "SUBPATTERN":
        return _sequence(*subpattern_scope(av, ignore_case))
    if name == "BRANCH":
        # one of the alternatives matches: the union of each one's most selective clause
        alternatives = [_sequence(list(branch), ignore_case) for branch in av[1]]
        if not all(alternatives):
            return []
        return [frozenset().union(*(max(a, key=_selectivity) for a in alternatives))]
    if name in _REPEATS:
        low, _high, body = av
        return _sequence(list(body), ignore_case) if low >= 1 else []
    if name == "ATOMIC_GROUP":
        return _sequence(list(av), ignore_case)
    if name == "IN" and 0 < len(av) <= _FEW and all(str(op) == "LITERAL" for op, _ in av):
        # a class of a few characters ("[$€£]"): one of them
        chars = [chr(code) for _, code in av]
        if all(_usable(char, ignore_case) for char in chars):
            return [frozenset(_piece(char, ignore_case) for char in chars)]
    return []  # other classes, anchors, look-arounds, back references: nothing certain


def _leading_literal(items: list[tuple[Any, Any]], ignore_case: bool) -> str:
    head = []
    for op, av in items:
        if str(op) != "LITERAL" or not _usable(chr(av), ignore_case):
            break
        head.append(chr(av))
    return "".join(head)


def _usable(char: str, ignore_case: bool) -> bool:
    # A non-ASCII letter folds in ways str.lower() does not mirror (σ/ς): not a piece. A
    # character without case ("€", "•") matches only itself, and lower() keeps it.
    return char.isascii() or not ignore_case or _uncased(char)


def _uncased(char: str) -> bool:
    return char.lower() == char == char.upper() and ord(char) not in _EXTRA_CASES


def _piece(text: str, ignore_case: bool) -> Piece:
    return (text.lower(), True) if ignore_case else (text, False)
