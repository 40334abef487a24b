"""Skill patterns tried only where one of their words starts find exactly what ``finditer`` finds.

The shortcut rests on three facts about ``re``, checked here over every code point: gate.fold
keeps one character for one; a character re.IGNORECASE equates with an ASCII character folds to
that character's lower case; ``\\w`` is ``str.isalnum()`` or "_".
"""

from __future__ import annotations

import re
import string
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import skills
from services.parser.rules.gate import fold
from tests.properties import examples
from tests.services.parser.rules.corpus_texts import corpus_texts

WORDS = sorted({*skills._INSENSITIVE_MAP, *skills._CASE_SENSITIVE})
# glue that ends or glues a word, and characters re.IGNORECASE folds onto ASCII letters
GLUE = [" ", ", ", "/", ".", ".js", "+", "#", "-", "_", "\n", "(", "s", "1", "é", "Σ"]
TRICKY = ["\u0130", "\u0131", "\u017f", "\u212a", "\u03c2", "\u00df", "\u00a0"]
EVERY_CHAR = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]


def _spans(matches: list[re.Match[str]]) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), m.group(1)) for m in matches]


def _shortcut(text: str) -> list[list[re.Match[str]]]:
    insensitive, sensitive = skills._word_starts(text)
    return [
        list(skills._finditer(skills._INSENSITIVE, insensitive, text)),
        list(skills._finditer(skills._SENSITIVE, sensitive, text)),
    ]


@settings(max_examples=examples(500), deadline=None)
@given(
    st.lists(
        st.sampled_from(WORDS).map(lambda w: w.upper() if len(w) % 3 == 0 else w)
        | st.sampled_from(WORDS).map(lambda w: w.replace("s", "\u017f").replace("k", "\u212a"))
        | st.sampled_from(GLUE + TRICKY)
        | st.text(max_size=3),
        max_size=30,
    )
)
def test_matches_are_finditer_matches(parts: list[str]) -> None:
    text = "".join(parts)
    insensitive, sensitive = _shortcut(text)
    assert _spans(insensitive) == _spans(list(skills._INSENSITIVE.finditer(text)))
    assert _spans(sensitive) == _spans(list(skills._SENSITIVE.finditer(text)))


def test_words_are_ascii() -> None:
    """Non-ASCII words would need folds the shortcut does not look for."""
    assert all(word.isascii() for word in [*skills._INSENSITIVE_MAP, *skills._CASE_SENSITIVE])


def test_fold_keeps_one_character_for_one() -> None:
    text = "".join(EVERY_CHAR)
    assert len(fold(text)) == len(text)


def test_ignorecase_equals_of_ascii_fold_to_it() -> None:
    for ascii_char in string.printable:
        pattern = re.compile(re.escape(ascii_char), re.IGNORECASE)
        equal = [c for c in EVERY_CHAR if pattern.fullmatch(c)]
        assert all(fold(c) == ascii_char.lower() for c in equal), ascii_char


def test_word_character_is_alnum_or_underscore() -> None:
    word = re.compile(r"\w")
    assert all(bool(word.match(c)) == (c.isalnum() or c == "_") for c in EVERY_CHAR)


def _long_way_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """skill_spans as plain finditer reads it: every alias's spaces normalised, every hit
    asked whether what follows excludes it."""
    hits = [
        (m.start(), m.end(), skills._INSENSITIVE_MAP.get(a, a))
        for m in skills._INSENSITIVE.finditer(text)
        for a in [skills._SPACES.sub(" ", m.group(1).lower())]
    ]
    covered = {i for start, end, _ in hits for i in range(start, end)}
    hits += [
        (m.start(), m.end(), skills._CASE_SENSITIVE[m.group(1)])
        for m in skills._SENSITIVE.finditer(text)
        if m.start() not in covered
    ]
    return tuple(sorted(h for h in hits if not skills._excluded(text, h)))


# words that what follows them may exclude, each in a context that does and one that does not
_AFTER_CASES = ["Go live", "Go,", "Go developer", "Epic EHR", "Epic stories", "Palo Alto, CA",
                "Palo Alto office", "spring  boot"]  # fmt: skip


@settings(max_examples=examples(500), deadline=None)
@given(
    st.lists(
        st.sampled_from(WORDS)
        | st.sampled_from(_AFTER_CASES)
        | st.sampled_from([*GLUE, *TRICKY, "\t", "  "])
        | st.text(max_size=3),
        max_size=30,
    )
)
def test_skill_spans_are_the_long_ways(parts: list[str]) -> None:
    text = "".join(parts)
    assert skills.skill_spans.__wrapped__(text) == _long_way_spans(text)


def test_skill_spans_of_every_corpus_mail() -> None:
    for path, text in corpus_texts():
        assert skills.skill_spans.__wrapped__(text) == _long_way_spans(text), path
