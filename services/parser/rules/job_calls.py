"""Whether a body calls for a job: asks for candidates, presents a JD, or reads as a posting.

Used by classify.py to score the requirement category; the subject patterns say the same of a
subject line.
"""

from __future__ import annotations

import re

from services.parser.rules.gate import GatedPattern

__all__ = [
    "ASKS_FOR_CANDIDATES",
    "INVITES_REQUIREMENT",
    "POSTING_PROSE",
    "REQUIREMENT_SUBJECT",
    "ROLE_IN_SUBJECT",
]


def _gated(pattern: str, flags: int) -> GatedPattern:
    return GatedPattern.of(re.compile(pattern, flags))


ASKS_FOR_CANDIDATES = _gated(
    # "please submit your candidates", not "before I submit your candidate"
    r"(?<!\bi\s)(?<!\bwe\s)(?<!\bwill\s)(?<!\bto\s)(?<!\bcan\s)(?:share|send|submit|forward|email)"
    r"\s+(?:me\s+|us\s+)?(?:your\s+|the\s+|some\s+|a\s+few\s+)?"
    r"(?:best\s+|suitable\s+|matching\s+|relevant\s+|genuine\s+|qualified\s+|good\s+|updated\s+|"
    r"strong\s+)?(?:resumes?|profiles?|candidates?|consultants?|cvs?|matches)\b"
    r"|if\s+you\s+have\s+(?:any\s+|a\s+)?(?:suitable\s+|matching\s+|relevant\s+|qualified\s+|"
    r"good\s+|available\s+)?(?:profiles?|candidates?|consultants?|resources?)\b"
    r"|(?:resumes?|profiles?)\s+(?:to|at)\s+\S+@|reply\s+with\s+(?:your\s+)?(?:best\s+|updated\s+"
    r"|latest\s+)?(?:candidate|consultant|resume|profile)|interested\s+(?:candidates?|consultants?)",
    re.IGNORECASE,
)
_ROLE_WORDS = (
    r"(?:developer|engineer|analyst|architect|administrator|consultant|manager|lead|tester|"
    r"scientist|designer|specialist)s?\b"
)
# The body presents a job: it introduces a JD, says who is hiring, or that a role is needed.
INVITES_REQUIREMENT = _gated(
    r"please\s+(?:find|see|check|review)\s+(?:the\s+)?(?:below|attached|following)?\s*(?:job\s+"
    r"description|requirements?|jd|positions?|openings?|job\s+details)|\bbelow\s+(?:is\s+the\s+)?"
    r"(?:requirement|job\s+description|position)|job\s+description|responsibilities|must\s+have"
    r"|required\s+skills"
    r"|\b(?:we\s+are|we're|we\s+have\s+been)\s+(?:currently\s+|now\s+)?(?:hiring|looking\s+for|seeking)\b"
    r"|\bwe\s+have\s+(?:an?\s+|two\s+|\d\s+)?(?:[\w-]+\s+){0,2}?(?:needs?|requirements?|openings?|"
    r"positions?|roles?|opportunit(?:y|ies))\b"
    r"|\b(?:urgent|immediate)\s+(?:need|requirement|opening)\b"
    rf"|\b{_ROLE_WORDS}\s+(?:is\s+)?(?:needed|required|wanted)\b"
    rf"|\bneed\s+(?:an?\s+|one\s+|two\s+|\d\s+)?(?:[\w.#+/-]+\s+){{0,3}}?{_ROLE_WORDS}"
    r"|\bnew\s+(?:one|req(?:uirement)?|role|position)\s+for\s+you"
    # a call for profiles over a list of roles: "Need profiles for below:", "Looking for
    # resumes for the following roles"
    r"|\b(?:need|needs|needed|require|required|looking\s+for)\s+(?:\w+\s+)?(?:profiles?|resumes?|"
    r"cvs?|candidates?|consultants?)\s+(?:for|on)\s+(?:the\s+)?(?:below|following|these|above)\b",
    re.IGNORECASE,
)
# Job-board prose presents a job too: "Our client … is looking for a Data Engineer", "the ideal
# candidate", "Bill rate up to $82/hr". Its own gated pattern, searched only when the above
# found nothing: its many first letters would slow that one's look-ahead on every email.
POSTING_PROSE = _gated(
    r"\b(?:is|are)\s+(?:currently\s+)?(?:looking\s+for|seeking|hiring|searching\s+for)\s+"
    rf"(?:an?\s+|two\s+|\d\s+)?(?:[\w.#+/-]+\s+){{0,3}}?{_ROLE_WORDS}"
    r"|\bthe\s+ideal\s+candidate\b|\bwhat\s+you(?:'ll|\s+will)\s+do\b|\bbill\s+rate\b"
    r"|\byou\s+will\s+(?:design|build|develop|work\s+with|lead|join|own|be\s+responsible)"
    r"|\bdirect[\s-]hire\s+(?:role|position|opportunity)"
    # "Our client in Richmond needs a Sr. Salesforce Developer", "This is a 12-month contract",
    # "The Cloud Security Engineer will design …", "The position is remote"
    rf"|\bneeds\s+(?:an?\s+|two\s+|\d\s+)?(?:[\w.#+/-]+\s+){{0,3}}?{_ROLE_WORDS}"
    r"|\bthis\s+is\s+an?\s+(?:[\w-]+,?\s+){0,3}?(?:contract|position|role|assignment|engagement)\b"
    r"|\bthe\s+(?:successful|selected|right)\s+candidate\s+will\b"
    rf"|\bthe\s+(?:[\w.#+/-]+\s+){{0,3}}?{_ROLE_WORDS}\s+will\s+(?:design|build|develop|be\s+"
    r"responsible|work|lead|support|manage|own|administer|implement)"
    r"|\bthe\s+(?:position|role|engagement|contract|assignment)\s+is\s+(?:an?\s+)?(?:remote|hybrid"
    r"|on-?site|onsite|based|located|full[\s-]time|\d)"
    # a referral call: "if you know of anyone that would like in …"
    r"|\bknows?\s+(?:of\s+)?(?:anyone|someone|somebody)\s+(?:who|that)\b"
    # an employer's own call: "please consider applying if interested", "apply online"
    r"|\bconsider\s+applying\b|\bapply\s+(?:here|online|now)\b"
    # a job board's sections: "About the role", "As a Site Reliability Engineer you will run …"
    r"|^\s*about\s+the\s+(?:role|position|job|opportunity)\s*:?\s*$"
    rf"|\bas\s+(?:an?|the|our)\s+(?:[\w.#+/-]+\s+){{0,3}}?{_ROLE_WORDS},?\s+you(?:'ll|\s+will)\b",
    re.IGNORECASE | re.MULTILINE,
)
REQUIREMENT_SUBJECT = re.compile(
    r"\brequirement|\breqs?\b|\burgent|\bimmediate|\bneed|\bhiring|\bopening|\bc2c\b|\bw2\b|"
    r"\bcontract\b|\bjd\b|\bjob\s+description"
    # a posting's subject: its title and place, nothing before ("Backend Engineer - Remote",
    # "Sr. Java Developer @ Dallas, TX"; not "Interview availability – Java Developer – Remote");
    # the state code in capitals
    r"|^\s*(?:[\w.#+/&]+\s+){0,4}(?:developer|engineer|analyst|architect|administrator|consultant|tester|scientist|dba)s?"
    r"\s*(?:[-–|@(]|\bin\b)\s*(?:remote|hybrid|on-?site\b|(?-i:[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,"
    r"?\s[A-Z]{2}\b))",
    re.IGNORECASE,
)
ROLE_IN_SUBJECT = re.compile(
    r"\b(?:developer|engineer|analyst|architect|administrator|manager|lead|consultant|tester|"
    r"scientist|designer|specialist|devops|dba|qa)\b",
    re.IGNORECASE,
)
