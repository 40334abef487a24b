"""Rule-based, offline extractor: decoded email → category and job requirements.

Deterministic: the same DecodedEmail always gives the same Extraction. Regexes live at module
level in the helper modules (labels, fields, tokens, titles, skills, locations, classify).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from schemas.contracts.models import Category, ExtractedJob, Extractor
from services.parser import classify, segment
from services.parser.jobs import JobDraft, build_job
from services.parser.labels import find_labels
from services.parser.mime import DecodedEmail

__all__ = ["EXTRACTOR", "Extraction", "extract"]

EXTRACTOR = Extractor(name="rules", version="1.0.0")

_SIGN_OFF = re.compile(
    r"^\s*(?:thanks?(?:\s+(?:&|and)\s+regards)?|thank\s+you|(?:best|warm|kind|with)?\s*regards|"
    r"best|sincerely|cheers|respectfully|thanks\s+again)[\s,!.]*$",
    re.IGNORECASE,
)
_SIGNATURE_TAIL = 20  # lines after a sign-off that may still be signature
_MAX_TEXT = 100_000  # characters; requirements are short, this bounds regex time on huge mails
_MAX_JOBS = 50  # per email; more is a job board dump, not a vendor's requirement
_HEADER_LINE = re.compile(r"^[ >*]*(?:From|Sent|To|Cc|Bcc|Date|Reply-To)\s*:", re.IGNORECASE)
_MARKER = re.compile(r"^-{2,}\s*(?:Forwarded|Original|Attached)\s+message", re.IGNORECASE)


@dataclass(frozen=True)
class Extraction:
    is_job: bool
    category: Category
    confidence: float  # 0..1, higher = more likely right
    jobs: list[ExtractedJob] = field(default_factory=list)


def extract(email: DecodedEmail) -> Extraction:
    lines = _content_lines(email.text[:_MAX_TEXT])
    hits = find_labels(lines)
    drafts = segment.job_drafts(lines, hits, email.subject)
    built = [(draft, build_job(draft)) for draft in drafts]
    jobs = [job for _, job in built if job is not None][:_MAX_JOBS]
    evidence = classify.Evidence(
        subject=email.subject,
        sender=email.sender,
        text="\n".join(lines),
        content_types=email.content_types,
        attachment_names=[a.filename or "" for a in email.attachments],
        is_bulk=email.is_bulk,
        label_fields=frozenset(h.field for h in hits),
        job_score=max((_richness(draft, job) for draft, job in built), default=0.0),
    )
    category, confidence = classify.classify(evidence)
    if category != Category.REQUIREMENT:
        return Extraction(False, category, confidence, [])
    # A requirement we cannot name, or a bare title ("Re: Java Developer - still open?"),
    # is a conversation about a job rather than a job.
    if not any(_has_details(job) for job in jobs):
        return Extraction(False, Category.OTHER, 0.3, [])
    return Extraction(True, Category.REQUIREMENT, confidence, jobs)


def _richness(draft: JobDraft, job: ExtractedJob | None) -> float:
    if job is None:
        return 0.0
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
    """Body lines without the trailing signature and with quoted header lines blanked."""
    lines = [
        ("" if _HEADER_LINE.match(line) else line.replace("**", "")) for line in text.split("\n")
    ]
    cut = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        if len(lines) - i > _SIGNATURE_TAIL + 1:
            break
        if _SIGN_OFF.match(lines[i]):
            tail = lines[i + 1 :]
            # A sign-off above forwarded or labelled content closes a note, not the email.
            if not any(_MARKER.match(t) for t in tail) and not find_labels(tail):
                cut = i
    return lines[:cut]
