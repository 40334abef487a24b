"""An employer's own short post that names its job outside the body's lines.

Read only when the body's segments yield no job (extractor): a list member forwards an
applicant-tracking link whose path spells the title and place ("…myworkdayjobs.com/External/job/
Remote-Location---United-States-of-America/Principal-Engineer--Product-Software_JR-133989"), or
an employer's subject names role and employer ("Hiring Radio Enthusiasts at Astranis"). The
title, place and employer come from there; every other field is read from the body as for any
job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.parser.rules.locations import is_place, normalise_location
from services.parser.rules.titles import clean_title, has_role_noun

__all__ = ["Posting", "employer_in_subject", "find_posting"]


@dataclass(frozen=True)
class Posting:
    title: str
    location: str | None = None
    client: str | None = None


# Workday's job links: /job/<place>/<title>_<requisition id>; a space is "-", ", " is "--".
# The host's first label is the employer's tenant ("equinix.wd1.myworkdayjobs.com").
_WORKDAY_LINK = re.compile(
    r"https?://(?P<tenant>[a-z][a-z0-9]*)\.wd\d+\.myworkdayjobs\.com/[^\s<>\"]*?/job/(?P<place>[\w-]+)/"
    r"(?P<title>[A-Za-z][\w-]*?)_(?:[A-Z]{1,4}-?)?\d[\w-]*"
)
_SUBJECT_TAGS = re.compile(r"^\s*(?:(?:re|fwd?|aw)\s*:\s*|\[[^\]\n]*\]\s*)+", re.IGNORECASE)
# "Hiring Radio Enthusiasts at Astranis", "We're hiring: Data Engineers at Acme Corp"
_HIRING_AT = re.compile(
    r"^(?:we(?:'re|’re|\s+are)\s+)?(?:now\s+)?hiring\s*:?\s+(?P<title>[^@|:()\[\]]{3,60}?)\s+"
    r"(?:at|@)\s+(?P<employer>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})\s*[.!]*\s*$",
    re.IGNORECASE,
)
# "Hiring Event at Acme" names an event, not a role
_NOT_A_ROLE = re.compile(r"\b(?:event|fair|drive|day|webinar|update|news|freeze|spree)s?\b", re.I)


# A job board's posting: its own host ("jobs.ncsu.edu/postings/1"), an applicant-tracking
# host, or a jobs/careers path.
_JOB_BOARD_LINK = re.compile(
    r"https?://(?:(?:jobs|careers)\.[\w.-]+/\S|[\w.-]+\.(?:greenhouse\.io|lever\.co|icims\.com"
    r"|smartrecruiters\.com|myworkdayjobs\.com)/\S|[\w.-]+/(?:jobs?|careers?|postings?)/\S)",
    re.IGNORECASE,
)
# "We are looking into hiring a research associate with …": the words after the article, up to
# the last role noun before a stop word (academic and junior roles count too)
_PROSE_HIRING = re.compile(
    r"\b(?:hiring|looking\s+for|seeking|recruiting)\s+(?:an?|one)\s+"
    r"(?P<words>[A-Za-z][\w/+#.-]*(?:\s+[A-Za-z][\w/+#.-]*){0,4})",
    re.IGNORECASE,
)
_MORE_ROLES = re.compile(
    r"(?:associate|intern|researcher|postdoc|fellow|professor|lecturer)s?", re.IGNORECASE
)
_STOP = frozenset({"with", "to", "for", "who", "that", "in", "at", "on", "and", "or", "from"})


# An employer's own subject names it: "SkySafe is hiring an SDR engineer", "We're Hiring:
# Firmware Engineers (Mid to Senior Levels) @ CoreWeave". Case-sensitive: a name is capitalised.
_NAME = r"([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})"
_EMPLOYER_SUBJECT = re.compile(
    rf"^{_NAME}\s+(?:is|are)\s+(?:now\s+)?[Hh]iring\b"
    rf"|\b[Hh]iring\b.*?\s(?:@|at)\s+{_NAME}\s*[.!]*\s*$"
)
_NOT_AN_EMPLOYER = frozenset(
    {"we", "our", "client", "company", "who", "everyone", "team", "remote", "hybrid", "onsite",
     # "Java Developer at W2 / $60/hr": terms, not an employer
     "w2", "c2c", "c2h", "1099", "fte", "usc", "gc", "h1b", "ead", "us", "usa", "any", "all"}
)  # fmt: skip


# "Embedded Software Engineer at Fabrikam Robotics": a role, then the employer
_ROLE_AT = re.compile(rf"^(?P<role>[^@|:()\[\]]{{3,60}}?)\s+(?:at|@)\s+{_NAME}\s*[.!]*\s*$")


def employer_in_subject(subject: str) -> str | None:
    """The employer an employer's own subject names, or None (a place is no employer)."""
    bare = _SUBJECT_TAGS.sub("", subject).strip()
    match = _EMPLOYER_SUBJECT.search(bare)
    employer = (match[1] or match[2]) if match else None
    if employer is None:
        role_at = _ROLE_AT.match(bare)
        if role_at is None or not has_role_noun(role_at["role"]):
            return None
        employer = role_at[2]
    if employer.split()[0].lower() in _NOT_AN_EMPLOYER or is_place(employer):
        return None
    return employer


def find_posting(text: str, subject: str) -> Posting | None:
    """The job an employer's post names in a link or its subject, or None."""
    return _from_link(text) or _from_subject(subject) or _from_prose(text)


def _from_link(text: str) -> Posting | None:
    if "myworkdayjobs" not in text:
        return None
    for match in _WORKDAY_LINK.finditer(text):
        title = clean_title(match["title"].replace("--", ", ").replace("-", " "))
        if title and has_role_noun(title):
            place = match["place"].replace("---", " - ").replace("-", " ")
            return Posting(
                title, location=normalise_location(place), client=match["tenant"].capitalize()
            )
    return None


def _from_subject(subject: str) -> Posting | None:
    match = _HIRING_AT.match(_SUBJECT_TAGS.sub("", subject).strip())
    if match is None:
        return None
    title = clean_title(match["title"])
    if not title or _NOT_A_ROLE.search(title):
        return None
    return Posting(title, client=match["employer"])


def _from_prose(text: str) -> Posting | None:
    """A role named in prose ("hiring a research associate") next to a job board's link."""
    if _JOB_BOARD_LINK.search(text) is None:
        return None
    for match in _PROSE_HIRING.finditer(text):
        words: list[str] = []
        role_end = 0
        for word in match["words"].split():
            if word.lower() in _STOP:
                break
            words.append(word)
            if has_role_noun(word) or _MORE_ROLES.fullmatch(word):
                role_end = len(words)
        title = clean_title(" ".join(words[:role_end])) if role_end else None
        if title:
            return Posting(title, client=_institution(text))
    return None


# An academic employer posting its own job signs with its name: "North Carolina State
# University", "University of Example", "Example Institute of Technology".
_INSTITUTION_LINE = re.compile(
    r"^[ \t]*(?P<name>(?:The[ \t]+)?(?:[A-Z][\w&.'-]*[ \t]+){0,4}(?:University|College"
    r"|Institute(?:[ \t]+of[ \t]+Technology)?)(?:[ \t]+(?:of|at)[ \t]+[A-Z][\w.'-]*"
    r"(?:[ \t]+[A-Z][\w.'-]*){0,3})?)[ \t]*$",
    re.MULTILINE,
)
_SIGNATURE_LINES = 12  # the lines under the sign-off "--" that are read for the institution


def _institution(text: str) -> str | None:
    """The institution named alone on a line of the sender's signature, or None."""
    dashes = text.rfind("\n--")
    tail = text[dashes:] if dashes >= 0 else text
    match = _INSTITUTION_LINE.search("\n".join(tail.splitlines()[-_SIGNATURE_LINES:]))
    return match["name"] if match else None
