"""The first match of a rule whose matches name a unit after a run of a few kinds of characters.

"8+ years", "5 - 7 yrs", "minimum of 10 years": an experience rule's match opens with numbers,
spaces, signs and a few words, then names its unit ("yr" or "year"), and those opening
characters never start a unit. So the first match either starts after the text's first unit,
or holds that very unit, starting in the run of such characters just before it. ``BeforeUnit``
finds that unit by a fast search and searches the rule from the start of that run, not from the
text's start: a job's block names its years late (after its title, place, rate and term), and
the rule's finder stops at every digit and at every letter its words begin with ("m", "a", "o")
before that: on the bench's 1,441 job blocks, a third of the time of the search from the start.
"""

from __future__ import annotations

import re

from services.parser.rules.skipping import Skipping

__all__ = ["BeforeUnit"]


class BeforeUnit:
    """``rule.search(text)``: the same match, sooner.

    The caller's promise (its tests check it): every match of ``rule`` holds a match of
    ``unit``, and the characters from the rule's match start up to that unit's start are all
    in ``opening``, or not ASCII; no character of ``opening`` can start a match of ``unit``.
    The run before the first unit ends at an ASCII character outside ``opening`` (no match
    starts before it) or at a non-ASCII one (a folded letter, "ſ" for "s"; the rule is then
    searched from the text's start)."""

    __slots__ = ("_opening", "_rule", "_unit")

    def __init__(self, rule: Skipping, unit: re.Pattern[str], opening: str) -> None:
        self._rule = rule
        self._unit = unit
        self._opening = opening

    def search(self, text: str) -> re.Match[str] | None:
        unit = self._unit.search(text)
        if unit is None:
            return None  # every match holds a unit
        start = len(text[: unit.start()].rstrip(self._opening))
        if start and not text[start - 1].isascii():
            return self._rule.search(text)
        # the first match is mostly a few characters on: tried there, not skipped to (a
        # skipping search asks the pattern twice where it stops)
        return self._rule.pattern.search(text, start)
