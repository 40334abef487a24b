"""Segmentation's and the classifier's shortcuts give the answers of the long way."""

from __future__ import annotations

from dataclasses import fields, replace

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import classify, role_anchors, segment, tokens
from services.parser.rules import fields as field_rules
from services.parser.rules.jobs import JobDraft
from services.parser.rules.labels import LabelHit
from services.parser.rules.locations import find_city_states
from services.parser.rules.role_anchors import REMOTE_WORD
from services.parser.rules.titles import has_role_noun
from tests.properties import examples

PARTS = [
    "Java Developer", "Data Engineer", "Dallas, TX", "Remote", "$60/hr", "$85 per hour",
    "12 months", "6+ months", "C2C", "W2", "Full time", "contract", "1)", "-", " - ", ", ", " ",
    "(Hybrid)", "needed", "in", "New York, NY", "90000",
]  # fmt: skip


def _long_way(line: str) -> bool:
    if len(line) > 220 or not has_role_noun(line):
        return False
    signals = (
        bool(find_city_states(line) or REMOTE_WORD.search(line)),
        field_rules.rate(line, labelled=False) is not None,
        field_rules.duration_months(line, labelled=False) is not None,
        bool(tokens.employment_types(line)),
    )
    return sum(signals) >= 2


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from(PARTS), max_size=8).map("".join))
def test_terse_job_asks_signals_in_turn_with_the_same_answer(line: str) -> None:
    assert segment._is_terse_job(line) == _long_way(line)


@settings(max_examples=examples(500), deadline=None)
@given(
    st.lists(
        st.sampled_from(["w", "word", " ", "  ", "\n", "\t", "\u2003", "\u00a0"]), max_size=40
    ).map("".join),
    st.integers(min_value=0, max_value=12),
)
def test_word_limit_is_the_whole_split(text: str, limit: int) -> None:
    assert classify._words_at_most(text, limit) == (len(text.split()) <= limit)


def test_a_draft_with_a_new_subject_is_the_replaced_draft() -> None:
    # segment._with builds a JobDraft field by field: a field added to JobDraft must go there
    assert [f.name for f in fields(JobDraft)] == [
        "title", "title_labelled", "hits", "text", "shared_hits", "shared_text", "subject",
        "lines",
    ]  # fmt: skip
    draft = JobDraft("T", True, [], "text", [], "shared", None, (2, 5))
    changed = replace(draft, title="U", shared_text="S", subject="subject")
    assert segment._with(draft, "U", "S", "subject") == changed


HEADED_PARTS = ["Job", "position", "REQUIREMENT", "Role", "opening", "req", "Req 1 of 3", " ",
                "\t", "\u2003", "#", "1", "2)", "12", ":", " - ", "Java Developer", "\u017f",
                "x"]  # fmt: skip


@settings(max_examples=examples(500), deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(HEADED_PARTS), max_size=6).map("".join), max_size=6),
    st.sets(st.integers(min_value=0, max_value=6)),
)
def test_headed_lines_hold_every_line_a_heading_pattern_matches(
    lines: list[str], id_lines: set[int]
) -> None:
    id_hits = {i: LabelHit("job_id", "job id", "1", i, "", 0, 1) for i in id_lines}
    expected = [
        i
        for i, line in enumerate(lines)
        if i in id_hits
        or role_anchors._NUMBERED_HEADING.match(line)
        or role_anchors._NUMBERED_TITLE.match(line)
    ]
    found = role_anchors._headed_lines(lines, id_hits)
    assert found == sorted(set(found))
    assert set(expected) <= set(found)
