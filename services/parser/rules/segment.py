"""Split an email into job drafts: a jobs table, repeated role blocks, one-line jobs, or one job.

Each layout's roles are found in role_anchors.py and cut into blocks in role_blocks.py; this
module chooses the layout."""

from __future__ import annotations

import re
from collections.abc import Callable

from services.parser.rules import fields, tokens
from services.parser.rules.jobs import JobDraft
from services.parser.rules.labels import LabelHit, find_table_rows
from services.parser.rules.line_facts import LineFacts
from services.parser.rules.locations import find_city_states
from services.parser.rules.role_anchors import (
    LIST_ITEM,
    REMOTE_WORD,
    bare_title_anchors,
    colon_title_anchors,
    headed_title_anchors,
    heading_anchors,
    line_title,
    list_item_anchors,
    title_anchors,
    title_list_anchors,
    valid_title,
)
from services.parser.rules.role_blocks import block_drafts, separated_drafts
from services.parser.rules.role_shapes import (
    nounless_title_anchors,
    prose_title_anchors,
    shaped_title_anchors,
    title_run_anchors,
)
from services.parser.rules.titles import (
    has_role_noun,
    roles_in_prose,
    title_from_prose,
    title_from_subject,
)

__all__ = ["job_drafts", "unquoted"]

_PROSE_TITLE_LINES = 30  # a requirement names its role near the top


def job_drafts(lines: list[str], hits: list[LabelHit], subject: str) -> list[JobDraft]:
    lines = unquoted(lines)
    facts = LineFacts(lines, hits)
    drafts = _layout_drafts(facts, subject)
    if len(drafts) > 1 or not _double_spaced(facts.stripped):
        return drafts
    # HTML with every line its own paragraph ("<p>Java Developer</p><p>Dallas, TX</p>…") puts a
    # blank line between a role's own lines, so no paragraph is a role: read it without them.
    kept = [i for i, text in enumerate(facts.stripped) if text]
    compact = _layout_drafts(LineFacts([lines[i] for i in kept], _hits_on(kept, hits)), subject)
    if len(compact) < 2:
        return drafts
    back = {h._replace(line=kept.index(h.line)): h for h in hits if facts.stripped[h.line]}
    return [_uncompacted(d, kept, back) for d in _footer_shared(compact, kept, lines)]


# "> 1) Java Developer - Dallas, TX": a line of quoted text, its marks ("> ", ">> ") apart
_QUOTE_MARKS = re.compile(r"^(?:[ \t]*>)+[ \t]?")


def unquoted(lines: list[str]) -> list[str]:
    """The lines with the marks of quoted text ("> ") made spaces, as long as before (label
    offsets hold). Only a run of ">" lines with a quoted blank line (">" alone) is quoted text: a
    few "> Java Developer" lines without one are a list bulleted with ">"."""
    if ">" not in "".join(lines) or not any(line.lstrip().startswith(">") for line in lines):
        return lines  # one scan of the text first: most mails quote nothing
    out = list(lines)
    run: list[int] = []
    for i, line in enumerate([*lines, ""]):
        if line.lstrip().startswith(">"):
            run.append(i)
            continue
        if any(not _QUOTE_MARKS.sub("", lines[j]).strip() for j in run):
            for j in run:
                marks = _QUOTE_MARKS.match(lines[j])
                size = marks.end() if marks else 0
                out[j] = " " * size + lines[j][size:]
        run = []
    return out


# a double-spaced text: at least this many one-line paragraphs, and few lines next to another
_MIN_SPACED = 8
_MAX_ADJACENT_SHARE = 0.15


def _double_spaced(stripped: list[str]) -> bool:
    spaced = adjacent = 0
    previous_blank = True
    for text in stripped:
        blank = not text
        if not blank:
            if previous_blank:
                spaced += 1
            else:
                adjacent += 1
        previous_blank = blank
    return spaced >= _MIN_SPACED and adjacent <= _MAX_ADJACENT_SHARE * spaced


def _footer_shared(drafts: list[JobDraft], kept: list[int], lines: list[str]) -> list[JobDraft]:
    """Without blank lines the footer ("Duration: 12+ months", "Visa: …") runs on in the last
    role's block: the last block is cut to the longest other one, and the lines after it are
    context every role shares, as a footer after a blank line is."""
    *others, last = drafts
    size = max(d.lines[1] - d.lines[0] for d in others)
    first, end = last.lines
    if end - first <= size:
        return drafts
    cut = first + size
    footer = [h for h in last.hits if h.line >= cut]
    footer_text = "\n".join(lines[i] for i in kept[cut:end])
    last = JobDraft(
        last.title,
        last.title_labelled,
        [h for h in last.hits if h.line < cut],
        "\n".join(lines[i] for i in kept[first:cut]),
        last.shared_hits,
        last.shared_text,
        last.subject,
        (first, cut),
    )
    return [
        JobDraft(
            d.title,
            d.title_labelled,
            d.hits,
            d.text,
            [*d.shared_hits, *footer],
            f"{d.shared_text}\n{footer_text}",
            d.subject,
            d.lines,
        )  # fmt: skip
        for d in [*others, last]
    ]


def _hits_on(kept: list[int], hits: list[LabelHit]) -> list[LabelHit]:
    """``hits`` on the kept lines, numbered as in the kept lines alone."""
    index = {line: k for k, line in enumerate(kept)}
    return [h._replace(line=index[h.line]) for h in hits if h.line in index]


def _uncompacted(draft: JobDraft, kept: list[int], back: dict[LabelHit, LabelHit]) -> JobDraft:
    """A draft of the kept lines, its lines and labels numbered as in the whole text again."""
    first, last = draft.lines
    lines = (kept[first], kept[last - 1] + 1) if last > first else (0, 0)
    return JobDraft(
        draft.title,
        draft.title_labelled,
        [back.get(h, h) for h in draft.hits],
        draft.text,
        [back.get(h, h) for h in draft.shared_hits],
        draft.shared_text,
        draft.subject,
        lines,
    )


def _layout_drafts(facts: LineFacts, subject: str) -> list[JobDraft]:
    # A mail laid out one way can match another layout's pattern for a few of its roles (two
    # "Location:" labels among nine roles): the layout that finds the most roles wins, the
    # earlier one on a tie.
    lines, hits = facts.lines, facts.hits
    drafts = _most(
        lambda: _table_drafts(lines, hits),
        lambda: block_drafts(lines, hits, title_anchors(facts)),
        lambda: block_drafts(lines, hits, shaped_title_anchors(facts), paragraphs=True),
        lambda: block_drafts(lines, hits, heading_anchors(facts)),
        lambda: block_drafts(lines, hits, headed_title_anchors(facts), paragraphs=True),
        lambda: separated_drafts(facts),
        lambda: block_drafts(lines, hits, bare_title_anchors(facts), paragraphs=True),
        lambda: block_drafts(lines, hits, colon_title_anchors(facts)),
        lambda: _prose_title_drafts(facts),
    ) or (
        _terse_drafts(facts)
        # after one-line jobs: a numbered line carrying a whole job is a job of its own
        or _most(
            lambda: block_drafts(lines, hits, list_item_anchors(facts), paragraphs=True),
            lambda: block_drafts(lines, hits, title_list_anchors(facts), paragraphs=True),
            lambda: block_drafts(lines, hits, title_run_anchors(facts), paragraphs=True),
            lambda: block_drafts(lines, hits, nounless_title_anchors(facts), paragraphs=True),
        )
        or [_single_draft(lines, hits)]
    )
    if len(drafts) == 1:  # one job, or roles asked for in one sentence of prose
        drafts = _prose_role_drafts(lines, hits) or drafts
    if len(drafts) == 1:  # the subject describes the email's only job
        only = drafts[0]
        return [_with(only, only.title or title_from_subject(subject), only.shared_text, subject)]
    # "3 openings - C2C - Dallas, TX": a subject over several jobs is context they share.
    return [_with(d, d.title, f"{subject}\n{d.shared_text}", d.subject) for d in drafts]


def _prose_title_drafts(facts: LineFacts) -> list[JobDraft]:
    """Title lines over prose paragraphs: the last role ends with its description's paragraph,
    which may sit after a blank line below its title."""
    anchors = prose_title_anchors(facts)
    if not anchors:
        return []
    lines, stripped = facts.lines, facts.stripped
    last = anchors[-1][0]
    text = next(j for j in range(last + 1, len(lines)) if stripped[j])
    end = next((k for k in range(text, len(lines)) if not stripped[k]), len(lines))
    return block_drafts(lines, facts.hits, anchors, last_end=end)


def _with(draft: JobDraft, title: str | None, shared_text: str, subject: str | None) -> JobDraft:
    """``dataclasses.replace(draft, title=…, shared_text=…, subject=…)`` at half the cost
    (replace looks every field up by name); test_segment_shortcuts holds the field list."""
    return JobDraft(
        title,
        draft.title_labelled,
        draft.hits,
        draft.text,
        draft.shared_hits,
        shared_text,
        subject,
        draft.lines,
    )


def _most(*layouts: Callable[[], list[JobDraft]]) -> list[JobDraft]:
    best: list[JobDraft] = []
    for layout in layouts:
        drafts = layout()
        if len(drafts) > len(best):
            best = drafts
    return best


def _table_drafts(lines: list[str], hits: list[LabelHit]) -> list[JobDraft]:
    rows = find_table_rows(lines)
    if not rows:
        keyed = _skill_keyed(lines)
        rows = find_table_rows(keyed) if keyed is not lines else []
    if not rows:
        return []
    table_lines = {h.line for row in rows for h in row}
    shared_hits = [h for h in hits if h.line not in table_lines]
    shared_text = "\n".join(line for i, line in enumerate(lines) if i not in table_lines)
    drafts = []
    for row in rows:
        title_hit = next((h for h in row if h.field == "title"), None)
        title = valid_title(title_hit) if title_hit else None
        if title is None:
            continue
        text = lines[row[0].line]
        line = row[0].line
        drafts.append(
            JobDraft(title, True, row, text, shared_hits, shared_text, None, (line, line + 1))
        )
    return drafts


# "Skill | Location | Rate", "Technology   Location   Exp": a table keyed by the skill wanted
_SKILL_KEY = re.compile(r"^(\s*\|?\s*)(skill set|skillset|skills?|technology|technologies|tech)"
                        r"(?=\s*\||\s{2,}|\t)", re.IGNORECASE)  # fmt: skip
# the same line starts over the whole text; case spelled out and a newline for the line start,
# which re scans faster than IGNORECASE with MULTILINE's "^" (1.4 against 4.0 µs a mail)
_SKILL_KEY_ANYWHERE = re.compile(r"\n[ \t|]*(?:[Ss][Kk][Ii][Ll][Ll]|[Tt][Ee][Cc][Hh])")


def _skill_keyed(lines: list[str]) -> list[str]:
    """The lines with a table header's first column, a skill or technology, read as the role:
    such a table has one role per row and vendors name each by its skill ("Java Spring Boot",
    "SAP ABAP"), so the row is a job titled by that cell. Same line lengths (column offsets)."""
    out = lines
    if not _SKILL_KEY_ANYWHERE.search("\n" + "\n".join(lines)):
        return out  # one scan of the text, not a match per line: most mails have no such table
    for i, line in enumerate(lines):
        key = _SKILL_KEY.match(line)
        if key:
            out = out if out is not lines else list(lines)
            out[i] = f"{key.group(1)}{'Role'.ljust(len(key.group(2)))}{line[key.end() :]}"
    return out


def _prose_role_drafts(lines: list[str], hits: list[LabelHit]) -> list[JobDraft]:
    """ "We need a Java Developer in Dallas, TX and a QA Lead in Austin, TX": each role's part of
    the sentence is its own text; the rest of the mail, the sentence's opening included ("Our
    client in Minneapolis, MN is looking for"), is what they share."""
    top = lines[:_PROSE_TITLE_LINES]
    if " and a" not in "\n".join(top):
        return []
    for i, line in enumerate(top):
        roles = roles_in_prose(line)
        if not roles:
            continue
        rest = line[: roles[0][0]] + line[roles[-1][1] :]
        shared_text = "\n".join([*lines[:i], rest, *lines[i + 1 :]])
        return [
            JobDraft(title, False, [], line[a:b], hits, shared_text, None, (i, i + 1))
            for a, b, title in roles
        ]
    return []


def _terse_drafts(facts: LineFacts) -> list[JobDraft]:
    if facts.has_title_hit or not facts.role_lines:
        return []  # a one-line job's line names its role
    lines, hits, label_lines = facts.lines, facts.hits, facts.label_lines
    terse = [
        (i, title)
        for i, line in enumerate(lines)
        if i not in label_lines and _is_terse_job(line)
        for title in [line_title(line)]
        if title
    ]
    if len(terse) > 1 and not all(LIST_ITEM.match(lines[i]) for i, _ in terse):
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
    # two of four signals, the cheap ones first and the others only while the answer is open:
    # a role line of prose mostly states no rate, no employment type and no term
    cheap = (fields.rate(line, labelled=False) is not None) + bool(tokens.employment_types(line))
    if cheap == 2:
        return True
    term = cheap == 0 and fields.duration_months(line, labelled=False) is not None
    if cheap == 0 and not term:
        return False  # a place alone is one signal
    if find_city_states(line) or REMOTE_WORD.search(line):
        return True
    return cheap == 1 and fields.duration_months(line, labelled=False) is not None


def _single_draft(lines: list[str], hits: list[LabelHit]) -> JobDraft:
    title_hits = [h for h in hits if h.field == "title"]
    title = next((t for t in map(valid_title, title_hits) if t), None)
    labelled = title is not None
    if title is None:
        title = title_from_prose("\n".join(lines[:_PROSE_TITLE_LINES]))
    return JobDraft(title, labelled, hits, "\n".join(lines), [], "", None, (0, len(lines)))
