"""Where a job id is mentioned: ``id_pattern(value).finditer(text)``'s spans, mostly without
compiling that pattern.

Job ids are unique per email, so a cache of compiled patterns never hits, and compiling one
was the largest single cost of ``extract``. ``id_spans`` walks the text instead, for the values
and texts where the walk provably finds the same spans (see ``_walkable``), and falls back to
the pattern for the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

Span = tuple[int, int]

_SEPARATORS = "#:-"  # and whitespace: what may stand between two characters of an id
_SEPARATOR_RUN = re.compile(r"[\s#:-]*")  # re's \s is str.isspace: _is_separator's run


@lru_cache(maxsize=256)
def id_pattern(value: str) -> re.Pattern[str]:
    """The id's characters in order, any separators between them, not inside a word."""
    chars = [re.escape(c) for c in value]
    return re.compile(r"(?<![\w])" + r"[\s#:-]*".join(chars) + r"(?![\w])", re.IGNORECASE)


def id_spans(value: str, text: str) -> Iterator[Span]:
    if not (_walkable_value(value) and _walkable_text(text)):
        return (m.span() for m in id_pattern(value).finditer(text))
    return _walk(value, text)


def _is_separator(char: str) -> bool:
    return char.isspace() or char in _SEPARATORS  # re's \s is str.isspace


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # re's \w, Unicode or not


def _walkable_value(value: str) -> bool:
    """ASCII, and no separator at either end: between two id characters that are not
    separators the pattern has exactly one way to match (the whole run of separators)."""
    return (
        bool(value)
        and value.isascii()
        and not _is_separator(value[0])
        and not _is_separator(value[-1])
    )


def _walkable_text(text: str) -> bool:
    """No character that IGNORECASE could equate with an ASCII one (the Kelvin sign, long s,
    dotless i, ...): then comparing lowercased characters is what the pattern does."""
    return text.isascii() or not any(_folds_to_ascii(c) for c in set(text) if not c.isascii())


@lru_cache(maxsize=4096)
def _folds_to_ascii(char: str) -> bool:
    return any(c.isascii() for c in char.lower() + char.upper() + char.casefold())


def _parts(value: str) -> list[tuple[str, str]]:
    """Each non-separator character of ``value`` (lowercased) with the separators written
    after it, up to the next one."""
    parts: list[tuple[str, str]] = []
    for char in value:
        if _is_separator(char):
            token, gap = parts[-1]
            parts[-1] = (token, gap + char)
        else:
            parts.append((char.lower(), ""))
    return parts


def _has_in_order(needed: str, run: str) -> bool:
    remaining = iter(run)
    return all(char in remaining for char in needed)


def _match_at(parts: list[tuple[str, str]], text: str, start: int) -> int | None:
    at, last, size = start, len(parts) - 1, len(text)
    for index, (token, gap) in enumerate(parts):
        if at >= size or text[at].lower() != token:
            return None
        at += 1
        if index == last:
            break
        if at < size and (text[at].isspace() or text[at] in _SEPARATORS):
            run_end = _SEPARATOR_RUN.match(text, at).end()  # type: ignore[union-attr]
            if gap and not _has_in_order(gap, text[at:run_end]):
                return None  # the id's own separators must appear, in order, in the run
            at = run_end
        elif gap:
            return None  # no run, so not the id's own separators
    if at < size and _is_word(text[at]):
        return None
    return at


def _walk(value: str, text: str) -> Iterator[Span]:
    parts = _parts(value)
    resume = 0  # finditer: the next match starts after the previous one
    for found in _first_char_at_word_start(value[0]).finditer(text):
        start = found.start()
        if start < resume:
            continue
        end = _match_at(parts, text, start)
        if end is not None:
            yield start, end
            resume = end


@lru_cache(maxsize=256)
def _first_char_at_word_start(first: str) -> re.Pattern[str]:
    """Where an id starting with ``first`` may start: ``first`` in either case (exactly those
    two characters, no other folding), not inside a word (re's \\w, as ``_is_word``). One
    pattern per first character, so the cache always hits; in order, as the walk needs."""
    variants = "[" + re.escape("".join(sorted({first.lower(), first.upper()}))) + "]"
    # the character first, then the look-behind: re skips to the character in C
    return re.compile(variants + r"(?<!\w" + variants + ")")
