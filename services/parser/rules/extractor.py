"""Rule-based, offline extractor: decoded email → category, job requirements and evidence.

Deterministic: the same DecodedEmail always gives the same Extraction. Regexes live at module
level in the helper modules (labels, fields, tokens, titles, skills, locations, classify).

Sources, in order: the clean body text, then readable attachments (a JD PDF behind "see attached
JD") for fields the body lacks. Every extracted value carries FieldEvidence: a span of the text it
can be read from (see evidence.job_evidence).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate
from operator import add

from schemas.contracts.models import (
    Category,
    ExtractedJob,
    Extractor,
    FieldEvidence,
    WorkMode,
)
from services.domain.fields import FIELDS, FieldKind
from services.parser.decoding import AttachmentText, DecodedEmail
from services.parser.rules import classify, segment
from services.parser.rules.employer_posts import employer_in_subject, find_posting
from services.parser.rules.evidence import Region, job_evidence
from services.parser.rules.jobs import JobDraft, build_job, own_text
from services.parser.rules.labels import LabelHit, find_labels, has_labels
from services.parser.rules.levels import opening_levels, title_at_level
from services.parser.rules.skills import MAX_SKILLS
from services.parser.rules.tokens import employment_spans_within

__all__ = ["EXTRACTOR", "Extraction", "body_text", "extract", "extracting"]

EXTRACTOR = Extractor(name="rules", version="1.18.0")

_SIGN_OFF = re.compile(
    r"^\s*(?:thanks?(?:\s+(?:&|and)\s+regards)?|thank\s+you|(?:best|warm|kind|with)?\s*regards|"
    r"best|sincerely|cheers|respectfully|thanks\s+again)[\s,!.]*$"
    # a phone's tag ("Sent from Yahoo Mail on Android") names no skill of the job
    r"|^\s*(?:sent\s+from\s+(?:my\s+)?|get\s+outlook\s+for\s+)\w[\w .-]{0,40}$",
    re.IGNORECASE,
)
# Google Groups' footer (the lists real vendor mail reached); lines from it on are not content.
_LIST_FOOTER = "You received this message because you are subscribed to"
_SIGNATURE_TAIL = 20  # lines after a sign-off that may still be signature
_MAX_TEXT = 100_000  # characters; requirements are short, this bounds regex time on huge mails
_MAX_JOBS = 50  # per email; more is a job board dump, not a vendor's requirement
_HEADER_LINE = re.compile(r"^[ >*]*(?:From|Sent|To|Cc|Bcc|Date|Reply-To)\s*:", re.IGNORECASE)
_MARKER = re.compile(r"^-{2,}\s*(?:Forwarded|Original|Attached)\s+message", re.IGNORECASE)
# A résumé attached to a submission is a person's history, never the job's fields.
_RESUME_NAME = re.compile(r"resume|résumé|\bcv\b|profile|candidate", re.IGNORECASE)
_RESUME_HEADINGS = re.compile(
    r"^\s*(?:professional\s+summary|summary\s+of\s+qualifications|career\s+objective|objective|"
    r"work\s+history|employment\s+history|professional\s+experience|work\s+experience|"
    r"education(?:al\s+qualifications?)?|technical\s+skills|certifications?)\s*:?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_JOB_FIELDS = frozenset({"title", "location", "duration", "rate", "employment", "client",
                         "job_id", "visa", "experience", "work_mode"})  # fmt: skip
_JOB_ONLY_FIELDS = frozenset({"duration", "client", "job_id"})
_ROLE_FIELDS = _JOB_FIELDS - {"title"}  # a role block's own fields beside its title
_PERSON_COLUMN = re.compile(
    r"^\s*\|?\s*(?:s\.?\s*no\.?\s*\|\s*)?(?:consultant|candidate|resource)?\s*name\s*\|",
    re.IGNORECASE | re.MULTILINE,
)
# filled from a duplicate when missing; the title identifies the job, skills merge below
_MERGED = tuple(f.name for f in FIELDS if f.name != "title" and f.kind is not FieldKind.NAMES)


@dataclass(frozen=True)
class Extraction:
    is_job: bool
    category: Category
    confidence: float  # 0..1, higher = more likely right (see classify for the calibration)
    jobs: list[ExtractedJob] = field(default_factory=list)
    # One entry per extracted value (list fields: per item), job_index into ``jobs``.
    evidence: list[FieldEvidence] = field(default_factory=list)


@dataclass(frozen=True)
class _Doc:
    """One text source: the body or an attachment. ``lines`` keep ``text``'s offsets."""

    source: str
    text: str
    lines: list[str]
    starts: list[int]
    hits: list[LabelHit]

    def region(self, first: int, last: int) -> Region:
        last = min(last, len(self.lines))
        if first >= last:
            return Region(self.source, self.text, 0, 0)
        start, end = self.starts[first], self.starts[last - 1] + len(self.lines[last - 1])
        labels = tuple(
            (self.starts[h.line] + h.start, self.starts[h.line] + h.end)
            for h in self.hits
            if first <= h.line < last and 0 <= h.start < h.end
        )
        return Region(self.source, self.text, start, end, labels)


@dataclass(frozen=True)
class _Job:
    job: ExtractedJob
    draft: JobDraft
    doc: _Doc


def extract(email: DecodedEmail) -> Extraction:
    body = _doc("body", email.text[:_MAX_TEXT])
    found = _jobs(body, email.subject)
    attached = [_doc(a.source, a.text) for a in email.attachment_texts if _is_jd(a)]
    found = _with_attachments(found, attached, email.subject)[:_MAX_JOBS]
    # a bare title read from prose ("engineers", a link's text) yields to the job an employer's
    # post names in its subject or a job link
    posted = not any(_has_details(f.job) for f in found) and _posted_job(body, email.subject)
    if posted:
        found = [posted]
    evidence = classify.Evidence(
        subject=email.subject,
        sender=email.sender,
        text="\n".join(body.lines),
        content_types=email.content_types,
        attachment_names=[a.filename or "" for a in email.attachments],
        is_bulk=email.is_bulk,
        label_fields=frozenset(h.field for h in body.hits),
        job_score=max((_richness(f.draft, f.job) for f in found), default=0.0),
        jd_attached=any(_jobs(doc, "") for doc in attached),
        job_posted=bool(posted),
        structured_job=any(_structured(f) for f in found),
        role_blocks=_role_blocks(found),
        # a posted job's details are behind its link
        has_details=bool(posted) or any(_has_details(f.job) for f in found),
    )
    category, confidence = classify.classify(evidence)
    # A requirement we cannot name, or a bare title ("Re: Java Developer - still open?"), is a
    # conversation about a job: classify never calls it a requirement (has_details).
    if category != Category.REQUIREMENT:
        return Extraction(False, category, confidence, [])
    found = _at_levels(found, body)
    jobs = _employer_as_client([f.job for f in found], email.subject)
    evidence_found = _evidence(found, [body, *attached], email.subject)
    return Extraction(True, Category.REQUIREMENT, confidence, jobs, evidence_found)


@contextmanager
def extracting(emails: Sequence[DecodedEmail]) -> Iterator[None]:
    """Inside, ``extract`` of ``emails`` (a batch) reads classify's prefilter scans of their
    subjects and bodies made on entry, back to back (classify.scan_ahead): the same results,
    at about a third of those scans' cost (~6% of extract's)."""
    classify.scan_ahead([e.subject for e in emails], [body_text(e) for e in emails])
    try:
        yield
    finally:
        classify.forget_scans()


def body_text(email: DecodedEmail) -> str:
    """The body as classify reads it (``Evidence.text``): for tools that must see the same."""
    return "\n".join(_content_lines(email.text[:_MAX_TEXT]))


def _doc(source: str, text: str) -> _Doc:
    lines = _content_lines(text)
    # line i has line i of ``text``'s length (_content_lines): the offsets without a second split,
    # line i starting after the lengths of the lines before it and their i line breaks
    starts = list(map(add, accumulate(map(len, lines), initial=0), range(len(lines))))
    return _Doc(source, text, lines, starts, find_labels(lines))


def _jobs(doc: _Doc, subject: str) -> list[_Job]:
    drafts = segment.job_drafts(doc.lines, doc.hits, subject)
    built = [(draft, build_job(draft)) for draft in drafts]
    return [_Job(job, draft, doc) for draft, job in built if job is not None]


def _at_levels(found: list[_Job], body: _Doc) -> list[_Job]:
    """One opening laid out at two or more levels is one job per level (levels.py)."""
    if len(found) != 1:
        return found
    only = found[0]
    return [
        _Job(
            only.job.model_copy(
                update={
                    "title": title_at_level(only.job.title, level),
                    "experience_years": only.job.experience_years
                    if level.years is None
                    else level.years,
                }
            ),
            only.draft,
            only.doc,
        )
        for level in opening_levels("\n".join(body.lines))
    ] or found


def _employer_as_client(jobs: list[ExtractedJob], subject: str) -> list[ExtractedJob]:
    """An employer's own post ("SkySafe is hiring …", "… @ CoreWeave") names its client."""
    if any(job.client for job in jobs):
        return jobs
    employer = employer_in_subject(subject)
    if employer is None:
        return jobs
    return [job.model_copy(update={"client": employer}) for job in jobs]


def _posted_job(body: _Doc, subject: str) -> _Job | None:
    """An employer's post whose job only its subject or a job link names (employer_posts)."""
    posting = find_posting(body.text, subject)
    if posting is None:
        return None
    text = "\n".join(body.lines)
    draft = JobDraft(posting.title, False, body.hits, text, [], "", subject, (0, len(body.lines)))
    job = build_job(draft)
    if job is None:
        return None
    update = {"location": posting.location, "client": posting.client}
    job = job.model_copy(update={k: v for k, v in update.items() if v and not getattr(job, k)})
    if job.location == "Remote" and job.work_mode is None:
        job = job.model_copy(update={"work_mode": WorkMode.REMOTE})
    return _Job(job, draft, body)


def _is_jd(attachment: AttachmentText) -> bool:
    """A job description, not a résumé or a hotlist spreadsheet (a "Name" column)."""
    if _RESUME_NAME.search(attachment.filename) or _PERSON_COLUMN.search(attachment.text):
        return False
    return len({m.group(0).strip().lower() for m in _RESUME_HEADINGS.finditer(attachment.text)}) < 2


def _with_attachments(found: list[_Job], attached: list[_Doc], subject: str) -> list[_Job]:
    """Fill what the body lacks from job-description attachments; a body that names no job
    at all takes the attachment's jobs."""
    for doc in attached:
        theirs = _jobs(doc, subject if not found else "")
        if not theirs:
            continue
        if not found:
            found = theirs
            continue
        for index, mine in enumerate(found):
            match = _same_job(mine.job, theirs, single=len(found) == 1)
            if match is not None:
                found[index] = _Job(_merge(mine.job, match), mine.draft, mine.doc)
    return found


def _same_job(job: ExtractedJob, theirs: list[_Job], *, single: bool) -> ExtractedJob | None:
    if single and len(theirs) == 1:
        return theirs[0].job
    title = job.title.casefold()
    return next((t.job for t in theirs if t.job.title.casefold() == title), None)


def _merge(job: ExtractedJob, extra: ExtractedJob) -> ExtractedJob:
    update: dict[str, object] = {
        name: getattr(extra, name)
        for name in _MERGED
        if getattr(job, name) in (None, []) and getattr(extra, name) not in (None, [])
    }
    if len(job.skills) < 3:  # a title-only body ("Java Developer") under a JD with a skill list
        update["skills"] = list(dict.fromkeys([*job.skills, *extra.skills]))[:MAX_SKILLS]
    return job.model_copy(update=update) if update else job


def _evidence(found: list[_Job], docs: list[_Doc], subject: str) -> list[FieldEvidence]:
    """Per job: its own block, its whole source, the subject, then the other sources. A whole
    source's region is made once, when a search first reaches it: most values are found in
    their job's own block."""
    latest = {doc.source: doc for doc in docs}  # a source named twice: its last text
    wholes: dict[str, Region] = {}

    def whole(source: str) -> Region:
        region = wholes.get(source)
        if region is None:
            doc = latest[source]
            region = wholes[source] = doc.region(0, len(doc.lines))
        return region

    later = {source: lambda source=source: whole(source) for source in latest}
    about = _subject(subject)
    evidence: list[FieldEvidence] = []
    for index, item in enumerate(found):
        others = [source for source in latest if source != item.doc.source]
        own = item.doc.region(*item.draft.lines)
        body_first = [later[source] for source in others if source == "body"]
        attachments = [later[source] for source in others if source != "body"]
        evidence.extend(
            job_evidence(
                item.job,
                index,
                [own, later[item.doc.source], *body_first, about, *attachments],
                _own_scans(item.draft, own),
            )
        )
    return evidence


def _own_scans(draft: JobDraft, own: Region) -> dict[str, Iterable[tuple[int, int, object]]]:
    """The scans of a job's own block that build_job has made already: its employment types
    were read from its subject and block together (tokens.employment_spans_within)."""
    found = employment_spans_within(own.text[own.start : own.end], own_text(draft))
    return {} if found is None else {"employment_types": found}


def _subject(subject: str) -> Region:
    return Region("subject", subject, 0, len(subject))


def _richness(draft: JobDraft, job: ExtractedJob) -> float:
    score = 2.0 if draft.title_labelled else 1.0
    score += sum(
        1.0
        for present in (
            job.location,
            job.duration_months is not None,
            job.rate,
            job.employment_types,
            job.visa,
            job.client,
            job.job_id,
            job.experience_years is not None,
        )
        if present
    )
    score += 0.5 if job.work_mode else 0.0
    score += 0.5 if len(job.skills) >= 2 else 0.0
    return score


def _structured(found: _Job) -> bool:
    """A job laid out in labelled fields: three or more, one of them only a job has (a duration,
    a client, a job id), so a consultant's "Role / Location / Visa / Rate" card does not count."""
    labelled = {h.field for h in found.draft.hits + found.draft.shared_hits} & _JOB_FIELDS
    return len(labelled) >= 3 and bool(labelled & _JOB_ONLY_FIELDS)


def _role_blocks(found: list[_Job]) -> bool:
    """Two jobs or more, each a block with two labelled job fields of its own beside its title
    ("Role #3: …" over "Location: …" and "Rate: …"): several roles laid out, a posting's shape."""
    if len(found) < 2:
        return False
    laid_out = sum(len({h.field for h in f.draft.hits} & _ROLE_FIELDS) >= 2 for f in found)
    return laid_out >= 2


def _has_details(job: ExtractedJob) -> bool:
    return bool(
        job.location
        or job.duration_months is not None
        or job.rate
        or job.employment_types
        or job.visa
        or job.client
        or job.job_id
        or job.experience_years is not None
        or len(job.skills) >= 2
    )


def _content_lines(text: str) -> list[str]:
    """Lines without the trailing signature and with quoted header lines blanked. Line i is
    line i of ``text`` with the same length (markdown bold becomes spaces), so label offsets
    are offsets into ``text``."""
    # a header line has a ":"; markdown bold ("**") becomes two spaces (most text has none)
    if "**" in text:
        lines = [
            " " * len(line)
            if ":" in line and _HEADER_LINE.match(line)
            else line.replace("**", "  ")
            for line in text.split("\n")
        ]
    else:
        lines = [
            " " * len(line) if ":" in line and _HEADER_LINE.match(line) else line
            for line in text.split("\n")
        ]
    cut = len(lines)
    footer = text.find(_LIST_FOOTER)
    if footer >= 0:  # a mailing list's footer names the list ("linux-ntb"), never the job
        cut = text.count("\n", 0, footer)
        if cut and lines[cut - 1].strip() == "--":
            cut -= 1
        lines = lines[:cut]
    for i in range(len(lines) - 1, -1, -1):
        if len(lines) - i > _SIGNATURE_TAIL + 1:
            break
        if _SIGN_OFF.match(lines[i]):
            tail = lines[i + 1 :]
            # A sign-off above forwarded or labelled content closes a note, not the email.
            if not any(_MARKER.match(t) for t in tail) and not has_labels(tail):
                cut = i
    return lines[:cut]
