"""The words every match of a pattern starts with: the only places a search for it can succeed.

``re`` looks for a case-insensitive pattern by trying it at every position of the text (it skips
ahead on its own only to a case-sensitive literal). A pattern whose every match opens with one
of a few literal words ("please\\s+find…", "(?:share|send)\\s+…") can only match where one of
them occurs: ``str.find`` finds those at C speed, and the pattern is tried there alone
(``search_at_words``). Exact: a position where none of the words starts cannot start a match,
and ``pattern.match(text, at)`` is what ``search`` tries at ``at``.

Case-insensitive words are compared with the text folded as re.IGNORECASE folds ASCII letters
(gate.fold, one character for one); only ASCII words are used there.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # type: ignore[import-not-found]  # no stubs for 3.11's name
from typing import Any

from services.parser.rules.lead import subpattern_scope

__all__ = ["Word", "leading_words", "search_at_words"]

# A word: its text (lower case when case-insensitive) and whether case is ignored.
Word = tuple[str, bool]
_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_FEW = 4  # characters of a class read as words of their own


def leading_words(pattern: re.Pattern[str]) -> frozenset[Word] | None:
    """Words one of which every match of ``pattern`` starts with; None when none can be told
    (the pattern may start with a class, an optional part, nothing at all…)."""
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    return _sequence(list(sre_parse.parse(pattern.pattern, pattern.flags)), ignore_case)


def search_at_words(
    pattern: re.Pattern[str], words: frozenset[Word], text: str, folded: str
) -> bool:
    """``pattern.search(text) is not None`` when every match starts with one of ``words``;
    ``folded`` is gate.fold(text)."""
    for word, ignore_case in words:
        searched = folded if ignore_case else text
        at = searched.find(word)
        while at >= 0:
            if pattern.match(text, at) is not None:
                return True
            at = searched.find(word, at + 1)
    return False


def _sequence(items: list[tuple[Any, Any]], ignore_case: bool) -> frozenset[Word] | None:
    run: list[str] = []  # literal characters every match starts with
    for index, (op, av) in enumerate(items):
        name = str(op)
        if name == "LITERAL" and (chr(av).isascii() or not ignore_case):
            run.append(chr(av))
            continue
        if name in _ZERO_WIDTH and not run:
            continue  # "\b", a look-behind: nothing consumed yet
        tails: frozenset[Word] | None
        chars = _few_chars(name, av, ignore_case)
        if chars:  # "[Rr]esume": each character, then what follows it
            rest = _sequence(items[index + 1 :], ignore_case)
            if rest is not None and all(case == ignore_case for _, case in rest):
                tails = frozenset((c + tail, ignore_case) for c in chars for tail, _ in rest)
            else:
                tails = frozenset((c, ignore_case) for c in chars)
        else:
            tails = None if name in _ZERO_WIDTH else _item(name, av, ignore_case)
        if not run:
            return tails
        prefix = "".join(run)
        # "s(?:hare|end)", as the parser factors "share|send": the run goes on into each branch
        if tails is not None and all(tail_case == ignore_case for _, tail_case in tails):
            return frozenset(_word(prefix + tail, ignore_case) for tail, _ in tails)
        return frozenset({_word(prefix, ignore_case)})
    return frozenset({_word("".join(run), ignore_case)}) if run else None


def _item(name: str, av: Any, ignore_case: bool) -> frozenset[Word] | None:
    if name == "SUBPATTERN":
        return _sequence(*subpattern_scope(av, ignore_case))
    if name == "ATOMIC_GROUP":
        return _sequence(list(av), ignore_case)
    if name == "BRANCH":
        alternatives = [_sequence(list(branch), ignore_case) for branch in av[1]]
        if any(a is None for a in alternatives):
            return None
        return frozenset().union(*(a for a in alternatives if a is not None))
    if name in _REPEATS and av[0] >= 1:
        return _sequence(list(av[2]), ignore_case)  # the first time round starts here
    return None  # a class, an optional part, a back reference…: no word for certain


def _few_chars(name: str, av: Any, ignore_case: bool) -> set[str]:
    """A class of a few literal characters ("[Rr]", "[-–]"), as the characters it matches."""
    if name != "IN" or len(av) > _FEW or any(str(op) != "LITERAL" for op, _ in av):
        return set()
    chars = {chr(code) for _, code in av}
    if ignore_case:
        return {c.lower() for c in chars} if all(c.isascii() for c in chars) else set()
    return chars


def _word(text: str, ignore_case: bool) -> Word:
    return (text.lower(), True) if ignore_case else (text, False)
