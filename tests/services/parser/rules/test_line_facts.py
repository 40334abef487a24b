"""A document's line facts are what the layout finders computed line by line the long way."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules.labels import LabelHit
from services.parser.rules.line_facts import LineFacts
from services.parser.rules.role_anchors import LIST_ITEM
from services.parser.rules.role_shapes import _bare
from services.parser.rules.titles import has_role_noun
from tests.properties import examples

PARTS = [
    "Java Developer", "QA", "Scrum", " Master", "Dallas, TX", "#1", "#12", "1)", "a. ", "• ",
    "-----", "***", " *", "=", " ", "  ", "\t", "\u2003", "Thanks", "Req #4411", "x", "_", ":",
]  # fmt: skip
_SEPARATOR = re.compile(r"^\s*(?:[-=_*~#]{3,}|\*)\s*$")

lines_of = st.lists(st.lists(st.sampled_from(PARTS), max_size=5).map("".join), max_size=10)
hits_of = st.lists(
    st.tuples(st.sampled_from(["title", "location", "rate"]), st.integers(0, 9)), max_size=4
)


def _paragraphs(lines: list[str]) -> list[tuple[int, int]]:
    """role_shapes' runs of lines between blank and rule lines, as it read them line by line."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i, line in enumerate([*lines, ""]):
        if line.strip() and not _SEPARATOR.match(line):
            start = i if start is None else start
        elif start is not None:
            runs.append((start, i))
            start = None
    return runs


@settings(max_examples=examples(500), deadline=None)
@given(lines_of, hits_of)
def test_facts_are_the_line_by_line_answers(
    lines: list[str], fields: list[tuple[str, int]]
) -> None:
    hits = [LabelHit(field, field, "v", line, "", 0, 1) for field, line in fields]
    facts = LineFacts(lines, hits)
    assert facts.stripped == [line.strip() for line in lines]
    assert facts.openings == [
        i for i, line in enumerate(lines) if line.strip() and (i == 0 or not lines[i - 1].strip())
    ]
    assert facts.words == [len(line.split()) for line in lines]
    assert facts.label_lines == {h.line for h in hits}
    assert facts.has_title_hit == any(h.field == "title" for h in hits)
    assert facts.rules == [i for i, line in enumerate(lines) if _SEPARATOR.match(line)]
    assert facts.paragraphs == _paragraphs(lines)
    assert facts.role_lines == min(3, sum(map(has_role_noun, lines)))
    assert facts.text == "\n".join(lines)
    labelled: dict[int, set[str]] = {}
    for hit in hits:
        labelled.setdefault(hit.line, set()).add(hit.field)
    assert facts.labelled == labelled


@settings(max_examples=examples(500), deadline=None)
@given(lines_of)
def test_lines_naming_roles_without_their_marker_are_foreseen(lines: list[str]) -> None:
    # shaped_title_anchors and title_list_anchors read a line without its list marker: a
    # document holding fewer than two such lines is skipped by them (may_name_roles)
    def item(line: str) -> str:
        bullet = LIST_ITEM.match(line)
        return line[bullet.end() :] if bullet else line

    if not LineFacts(lines, []).may_name_roles():
        assert sum(has_role_noun(_bare(line)) for line in lines) < 2
        assert sum(has_role_noun(item(line)) for line in lines) < 2


def test_a_numbered_item_running_into_its_role_may_name_one() -> None:
    lines = ["#1Developer", "#2Engineer"]
    assert LineFacts(lines, []).role_lines == 0
    assert LineFacts(lines, []).may_name_roles()
