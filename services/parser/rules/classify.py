"""Which kind of email this is: weighted evidence per category, strongest wins.

Look-alikes (hotlists, submissions, interview mails, digests…) quote the same fields a requirement
has, so field richness alone cannot decide. Each look-alike has phrases a requirement never needs
("hotlist", "right to represent me", "interview scheduled"); a requirement has the direction of
its request ("share resumes", not "share requirements") plus its fields.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from schemas.contracts.models import Category
from services.parser.rules.anyof import AnyOf
from services.parser.rules.category_rules import BODY_RULES, SUBJECT_RULES
from services.parser.rules.gate import Folded, PieceIndex
from services.parser.rules.job_calls import (
    ASKS_FOR_CANDIDATES,
    INVITES_REQUIREMENT,
    POSTING_PROSE,
    REQUIREMENT_SUBJECT,
    ROLE_IN_SUBJECT,
)
from services.parser.rules.spam_model import SPAM_MODEL

__all__ = ["Evidence", "classify", "forget_scans", "scan_ahead", "warm"]


@dataclass(frozen=True)
class Evidence:
    subject: str
    sender: str
    text: str
    content_types: list[str] = field(default_factory=list)
    attachment_names: list[str] = field(default_factory=list)
    is_bulk: bool = False
    label_fields: frozenset[str] = frozenset()
    job_score: float = 0.0  # field richness of the richest job draft (see extractor)
    jd_attached: bool = False  # an attachment reads as a job description
    job_posted: bool = False  # an employer's post names its job in a job link or its subject
    # Three or more labelled job fields, one of them a duration, client or job id: a posting's
    # shape, even with no greeting or call to action (see extractor._structured).
    structured_job: bool = False
    # Two jobs or more, each a block with its own labelled job fields (extractor._role_blocks):
    # several roles laid out, a posting's shape too.
    role_blocks: bool = False
    has_details: bool = True  # some job has more than a title


C = Category
_BOUNCE_SENDER = re.compile(r"mailer-daemon|postmaster@|mail\s+delivery\s+(?:sub)?system", re.I)
# what a mail server's report says of the message it returns; its sender alone is no proof
# (phishing and list notices come from postmaster addresses too)
_BOUNCE_CONTENT = re.compile(
    r"undeliverable|undelivered|returned\s+mail|delivery\s+(?:status|has\s+failed|failed|failure"
    r"|to\s+the\s+following\s+recipients?|incomplete|report)|(?:could|can)\s*not\s+be\s+delivered"
    r"|wasn't\s+delivered|non[\s-]?delivery|permanent(?:ly)?\s+(?:error|fatal|failed)"
    r"|\b[45]\.[0-7]\.\d{1,3}\b|message/delivery-status|original\s+message\s+follows"
    r"|recipient\s+address\s+rejected|user\s+unknown|mailbox\s+unavailable",
    re.IGNORECASE,
)
_BOUNCE_SUBJECT = re.compile(
    r"^\s*(?:undeliverable|undelivered\s+mail|delivery\s+status\s+notification|mail\s+delivery\s+"
    r"(?:failed|failure|system)|returned\s+mail|failure\s+notice|delivery\s+(?:has\s+)?failed|"
    r"message\s+not\s+delivered|non[\s-]?delivery|delivery\s+failure|message\s+undeliverable|"
    r"(?:successful\s+)?mail\s+delivery\s+report)",
    re.IGNORECASE,
)
_CALENDAR_SUBJECT = re.compile(
    r"^\s*(?:(?:updated\s+)?invitation(?:\s+updated)?|accepted|declined|tentative(?:ly\s+accepted)?|"
    r"cancel+ed(?:\s+event)?|new\s+event|meeting\s+(?:request|invitation))\s*:",
    re.IGNORECASE,
)
_RESUME_FILE = re.compile(r"(?:resume|cv|profile).*\.(?:pdf|docx?)$", re.IGNORECASE)
_APPLY = re.compile(
    r"\b(?:apply\s+now|view\s+job|easy\s+apply|view\s+all\s+jobs|see\s+all\s+jobs)\b", re.I
)
# Whether each rule matches, its alternatives gated one by one (anyof.py): the same answers.
# The body's rules, its calls for a job and its job links are asked together, in one look-up
# of its words (or one Hyperscan scan, prefilter.py).
# The subject's rules and the requirement score's questions of the subject, likewise together.
_SUBJECT_ASKS = (REQUIREMENT_SUBJECT, ROLE_IN_SUBJECT)
_SUBJECT_ANY = AnyOf([*(rule[1].pattern for rule in SUBJECT_RULES), *_SUBJECT_ASKS])
_SAYS_REQUIREMENT, _NAMES_ROLE = range(len(SUBJECT_RULES), len(SUBJECT_RULES) + len(_SUBJECT_ASKS))
_CALLS = (ASKS_FOR_CANDIDATES, INVITES_REQUIREMENT, POSTING_PROSE)
_BODY_ANY = AnyOf([*(rule[1].pattern for rule in BODY_RULES), *(c.pattern for c in _CALLS), _APPLY])
_ASKS, _INVITES, _POSTING, _APPLIES = range(len(BODY_RULES), len(BODY_RULES) + len(_CALLS) + 1)
# every gated rule's words, looked for in one pass per text
_PIECES = PieceIndex([*_SUBJECT_ANY.parts, *_BODY_ANY.parts])
_SUBJECT_ANY.index_with(_PIECES)
_BODY_ANY.index_with(_PIECES)
_ALERT_SENDER = re.compile(r"alert|jobs?[-_.]?(?:noreply|no-reply)|notifications?@", re.I)
_NEWS_SENDER = re.compile(r"\b(?:news(?:letter)?|marketing|updates?|digest)@", re.I)
_REPLY = re.compile(r"\s*(?:re|aw)\s*:", re.IGNORECASE)
_PERSON_LABELS = frozenset({"candidate", "current_location", "availability", "relocation"})
_SHORT_REPLY = 30  # words: "is this still open?" under a job's subject is not the job
_TERSE_WORDS = 25
_TERSE_SCORE = 5.0  # a title and four of a job's terms (see extractor._richness)
_MIN_SCORE = 3.0  # below this nothing is convincing: "other"
_MIN_REQUIREMENT = 5.0
# Confidence = 0.5 + 0.5·(1 − e^(−margin/scale)) over the runner-up's score, then the caps below.
# Held-out check (blind cases 42-71 before their fixes): errors sat at 0.86-0.95 and all were
# requirements the body never asked candidates for, hence the implicit cap; "nothing
# convincing" was right about half the time. tests/services/parser/rules/test_extractor.py prints
# the reliability buckets.
_MARGIN_SCALE = 4.0
_HARD_CONFIDENCE = 0.97  # bounce and calendar MIME parts are unambiguous
_FALLBACK_CONFIDENCE = 0.45  # "other" because nothing convinced: a guess
# spam by the word model alone (spam_model): it was validated on other corpora than this inbox's
_MODEL_SPAM_CONFIDENCE = 0.7
_IMPLICIT_CAP = 0.8
_MAX_CONFIDENCE = 0.98
# every category's score but the requirement's (scored on its own), in Category's order: the
# ranking breaks ties by it
_NO_SCORES: dict[Category, float] = {c: 0.0 for c in Category if c != C.REQUIREMENT}


def warm() -> None:
    """Compile the rules' Hyperscan prefilters (~1.4 s CPU) before the first mail, not on it."""
    _SUBJECT_ANY.warm()
    _BODY_ANY.warm()


def scan_ahead(subjects: Iterable[str], texts: Iterable[str]) -> None:
    """The prefilter scans of a batch's subjects and body texts (``Evidence.subject``, ``.text``),
    each rule set's back to back (AnyOf.scan_ahead), for ``classify`` to read until
    ``forget_scans``."""
    _SUBJECT_ANY.scan_ahead(subjects)
    _BODY_ANY.scan_ahead(texts)


def forget_scans() -> None:
    _SUBJECT_ANY.forget_scans()
    _BODY_ANY.forget_scans()


def classify(evidence: Evidence) -> tuple[Category, float]:
    """Category and confidence: the estimated chance the category is right (calibration notes
    at _MARGIN_SCALE)."""
    hard = _hard_category(evidence)
    if hard is not None:
        return hard, _HARD_CONFIDENCE
    matched = _BODY_ANY.matching(Folded(evidence.text, _PIECES))  # in rule order
    in_subject = _SUBJECT_ANY.matching(Folded(evidence.subject, _PIECES))
    scores = _soft_scores(evidence, matched, in_subject)
    # searched once: both the score and the confidence cap ask whether the body calls for a job
    calls = _Calls(asks=_ASKS in matched, invites=_INVITES in matched or _POSTING in matched)
    scores[C.REQUIREMENT] = _requirement_score(evidence, calls, scores, in_subject)
    if not evidence.has_details:  # a job we cannot describe is not the answer
        scores[C.REQUIREMENT] = min(scores[C.REQUIREMENT], _MIN_REQUIREMENT - 0.5)
    best, top, second = _top_two(scores)
    if top < _MIN_SCORE:
        # No rule convinced: spam the rules were never written for may still read as spam to
        # a model learned from a public spam corpus. Only here, so it never moves a job or a
        # category some rule chose.
        if SPAM_MODEL.says_spam(evidence.subject, evidence.text):
            return C.SPAM, _MODEL_SPAM_CONFIDENCE
        return C.OTHER, _FALLBACK_CONFIDENCE
    confidence = 0.5 + 0.5 * (1 - math.exp(-(top - second) / _MARGIN_SCALE))
    if best == C.REQUIREMENT and not _explicit(evidence, calls):
        confidence = min(confidence, _IMPLICIT_CAP)
    return best, round(min(confidence, _MAX_CONFIDENCE), 3)


def _top_two(scores: dict[Category, float]) -> tuple[Category, float, float]:
    """The best category, its score and the runner-up's score, as ranking every category by
    score, a look-alike before the requirement on a tie and otherwise in ``scores``' order,
    reads them; one pass over the look-alikes, no sort. An unconvincing requirement does not
    hide a convincing look-alike ("send a resume to jobs@…" closing a product update)."""
    best, top, second = C.OTHER, -math.inf, -math.inf
    for category, score in scores.items():
        if category is C.REQUIREMENT:
            continue
        if score > top:  # a tie keeps the earlier category first
            best, top, second = category, score, top
        elif score > second:
            second = score
    requirement = scores[C.REQUIREMENT]
    if requirement > top:  # a tie ranks the requirement after the look-alike
        return (
            (best, top, second)
            if requirement < _MIN_REQUIREMENT
            else (C.REQUIREMENT, requirement, top)
        )
    return best, top, max(second, requirement)


@dataclass(frozen=True)
class _Calls:
    """What the body asks for: candidates (``ASKS_FOR_CANDIDATES``) or a look at a job
    (``INVITES_REQUIREMENT``)."""

    asks: bool
    invites: bool


def _explicit(e: Evidence, calls: _Calls) -> bool:
    """The body itself presents a job: asks for candidates, introduces a JD, or lays the job
    out in labelled fields (not a person's). Without it the job may be the subject's only."""
    if calls.asks or calls.invites:
        return True
    return e.jd_attached or (e.structured_job and not e.label_fields & _PERSON_LABELS)


def _hard_category(e: Evidence) -> Category | None:
    types = set(e.content_types)
    if (
        (_BOUNCE_SENDER.search(e.sender) and _BOUNCE_CONTENT.search(e.text))
        or _BOUNCE_SUBJECT.match(e.subject)
        or "message/delivery-status" in types
        or "multipart/report" in types
    ):
        return C.BOUNCE
    if (
        "text/calendar" in types
        or any(n.lower().endswith(".ics") for n in e.attachment_names)
        or _CALENDAR_SUBJECT.match(e.subject)
    ):
        return C.CALENDAR
    return None


def _soft_scores(e: Evidence, matched: list[int], in_subject: list[int]) -> dict[Category, float]:
    """``matched``, ``in_subject``: the indexes of the rules of ``_BODY_ANY`` that match the
    body and of ``_SUBJECT_ANY`` that match the subject, in order."""
    scores = dict(_NO_SCORES)
    for index in in_subject:
        if index < len(SUBJECT_RULES):  # the requirement score's questions come after the rules
            category, _, weight = SUBJECT_RULES[index]
            scores[category] += weight
    for index in matched:
        if index < len(BODY_RULES):  # the calls for a job come after the rules
            category, _, weight = BODY_RULES[index]
            scores[category] += weight
    if e.label_fields:  # without labelled fields there is nothing to add
        scores[C.HOTLIST] += sum(
            w
            for f, w in (("candidate", 2), ("availability", 1), ("relocation", 2))
            if f in e.label_fields
        )
        scores[C.HOTLIST] += 2 if "current_location" in e.label_fields else 0
    if any(_RESUME_FILE.search(n) for n in e.attachment_names):
        scores[C.SUBMISSION] += 3
    if _APPLIES in matched and len(_APPLY.findall(e.text)) >= 2:
        scores[C.JOB_ALERT_DIGEST] += 3
    if _ALERT_SENDER.search(e.sender):
        scores[C.JOB_ALERT_DIGEST] += 3
    if _NEWS_SENDER.search(e.sender):
        scores[C.NEWSLETTER] += 3
    if e.is_bulk:
        scores[C.NEWSLETTER] += 1
        scores[C.JOB_ALERT_DIGEST] += 1
    scores[C.PERSONAL] = min(scores[C.PERSONAL], 7)
    return scores


def _requirement_score(
    e: Evidence, calls: _Calls, soft: dict[Category, float], in_subject: list[int]
) -> float:
    asks, invites = calls.asks, calls.invites
    subject_says = _SAYS_REQUIREMENT in in_subject
    person = bool(e.label_fields & _PERSON_LABELS)  # "Candidate: Venkat M" is a person's details
    structured = (e.structured_job or e.role_blocks) and not person
    # Fields without any call for candidates are as likely a candidate's details as a job's.
    # "9m+ / W2 / USC,GC only" from a phone: nothing but a job's terms
    terse = e.job_score >= _TERSE_SCORE and _words_at_most(e.text, _TERSE_WORDS)
    posted = e.jd_attached or e.job_posted  # the job is named outside the body's lines
    called = asks or invites or subject_says or posted or structured or terse
    score = e.job_score if called else 0.6 * e.job_score
    score += (4 if asks else 0) + (2 if invites else 0) + (2 if subject_says else 0)
    score += (2 if posted else 0) + (2 if structured else 0) - (2 if person else 0)
    if _NAMES_ROLE in in_subject:
        score += 1
    if _REPLY.match(e.subject):
        score -= 1  # a reply usually discusses a requirement rather than announcing one
        if not e.label_fields and _words_at_most(e.text, _SHORT_REPLY - 1):
            score -= 4  # its job fields come from the quoted subject only
    # Asking for requirements is what a hotlist does; the hotlist score already counts it.
    if soft[C.HOTLIST] >= 4:
        score -= 3
    return score


def _words_at_most(text: str, limit: int) -> bool:
    """``len(text.split()) <= limit``, splitting no further than the limit: a body is
    thousands of words, the question is about a few dozen."""
    return len(text.split(maxsplit=limit)) <= limit
