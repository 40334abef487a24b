"""Labelled lines ("Role: …", "Location   Dallas, TX") and job tables, in document order."""

from __future__ import annotations

import re
from typing import NamedTuple

from services.parser.rules.gate import fold
from services.parser.rules.lead import guarded
from services.parser.rules.wordtree import alternation

__all__ = ["LabelHit", "find_labels", "find_table_rows", "has_labels"]

# field → label spellings (lower case). "candidate", "availability", "relocation" and
# "current_location" belong to hotlists and submissions: evidence for the classifier only.
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "title": ("role", "job title", "title", "position", "position title", "job role",
              "job position", "position name", "job name", "requirement", "requirement title",
              "designation", "opening", "job", "role name", "role title", "job opening"),
    "location": ("location", "job location", "work location", "locations", "location(s)", "city",
                 "project location", "work site", "worksite", "place of work", "office location",
                 "city/state", "city, state", "job site", "client location", "loc"),
    "work_mode": ("work mode", "work type", "mode", "work model", "onsite/remote", "remote/onsite",
                  "remote/hybrid/onsite", "onsite/hybrid/remote", "work arrangement", "work setup",
                  "remote", "hybrid", "onsite", "on-site", "work schedule", "workplace type",
                  "location type", "remote/hybrid", "hybrid/remote"),
    "duration": ("duration", "contract duration", "contract length", "length", "project duration",
                 "term", "contract period", "assignment length", "length of assignment",
                 "length of contract", "tenure", "contract term", "project length",
                 "assignment duration", "dur"),
    "rate": ("rate", "pay rate", "bill rate", "rate/hr", "hourly rate", "rate range", "pay",
             "compensation", "salary", "salary range", "budget", "max rate", "pay range", "comp",
             "rate per hour", "billing rate", "c2c rate", "w2 rate", "rate/hour", "hourly pay",
             "max bill rate", "max pay rate", "nte rate", "nte", "not to exceed", "bill rate max",
             "max rate/hr", "hourly rate range", "annual salary", "base salary", "salary/rate"),
    "employment": ("employment type", "job type", "position type", "type", "tax terms",
                   "engagement", "engagement type", "contract type", "hire type", "employment",
                   "terms", "tax term", "type of hire", "job category", "contract",
                   "type of employment"),
    "visa": ("visa", "visa status", "visa type", "work authorization", "work authorisation",
             "work auth", "eligibility", "authorization", "visas", "visa requirement",
             "visa requirements", "immigration status", "citizenship", "visa restrictions",
             "visa accepted", "visas accepted", "accepted visa", "accepted visas", "work permit"),
    "client": ("client", "end client", "end-client", "client name", "customer", "end customer",
               "final client"),
    "partner": ("implementation partner", "prime vendor", "ip", "prime", "vendor", "partner",
                "msp", "imp partner", "tier 1 vendor"),
    "job_id": ("job id", "job #", "job no", "job number", "req id", "req #", "req", "requisition",
               "requisition id", "requisition #", "position id", "job code", "reference",
               "ref", "ref #", "reference id", "reference #", "jr", "jr #", "jobid", "req no",
               "req number", "posting id", "job ref", "job reference", "requirement id",
               "req. id", "job req", "job req #", "vms id", "job id #"),
    "experience": ("experience", "exp", "years of experience", "total experience",
                   "experience required", "min experience", "minimum experience", "yoe",
                   "overall experience", "experience level", "yrs of exp", "years of exp",
                   "relevant experience", "total exp"),
    "skills": ("skills", "mandatory skills", "must have", "must have skills", "must-have",
               "must-have skills", "primary skills", "required skills", "key skills", "skill set",
               "skillset", "technical skills", "top skills", "tech stack", "technologies",
               "core skills", "secondary skills", "nice to have", "good to have",
               "desired skills", "preferred skills", "mandatory", "skills required",
               "primary skill", "technology", "skill"),
    "description": ("job description", "description", "jd", "responsibilities", "summary",
                    "about the role", "duties", "qualifications", "requirements", "job summary",
                    "role description", "position description", "job details", "details"),
    "interview": ("interview", "interview mode", "interview process", "interview type",
                  "interview rounds", "mode of interview"),
    "candidate": ("name", "consultant name", "candidate name", "full name", "consultant",
                  "candidate", "resource name", "applicant name", "candidate's name"),
    "availability": ("availability", "available", "available from", "notice period",
                     "availability to interview", "availability for interview", "start date"),
    "relocation": ("relocation", "relocate", "open to relocate", "open to relocation",
                   "willing to relocate"),
    "current_location": ("current location", "present location", "current city"),
}  # fmt: skip
_FIELD_OF = {label: field for field, labels in FIELD_LABELS.items() for label in labels}
# one prefix tree: the same matches as the spellings tried longest first (wordtree.py)
_ALTERNATION = alternation(list(_FIELD_OF))
# Any short run of symbols is a bullet ("•", "➢", "✅", "->"), as is "1." or "2)".
_BULLET = r"^\s*(?:[^\w\s\"'(\[$]{1,3}\s*|\d{1,2}[.)]\s+)?"
# The value up to the line's trailing white space: what "(?P<value>.*?)\s*$" matches, the
# same language and group, but the lazy form asks "\s*$" again after every character.
_VALUE_TAIL = r"(?P<value>(?:.*\S)?)\s*$"
_LABEL_LINE = re.compile(
    _BULLET
    + r"(?:\*\*|__)?(?P<label>"
    + _ALTERNATION
    + r")(?:\s*#?\s*(?P<num>\d{1,2})(?=\s*[:.)-]))?"
    r"(?:\s+for\s+(?:both|all|each)(?:\s+(?:roles|positions|jobs|openings))?)?"  # "Visa for both:"
    r"(?:\*\*|__)?(?:\s*\((?P<qual>[^)]{1,30})\))?(?:\*\*|__)?"
    r"(?P<sep>\s*[:=]+\s*[-–]?\s*|\s*\|\s*|\s+[-–—]+\s+|\s*\t\s*|\s{2,})" + _VALUE_TAIL,
    re.IGNORECASE,
)
_INLINE_LABEL = re.compile(
    r"(?:(?<=^)|(?<=[\s|•;,(/]))(?:\*\*)?(?P<label>" + _ALTERNATION + r")(?:\*\*)?"
    r"(?:\s*\([^)]{1,30}\))?\s*:",
    re.IGNORECASE,
)
# Table columns that are no job field, seen beside the fields in vendors' job tables.
_BOOKKEEPING = frozenset({
    "#", "no", "no.", "s.no", "s.no.", "s no", "sno", "s. no", "sl no", "sl. no", "sr no",
    "sr. no", "sr.no", "priority", "status", "openings", "positions", "no of positions",
    "no. of positions", "# of positions", "count", "notes", "comments", "remarks", "end date",
    "hiring manager", "date", "posted", "date posted", "submission deadline", "due date",
})  # fmt: skip
_CELL_SPLIT = re.compile(r"\s{2,}|\t|\s*\|\s*")
_PIPE = re.compile(r"\|")
_DIGIT = re.compile(r"\d")
_SPACED_CELL = re.compile(r"\S+(?: \S+)*")  # runs separated by two or more spaces
# Two ``_SPACED_CELL`` runs: words parted by more than one space, or by other whitespace.
_CELL_GAP = re.compile(r"\S(?:\s{2,}|[^\S ])(?=\S)")


class LabelHit(NamedTuple):
    """A label and its value. A named tuple, not a frozen dataclass: mails hold a few dozen
    hits and a frozen dataclass pays one ``object.__setattr__`` per field to build each."""

    field: str
    label: str
    value: str
    line: int  # index into the text's lines
    qualifier: str = ""  # "Rate (C2C): …" → "C2C"
    # The value's span, relative to the start of ``line`` (it may run into the next lines when
    # the value sits under its label); -1 when unknown.
    start: int = -1
    end: int = -1


def find_labels(lines: list[str]) -> list[LabelHit]:
    hits: list[LabelHit] = []
    for index, line in enumerate(lines):
        if not line or line.isspace():
            continue  # a label has letters: a blank line (a third of most mails) has none
        for offset, piece in _inline_pieces(line):
            hit = _parse_piece(piece, offset, index)
            if hit is None:
                continue
            if not hit.value and hit.field in ("title", "location", "skills", "visa", "client"):
                hit = _value_from_next_lines(hit, lines, index)
            hits.append(hit)
    return hits


def has_labels(lines: list[str]) -> bool:
    """Whether ``find_labels(lines)`` finds any, without reading past the first."""
    return any(
        _parse_piece(piece, offset, index) is not None
        for index, line in enumerate(lines)
        if line and not line.isspace()
        for offset, piece in _inline_pieces(line)
    )


def _inline_pieces(line: str) -> list[tuple[int, str]]:
    """One piece per label: "Location: Dallas, TX | Duration: 12 months" → two."""
    # Every inline label ends at its own ":", so a line with fewer than two has one piece: the
    # alternation of every label spelling is not tried at each of its positions.
    if line.count(":") < 2:
        return [(0, line)]
    starts = [m.start() for m in _INLINE_LABEL.finditer(line)]
    if len(starts) < 2:
        return [(0, line)]
    if line[: starts[0]].strip(" *-•|") == "":
        bounds = [0, *starts[1:], len(line)]
        return [_piece(line, a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    ends = [*starts[1:], len(line)]
    return [
        (0, line[: starts[0]]),
        *(_piece(line, a, b) for a, b in zip(starts, ends, strict=True)),
    ]


def _piece(line: str, start: int, end: int) -> tuple[int, str]:
    raw = line[start:end]
    piece = raw.strip(" |;,/")
    return start + raw.find(piece), piece


def _parse_piece(piece: str, offset: int, index: int) -> LabelHit | None:
    match = _LABEL_LINE.match(piece)
    if match is None:
        return None
    written, raw, sep, qualifier = match.group("label", "value", "sep", "qual")
    # a spelling in any case, folded as IGNORECASE matched it ("ſkills" is "skills"): its spaces
    # are single, as written
    label = fold(written)
    value = raw.strip().strip("*_").strip()
    # A two-space gap after a one-word label is a table cell only if the value is short:
    # "Title   " followed by a paragraph is prose, not a field. (``sep`` is never empty.)
    if sep.isspace() and len(value) > 160:
        return None
    if _has_cell_split(value):  # without a separator the value is one cell
        cells = [c.strip(" *").lower() for c in _CELL_SPLIT.split(value) if c.strip()]
        if len(cells) >= 2 and all(c in _FIELD_OF for c in cells):
            return None  # a table's header row, read by find_table_rows
    start = offset + match.start("value") + raw.find(value)
    field = _FIELD_OF[label]
    if field == "job_id" and label == "req" and not _DIGIT.search(value):
        field = "title"  # "Req: ServiceNow Developer" names the role, not an id
    return LabelHit(field, label, value, index, qualifier or "", start, start + len(value))


def _value_from_next_lines(hit: LabelHit, lines: list[str], index: int) -> LabelHit:
    collected: list[str] = []
    limit = 12 if hit.field == "skills" else 1
    offset = len(lines[index]) + 1  # relative to the label's line
    start = end = -1
    for line in lines[index + 1 : index + 1 + limit + 3]:
        here, offset = offset, offset + len(line) + 1
        if not line.strip():
            if collected:
                break
            continue
        if _LABEL_LINE.match(line):
            break
        collected.append(line.strip())
        start = here + (len(line) - len(line.lstrip())) if start < 0 else start
        end = here + len(line.rstrip())
        if len(collected) >= limit:
            break
    if not collected:
        return hit
    return LabelHit(hit.field, hit.label, " ".join(collected), hit.line, hit.qualifier, start, end)


def find_table_rows(lines: list[str]) -> list[list[LabelHit]]:
    """Jobs laid out as a table whose header row names fields (one of them the title)."""
    rows: list[list[LabelHit]] = []
    resume = 0  # a table's rows are no header of their own
    for i in _maybe_header_lines(lines):
        if i < resume:
            continue
        line = lines[i]
        # a header has three columns or more: pipes, or gaps wider than one space
        header = _header_columns(line) if "|" in line or _CELL_GAP.search(line) else None
        if header is None:
            continue
        i += 1
        while i < len(lines) and lines[i].strip():
            cells = _cells(lines[i], header)
            if sum(1 for _, c in cells if c) >= 2:
                rows.append(
                    [
                        LabelHit(_FIELD_OF[label], label, cell, i, "", start, start + len(cell))
                        for (label, _), (start, cell) in zip(header, cells, strict=True)
                        if cell and label in _FIELD_OF
                    ]
                )
            i += 1
        resume = i
    return rows


def _maybe_header_lines(lines: list[str]) -> list[int]:
    """The lines ``find_table_rows`` may read as a header: with a pipe, or that ``_CELL_GAP``
    may match, i.e. with two spaces in a row or whitespace other than a space (what
    ``str.isprintable`` rejects: re's ``\\s`` is ``str.isspace``, and the one printable space is
    " "). Most lines have none, and the regex would try every character of them; one
    comprehension asks every line, not a function call per line."""
    return [
        i for i, line in enumerate(lines) if "|" in line or "  " in line or not line.isprintable()
    ]


def _has_cell_split(value: str) -> bool:
    """``_CELL_SPLIT.search(value)``, asked only of values with a pipe, two spaces in a row or
    whitespace other than a space (see ``_maybe_header_lines``): most values have none."""
    return ("|" in value or "  " in value or not value.isprintable()) and bool(
        _CELL_SPLIT.search(value)
    )


def _header_columns(line: str) -> list[tuple[str, int]] | None:
    if "|" in line:
        names = [c.strip(" *").lower() for c in line.strip().strip("|").split("|")]
        columns = [(name, -1) for name in names]
    else:
        columns = [(m.group(0).strip(" *").lower(), m.start()) for m in _SPACED_CELL.finditer(line)]
    known = [name for name, _ in columns if name in _FIELD_OF]
    # Serial-number and bookkeeping columns ("S.No", "Priority") neither count nor spoil;
    # other unknown columns may be few: most headers must be field names.
    other = [name for name, _ in columns if name not in _FIELD_OF and name not in _BOOKKEEPING]
    if len(known) < 3 or len(known) < 0.75 * (len(known) + len(other)):
        return None
    if not any(_FIELD_OF[name] == "title" for name in known):
        return None
    return columns


def _cells(line: str, header: list[tuple[str, int]]) -> list[tuple[int, str]]:
    """(offset, text) per column. Aligned columns are cut at the header's offsets (inscriptis
    keeps cells there) unless a two-space/tab split gives exactly one cell per column, as
    tab-separated rows do once tabs are spaces."""
    if header[0][1] < 0:  # pipe table: cells between pipes, outer pipes optional
        start = len(line) - len(line.lstrip()) + (1 if line.lstrip().startswith("|") else 0)
        end = len(line.rstrip()) - (1 if line.rstrip().endswith("|") else 0)
        pipes = [start - 1, *(start + m.start() for m in _PIPE.finditer(line[start:end])), end]
        spans = [(a + 1, b) for a, b in zip(pipes, pipes[1:], strict=False)]
    else:
        split = [(m.start(), m.end()) for m in _SPACED_CELL.finditer(line)]
        if len(split) == len(header):
            spans = split
        else:
            offsets = [offset for _, offset in header] + [len(line) + 1]
            spans = [(a, min(b, len(line))) for a, b in zip(offsets, offsets[1:], strict=False)]
    cells = []
    for a, b in spans:
        raw = line[a:b] if a < len(line) else ""
        text = raw.strip()
        cells.append((a + raw.find(text) if text else a, text))
    return (cells + [(len(line), "")] * len(header))[: len(header)]


# The hot patterns with a first-character look-ahead (lead.py): the same matches, sooner.
_INLINE_LABEL = guarded(_INLINE_LABEL)
