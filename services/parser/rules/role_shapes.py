"""Roles told apart by the shape of their blocks, not by labels: a bare title line and the
field lines around it (a place, a duration, a rate, an experience line…) repeated once per role,
and a paragraph that is nothing but role names. Each finder gives (line, title) anchors, or
none when fewer than two roles (not that layout)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from services.parser.rules import fields, tokens
from services.parser.rules.line_facts import LineFacts
from services.parser.rules.locations import find_city_states, normalise_location
from services.parser.rules.role_anchors import (
    DETAIL_FIELDS,
    LIST_ITEM,
    REMOTE_WORD,
    bare_role_title,
)
from services.parser.rules.titles import clean_title

__all__ = [
    "line_kinds",
    "nounless_title_anchors",
    "prose_title_anchors",
    "shaped_title_anchors",
    "title_run_anchors",
]

# "a. ServiceNow Developer", "B) Data Engineer": a lettered role, as LIST_ITEM numbers them
_LETTER_ITEM = re.compile(r"^\s*[A-Za-z][.)]\s+(?=\S)")
_DETAIL_REACH = 5  # field lines under a title that belong to its block
_PLACE_WORDS = 6  # a line that is only a place is short: "Jersey City, NJ (Hybrid)"
_MIN_KINDS = 2  # a role says at least two things besides its name (a signature says one)
_MIN_RUN = 3  # role names one per line, the whole paragraph: a list, not a heading
_NAME_WORDS = 6  # "SAP ABAP on HANA": a role named by its product is short
_FIELD_LINES = 6  # field lines under a product-named role's name that are read
_MODE_ONLY = frozenset({"work_mode"})  # a label whose line may state the job's other fields


def shaped_title_anchors(facts: LineFacts) -> list[tuple[int, str]]:
    """Roles that open with a bare role name ("Java Developer - Dallas, TX", "1) Mainframe
    Developer", "a. SAP FICO Consultant") whose lines state at least two kinds of a job's fields;
    the roles share their commonest kind. A role opens a paragraph, or has one field row right
    above it that opens the paragraph (the anchor, so the row is its block's), or follows the
    previous role's last field line in the same paragraph (roles without blank lines)."""
    if not facts.may_name_roles():
        return []
    lines = facts.lines
    labelled = facts.labelled
    kinds_of: dict[int, set[str]] = {}

    def kinds(i: int) -> set[str]:  # each line read once
        if i not in kinds_of:
            kinds_of[i] = line_kinds(lines[i], labelled.get(i))
        return kinds_of[i]

    found: list[tuple[int, str, set[str]]] = []
    named: set[str] = set()
    for start, end in facts.paragraphs:
        roles = _paragraph_roles(lines, labelled, kinds, start, end)
        for k, (anchor, at, title) in enumerate(roles):
            stop = roles[k + 1][0] if k + 1 < len(roles) else end
            role_kinds = _title_line_kinds(lines[at], title)
            for i in range(anchor, min(stop, at + 1 + _DETAIL_REACH)):
                role_kinds |= kinds(i) if i != at else set()
            line = _bare(lines[at]).strip().casefold()
            if len(role_kinds) >= _MIN_KINDS and line not in named:
                found.append((anchor, title, role_kinds))
            named.add(line)  # the same role line again is one role named twice
    if len(found) < 2:
        return []
    common, _ = Counter(k for _, _, kinds in found for k in kinds).most_common(1)[0]
    anchors = [(line, title) for line, title, kinds in found if common in kinds]
    return anchors if len(anchors) >= 2 else []


def _paragraph_roles(
    lines: list[str],
    labelled: dict[int, set[str]],
    kinds: Callable[[int], set[str]],
    start: int,
    end: int,
) -> list[tuple[int, int, str]]:
    """(anchor, title line, title) of each role a paragraph holds."""
    roles: list[tuple[int, int, str]] = []
    for at in (start, start + 1):
        if at >= end or at in labelled:
            continue
        title = _bare_title(lines[at])
        if title is None:
            continue
        if at > start and not kinds(start):
            return []  # a sentence above the name: not a role's field row
        roles.append((start, at, title))
        break
    # only a role block (its name, then a field line) may hold further roles: prose is skipped
    if not roles or roles[0][1] + 1 >= end or not kinds(roles[0][1] + 1):
        return roles
    after_name = True  # the line before holds a role's name ("Python Developer  Austin, TX")
    for i in range(roles[0][1] + 1, end):
        # a name right under the previous role's field line opens the next role
        title = None if i in labelled else _bare_title(lines[i])
        if title is not None and not after_name and kinds(i - 1):
            roles.append((i, i, title))
        after_name = title is not None
    return roles


def nounless_title_anchors(facts: LineFacts) -> list[tuple[int, str]]:
    """Roles named by their product, without a role noun ("Salesforce CPQ", "Guidewire
    PolicyCenter"): paragraphs that open with a short name line, then a place line, then field
    lines ("exp: 6-8 yrs", "12 months"; a description may follow), stating two kinds of field
    or more. Two such paragraphs with different names or more; a signature's name over a city
    states one kind."""
    if facts.has_title_hit:
        return []
    lines = facts.lines
    labelled = facts.labelled
    anchors: dict[str, tuple[int, str]] = {}  # one role per name
    for start, end in facts.paragraphs:
        if end - start < _MIN_RUN or start in labelled:
            continue
        name = _bare(lines[start]).strip()
        if not name or len(name.split()) > _NAME_WORDS or name[-1] in ".:!?,;":
            continue
        # the cheap questions first: most paragraphs fail on their second line
        place = line_kinds(lines[start + 1], labelled.get(start + 1))
        if "location" not in place or line_kinds(name):
            continue
        # the field lines run on under the place; a description may follow them
        stated = [place]
        for i in range(start + 2, min(end, start + 1 + _FIELD_LINES)):
            kinds = line_kinds(lines[i], labelled.get(i))
            if not kinds:
                break
            stated.append(kinds)
        title = clean_title(name) if len(set().union(*stated)) >= _MIN_KINDS else None
        if title:
            anchors.setdefault(title.casefold(), (start, title))
    return sorted(anchors.values()) if len(anchors) >= 2 else []


def title_run_anchors(facts: LineFacts) -> list[tuple[int, str]]:
    """A paragraph of three or more different bare role names, one per line and nothing else
    ("Java Developer", "Business Analyst", …): one job per name, the mail's other lines
    (the sentence above stating place, duration and visa) shared by all."""
    if facts.has_title_hit or facts.role_lines < _MIN_RUN:
        return []  # each name's line names a role
    lines, label_lines = facts.lines, facts.label_lines
    best: list[tuple[int, str]] = []
    for start, end in facts.paragraphs:
        if end - start < _MIN_RUN or end - start <= len(best):
            continue
        names = [
            None if i in label_lines or LIST_ITEM.match(lines[i]) else bare_role_title(lines[i])
            for i in range(start, end)
        ]
        if not all(names) or any(
            n and n.strip() != facts.stripped[start + k] for k, n in enumerate(names)
        ):
            continue  # every line is a whole role name: "Java Developer - Dallas" is a role line
        if len({n.casefold() for n in names if n}) == len(names):
            best = [(start + k, n) for k, n in enumerate(names) if n]
    return best


_PROSE_WORDS = 10  # a role's description is a sentence or more, not a field line
_PROSE_TITLE_WORDS = 8  # as bare_role_title's


def prose_title_anchors(facts: LineFacts) -> list[tuple[int, str]]:
    """Bare title lines ("Network Engineer", "<b>Scrum Master</b>"), each opening a paragraph
    or alone over one, whose next paragraph of prose describes the role and states two kinds of
    its fields or more ("… in Columbus, OH. 8+ years … 6 months contract, $58/hr"): a job each.
    A description says more than one field line, so a signature's title over a disclaimer does
    not count."""
    if facts.role_lines < 2:
        return []  # each role's line names one
    lines, stripped, label_lines = facts.lines, facts.stripped, facts.label_lines
    anchors: list[tuple[int, str]] = []
    for i in facts.openings:
        line = lines[i]
        if i in label_lines or i + 1 == len(lines):
            continue
        # cheapest first: most paragraphs open with a long line, not a title over prose
        if len(line.split()) > _PROSE_TITLE_WORDS:
            continue
        below = i + 1 if stripped[i + 1] else i + 2
        if below >= len(lines) or below in label_lines:
            continue
        text = lines[below]
        if len(text.split()) < _PROSE_WORDS:
            continue
        title = bare_role_title(line)
        if title and len(line_kinds(text)) >= _MIN_KINDS:
            anchors.append((i, title))
    if len({t.casefold() for _, t in anchors}) < len(anchors):
        return []  # one role named twice is a heading and its subject
    return anchors if len(anchors) >= 2 else []


def line_kinds(line: str, labelled: set[str] | None = None) -> set[str]:
    """Which of a job's fields a line states ("Irving, TX • 12 months • $62/hr" → place,
    duration, rate), or a labelled line's fields; a mode label's line is read for more ("Remote |
    12 months | $70/hr" reads as a "Remote" label, yet states a duration and a rate too)."""
    kinds: set[str] = labelled & DETAIL_FIELDS if labelled else set()
    if labelled and kinds != _MODE_ONLY:
        return kinds
    text = line.strip()
    if not text:
        return kinds
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
