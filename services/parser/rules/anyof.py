"""Which of many rules a text matches at all, each rule's alternatives gated on their own.

A rule such as "spam: \\bwholesalers?\\b|\\bpurchase\\s+order\\b|…" is a list of alternatives,
and a gate (gate.py) for the whole rule holds when the text has a word of any of them: one
common word ("service", "design", "have") lets the whole alternation run over the text. Whether
``a|b|c`` matches somewhere is whether ``a``, ``b`` or ``c`` does (an alternation matches at a
position exactly when one of its branches does), so each top-level alternative is gated and
searched alone, and a rule matches when one of its alternatives that pass the gate is found.
Alternatives without a gate (nothing certain to look for) are searched together, as written.
Only the yes/no answer is kept: the spans of the rule's match are not this module's.
"""

from __future__ import annotations

import re
import re._compiler as sre_compiler  # type: ignore[import-not-found]  # no stubs for 3.11's name
import re._parser as sre_parse  # type: ignore[import-not-found]  # no stubs for 3.11's name
from collections.abc import Iterable, Sequence
from dataclasses import replace

from services.parser.rules.gate import Folded, GatedPattern, GatedRules, PieceIndex
from services.parser.rules.leading import Word, leading_words, search_at_words
from services.parser.rules.prechecks import needs_non_ascii, short_clauses
from services.parser.rules.prefilter import Prefilter
from services.parser.rules.skipping import Skipping
from services.parser.rules.tails import TailFirst, required_tail

__all__ = ["AnyOf", "top_level_alternatives"]

_MIN_LEADING = 2  # characters
# A part without leading words is searched with re's skip to its first characters (skipping.py)
# when a dozen ASCII characters or fewer start it ("$" or a digit, "b", "i"/"w"): ~1/3 less
# time than its guard tried at each position. One that any letter starts is not faster so.
_MOST_FIRST_CHARS = 12
# clauses a part is gated with (GatedRules asks two at no extra cost, a third one by one)
_MAX_CLAUSES = 2


class AnyOf:
    """Rules (patterns) searched for in the same texts; ``matching`` names the rules that match
    a text, as ``[i for i, p in enumerate(patterns) if p.search(text)]`` does."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.parts: list[GatedPattern] = []
        self._rule_of: list[int] = []
        for rule, pattern in enumerate(patterns):
            for part in _gated_parts(pattern):
                self.parts.append(part)
                self._rule_of.append(rule)
        # the parts whose every match holds a character outside ASCII (prechecks.py)
        self._non_ascii = {i for i, part in enumerate(self.parts) if needs_non_ascii(part.pattern)}
        self._gate: GatedRules | None = None
        # an ASCII text's candidate parts from one Hyperscan scan, when Hyperscan is installed
        self._prefilter = Prefilter([part.pattern for part in self.parts])
        self._scanned: dict[str, list[int]] = {}  # the scans ``scan_ahead`` made
        # re jumps to a literal prefix itself ("$", "|"), faster than any of the scans below
        literal = [_literal_start(part.pattern) for part in self.parts]
        # where each part's matches can start (leading.py), if told by words of useful length
        self._leading = [
            None if literal[i] else _useful(leading_words(part.pattern))
            for i, part in enumerate(self.parts)
        ]
        self._skipping: dict[int, Skipping] = {}
        for i, part in enumerate(self.parts):
            scan = Skipping(part.pattern, most=_MOST_FIRST_CHARS)
            if self._leading[i] is None and not literal[i] and scan.skips:
                self._skipping[i] = scan
        # each part's search without its leading words: as written when re skips to its literal
        # prefix, else skipping, else with its look-ahead
        self._searches = [
            (part.pattern if literal[i] else self._skipping.get(i) or part.runs).search
            for i, part in enumerate(self.parts)
        ]
        # a part re tries at every position, asked only where its literal tail is (tails.py)
        for i, part in enumerate(self.parts):
            if self._leading[i] is None and not literal[i]:
                tail = required_tail(part.pattern)
                if tail is not None:
                    self._searches[i] = TailFirst(tail, self._searches[i]).search

    def index_with(self, index: PieceIndex) -> None:
        """Look the parts' words up in ``index`` (which must hold them all: see
        ``PieceIndex(... anyof.parts ...)``)."""
        self._gate = GatedRules(self.parts, index)

    def warm(self) -> None:
        """Compile the Hyperscan prefilter now rather than at the first text."""
        self._prefilter.warm()

    def scan_ahead(self, texts: Iterable[str]) -> None:
        """Make the Hyperscan scans of ``texts`` now, one after another, for ``matching`` to
        read until ``forget_scans``: the database (~1.4 MB for classify's body rules) stays in
        the CPU caches across them, where one scan between two emails' other rules finds it
        evicted and costs ~3× as much. The scans are the same, so ``matching`` is too."""
        scanned = {}
        for text in texts:
            possible = self._prefilter.candidates(text)
            if possible is not None:
                scanned[text] = possible
        self._scanned = scanned

    def forget_scans(self) -> None:
        self._scanned = {}

    def matching(self, text: Folded) -> list[int]:
        found: list[int] = []
        rule_of, non_ascii, leading, searches = (
            self._rule_of,
            self._non_ascii,
            self._leading,
            self._searches,
        )
        plain = text.text
        ascii_only = plain.isascii()
        possible = self._scanned.get(plain)
        if possible is None:
            possible = self._prefilter.candidates(plain)
        if possible is None:
            possible = self._possible(text)
        # each part searched inline: no method call per part
        for part in possible:  # in rule order
            rule = rule_of[part]
            if found and found[-1] == rule:
                continue  # the rule matches already
            if ascii_only and part in non_ascii:
                continue
            words = leading[part]
            if words is None:
                if searches[part](plain) is None:
                    continue
            elif not search_at_words(self.parts[part].pattern, words, plain, text.folded):
                continue
            found.append(rule)
        return found

    def _possible(self, text: Folded) -> list[int]:
        if self._gate is None:
            raise ValueError("index_with() first")
        return self._gate.possible(text)


def _literal_start(pattern: re.Pattern[str]) -> bool:
    """Whether re's compiler reads a literal prefix from ``pattern`` (characters without case,
    or any under case-sensitive matching): its search then skips to that literal in C."""
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    return bool(sre_compiler._get_literal_prefix(parsed, pattern.flags)[0])


def _useful(words: frozenset[Word] | None) -> frozenset[Word] | None:
    """Words long enough to be rarer than the regex's own scan is slow ("he" is in "the")."""
    if words is None or min(len(word) for word, _ in words) < _MIN_LEADING:
        return None
    return words


def _gated_parts(pattern: re.Pattern[str]) -> list[GatedPattern]:
    """The rule as gated alternatives; those without a gate joined back into one pattern."""
    alternatives = [_gated(p) for p in top_level_alternatives(pattern)]
    if len(alternatives) == 1:
        return [_gated(pattern)]
    ungated = [a.pattern.pattern for a in alternatives if not a.clauses]
    parts = [a for a in alternatives if a.clauses]
    if ungated:
        parts.insert(0, _gated(re.compile("|".join(ungated), pattern.flags)))
    return parts


def _gated(pattern: re.Pattern[str]) -> GatedPattern:
    """``pattern`` gated by its pieces of three characters or more; failing those, by its
    shorter ones that are not common words ("9", "@", "[-": prechecks.py), which the index
    finds in the same pass and a set test then asks."""
    gated = GatedPattern.of(pattern)
    if gated.clauses:
        return gated
    return replace(gated, clauses=short_clauses(pattern)[:_MAX_CLAUSES])


def top_level_alternatives(pattern: re.Pattern[str]) -> list[re.Pattern[str]]:
    """``pattern``'s source split at its top-level ``|`` (outside groups and classes), each
    compiled with the pattern's flags. A pattern with back references, conditionals or
    verbose syntax is not split (a part could not stand alone)."""
    source = pattern.pattern
    if pattern.flags & re.VERBOSE or re.search(r"\(\?P=|\(\?\(|\\[1-9]", source):
        return [pattern]
    sources = [alternative for part in _split(source) for alternative in _distributed(part)]
    if len(sources) == 1:
        return [pattern]
    return [re.compile(part, pattern.flags) for part in sources]


# An alternative that is one group of alternatives between word boundaries: "\\b(?:a|b)\\b".
_GROUP_OF_ALTERNATIVES = re.compile(
    r"(?P<before>(?:\\b)?)\(\?:(?P<inner>.*)\)(?P<after>(?:\\b)?)", re.S
)


def _distributed(source: str) -> list[str]:
    """``\\b(?:a|b)\\b`` as ``\\ba\\b`` and ``\\bb\\b``: a text has a match of the group
    exactly when it has one of either (each gated on its own words); other sources as they are."""
    whole = _GROUP_OF_ALTERNATIVES.fullmatch(source)
    if whole is None:
        return [source]
    before, inner, after = whole.group("before", "inner", "after")
    if _group_end(source, len(before)) != len(source) - len(after):
        return [source]  # "(?:a)|(?:b)": the first group closes before the end
    alternatives = list(_split(inner))
    return [before + a + after for a in alternatives] if len(alternatives) > 1 else [source]


def _group_end(source: str, i: int) -> int:
    """The index after the group opening at ``i``."""
    for at, char, depth in _walk(source, i):
        if char == ")" and depth == 0:
            return at + 1
    return len(source)


def _split(source: str) -> Iterable[str]:
    start = 0
    for at, char, depth in _walk(source, 0):
        if char == "|" and depth == 0:
            yield source[start:at]
            start = at + 1
    yield source[start:]


def _walk(source: str, i: int) -> Iterable[tuple[int, str, int]]:
    """Each bracket or bar from ``i`` and the group depth after it (escapes, classes skipped)."""
    depth = 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(source, i)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char in "()|":
            yield i, char, depth
        i += 1


def _class_end(source: str, i: int) -> int:
    """The index after the character class opening at ``i`` ("]" first in it is literal)."""
    i += 1
    if i < len(source) and source[i] == "^":
        i += 1
    if i < len(source) and source[i] == "]":
        i += 1
    while i < len(source) and source[i] != "]":
        i += 2 if source[i] == "\\" else 1
    return i + 1
