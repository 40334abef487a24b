"""Where each role of a several-role email starts: one finder per layout, each giving the
(line, title) anchors of the roles it sees, or none when fewer than two (not that layout)."""

from __future__ import annotations

import re
from functools import lru_cache

from services.parser.rules import fields, tokens
from services.parser.rules.labels import LabelHit
from services.parser.rules.line_facts import LineFacts
from services.parser.rules.locations import find_city_states, normalise_location
from services.parser.rules.skills import named_skills
from services.parser.rules.titles import clean_title, has_role_noun, title_from_line

__all__ = [
    "DETAIL_FIELDS",
    "LIST_ITEM",
    "REMOTE_WORD",
    "bare_role_title",
    "bare_title_anchors",
    "colon_title_anchors",
    "headed_title_anchors",
    "heading_anchors",
    "line_title",
    "list_item_anchors",
    "title_anchors",
    "title_list_anchors",
    "valid_title",
]

_STRONG_TITLE_LABELS = {"role", "job title", "title", "position title", "job role", "role title"}
REMOTE_WORD = re.compile(r"\bremote\b", re.IGNORECASE)
LIST_ITEM = re.compile(r"^\s*(?:[-*•·◦▪►➢>]+|\d{1,2}[.)]|#\d{1,2})\s*")
# A bare role paragraph: title line of at most this many words, then a short place line.
_BARE_TITLE_WORDS = 8
_BARE_PLACE_WORDS = 6
_BARE_NEXT_FIELDS = {"location", "experience", "work_mode"}
_SENTENCE_END = ".:!?,;"
_LIST_ROLE_WORDS = 12  # "1) Sr. Java Full Stack Developer - Columbus, OH (Hybrid)"
# "Position 1:", "Requirement #2", "Opening 3" alone on a line: a role's title follows it.
_NUMBERED_HEADING = re.compile(
    r"^\s*(?:job|position|requirement|role|opening|req)\s*#?\s*\d{1,2}\s*[:.)-]?\s*$",
    re.IGNORECASE,
)
# "Req 1 of 3 - Network Engineer", "Role 2 – Data Analyst": the heading and the title on one line
_NUMBERED_TITLE = re.compile(
    r"^\s*(?:job|position|requirement|role|opening|req)\s*#?\s*\d{1,2}(?:\s+of\s+\d{1,2})?"
    r"\s*[:.)\-–—|]\s*(?P<rest>\S.*)$",
    re.IGNORECASE,
)
# what both patterns' matches start with, a line at a time over the lines joined by "\n" (its
# spaces never cross a line break)
_NUMBERED_START = re.compile(
    r"\n[^\S\n]*(?:job|position|requirement|role|opening|req)[^\S\n]*#?[^\S\n]*\d", re.IGNORECASE
)
_HEADING_GAP = 2  # lines between a heading and its title
# "REQ#10234 Java Developer", "JR-4412 | Java Developer | …", "#12345 - …": a requisition id
# (three digits or more, a short prefix) ahead of the role's name
_LEADING_ID = re.compile(
    r"^\s*#?(?:[A-Za-z]{1,6}\s?[#-]?\s?)?\d{3,}[\w-]*\s*(?:[-–—:|)]\s*)?(?=[A-Za-z.])"
)
_ID_THEN_TITLE = re.compile(r"^\s*#?[\w-]*\d[\w-]*\s*[-–—:|]+\s*(?P<rest>\S.*)$")
DETAIL_FIELDS = {"location", "duration", "rate", "experience", "skills", "visa", "work_mode",
                 "employment"}  # fmt: skip
_DETAIL_REACH = 4  # lines below a role label where its own fields start
# Prose, not a role line: "reports to the Engineering Manager", "work with Data Engineers".
_PROSE_WORD = re.compile(
    r"\b(?:to|the|with|will|you|we|our|your|who|that|is|are|be|reports?|work|working|join|help|"
    r"looking|need|needs|seeking|hiring)\b",
    re.IGNORECASE,
)


def valid_title(hit: LabelHit) -> str | None:
    title = clean_title(hit.value)
    if title is None:
        return None
    if has_role_noun(title) or (hit.label in _STRONG_TITLE_LABELS and len(title.split()) <= 6):
        return title
    return None


def title_anchors(facts: LineFacts) -> list[tuple[int, str]]:
    """Repeated role labels. "Job Title: Salesforce CPQ" names no role noun: it counts when its
    own fields (location, duration, rate…) follow it, as the other roles' do."""
    hits = facts.hits
    if sum(h.field == "title" for h in hits) < 2:
        return []  # one anchor at most: not a layout of roles
    detail_lines = {h.line for h in hits if h.field in DETAIL_FIELDS}
    anchors: dict[int, str] = {}
    for hit in hits:
        if hit.field == "title" and hit.line not in anchors:
            title = valid_title(hit)
            if title and (
                has_role_noun(title)
                or any(hit.line < d <= hit.line + _DETAIL_REACH for d in detail_lines)
            ):
                anchors[hit.line] = title
    if not any(has_role_noun(title) for title in anchors.values()):
        return []
    return sorted(anchors.items()) if len(anchors) >= 2 else []


def heading_anchors(facts: LineFacts) -> list[tuple[int, str]]:
    """Repeated blocks whose title is the short line above each location, bare or labelled."""
    hits = facts.hits
    locations = [h for h in hits if h.field == "location"]
    if len(locations) < 2:
        return []  # one anchor at most
    label_lines = facts.label_lines
    # some roles labelled ("Job Title: Java Developer"), the others bare: both head a block
    labelled = {h.line: t for h in hits if h.field == "title" for t in [valid_title(h)] if t}
    anchors: list[tuple[int, str]] = []
    for hit in locations:
        for i in range(hit.line - 1, max(-1, hit.line - 5), -1):
            line = facts.stripped[i]
            if i in labelled:
                anchors.append((i, labelled[i]))
                break
            if not line or i in label_lines:
                continue
            title = line_title(line) if len(line.split()) <= 8 else None
            if title:
                anchors.append((i, title))
            break
    unique = sorted(dict(anchors).items())
    # the bare titles make the layout; a labelled one alone beside one bare line is one job
    return unique if len([i for i, _ in unique if i not in labelled]) >= 2 else []


def headed_title_anchors(facts: LineFacts) -> list[tuple[int, str]]:
    """Blocks opened by a heading ("Requirement #2", "Job ID: 12345") whose title is the bare
    role line just under it, the block's fields labelled below."""
    lines, label_lines = facts.lines, facts.label_lines
    id_hits = {h.line: h for h in facts.hits if h.field == "job_id"}
    heads = _headed_lines(lines, id_hits)
    if len(heads) < 2:
        return []  # one anchor at most: each head gives one
    anchors: list[tuple[int, str]] = []
    for i in heads:
        line = lines[i]
        if i not in id_hits and not _NUMBERED_HEADING.match(line):
            inline = _NUMBERED_TITLE.match(line)
            named = bare_role_title(inline.group("rest")) if inline else None
            if named:
                anchors.append((i, named))
            continue
        after_id = _ID_THEN_TITLE.match(id_hits[i].value) if i in id_hits else None
        named = bare_role_title(after_id.group("rest")) if after_id else None
        if named:  # "Req ID: 12345 - Java Developer"
            anchors.append((i, named))
            continue
        for j in range(i + 1, min(len(lines), i + 1 + _HEADING_GAP)):
            if not facts.stripped[j]:
                continue
            title = None if j in label_lines else bare_role_title(lines[j])
            if title:
                anchors.append((j, title))
            break
    return anchors if len(anchors) >= 2 else []


def _headed_lines(lines: list[str], id_hits: dict[int, LabelHit]) -> list[int]:
    """The lines that may head a role, in order: those with a job id label, and those that
    _NUMBERED_HEADING or _NUMBERED_TITLE may match (their common start, found by one search of
    the text, not two matches per line: most mails have none)."""
    text = "\n" + "\n".join(lines)  # line i starts after the (i+1)-th "\n"
    numbered = [text.count("\n", 0, m.start()) for m in _NUMBERED_START.finditer(text)]
    if not id_hits:
        return numbered
    return sorted(i for i in id_hits.keys() | set(numbered) if i < len(lines))


def line_title(line: str) -> str | None:
    """``title_from_line`` of the line without what goes ahead of the role's name: a numbered
    heading ("Req 1 of 3 - ") or a requisition id ("REQ#10234 ")."""
    headed = _NUMBERED_TITLE.match(line)
    return title_from_line(headed.group("rest") if headed else _LEADING_ID.sub("", line, count=1))


@lru_cache(maxsize=256)  # asked of the same line by several layouts (has_role_noun)
def bare_role_title(line: str) -> str | None:
    """A short line that is only a role's name ("ServiceNow Developer"), not a sentence."""
    text = line.strip()
    if not text or len(text.split()) > _BARE_TITLE_WORDS or text[-1] in _SENTENCE_END:
        return None
    if not has_role_noun(text) or _PROSE_WORD.search(text):
        return None
    return line_title(text)


def list_item_anchors(facts: LineFacts) -> list[tuple[int, str]]:
    """Numbered or bulleted roles, each naming its place on its own line ("1) Java Developer -
    Columbus, OH", "• Data Engineer (Remote)"), their details on the lines below."""
    if facts.role_lines < 2:
        return []  # each role's line names one
    lines, label_lines, words = facts.lines, facts.label_lines, facts.words
    listed: dict[int, str] = {}
    plain: dict[int, str] = {}  # "Java Developer (Dallas, TX)": a role line without a bullet
    for i, line in enumerate(lines):
        if i in label_lines or words[i] > _LIST_ROLE_WORDS:
            continue
        if not has_role_noun(line) or not (find_city_states(line) or REMOTE_WORD.search(line)):
            continue
        title = title_from_line(line)
        if not title:
            continue
        bullet = LIST_ITEM.match(line)
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
        if (i == 0 or not facts.stripped[i - 1]) and i + 1 < len(lines) and facts.stripped[i + 1]
    }
    if len(headings) >= 2 and len({t.casefold() for t in headings.values()}) == len(headings):
        run.update(headings)
    anchors = sorted({**listed, **run}.items())
    return anchors if len(anchors) >= 2 else []


def colon_title_anchors(facts: LineFacts) -> list[tuple[int, str]]:
    """Paragraphs headed by a role's name and a colon ("Java Developer:"), the role's text
    below it."""
    if facts.role_lines < 2:
        return []  # each role's line names one
    stripped, label_lines = facts.stripped, facts.label_lines
    anchors: list[tuple[int, str]] = []
    for i in facts.openings:
        text = stripped[i]
        if not text.endswith(":") or i in label_lines or i + 1 == len(stripped):
            continue
        name = text[:-1].strip()
        title = bare_role_title(name)
        if title and title.casefold() == name.casefold() and stripped[i + 1]:
            anchors.append((i, title))
    return anchors if len(anchors) >= 2 else []


def title_list_anchors(facts: LineFacts) -> list[tuple[int, str]]:
    """A bulleted list of bare role names ("• Java Developer", "• QA Analyst") in a mail with no
    role label: one job per item, the fields below the list shared by all. Without bullets, a
    run of three or more different such lines ("Java Developer (8+ years)") is a list too."""
    if facts.has_title_hit or not facts.may_name_roles():
        return []
    items: dict[int, str] = {}
    plain: dict[int, str] = {}
    for i, line in enumerate(facts.lines):
        bullet = LIST_ITEM.match(line)
        item = line[bullet.end() :].strip() if bullet else facts.stripped[i]
        if not item or (not bullet and facts.words[i] > _LIST_ROLE_WORDS):
            continue  # an unbulleted role line is short: most lines are prose
        # a long item's name is its first piece: "HL7 Interface Developer - exp 8+ yrs - $62/hr"
        title = bare_role_title(item) or bare_role_title(_PIECE_SEPARATOR.split(item, 1)[0])
        # the item is the title, or the title and its fields: "(8+ yrs)", "- exp 8+ yrs - $60/hr"
        rest = item[len(title) :].strip() if title else ""
        if title and item.casefold().startswith(title.casefold()) and _is_aside(rest):
            (items if bullet else plain)[i] = title
    run = {i: t for i, t in items.items() if i - 1 in items or i + 1 in items}
    run.update(_plain_run(plain))
    return sorted(run.items()) if len(run) >= 2 else []


_MIN_PLAIN_RUN = 3  # unbulleted role lines in a row: a list, not a heading and its subject


def _plain_run(plain: dict[int, str]) -> dict[int, str]:
    """The runs of at least three consecutive unbulleted role lines naming different roles."""
    found: dict[int, str] = {}
    for i in sorted(plain):
        if i - 1 in plain:
            continue  # not a run's first line
        end = i
        while end + 1 in plain:
            end += 1
        names = [plain[k] for k in range(i, end + 1)]
        if len(names) >= _MIN_PLAIN_RUN and len({n.casefold() for n in names}) == len(names):
            found.update((k, plain[k]) for k in range(i, end + 1))
    return found


def _is_aside(rest: str) -> bool:
    if not rest or (rest.startswith("(") and rest.endswith(")")):
        return True
    # "- exp 8+ yrs - $60/hr": after a dash or bar, every piece is one of the job's fields
    if rest[0] not in _PIECE_MARKS:
        return False
    pieces = [p for p in _PIECE_SEPARATOR.split(rest.strip(_PIECE_MARKS + " ")) if p]
    return bool(pieces) and all(_is_field_piece(p) or _is_skill_list(p) for p in pieces)


_PIECE_MARKS = "-–—|•"
_PIECE_SEPARATOR = re.compile(r"\s+[-–—|•]\s+")


def _is_field_piece(piece: str) -> bool:
    return bool(
        fields.experience_years(piece, labelled=False) is not None
        or fields.rate(piece, labelled=False) is not None
        or fields.duration_months(piece, labelled=False) is not None
        or tokens.employment_types(piece)
        or find_city_states(piece)
        or REMOTE_WORD.search(piece)
    )


# "Java, Spring Boot, Kafka", "Spark/Scala & AWS": the items of a role's skills list
_LIST_ITEMS = re.compile(r"\s*(?:[,/&;+]|\band\b)\s*", re.IGNORECASE)
_MIN_LIST_SKILLS = 2


def _is_skill_list(piece: str) -> bool:
    """A list of the role's skills ("Java, Spring Boot, Kafka"): two named skills or more, and
    at most one item that names none ("Apex, Lightning, Visualforce")."""
    items = [item for item in _LIST_ITEMS.split(piece) if item]
    if len(items) < _MIN_LIST_SKILLS:
        return False
    named = sum(1 for item in items if named_skills(item))
    return named >= _MIN_LIST_SKILLS and named >= len(items) - 1


def _is_role_line(line: str, title: str) -> bool:
    """The line opens with the role's name and is no sentence ("reports to the Engineering
    Manager in Dallas, TX" is prose)."""
    text = line.strip()
    return (
        text.casefold().startswith(title.casefold())
        and text[-1] not in _SENTENCE_END
        and not _PROSE_WORD.search(text)
    )


def bare_title_anchors(facts: LineFacts) -> list[tuple[int, str]]:
    """Role paragraphs without labels: a short title line opening a paragraph, its next line a
    place ("Charlotte NC", "Remote") or an experience/location label ("exp: 5-7 yrs"). A title
    line right under the previous role's text opens a role too when it has the whole triple:
    title, place, then an experience line (roles listed without blank lines between them)."""
    if facts.role_lines < 2:
        return []  # each role's line names one
    hits, stripped, label_lines = facts.hits, facts.stripped, facts.label_lines
    place_labels = {h.line for h in hits if h.field in _BARE_NEXT_FIELDS}
    experience_labels = {h.line for h in hits if h.field == "experience"}
    # a paragraph's first line, or any line two above an experience label
    opening = facts.openings
    if experience_labels:
        opening = sorted({*opening, *(j - 2 for j in experience_labels if j >= 2)})
    anchors: list[tuple[int, str]] = []
    for i in opening:
        line = stripped[i]
        if not line or i in label_lines or i + 1 == len(stripped):
            continue
        if len(line.split()) > _BARE_TITLE_WORDS or line[-1] in _SENTENCE_END:
            continue
        following = stripped[i + 1]
        if not following or not has_role_noun(line):
            continue
        place = i + 1 in place_labels or (
            len(following.split()) <= _BARE_PLACE_WORDS and normalise_location(following)
        )
        title = line_title(line) if place else None
        if title:
            anchors.append((i, title))
    return anchors if len(anchors) >= 2 else []
