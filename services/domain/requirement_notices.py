"""Closing notices: "position filled / closed / on hold / no longer accepting submissions".

Such mail usually carries no job to extract, so it is read on its own: ``read_notice`` finds
the status it announces and what names the requirement (a job id, a title) in the subject and
first lines; ``match_notice`` picks the tenant's open requirement it is about. A job id shared
with a requirement's sightings decides; else the title must match closely (same role core and
seniority, no other city named). Among several matches, the ones the notice's sender sent win;
a notice that still fits more than one requirement closes none (a wrong close hides a live
requirement, a missed one only leaves it open).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from schemas.contracts.models import Category, ParsedEmail, ParseStatus, RequirementNotice
from services.domain.requirements import normalize_job_id, normalize_title

NoticeStatus = Literal["closed", "on_hold"]
TITLE_MATCH = 90  # token-set ratio (0..100) of the title cores for a notice without a job id
_HEAD_CHARS = 1500  # the body's first characters: a notice says it up front

_HOLD = re.compile(
    r"\bon\s+hold\b|\bpaused\b|\bput\s+(?:it\s+|this\s+)?on\s+hold\b|\bhold\s*[:\-]",
    re.IGNORECASE,
)
_CLOSED = re.compile(
    r"\b(?:position|role|requirement|req|job|opening|requisition)s?\b[^.\n]{0,80}?\b(?:is\s+|has\s+"
    r"been\s+|was\s+|are\s+|have\s+been\s+)?(?:now\s+|currently\s+)?(?:filled|closed|cancell?ed|"
    r"withdrawn)\b|\b(?:filled|closed|cancell?ed)\s*[:\-]|[-|:]\s*(?:closed|filled|cancell?ed)\s*$|"
    r"\bno\s+longer\s+(?:open|available|accepting\s+(?:any\s+)?(?:submissions|resumes|profiles|"
    r"candidates))\b|\bstop\s+(?:all\s+|further\s+)?submissions?\b",
    re.IGNORECASE,
)
_HOLD_CONTEXT = re.compile(
    r"\b(?:position|role|requirement|req|job|opening|requisition)\b[^.\n]{0,80}?\bon\s+hold\b"
    r"|\bon\s+hold\s*[:\-]|[-|:]\s*on\s+hold\s*$|\b(?:put|placed)\s+(?:it\s+|this\s+|the\s+\w+\s+)?"
    r"on\s+hold\b",
    re.IGNORECASE,
)
# A word every match of _HOLD_CONTEXT (_CLOSED) contains: searched first, as most mail has
# none and the patterns cost far more (test_requirement_notices.py checks the words).
_HOLD_WORD_LIST = ("hold",)
_HOLD_WORD = re.compile("|".join(_HOLD_WORD_LIST), re.IGNORECASE)
_CLOSED_WORD_LIST = ("filled", "closed", "cancel", "withdrawn", "longer", "submission")
_CLOSED_WORDS = re.compile("|".join(_CLOSED_WORD_LIST), re.IGNORECASE)
_JOB_REF = re.compile(
    r"\b(?:job\s*(?:id|code|#|no\.?)|req(?:uisition)?\s*(?:id|#|no\.?)?|position\s*(?:id|#))"
    r"\s*[:#\-]?\s*([A-Za-z]{0,6}[-_]?\d[\w-]{2,30})",
    re.IGNORECASE,
)
_PREFIXES = re.compile(r"^\s*(?:(?:re|fwd?|fw|update|urgent)\s*:\s*)+", re.IGNORECASE)
_NOTICE_WORDS = re.compile(
    r"\b(?:position|role|requirement|req|job|opening)?\s*(?:is\s+|has\s+been\s+)?(?:now\s+)?"
    r"(?:filled|closed|cancell?ed|on\s+hold|withdrawn)\b\s*[:\-|]?|\bno\s+longer\s+\w+(?:\s+"
    r"submissions)?|\bstop\s+submissions\b",
    re.IGNORECASE,
)
_BODY_TITLE = re.compile(
    r"\b(?:the|our|your)\s+(?P<title>[A-Z][\w./#+ -]{2,80}?)\s+(?:position|role|requirement|"
    r"opening)\b",
)
# a notice is classified "other" (the parser's status-about-a-job rule), or a requirement
_NOTICE_CATEGORIES = (Category.OTHER, Category.REQUIREMENT)
_CITY = re.compile(r"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?),\s*([A-Z]{2})\b")


@dataclass(frozen=True)
class NoticeCandidate:
    """An open requirement a notice may be about, with what its sightings say."""

    requirement_id: int
    title: str
    location: str | None
    job_ref_keys: frozenset[str]
    vendors: frozenset[str]


def notice_status(subject: str | None, body: str = "") -> NoticeStatus | None:
    """On hold, closed (filled, cancelled, no longer accepting submissions) or neither."""
    head = f"{subject or ''}\n{body[:_HEAD_CHARS]}"
    lowered = head.lower() if head.isascii() else None
    if _has_word(head, lowered, _HOLD_WORD, _HOLD_WORD_LIST) and _HOLD_CONTEXT.search(head):
        return "on_hold"
    if _has_word(head, lowered, _CLOSED_WORDS, _CLOSED_WORD_LIST) and _CLOSED.search(head):
        return "closed"
    return None


def _has_word(
    text: str, lowered: str | None, pattern: re.Pattern[str], words: tuple[str, ...]
) -> bool:
    """``pattern.search(text) is not None`` for a pattern of ``words`` (IGNORECASE). ASCII
    text (most mail) comes ``lowered``: a case-insensitive match is then a substring of it,
    found without the alternation the regex tries at every position."""
    if lowered is None:  # characters that fold onto ASCII letters (long s, Kelvin sign)
        return pattern.search(text) is not None
    return any(word in lowered for word in words)


def read_notice(subject: str | None, body: str = "") -> RequirementNotice | None:
    """The notice an email gives, or None when it announces no status change."""
    status = notice_status(subject, body)
    if status is None:
        return None
    head = f"{subject or ''}\n{body[:_HEAD_CHARS]}"
    found = _JOB_REF.search(head)
    title = _subject_title(subject) or _body_title(body[:_HEAD_CHARS])
    return RequirementNotice(
        status=status,
        job_ref=found.group(1)[:200] if found else None,
        title=title[:300] if title else None,
    )


def notice_of(parsed: ParsedEmail) -> RequirementNotice | None:
    """The notice a parsed email gives: the parser's, else (from a parser older than the
    field) its subject's; none from a hotlist, submission, newsletter... or a failed parse."""
    if parsed.status is not ParseStatus.OK or parsed.category not in _NOTICE_CATEGORIES:
        return None
    return parsed.notice or read_notice(parsed.subject)


def _subject_title(subject: str | None) -> str | None:
    text = _PREFIXES.sub("", subject or "")
    text = _JOB_REF.sub(" ", text)
    text = _NOTICE_WORDS.sub(" ", text)
    text = re.sub(r"\s*[|:()\[\]]\s*", " ", text)
    text = " ".join(text.split()).strip(" -,")
    return text if normalize_title(text).core else None


def _body_title(body: str) -> str | None:
    found = _BODY_TITLE.search(body)
    return found.group("title").strip() if found else None


def match_notice(
    notice: RequirementNotice,
    *,
    sender_vendor: str | None,
    candidates: Sequence[NoticeCandidate],
) -> int | None:
    """The requirement the notice is about, or None when none (or several) fit."""
    job_key = normalize_job_id(notice.job_ref)
    if job_key:
        by_id = [c for c in candidates if job_key in c.job_ref_keys]
        if by_id:
            return _one(by_id, sender_vendor)
    if not notice.title:
        return None
    wanted = normalize_title(notice.title)
    place = _CITY.search(notice.title)
    fits = []
    for candidate in candidates:
        title = normalize_title(candidate.title)
        # stricter than a sighting's match: a wrong close hides a live requirement
        if (wanted.seniority, wanted.level) != (title.seniority, title.level):
            continue
        if fuzz.token_set_ratio(wanted.core, title.core) < TITLE_MATCH:
            continue
        if (
            place
            and candidate.location
            and place.group(1).lower() not in candidate.location.lower()
        ):
            continue
        fits.append(candidate)
    return _one(fits, sender_vendor) if fits else None


def _one(fits: Sequence[NoticeCandidate], sender_vendor: str | None) -> int | None:
    if len(fits) > 1 and sender_vendor:
        fits = [c for c in fits if sender_vendor in c.vendors] or fits
    return fits[0].requirement_id if len(fits) == 1 else None
