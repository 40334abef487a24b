"""A guarded regex searched with ``re``'s own C-speed skip to the characters a match starts with.

A guard (lead.py) turns away a position where no match can start, but ``re`` still visits every
position in turn and runs the look-ahead at each: ~40 ns a character whatever the text holds.
``re`` skips ahead in a tight C loop (a few ns a character) only when the pattern's first item
consumes one character of a plain, case-sensitive set. ``Skipping`` compiles such a finder:

    [S](?<=(?=P)[\\s\\S])

``S`` is every ASCII character the guard's first-character class matches (as re.IGNORECASE
folds it) and every non-ASCII character (those are rare in mail, and some fold onto ASCII
letters: ſ, K, İ, ı); the look-behind steps back over that character and asks P there. So the
finder matches one character at exactly the positions where P matches (P cannot match where its
guard fails), and ``P.match`` at that position is the match P's own search makes there: a
position's result does not depend on where the search began (look-behinds see the whole text).
``finditer`` resumes after each match, as ``re`` does (P never matches empty: it has a guard).
A pattern without a guard of single characters keeps its own search.

A pattern that common characters start only in front of a literal (a visa: a space or a hyphen
only before "EAD", as in "GC EAD") has two sources of positions (``SkippingBefore``): the finder
without those characters, and the literal's occurrences, which ``re`` finds with its fast
literal search, one character back.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # type: ignore[import-not-found]  # no stubs for 3.11's name
from collections.abc import Iterator

from services.parser.rules.lead import as_written, guarded

__all__ = ["Skipping", "SkippingBefore"]


class Skipping:
    """``pattern``'s ``search`` and ``finditer``, the same match objects, found sooner."""

    __slots__ = ("_finder", "pattern")

    def __init__(self, pattern: re.Pattern[str], *, most: int = 128) -> None:
        self.pattern = pattern
        self._finder = finder(pattern, most=most)

    @property
    def skips(self) -> bool:
        """Whether searches skip (else they are the pattern's own)."""
        return self._finder is not None

    def search(self, text: str) -> re.Match[str] | None:
        if self._finder is None:
            return self.pattern.search(text)
        found = self._finder.search(text)
        return None if found is None else self.pattern.match(text, found.start())

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self._finder is None:
            return self.pattern.finditer(text)
        return self._walk(self._finder, text)

    def _walk(self, finder: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
        search, match = finder.search, self.pattern.match
        found = search(text)
        while found is not None:
            hit = match(text, found.start())
            if hit is None:  # cannot be: the finder asked the pattern at this very position
                raise AssertionError(f"finder and pattern disagree: {self.pattern.pattern}")
            yield hit
            found = search(text, hit.end())


class SkippingBefore:
    """``Skipping`` for a pattern that the ASCII characters of the class ``rare`` start only
    right before ``literal`` (the caller's promise, which its tests check): a space or a hyphen
    starts a visa only before "EAD". Positions where such a character starts a match are
    found from the literal, the others by the finder without those characters."""

    __slots__ = ("_before", "_finder", "pattern")

    def __init__(self, pattern: re.Pattern[str], rare: str, literal: str) -> None:
        self.pattern = pattern
        written = guarded(as_written(pattern)).pattern
        excluded = re.compile(rare, pattern.flags)
        found = finder(pattern, excluded=excluded)
        if found is None:
            raise ValueError(f"no finder: {pattern.pattern}")
        self._finder = found
        # the literal, then a look back at the character before it, where P must match
        self._before = re.compile(
            f"{re.escape(literal)}(?<=(?={written}){rare}{re.escape(literal)})", pattern.flags
        )

    def search(self, text: str) -> re.Match[str] | None:
        return next(self.finditer(text), None)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        search, before, match = self._finder.search, self._before.search, self.pattern.match
        never = len(text) + 1
        found, ahead = search(text), before(text, 1)
        at_found = never if found is None else found.start()
        at_ahead = never if ahead is None else ahead.start() - 1
        while (at := min(at_found, at_ahead)) < never:
            hit = match(text, at)
            if hit is None:  # cannot be: both sources asked the pattern at this very position
                raise AssertionError(f"finder and pattern disagree: {self.pattern.pattern}")
            yield hit
            end = hit.end()
            if at_found < end:
                found = search(text, end)
                at_found = never if found is None else found.start()
            if at_ahead < end:
                ahead = before(text, end + 1)
                at_ahead = never if ahead is None else ahead.start() - 1


def finder(
    pattern: re.Pattern[str], *, most: int = 128, excluded: re.Pattern[str] | None = None
) -> re.Pattern[str] | None:
    """The finder of ``pattern`` (module docstring), or None when the pattern's guard
    (``lead.guarded``) is none or not one character, or lets more than ``most`` ASCII
    characters start a match (a finder stopping at every letter is no faster than the guard).
    ASCII characters that ``excluded`` matches are left out (``SkippingBefore`` finds those)."""
    written = as_written(pattern)
    source = guarded(written).pattern
    head, tail = "(?=", f")(?:{written.pattern})"
    if source == written.pattern or not (source.startswith(head) and source.endswith(tail)):
        return None
    guard = source[len(head) : -len(tail)]
    if sre_parse.parse(guard, pattern.flags).getwidth() != (1, 1):
        return None  # a guard with a run to skip first ("\\s*" before "$"): not one character
    first = re.compile(guard, pattern.flags)
    ascii_codes = [
        c
        for c in range(128)
        if first.fullmatch(chr(c)) and not (excluded and excluded.fullmatch(chr(c)))
    ]
    if len(ascii_codes) > most:
        return None
    # the same set written as the ASCII characters it leaves out: re compiles a class spanning
    # the non-ASCII range by walking its 65,536 BMP code points in Python (~7 ms a finder,
    # most of the parser's start-up), a negated ASCII class in a 256-bit map
    starts = set(ascii_codes)
    left_out = "".join(f"\\x{c:02x}" for c in range(128) if c not in starts)
    first_chars = f"[^{left_out}]" if left_out else "[\\s\\S]"
    try:
        return re.compile(f"(?-i:{first_chars})(?<=(?={source})[\\s\\S])", pattern.flags)
    except re.error:
        return None
