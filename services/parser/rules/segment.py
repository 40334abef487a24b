"""Split an email into job drafts: a jobs table, repeated role blocks, one-line jobs, or one job."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from services.parser.rules import fields, tokens
from services.parser.rules.jobs import JobDraft
from services.parser.rules.labels import LabelHit, find_table_rows
from services.parser.rules.locations import find_city_states, normalise_location
from services.parser.rules.titles import (
    clean_title,
    has_role_noun,
    title_from_line,
    title_from_prose,
    title_from_subject,
)

__all__ = ["job_drafts"]

_STRONG_TITLE_LABELS = {"role", "job title", "title", "position title", "job role", "role title"}
_HEADING = re.compile(
    r"^\s*(?:[-=*_#~]{3,}|(?:job|position|requirement|role|opening|req)\s*#?\s*\d{1,2}\s*[:.)-]?"
    r"|\d{1,2}\s*[.)])\s*$",
    re.IGNORECASE,
)
_REMOTE_WORD = re.compile(r"\bremote\b", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[-*•·◦▪►➢>]+|\d{1,2}[.)]|#\d{1,2})\s*")
_PROSE_TITLE_LINES = 30  # a requirement names its role near the top
_TRAILER_FIELDS = {"visa", "employment"}
# A bare role paragraph: title line of at most this many words, then a short place line.
_BARE_TITLE_WORDS = 8
_BARE_PLACE_WORDS = 6
_BARE_NEXT_FIELDS = {"location", "experience", "work_mode"}
_SENTENCE_END = ".:!?,;"
_LIST_ROLE_WORDS = 12  # "1) Sr. Java Full Stack Developer - Columbus, OH (Hybrid)"
_SEPARATOR = re.compile(r"^\s*[-=_*~#]{3,}\s*$")
# "Position 1:", "Requirement #2", "Opening 3" alone on a line: a role's title follows it.
_NUMBERED_HEADING = re.compile(
    r"^\s*(?:job|position|requirement|role|opening|req)\s*#?\s*\d{1,2}\s*[:.)-]?\s*$",
    re.IGNORECASE,
)
_HEADING_GAP = 2  # lines between a heading and its title
_ID_THEN_TITLE = re.compile(r"^\s*#?[\w-]*\d[\w-]*\s*[-–—:|]+\s*(?P<rest>\S.*)$")
_DETAIL_FIELDS = {"location", "duration", "rate", "experience", "skills", "visa", "work_mode",
                  "employment"}  # fmt: skip
_DETAIL_REACH = 4  # lines below a role label where its own fields start
# Prose, not a role line: "reports to the Engineering Manager", "work with Data Engineers".
_PROSE_WORD = re.compile(
    r"\b(?:to|the|with|will|you|we|our|your|who|that|is|are|be|reports?|work|working|join|help|"
    r"looking|need|needs|seeking|hiring)\b",
    re.IGNORECASE,
)


def job_drafts(lines: list[str], hits: list[LabelHit], subject: str) -> list[JobDraft]:
    # A mail laid out one way can match another layout's pattern for a few of its roles (two
    # "Location:" labels among nine roles): the layout that finds the most roles wins, the
    # earlier one on a tie.
    drafts = _most(
        lambda: _table_drafts(lines, hits),
        lambda: _block_drafts(lines, hits, _title_anchors(lines, hits)),
        lambda: _block_drafts(lines, hits, _heading_anchors(lines, hits)),
        lambda: _block_drafts(lines, hits, _headed_title_anchors(lines, hits), paragraphs=True),
        lambda: _separated_drafts(lines, hits),
        lambda: _block_drafts(lines, hits, _bare_title_anchors(lines, hits), paragraphs=True),
        lambda: _block_drafts(lines, hits, _colon_title_anchors(lines, hits)),
    ) or (
        _terse_drafts(lines, hits)
        # after one-line jobs: a numbered line carrying a whole job is a job of its own
        or _most(
            lambda: _block_drafts(lines, hits, _list_item_anchors(lines, hits), paragraphs=True),
            lambda: _block_drafts(lines, hits, _title_list_anchors(lines, hits), paragraphs=True),
        )
        or [_single_draft(lines, hits)]
    )
    if len(drafts) == 1:  # the subject describes the email's only job
        only = drafts[0]
        return [replace(only, title=only.title or title_from_subject(subject), subject=subject)]
    # "3 openings - C2C - Dallas, TX": a subject over several jobs is context they share.
    return [replace(d, shared_text=f"{subject}\n{d.shared_text}") for d in drafts]


def _most(*layouts: Callable[[], list[JobDraft]]) -> list[JobDraft]:
    best: list[JobDraft] = []
    for layout in layouts:
        drafts = layout()
        if len(drafts) > len(best):
            best = drafts
    return best


def _valid_title(hit: LabelHit) -> str | None:
    title = clean_title(hit.value)
    if title is None:
        return None
    if has_role_noun(title) or (hit.label in _STRONG_TITLE_LABELS and len(title.split()) <= 6):
        return title
    return None


def _table_drafts(lines: list[str], hits: list[LabelHit]) -> list[JobDraft]:
    rows = find_table_rows(lines)
    if not rows:
        return []
    table_lines = {h.line for row in rows for h in row}
    shared_hits = [h for h in hits if h.line not in table_lines]
    shared_text = "\n".join(line for i, line in enumerate(lines) if i not in table_lines)
    drafts = []
    for row in rows:
        title_hit = next((h for h in row if h.field == "title"), None)
        title = _valid_title(title_hit) if title_hit else None
        if title is None:
            continue
        text = lines[row[0].line]
        line = row[0].line
        drafts.append(
            JobDraft(title, True, row, text, shared_hits, shared_text, None, (line, line + 1))
        )
    return drafts


def _title_anchors(lines: list[str], hits: list[LabelHit]) -> list[tuple[int, str]]:
    """Repeated role labels. "Job Title: Salesforce CPQ" names no role noun: it counts when its
    own fields (location, duration, rate…) follow it, as the other roles' do."""
    if sum(h.field == "title" for h in hits) < 2:
        return []  # one anchor at most: not a layout of roles
    detail_lines = {h.line for h in hits if h.field in _DETAIL_FIELDS}
    anchors: dict[int, str] = {}
    for hit in hits:
        if hit.field == "title" and hit.line not in anchors:
            title = _valid_title(hit)
            if title and (
                has_role_noun(title)
                or any(hit.line < d <= hit.line + _DETAIL_REACH for d in detail_lines)
            ):
                anchors[hit.line] = title
    if not any(has_role_noun(title) for title in anchors.values()):
        return []
    return sorted(anchors.items()) if len(anchors) >= 2 else []


def _heading_anchors(lines: list[str], hits: list[LabelHit]) -> list[tuple[int, str]]:
    """Repeated blocks without a role label: the title is the short line above each location."""
    locations = [h for h in hits if h.field == "location"]
    if len(locations) < 2:
        return []  # one anchor at most
    label_lines = {h.line for h in hits}
    anchors: list[tuple[int, str]] = []
    for hit in locations:
        for i in range(hit.line - 1, max(-1, hit.line - 5), -1):
            line = lines[i].strip()
            if not line or i in label_lines:
                continue
            title = title_from_line(line) if len(line.split()) <= 8 else None
            if title:
                anchors.append((i, title))
            break
    unique = sorted(dict(anchors).items())
    return unique if len(unique) >= 2 else []


def _headed_title_anchors(lines: list[str], hits: list[LabelHit]) -> list[tuple[int, str]]:
    """Blocks opened by a heading ("Requirement #2", "Job ID: 12345") whose title is the bare
    role line just under it, the block's fields labelled below."""
    id_hits = {h.line: h for h in hits if h.field == "job_id"}
    label_lines = {h.line for h in hits}
    anchors: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if i not in id_hits and not _NUMBERED_HEADING.match(line):
            continue
        after_id = _ID_THEN_TITLE.match(id_hits[i].value) if i in id_hits else None
        named = _bare_role_title(after_id.group("rest")) if after_id else None
        if named:  # "Req ID: 12345 - Java Developer"
            anchors.append((i, named))
            continue
        for j in range(i + 1, min(len(lines), i + 1 + _HEADING_GAP)):
            if not lines[j].strip():
                continue
            title = None if j in label_lines else _bare_role_title(lines[j])
            if title:
                anchors.append((j, title))
            break
    return anchors if len(anchors) >= 2 else []


def _bare_role_title(line: str) -> str | None:
    """A short line that is only a role's name ("ServiceNow Developer"), not a sentence."""
    text = line.strip()
    if not text or len(text.split()) > _BARE_TITLE_WORDS or text[-1] in _SENTENCE_END:
        return None
    if not has_role_noun(text) or _PROSE_WORD.search(text):
        return None
    return title_from_line(text)


def _separated_drafts(lines: list[str], hits: list[LabelHit]) -> list[JobDraft]:
    """Roles between separator lines ("-----", "_____", "*****"): each part that opens with a
    role's name (bare or labelled) and says more than it is one job; the part before the first
    is an intro and the lines after the last rule that closes a role are a trailer."""
    separators = [i for i, line in enumerate(lines) if _SEPARATOR.match(line)]
    if not separators:
        return []
    titles = {h.line: t for h in hits if h.field == "title" for t in [_valid_title(h)] if t}
    bounds = [-1, *separators, len(lines)]
    anchors: list[tuple[int, str]] = []
    ends: list[int] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        # The first part may open with a greeting: its role starts a later paragraph.
        opening = [
            i
            for i in range(a + 1, b)
            if lines[i].strip() and (i == a + 1 or not lines[i - 1].strip())
        ]
        for first in opening if a < 0 else opening[:1]:
            title = titles.get(first) or _bare_role_title(lines[first])
            if title and _has_details(lines, hits, first, b):
                anchors.append((first, title))
                ends.append(b)
                break
    if len(anchors) < 2:
        return []
    if ends[-1] == len(lines):  # no rule closes the last role: it ends with its paragraph
        return _block_drafts(lines, hits, anchors, paragraphs=True)
    return _block_drafts(lines, hits, anchors, last_end=ends[-1])


def _has_details(lines: list[str], hits: list[LabelHit], first: int, end: int) -> bool:
    """A role's part says more than its name: a field label or a place below the title (a
    signature's "Technical Recruiter" line under a rule says nothing else)."""
    if any(first <= h.line < end and h.field in _DETAIL_FIELDS for h in hits):
        return True
    below = "\n".join(lines[first + 1 : end])
    return bool(find_city_states(below) or _REMOTE_WORD.search(below))


def _list_item_anchors(lines: list[str], hits: list[LabelHit]) -> list[tuple[int, str]]:
    """Numbered or bulleted roles, each naming its place on its own line ("1) Java Developer -
    Columbus, OH", "• Data Engineer (Remote)"), their details on the lines below."""
    label_lines = {h.line for h in hits}
    listed: dict[int, str] = {}
    plain: dict[int, str] = {}  # "Java Developer (Dallas, TX)": a role line without a bullet
    for i, line in enumerate(lines):
        if i in label_lines or len(line.split()) > _LIST_ROLE_WORDS:
            continue
        if not has_role_noun(line) or not (find_city_states(line) or _REMOTE_WORD.search(line)):
            continue
        title = title_from_line(line)
        if not title:
            continue
        bullet = _LIST_ITEM.match(line)
        if not _is_role_line(line[bullet.end() :] if bullet else line, title):
            continue
        if bullet:
            listed[i] = title
        else:
            plain[i] = title
    # Unbulleted role lines count in a run, or each heading its own paragraph of details, when
    # they name different roles: one such line is a subject-like heading.
    run = {i: t for i, t in plain.items() if i - 1 in plain or i + 1 in plain}
    headings = {
        i: t
        for i, t in plain.items()
        if (i == 0 or not lines[i - 1].strip()) and i + 1 < len(lines) and lines[i + 1].strip()
    }
    if len(headings) >= 2 and len({t.casefold() for t in headings.values()}) == len(headings):
        run.update(headings)
    anchors = sorted({**listed, **run}.items())
    return anchors if len(anchors) >= 2 else []


def _colon_title_anchors(lines: list[str], hits: list[LabelHit]) -> list[tuple[int, str]]:
    """Paragraphs headed by a role's name and a colon ("Java Developer:"), the role's text
    below it."""
    label_lines = {h.line for h in hits}
    anchors: list[tuple[int, str]] = []
    for i, line in enumerate(lines[:-1]):
        text = line.strip()
        if not text.endswith(":") or i in label_lines or (i > 0 and lines[i - 1].strip()):
            continue
        name = text[:-1].strip()
        title = _bare_role_title(name)
        if title and title.casefold() == name.casefold() and lines[i + 1].strip():
            anchors.append((i, title))
    return anchors if len(anchors) >= 2 else []


def _title_list_anchors(lines: list[str], hits: list[LabelHit]) -> list[tuple[int, str]]:
    """A bulleted list of bare role names ("• Java Developer", "• QA Analyst") in a mail with no
    role label: one job per item, the fields below the list shared by all."""
    if any(h.field == "title" for h in hits):
        return []
    items: dict[int, str] = {}
    for i, line in enumerate(lines):
        bullet = _LIST_ITEM.match(line)
        if bullet is None:
            continue
        item = line[bullet.end() :].strip()
        title = _bare_role_title(item)
        # the item is the title, or the title and a field in parentheses: "(8+ yrs)"
        rest = item[len(title) :].strip() if title else ""
        if title and item.casefold().startswith(title.casefold()) and _is_aside(rest):
            items[i] = title
    run = {i: t for i, t in items.items() if i - 1 in items or i + 1 in items}
    return sorted(run.items()) if len(run) >= 2 else []


def _is_aside(rest: str) -> bool:
    return not rest or (rest.startswith("(") and rest.endswith(")"))


def _is_role_line(line: str, title: str) -> bool:
    """The line opens with the role's name and is no sentence ("reports to the Engineering
    Manager in Dallas, TX" is prose)."""
    text = line.strip()
    return (
        text.casefold().startswith(title.casefold())
        and text[-1] not in _SENTENCE_END
        and not _PROSE_WORD.search(text)
    )


def _bare_title_anchors(lines: list[str], hits: list[LabelHit]) -> list[tuple[int, str]]:
    """Role paragraphs without labels: a short title line opening a paragraph, its next line a
    place ("Charlotte NC", "Remote") or an experience/location label ("exp: 5-7 yrs"). A title
    line right under the previous role's text opens a role too when it has the whole triple:
    title, place, then an experience line (roles listed without blank lines between them)."""
    place_labels = {h.line for h in hits if h.field in _BARE_NEXT_FIELDS}
    experience_labels = {h.line for h in hits if h.field == "experience"}
    label_lines = {h.line for h in hits}
    anchors: list[tuple[int, str]] = []
    for i in range(len(lines) - 1):
        line = lines[i].strip()
        if not line or i in label_lines:
            continue
        if i > 0 and lines[i - 1].strip() and i + 2 not in experience_labels:
            continue
        if len(line.split()) > _BARE_TITLE_WORDS or line[-1] in _SENTENCE_END:
            continue
        following = lines[i + 1].strip()
        if not following or not has_role_noun(line):
            continue
        place = i + 1 in place_labels or (
            len(following.split()) <= _BARE_PLACE_WORDS and normalise_location(following)
        )
        title = title_from_line(line) if place else None
        if title:
            anchors.append((i, title))
    return anchors if len(anchors) >= 2 else []


def _block_drafts(
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


def _terse_drafts(lines: list[str], hits: list[LabelHit]) -> list[JobDraft]:
    if any(h.field == "title" for h in hits):
        return []
    label_lines = {h.line for h in hits}
    terse = [
        (i, title)
        for i, line in enumerate(lines)
        if i not in label_lines and _is_terse_job(line)
        for title in [title_from_line(line)]
        if title
    ]
    if len(terse) > 1 and not all(_LIST_ITEM.match(lines[i]) for i, _ in terse):
        # Prose that mentions its one job twice, not a list of jobs.
        terse = list({title.casefold(): (i, title) for i, title in reversed(terse)}.values())[::-1]
    # Other one-line jobs are not context for this one: "Remote" two lines down is theirs.
    job_lines = {i for i, _ in terse}
    shared_text = "\n".join(line for j, line in enumerate(lines) if j not in job_lines)
    return [
        JobDraft(title, False, [], lines[i], hits, shared_text, None, (i, i + 1))
        for i, title in terse
    ]


def _is_terse_job(line: str) -> bool:
    if len(line) > 220 or not has_role_noun(line):
        return False
    # two of four signals, asked in turn until the answer is certain
    place = bool(find_city_states(line) or _REMOTE_WORD.search(line))
    rate = fields.rate(line, labelled=False) is not None
    if place and rate:
        return True
    held = place + rate + (fields.duration_months(line, labelled=False) is not None)
    if held != 1:
        return held >= 2
    return bool(tokens.employment_types(line))


def _single_draft(lines: list[str], hits: list[LabelHit]) -> JobDraft:
    title_hits = [h for h in hits if h.field == "title"]
    title = next((t for t in map(_valid_title, title_hits) if t), None)
    labelled = title is not None
    if title is None:
        title = title_from_prose("\n".join(lines[:_PROSE_TITLE_LINES]))
    return JobDraft(title, labelled, hits, "\n".join(lines), [], "", None, (0, len(lines)))
