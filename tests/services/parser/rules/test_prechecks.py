"""The pre-checks asked before an ungated pattern is searched (prechecks.py: its short pieces,
a character outside ASCII) never turn away a text the pattern matches."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import classify
from services.parser.rules.gate import Folded, required_clauses
from services.parser.rules.prechecks import needs_non_ascii, short_clauses

# every part of the classifier's rules the gate's long pieces cannot gate
PARTS = [
    part.pattern
    for any_of in (classify._SUBJECT_ANY, classify._BODY_ANY)
    for part in any_of.parts
    if not required_clauses(part.pattern)
]
PROBES = [
    re.compile(p, flags)
    for p, flags in (
        (r"[\u3040-\u30ff\u4e00-\u9fff]{3}", 0),
        (r"[\u3040-\u30ff\u4e00-\u9fff]{3}", re.IGNORECASE),
        (r"[\u212a\u3042]", re.IGNORECASE),  # the Kelvin sign matches "k"
        (r"\u017f", re.IGNORECASE),  # the long s matches "s"
        (r"\u0130x|\u00e9", re.IGNORECASE),
        (r"(?:\u00e9|e)t", 0),
        (r"caf\u00e9s?", 0),
        (r"(?i:\u00c9)\d", 0),
        (r"[^a]\u00e9?", 0),
        (r"\bw-?9\b|x\d", re.IGNORECASE),
        (r"\b(?:[Rr]esume|CV)\s+of\b", 0),
    )
]
CHARS = ["\u3042", "\u4e00", "\u30ff", "\u212a", "\u017f", "\u0130", "\u00e9", "\u00c9", "k", "s"]
GLUE = [" ", "x", "9", "W-9", "w9", "Resume of", "CV of", "of", "t", "\u00e9t", "caf\u00e9", "\n"]


def test_a_class_of_foreign_characters_needs_one() -> None:
    needs = {p.pattern: needs_non_ascii(p) for p in PROBES[:9]}
    assert needs == {
        r"[\u3040-\u30ff\u4e00-\u9fff]{3}": True,
        r"[\u212a\u3042]": False,
        r"\u017f": False,
        r"\u0130x|\u00e9": False,
        r"(?:\u00e9|e)t": False,
        r"caf\u00e9s?": True,
        r"(?i:\u00c9)\d": True,
        r"[^a]\u00e9?": False,
    }


def _may_match(pattern: re.Pattern[str], text: str) -> bool:
    """What anyof.py asks of a part before searching it."""
    if needs_non_ascii(pattern) and text.isascii():
        return False
    return Folded(text).satisfies(short_clauses(pattern))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(CHARS + GLUE) | st.text(max_size=3), max_size=20).map("".join))
def test_a_text_turned_away_has_no_match(text: str) -> None:
    for pattern in [*PARTS, *PROBES]:
        if pattern.search(text) is not None:
            assert _may_match(pattern, text), (pattern.pattern, text)


def test_the_classifier_prechecks_its_cjk_and_short_word_rules() -> None:
    """The rules the checks were made for are checked: a CJK run, a "W-9"."""
    body = classify._BODY_ANY
    checked = [part.pattern.pattern for part in body.parts if part.clauses]
    assert any("w-?9" in p for p in checked)
    assert any("\\u3040" in body.parts[i].pattern.pattern for i in body._non_ascii)
    assert not _may_match(re.compile(r"[\u3040-\u30ff]{2}"), "plain ASCII")
    assert not _may_match(re.compile(r"\bw-?9\b", re.I), "a W-2 form")


def test_a_rare_short_word_gates_but_a_common_one_does_not() -> None:
    """ "qa" seldom occurs inside words, "he" in every "the": only the rare one is asked."""
    assert _may_match(re.compile(r"\bqa\b", re.I), "a QA lead") is True
    assert _may_match(re.compile(r"\bqa\b", re.I), "the developer") is False
    assert short_clauses(re.compile(r"\bhe\b", re.I)) == ()
    subject = classify._SUBJECT_ANY
    assert all(part.clauses for part in subject.parts if part.pattern.pattern == r"\bjd\b")
