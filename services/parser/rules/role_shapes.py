"""Roles told apart by the shape of their blocks, not by labels: a bare title line and the
field lines around it (a place, a duration, a rate, an experience line…) repeated once per role,
and a paragraph that is nothing but role names. Each finder gives (line, title) anchors, or
none when fewer than two roles (not that layout)."""

from __future__ import annotations

import re
from collections import Counter

from services.parser.rules import fields, tokens
from services.parser.rules.labels import LabelHit
from services.parser.rules.locations import find_city_states, normalise_location
from services.parser.rules.role_anchors import (
    DETAIL_FIELDS,
    LIST_ITEM,
    REMOTE_WORD,
    bare_role_title,
)
from services.parser.rules.role_blocks import SEPARATOR

__all__ = ["line_kinds", "shaped_title_anchors", "title_run_anchors"]

# "a. ServiceNow Developer", "B) Data Engineer": a lettered role, as LIST_ITEM numbers them
_LETTER_ITEM = re.compile(r"^\s*[A-Za-z][.)]\s+(?=\S)")
_DETAIL_REACH = 5  # field lines under a title that belong to its block
_PLACE_WORDS = 6  # a line that is only a place is short: "Jersey City, NJ (Hybrid)"
_MIN_KINDS = 2  # a role says at least two things besides its name (a signature says one)
_MIN_RUN = 3  # role names one per line, the whole paragraph: a list, not a heading


def shaped_title_anchors(lines: list[str], hits: list[LabelHit]) -> list[tuple[int, str]]:
    """Paragraphs that open with a bare role name ("Java Developer - Dallas, TX", "1) Mainframe
    Developer", "a. SAP FICO Consultant"), or with one field row right above it, whose lines
    state at least two kinds of a job's fields; the roles share their commonest kind. The anchor
    is the paragraph's first line, so fields above a title are its block's."""
    labelled: dict[int, set[str]] = {}
    for hit in hits:
        labelled.setdefault(hit.line, set()).add(hit.field)
    found: list[tuple[int, str, set[str]]] = []
    for start, end in _paragraphs(lines):
        for at in (start, start + 1):
            if at >= end or at in labelled:
                continue
            title = _bare_title(lines[at])
            if title is None:
                continue
            above = line_kinds(lines[start], labelled.get(start)) if at > start else set()
            if at > start and not above:
                break  # a sentence above the name: not a role's field row
            kinds = above | _title_line_kinds(lines[at], title)
            for i in range(at + 1, min(end, at + 1 + _DETAIL_REACH)):
                kinds |= line_kinds(lines[i], labelled.get(i))
            if len(kinds) >= _MIN_KINDS:
                found.append((start, title, kinds))
            break
    if len(found) < 2:
        return []
    common, _ = Counter(k for _, _, kinds in found for k in kinds).most_common(1)[0]
    anchors = [(line, title) for line, title, kinds in found if common in kinds]
    return anchors if len(anchors) >= 2 else []


def title_run_anchors(lines: list[str], hits: list[LabelHit]) -> list[tuple[int, str]]:
    """A paragraph of three or more different bare role names, one per line and nothing else
    ("Java Developer", "Business Analyst", …): one job per name, the mail's other lines
    (the sentence above stating place, duration and visa) shared by all."""
    if any(h.field == "title" for h in hits):
        return []
    label_lines = {h.line for h in hits}
    best: list[tuple[int, str]] = []
    for start, end in _paragraphs(lines):
        if end - start < _MIN_RUN or end - start <= len(best):
            continue
        names = [
            None if i in label_lines or LIST_ITEM.match(lines[i]) else bare_role_title(lines[i])
            for i in range(start, end)
        ]
        if not all(names) or any(
            n and n.strip() != lines[start + k].strip() for k, n in enumerate(names)
        ):
            continue  # every line is a whole role name: "Java Developer - Dallas" is a role line
        if len({n.casefold() for n in names if n}) == len(names):
            best = [(start + k, n) for k, n in enumerate(names) if n]
    return best


def line_kinds(line: str, labelled: set[str] | None = None) -> set[str]:
    """Which of a job's fields an unlabelled line states ("Irving, TX • 12 months • $62/hr" →
    place, duration, rate), or a labelled line's fields."""
    if labelled:
        return labelled & DETAIL_FIELDS
    text = line.strip()
    if not text:
        return set()
    kinds: set[str] = set()
    if (
        find_city_states(text)
        or REMOTE_WORD.search(text)
        or (len(text.split()) <= _PLACE_WORDS and normalise_location(text))
    ):
        kinds.add("location")
    if fields.duration_months(text, labelled=False) is not None:
        kinds.add("duration")
    if fields.rate(text, labelled=False) is not None:
        kinds.add("rate")
    if fields.experience_years(text, labelled=False) is not None:
        kinds.add("experience")
    if tokens.employment_types(text):
        kinds.add("employment")
    return kinds


def _title_line_kinds(line: str, title: str) -> set[str]:
    """The fields a title line carries after its name: "Java Developer - Dallas, TX"."""
    text = _bare(line)
    rest = text[text.casefold().find(title.casefold()) + len(title) :] if title else text
    return line_kinds(rest.strip(" -–—|,()")) if rest.strip(" -–—|,()") else set()


def _bare_title(line: str) -> str | None:
    return bare_role_title(_bare(line))


def _bare(line: str) -> str:
    """The line without its list marker: "1) ", "• ", "a. "."""
    marker = LIST_ITEM.match(line) or _LETTER_ITEM.match(line)
    return line[marker.end() :] if marker else line


def _paragraphs(lines: list[str]) -> list[tuple[int, int]]:
    """[start, end) runs of lines between blank lines and rule lines ("----", "***")."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i, line in enumerate([*lines, ""]):
        if line.strip() and not SEPARATOR.match(line):
            start = i if start is None else start
        elif start is not None:
            runs.append((start, i))
            start = None
    return runs
