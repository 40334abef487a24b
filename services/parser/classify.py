"""Which kind of email this is: weighted evidence per category, strongest wins.

Look-alikes (hotlists, submissions, interview mails, digests…) quote the same fields a requirement
has, so field richness alone cannot decide. Each look-alike has phrases a requirement never needs
("hotlist", "right to represent me", "interview scheduled"); a requirement has the direction of
its request ("share resumes", not "share requirements") plus its fields.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from schemas.contracts.models import Category

__all__ = ["Evidence", "classify"]


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


_Rule = tuple[Category, re.Pattern[str], float]


def _rules(category: Category, weight: float, *patterns: str) -> list[_Rule]:
    return [(category, re.compile(p, re.IGNORECASE | re.MULTILINE), weight) for p in patterns]


C = Category
_BOUNCE_SENDER = re.compile(r"mailer-daemon|postmaster@|mail\s+delivery\s+(?:sub)?system", re.I)
_BOUNCE_SUBJECT = re.compile(
    r"^\s*(?:undeliverable|undelivered\s+mail|delivery\s+status\s+notification|mail\s+delivery\s+"
    r"(?:failed|failure|system)|returned\s+mail|failure\s+notice|delivery\s+(?:has\s+)?failed|"
    r"message\s+not\s+delivered|non[\s-]?delivery|delivery\s+failure)",
    re.IGNORECASE,
)
_CALENDAR_SUBJECT = re.compile(
    r"^\s*(?:(?:updated\s+)?invitation(?:\s+updated)?|accepted|declined|tentative(?:ly\s+accepted)?|"
    r"cancel+ed(?:\s+event)?|new\s+event|meeting\s+(?:request|invitation))\s*:",
    re.IGNORECASE,
)
_SUBJECT_RULES: list[_Rule] = [
    *_rules(C.HOTLIST, 6, r"\bhot\s?-?lists?\b"),
    *_rules(C.HOTLIST, 4, r"\bbench\b"),
    *_rules(
        C.HOTLIST,
        5,
        r"^\s*(?:(?:re|fwd?)\s*:\s*)*available\b|\bavailable\s+(?:consultants?|resources?|"
        r"candidates?|profiles?|for\s+(?:new\s+)?(?:projects?|roles?|positions?|c2c|contracts?))"
        r"|\bconsultants?\s+(?:are\s+)?available\b|\bour\s+(?:available\s+)?consultants?\b",
    ),
    *_rules(
        C.SUBMISSION,
        6,
        r"\bsubmi(?:ssion|tting|tted)\b|\b(?:profile|resume|cv)\s+(?:for|of)\b|\bcandidate\s+"
        r"(?:for|profile)\b|\bRTR\b|right\s+to\s+represent",
    ),
    *_rules(C.INTERVIEW, 5, r"\binterview"),
    *_rules(
        C.RATE_CONFIRMATION,
        7,
        r"rate\s+confirm|confirm(?:ation)?\s+(?:of\s+)?(?:the\s+)?\w*\s*rate",
    ),
    *_rules(
        C.JOB_ALERT_DIGEST,
        6,
        r"job\s+alert|jobs?\s+(?:matching|for\s+you|you\s+may|recommended|digest)|\bnew\s+jobs?\b"
        r"|\b\d+\s+(?:new\s+)?(?:[\w.#+-]+\s+){0,3}jobs\b|job\s+recommendations?",
    ),
    *_rules(
        C.NEWSLETTER,
        4,
        r"newsletter|\bweekly\b|\bmonthly\b|\bdigest\b|\bedition\b|issue\s*#?\s*\d+|\binsights\b"
        r"|round-?up|\breport\b|\btrends\b|webinar|this\s+week\s+in",
    ),
    *_rules(C.SPAM, 2, r"!!!|\$\$\$"),
    *_rules(
        C.OTHER,
        5,
        r"\b(?:closed|on\s+hold|filled|cancell?ed)\s*[:-]|\b(?:position|req|role)\s+closed\b",
    ),
]
_BODY_RULES: list[_Rule] = [
    *_rules(C.HOTLIST, 4, r"\bhot\s?-?lists?\b"),
    *_rules(
        C.HOTLIST,
        3,
        r"\bbench\b",
        r"(?:consultants?|candidates?|resources?)\s+(?:is|are)\s+available",
    ),
    *_rules(
        C.HOTLIST,
        3,
        r"^\s*(?:s\.?\s*no\.?\s+)?(?:consultant\s+)?name\s{2,}\S|\|\s*(?:consultant\s+)?name\s*\|",
    ),
    *_rules(
        C.HOTLIST,
        2,
        r"available\s+(?:immediately|now|for\s+(?:new\s+)?(?:projects?|positions?|roles?|"
        r"assignments?|c2c|contracts?|interviews?))",
        r"(?:open|willing)\s+to\s+relocat|relocation\s*[:|-]?\s*(?:yes|open|anywhere)",
    ),
    *_rules(
        C.HOTLIST,
        4,
        r"(?:share|send|forward|let\s+me\s+know|email)\s+(?:me\s+|us\s+)?(?:your\s+|any\s+|the\s+)?"
        r"(?:(?:current|open|suitable|matching|relevant|c2c|w2|latest|hot)\s+)*"
        r"(?:requirements?|reqs|positions|openings|job\s+openings|roles)\b",
        r"if\s+you\s+have\s+(?:any\s+)?(?:(?:suitable|matching|relevant|open|c2c|w2|current)\s+)*"
        r"(?:requirements?|positions?|openings?|roles?|projects?)\b",
        r"(?:for|to)\s+(?:our|my)\s+(?:available\s+)?(?:consultants?|candidates?|resources?|bench)\b",
    ),
    *_rules(
        C.SUBMISSION,
        5,
        r"\b(?:i|we)\b.{0,80}\b(?:authori[sz]e|give|grant)\b.{0,80}\bto\s+represent\s+me\b",
        r"please\s+find\s+(?:the\s+|my\s+|our\s+)?(?:attached|enclosed|below)\s+(?:the\s+)?"
        r"(?:updated\s+)?(?:resume|profile|candidate|cv)",
        r"\b(?:i\s+am|we\s+are|am)?\s*submitting\s+(?:the\s+|my\s+|our\s+)?(?:profile|resume|"
        r"candidate|consultant)",
    ),
    *_rules(C.SUBMISSION, 2, r"candidate\s+(?:details|summary|name)", r"right\s+to\s+represent"),
    *_rules(
        C.SUBMISSION,
        4,
        r"\b(?:i|we)\s+have\s+(?:a|an|one|two)?\s*(?:(?:very|strong|good|great|excellent|perfect|"
        r"suitable|matching|qualified)\s+)*(?:candidate|consultant|profile|resource)s?\b(?!\s+available)",
    ),
    # "I am submitting Karthik S for the DevOps Engineer role", "the resume of Anil Reddy":
    # a person, not a requirement.
    (C.SUBMISSION, re.compile(r"\b(?:[Rr]esume|[Pp]rofile|CV)\s+of\s+(?:[A-Z][\w.]*\s*){2,3}"), 3),
    (
        C.SUBMISSION,
        re.compile(
            r"\b(?:[Ss]ubmitting|[Ss]ubmitted|[Pp]resenting)\s+(?:[A-Z][\w.]*\s+){1,3}"
            r"(?:for|to)\s+(?:the|your|this)\b"
        ),
        5,
    ),
    *_rules(
        C.INTERVIEW,
        4,
        r"interview\s+(?:is\s+|has\s+been\s+)?(?:scheduled|confirmed|rescheduled|invite|"
        r"invitation|slot|request)",
        r"(?:schedule|set\s+up|arrange|book)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?interview",
    ),
    *_rules(
        C.INTERVIEW,
        3,
        r"availability\s+for\s+(?:an?\s+|the\s+)?(?:\w+\s+)?interview|interview\s+availability",
        r"interview\s+feedback|\b(?:1st|2nd|3rd|first|second|third|final|next)\s+round\b",
        r"\binterviewer",
    ),
    *_rules(C.INTERVIEW, 1, r"(?:zoom|teams|webex|google\s+meet)\s+(?:link|meeting|id)"),
    *_rules(
        C.RATE_CONFIRMATION,
        4,
        r"confirm\s+(?:the\s+|your\s+|this\s+|our\s+)?(?:bill\s+|pay\s+|hourly\s+)?rate\b"
        r"|rate\s+(?:is\s+)?confirmed|agreed\s+(?:bill\s+|pay\s+)?rate|rate\s+confirmation",
    ),
    *_rules(
        C.JOB_ALERT_DIGEST,
        3,
        r"job\s+alert",
        r"jobs?\s+matching|recommended\s+jobs?|new\s+jobs?\s+(?:for\s+you|matching|posted)",
        r"based\s+on\s+your\s+(?:search|profile|preferences|saved)|manage\s+(?:your\s+)?"
        r"(?:job\s+)?alerts?|saved\s+search",
    ),
    *_rules(
        C.NEWSLETTER,
        3,
        r"newsletter",
        r"this\s+(?:week|month)'?s?\s+(?:issue|edition)|in\s+this\s+issue",
    ),
    *_rules(
        C.NEWSLETTER,
        3,
        r"you\s+(?:are\s+)?receiv(?:ing|ed)\s+this\s+(?:email\s+)?because\s+you\s+(?:subscribed|"
        r"signed\s+up|opted)",
        r"market\s+(?:update|report|trends|insights)|salary\s+survey|rate\s+trends?",
    ),
    *_rules(
        C.NEWSLETTER,
        2,
        r"read\s+(?:more|the\s+full)",
        r"view\s+(?:this\s+email\s+)?in\s+(?:your\s+)?browser",
        r"webinar|register\s+now",
    ),
    *_rules(
        C.SPAM,
        5,
        r"earn\s+(?:up\s+to\s+)?\$?[\d,]+\s*k?\s*(?:per|a|/|every)\s*(?:week|day|month)",
        r"you(?:'ve|\s+have)\s+(?:won|been\s+selected)|claim\s+(?:your\s+)?(?:prize|reward|gift|bonus)",
    ),
    *_rules(
        C.SPAM,
        4,
        r"no\s+experience\s+(?:needed|required|necessary)",
        r"lottery|jackpot|casino|viagra|bitcoin|crypto(?:currency)?\b|forex",
        r"click\s+(?:here|below)\s+(?:now|to\s+(?:claim|start|earn|get))",
        r"wire\s+transfer|inheritance|western\s+union",
    ),
    *_rules(
        C.SPAM,
        3,
        r"gift\s*card",
        r"limited\s+time\s+offer|act\s+now|100%\s+(?:free|guaranteed)|risk[\s-]free|guaranteed\s+income",
    ),
    *_rules(C.SPAM, 2, r"congratulations"),
    *_rules(
        C.PERSONAL,
        2,
        r"\blunch\b",
        r"\bdinner\b|\bbrunch\b|\bcoffee\b|\bdrinks\b",
        r"\bbirthday\b|\bbbq\b|\bbarbecue\b|game\s+night|\bmovie\b",
        r"\bfamily\b|\bkids\b|\bvacation\b",
        r"\bthanksgiving\b|\bchristmas\b|\bdiwali\b|\bholidays\b",
        r"\bweekend\b",
    ),
    *_rules(C.PERSONAL, 1, r"\A\s*(?:hey|hi|hello)\s+[A-Z]?[a-z]+\s*[,!]"),
    *_rules(
        C.OTHER,
        6,
        r"\b(?:position|requirement|req|role|job|opening)\b.{0,60}\b(?:has\s+been\s+|is\s+(?:now\s+)?)"
        r"(?:closed|on\s+hold|filled|cancell?ed)|no\s+longer\s+(?:open|available|accepting)",
    ),
    *_rules(
        C.OTHER,
        3,
        r"\bw-?9\b|\bcoi\b|certificate\s+of\s+insurance|vendor\s+agreement|\binvoice\b|timesheet",
        r"onboarding\s+documents|background\s+check|vendor\s+(?:registration|onboarding)",
        r"(?:add|include)\s+us\s+(?:to|in)\s+your\s+vendor\s+list|partner\s+with\s+you",
    ),
]
_ASKS_FOR_CANDIDATES = re.compile(
    r"(?:share|send|submit|forward|email)\s+(?:me\s+|us\s+)?(?:your\s+|the\s+|some\s+|a\s+few\s+)?"
    r"(?:best\s+|suitable\s+|matching\s+|relevant\s+|genuine\s+|qualified\s+|good\s+|updated\s+|"
    r"strong\s+)?(?:resumes?|profiles?|candidates?|consultants?|cvs?|matches)\b"
    r"|if\s+you\s+have\s+(?:any\s+|a\s+)?(?:suitable\s+|matching\s+|relevant\s+|qualified\s+|"
    r"good\s+|available\s+)?(?:profiles?|candidates?|consultants?|resources?)\b"
    r"|(?:resumes?|profiles?)\s+(?:to|at)\s+\S+@|reply\s+with\s+(?:your\s+)?(?:best\s+)?"
    r"(?:candidate|consultant|resume|profile)",
    re.IGNORECASE,
)
_INVITES_REQUIREMENT = re.compile(
    r"please\s+(?:find|see|check|review)\s+(?:the\s+)?(?:below|attached|following)?\s*(?:job\s+"
    r"description|requirements?|jd|positions?|openings?|job\s+details)|\bbelow\s+(?:is\s+the\s+)?"
    r"(?:requirement|job\s+description|position)|job\s+description|responsibilities|must\s+have"
    r"|required\s+skills",
    re.IGNORECASE,
)
_REQUIREMENT_SUBJECT = re.compile(
    r"\brequirement|\breq\b|\burgent|\bimmediate|\bneed|\bhiring|\bopening|\bc2c\b|\bw2\b|"
    r"\bcontract\b|\bjd\b|\bjob\s+description",
    re.IGNORECASE,
)
_ROLE_IN_SUBJECT = re.compile(
    r"\b(?:developer|engineer|analyst|architect|administrator|manager|lead|consultant|tester|"
    r"scientist|designer|specialist|devops|dba|qa)\b",
    re.IGNORECASE,
)
_RESUME_FILE = re.compile(r"(?:resume|cv|profile).*\.(?:pdf|docx?)$", re.IGNORECASE)
_APPLY = re.compile(
    r"\b(?:apply\s+now|view\s+job|easy\s+apply|view\s+all\s+jobs|see\s+all\s+jobs)\b", re.I
)
_ALERT_SENDER = re.compile(r"alert|jobs?[-_.]?(?:noreply|no-reply)|notifications?@", re.I)
_MIN_SCORE = 3.0  # below this nothing is convincing: "other"
_MIN_REQUIREMENT = 5.0


def classify(evidence: Evidence) -> tuple[Category, float]:
    hard = _hard_category(evidence)
    if hard is not None:
        return hard, 0.97
    scores = _soft_scores(evidence)
    scores[C.REQUIREMENT] = _requirement_score(evidence, scores)
    ranked = sorted(scores.items(), key=lambda kv: (kv[1], kv[0] != C.REQUIREMENT), reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < _MIN_SCORE or (best == C.REQUIREMENT and top < _MIN_REQUIREMENT):
        return C.OTHER, 0.4
    confidence = 0.5 + 0.5 * (1 - math.exp(-(top - second) / 4))
    return best, round(min(confidence, 0.98), 3)


def _hard_category(e: Evidence) -> Category | None:
    types = set(e.content_types)
    if (
        _BOUNCE_SENDER.search(e.sender)
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


def _soft_scores(e: Evidence) -> dict[Category, float]:
    scores: dict[Category, float] = {c: 0.0 for c in Category if c != C.REQUIREMENT}
    for category, pattern, weight in _SUBJECT_RULES:
        if pattern.search(e.subject):
            scores[category] += weight
    for category, pattern, weight in _BODY_RULES:
        if pattern.search(e.text):
            scores[category] += weight
    scores[C.HOTLIST] += sum(
        w
        for f, w in (("candidate", 2), ("availability", 1), ("relocation", 2))
        if f in e.label_fields
    )
    scores[C.HOTLIST] += 2 if "current_location" in e.label_fields else 0
    if any(_RESUME_FILE.search(n) for n in e.attachment_names):
        scores[C.SUBMISSION] += 3
    if len(_APPLY.findall(e.text)) >= 2:
        scores[C.JOB_ALERT_DIGEST] += 3
    if _ALERT_SENDER.search(e.sender):
        scores[C.JOB_ALERT_DIGEST] += 3
    if e.is_bulk:
        scores[C.NEWSLETTER] += 1
        scores[C.JOB_ALERT_DIGEST] += 1
    scores[C.PERSONAL] = min(scores[C.PERSONAL], 7)
    return scores


def _requirement_score(e: Evidence, soft: dict[Category, float]) -> float:
    asks = _ASKS_FOR_CANDIDATES.search(e.text) is not None
    invites = _INVITES_REQUIREMENT.search(e.text) is not None
    subject_says = _REQUIREMENT_SUBJECT.search(e.subject) is not None
    # Fields without any call for candidates are as likely a candidate's details as a job's.
    score = e.job_score if (asks or invites or subject_says) else 0.6 * e.job_score
    score += (4 if asks else 0) + (2 if invites else 0) + (2 if subject_says else 0)
    if _ROLE_IN_SUBJECT.search(e.subject):
        score += 1
    if re.match(r"\s*re\s*:", e.subject, re.IGNORECASE):
        score -= 1  # a reply usually discusses a requirement rather than announcing one
    # Asking for requirements is what a hotlist does; the hotlist score already counts it.
    if soft[C.HOTLIST] >= 4:
        score -= 3
    return score
