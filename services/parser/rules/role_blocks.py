"""From role anchors to job drafts: each role's block of lines (a heading or labels just above
its title included), and what the roles share (the intro, a trailer after the last one)."""

from __future__ import annotations

import re

from services.parser.rules.jobs import JobDraft
from services.parser.rules.labels import LabelHit
from services.parser.rules.line_facts import LineFacts
from services.parser.rules.locations import find_city_states
from services.parser.rules.role_anchors import (
    DETAIL_FIELDS,
    REMOTE_WORD,
    bare_role_title,
    valid_title,
)

__all__ = ["block_drafts", "separated_drafts"]

_HEADING = re.compile(
    r"^\s*(?:[-=*_#~]{3,}|(?:job|position|requirement|role|opening|req)\s*#?\s*\d{1,2}\s*[:.)-]?"
    r"|\d{1,2}\s*[.)])\s*$",
    re.IGNORECASE,
)
_TRAILER_FIELDS = {"visa", "employment"}


def block_drafts(
    lines: list[str],
    hits: list[LabelHit],
    anchors: list[tuple[int, str]],
    *,
    paragraphs: bool = False,
    last_end: int | None = None,
) -> list[JobDraft]:
    """One job per anchor, from its line to the next anchor's block. With ``paragraphs`` the
    last job ends at its paragraph's end and the lines after it ("All roles: W2 only") are a
    trailer every job shares."""
    if not anchors:
        return []
    floors = [0, *[line + 1 for line, _ in anchors[:-1]]]  # a block never reaches into the previous
    starts = [
        _block_start(lines, hits, line, floor)
        for (line, _), floor in zip(anchors, floors, strict=True)
    ]
    if last_end is None:
        last_end = len(lines)
    if paragraphs:
        last_end = next(
            (i for i in range(anchors[-1][0], len(lines)) if not lines[i].strip()), len(lines)
        )
    ends = [*starts[1:], last_end]
    own = [
        [h for h in hits if start <= h.line < end] for start, end in zip(starts, ends, strict=True)
    ]
    # "Visa: USC/GC" once after the last job, and in no other job, applies to all of them.
    earlier = {h.field for block in own[:-1] for h in block}
    trailer = [h for h in own[-1] if h.field in _TRAILER_FIELDS and h.field not in earlier]
    trailer += [h for h in hits if h.line >= last_end]
    shared_hits = [h for h in hits if h.line < starts[0]] + trailer
    shared_text = "\n".join(lines[: starts[0]] + lines[last_end:])
    return [
        JobDraft(title, True, block, "\n".join(lines[a:b]), shared_hits, shared_text, None, (a, b))
        for (_, title), block, a, b in zip(anchors, own, starts, ends, strict=True)
    ]


def _block_start(lines: list[str], hits: list[LabelHit], anchor: int, floor: int) -> int:
    """Include a heading ("Job 2:") or a job id line right above the title line."""
    id_lines = {h.line for h in hits if h.field in ("job_id", "client")}
    start = anchor
    while (
        start - 1 >= floor
        and lines[start - 1].strip()
        and (start - 1 in id_lines or _HEADING.match(lines[start - 1]))
    ):
        start -= 1
    # "Client: Acme\nLocation: Dallas, TX\nRole: Java Developer": labels above the title in the
    # title's own paragraph are its fields, when a blank line parts them from the previous role.
    label_lines = {h.line for h in hits}
    top = start
    while top - 1 >= floor and top - 1 in label_lines and lines[top - 1].strip():
        top -= 1
    if top < start and (top == 0 or (top - 1 >= floor and not lines[top - 1].strip())):
        return top
    return start


def separated_drafts(facts: LineFacts) -> list[JobDraft]:
    """Roles between separator lines ("-----", "_____", "*****"): each part that opens with a
    role's name (bare or labelled) and says more than it is one job; the part before the first
    is an intro and the lines after the last rule that closes a role are a trailer."""
    lines, hits, stripped = facts.lines, facts.hits, facts.stripped
    separators = facts.rules
    if not separators:
        return []
    titles = {h.line: t for h in hits if h.field == "title" for t in [valid_title(h)] if t}
    bounds = [-1, *separators, len(lines)]
    anchors: list[tuple[int, str]] = []
    ends: list[int] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        # The first part may open with a greeting: its role starts a later paragraph.
        opening = [
            i for i in range(a + 1, b) if stripped[i] and (i == a + 1 or not stripped[i - 1])
        ]
        for first in opening if a < 0 else opening[:1]:
            title = titles.get(first) or bare_role_title(lines[first])
            if title and _has_details(lines, hits, first, b):
                anchors.append((first, title))
                ends.append(b)
                break
    if len(anchors) < 2:
        return []
    if ends[-1] == len(lines):  # no rule closes the last role: it ends with its paragraph
        return block_drafts(lines, hits, anchors, paragraphs=True)
    return block_drafts(lines, hits, anchors, last_end=ends[-1])


def _has_details(lines: list[str], hits: list[LabelHit], first: int, end: int) -> bool:
    """A role's part says more than its name: a field label or a place below the title (a
    signature's "Technical Recruiter" line under a rule says nothing else)."""
    if any(first <= h.line < end and h.field in DETAIL_FIELDS for h in hits):
        return True
    below = "\n".join(lines[first + 1 : end])
    return bool(find_city_states(below) or REMOTE_WORD.search(below))
