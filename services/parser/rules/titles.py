"""Job titles: from a role line, from the subject, or from a sentence ("need a Java dev")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from services.parser.rules.gate import fold
from services.parser.rules.lead import guarded
from services.parser.rules.leading import leading_words
from services.parser.rules.locations import find_city_states, is_place

__all__ = [
    "ROLE_NOUN",
    "clean_title",
    "has_role_noun",
    "roles_in_prose",
    "title_from_line",
    "title_from_prose",
    "title_from_subject",
]

ROLE_NOUN = re.compile(
    r"\b(?:developer|dev|engineer|analyst|architect|administrator|admin|manager|lead|"
    r"consultant|tester|scientist|designer|specialist|programmer|dba|sdet|qa|scrum\s+master|"
    r"product\s+owner|coordinator|director|technician|modeler|modeller|steward|officer|"
    r"writer|sme|strategist|owner|expert|recruiter|support|devops|ba)s?\b",
    re.IGNORECASE,
)
# the words ROLE_NOUN's match ends with, folded: a phrase ending with none ends with no role
_ROLE_ENDS = tuple(
    f"{noun}{plural}"
    for noun in (
        "developer", "dev", "engineer", "analyst", "architect", "administrator", "admin",
        "manager", "lead", "consultant", "tester", "scientist", "designer", "specialist",
        "programmer", "dba", "sdet", "qa", "master", "owner", "coordinator", "director",
        "technician", "modeler", "modeller", "steward", "officer", "writer", "sme", "strategist",
        "expert", "recruiter", "support", "devops", "ba",
    )
    for plural in ("", "s")
)  # fmt: skip
# Title decorations that are other fields: "(Remote)", "(W2 only)", "(12+ months)".
_FIELD_WORDS = re.compile(
    r"\b(?:remote|hybrid|on[\s-]?site|onsite|w-?2|c2c|c2h|1099|fte|full[\s-]?time|contract|"
    r"months?|years?|yrs?|weeks?|usc|gc|h1b|ead|local|only|days?|urgent|immediate|asap|"
    r"direct\s+client|hot|req(?:uirement)?|ext(?:ension)?)\b|\$\s?\d",
    re.IGNORECASE,
)
_PARENS = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_TAIL_CUT = re.compile(r"\s+(?:[-–—|@]|::|\|\|)\s+|\s+(?:with|having)\s+\d+|\s+in\s+(?=[A-Z])")
_JOB_ID_TAIL = re.compile(
    r"\s*[-–,|(]?\s*(?:job\s*id|req(?:uisition)?\s*(?:id|#|no)?|jr|ref)\s*[:#-]?\s*#?\s*[\w-]*\d[\w-]*\)?\s*$",
    re.IGNORECASE,
)
_DECORATION = re.compile(r"^[\s*_\"'#:•>-]+|[\s*_\"',;:.#•-]+$")
# the marks _DECORATION strips from a title's first and last character (no space is left there)
_DECORATION_FIRST = frozenset("*_\"'#:•>-")
_DECORATION_LAST = frozenset("*_\"',;:.#•-")
_SUBJECT_PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|aw|sv)\s*:\s*|\[[^\]]*\]\s*)+", re.IGNORECASE)
_SUBJECT_SPLIT = re.compile(r"\s+[-–—|/]\s+|\s*\|\s*|:\s+|\s+@\s+|\s*[()\[\]]\s*|\s*,\s+(?=\d)")
_LEADING_NOISE = re.compile(
    r"^(?:(?:urgent(?:ly)?|immediate|hot|asap|direct\s+client|new|latest|open|opening|"
    r"requirements?|reqs?|need(?:ed|s)?|hiring|position|job|opportunity|role|looking\s+for|"
    r"required|multiple|only|local|for|of|a|an|the|we\s+are|we\s+have|is|requirement\s+for|"
    r"need\s+for|must\s+be|onsite|remote|hybrid|c2c|w2|contract)\b[\s:!,-]*)+",
    re.IGNORECASE,
)
_TRAILING_NOISE = re.compile(
    r"(?:[\s,-]+(?:remote|hybrid|on[\s-]?site|onsite|needed|required|position|role|opening|"
    r"requirement|only|urgent|asap|local|c2c|w2|contract|opportunity|immediately)\b)+\s*$",
    re.IGNORECASE,
)
# the words _TRAILING_NOISE's match ends with ("on-site" ends with "site"), folded
_TRAILING_ENDS = (
    "remote", "hybrid", "site", "needed", "required", "position", "role", "opening",
    "requirement", "only", "urgent", "asap", "local", "c2c", "w2", "contract", "opportunity",
    "immediately",
)  # fmt: skip
_INTENT = re.compile(
    r"\b(?:(?:need(?:ed|s)?|requirements?|openings?|positions?)(?:\s+(?:for|of))?|"
    # "the hiring manager for …" names who hires, not the role
    r"looking\s+for|hiring(?!\s+(?:manager|team|process|committee)s?\b)|seeking|searching\s+for)\s+"
    r"(?:an?\s+|the\s+|one\s+|two\s+|\d\s+)?"
    r"(?:(?:strong|good|experienced|talented|qualified|skilled|seasoned|hands[\s-]on)\s+)?",
    re.IGNORECASE,
)
# An employer's own subject: "SkySafe is hiring an SDR engineer" → the role after it.
_EMPLOYER_HIRING = re.compile(
    r"^[^:|]{1,40}?\b(?:is|are)\s+(?:now\s+)?hiring\s+(?:an?\s+|for\s+(?:an?\s+)?)?", re.IGNORECASE
)
_TITLE_STOP = {
    "with", "in", "for", "to", "who", "that", "at", "on", "from", "having", "located", "based",
    "is", "are", "will", "must", "should", "can", "and", "or", "the", "a", "an", "of", "this",
}  # fmt: skip
_MAX_TITLE_WORDS = 7


# A mail's layouts ask of its lines again and again (half the asks repeat one): remembered,
# bounded (the lines of the mail at hand, not a corpus).
@lru_cache(maxsize=256)
def has_role_noun(text: str) -> bool:
    return ROLE_NOUN.search(text) is not None


def clean_title(value: str) -> str | None:
    """A role line's value minus decorations that belong to other fields."""
    title = _without_job_id(value.strip())
    # Each pattern below is asked only of a title holding what every match of it holds (a
    # bracket, a trailing word, an edge mark): most titles hold none, and each ask costs ~1 µs.
    if "(" in title or "[" in title:
        # Parenthesised field decorations go; others ("(AEM)", "(Java/Angular)") stay.
        title = _PARENS.sub(lambda m: "" if _FIELD_WORDS.search(m.group(0)) else m.group(0), title)
    cut = _TAIL_CUT.search(title)  # split(maxsplit=1) without building the list
    if cut:
        tail = title[cut.end() :]
        if _FIELD_WORDS.search(tail) or is_place(tail) or not tail.strip():
            title = title[: cut.start()]
    for city_offset, _ in find_city_states(title)[:1]:
        if city_offset > 0 and has_role_noun(title[:city_offset]):
            title = title[:city_offset]
    if fold(title).rstrip().endswith(_TRAILING_ENDS):
        title = _TRAILING_NOISE.sub("", title)
    title = " ".join(title.split())
    if title[:1] in _DECORATION_FIRST or title[-1:] in _DECORATION_LAST:
        title = _DECORATION.sub("", title)
    if not title or len(title) > 120 or len(title.split()) > 12:
        return None
    return title


def _without_job_id(value: str) -> str:
    """``_JOB_ID_TAIL.sub("", value)``, asked only of values holding one of the words every
    match of it has ("job", "req", "jr", "ref"), folded as re.IGNORECASE compares them: the
    end-anchored pattern is tried at every position of the value, and most titles name none."""
    folded = fold(value)
    if "job" in folded or "req" in folded or "jr" in folded or "ref" in folded:
        return _JOB_ID_TAIL.sub("", value)
    return value


def title_from_subject(subject: str) -> str | None:
    subject = _SUBJECT_PREFIX.sub("", subject)
    for segment in _SUBJECT_SPLIT.split(subject):
        if not segment or not has_role_noun(segment):
            continue
        segment = _LEADING_NOISE.sub("", _EMPLOYER_HIRING.sub("", segment.strip()))
        title = clean_title(segment)
        if title and has_role_noun(title):
            return title
    return None


def title_from_prose(text: str) -> str | None:
    """Title after an intent verb: "We need a Senior DevOps Engineer with AWS" → the role."""
    for match in _intents(text):
        words = text[match.end() : match.end() + 120].split()
        last_role = -1  # the title ends at its last role noun: "Lead DevOps Engineer"
        phrase = ""
        for i, word in enumerate(words[:_MAX_TITLE_WORDS]):
            bare = word.strip(".,;:()!")
            if bare.lower() in _TITLE_STOP and i > 0:
                break
            # the role noun may span words ("Scrum Master", "Product Owner")
            phrase = f"{phrase} {bare}" if i else bare
            if fold(bare).endswith(_ROLE_ENDS) and any(
                m.end() == len(phrase) for m in ROLE_NOUN.finditer(phrase)
            ):
                last_role = i
            if word[-1:] in ".,;:!" and last_role >= 0:
                break
        if last_role >= 0:
            title = clean_title(" ".join(words[: last_role + 1]))
            if title:
                return title
    return _heading_title(text) if "\n" in text else None


def _intents(text: str) -> Iterator[re.Match[str]]:
    """``_INTENT.finditer(text)``, tried only where one of the words every match starts with
    ("need", "looking", "hiring"…) starts, found by ``str.find`` in the folded text (leading.py):
    the regex tried at every position costs ~4× as much."""
    folded = fold(text)
    starts = []
    for word, ignore_case in _INTENT_WORDS:
        searched = folded if ignore_case else text
        at = searched.find(word)
        while at >= 0:
            starts.append(at)
            at = searched.find(word, at + 1)
    end = 0  # as finditer, the next match starts after the last one
    for at in sorted(starts):
        match = _INTENT.match(text, at) if at >= end else None
        if match:
            end = match.end()
            yield match


# ", and a QA Lead …", " and an ETL Tester …": a further role asked for in the same sentence
_ANOTHER_ROLE = re.compile(r",?\s+and\s+(?=an?\s+[A-Z.])")
_ARTICLE = re.compile(r"^an?\s+")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z]|\s*$)")


def roles_in_prose(line: str) -> list[tuple[int, int, str]]:
    """The roles one sentence asks for when it asks for two or more ("We need a Java Developer
    in Dallas, TX and a QA Lead in Austin, TX"): (start, end, title) of each role's part, from its
    name to the next role's "and"; none when the sentence asks for one role, or the part after
    "and a" opens with no role's name ("… and a strong communicator")."""
    if " and a" not in line:
        return []
    for intent in _intents(line):
        first = intent.end()
        stop = _SENTENCE_END.search(line, first)
        end = stop.start() if stop else len(line)
        joins = list(_ANOTHER_ROLE.finditer(line, first, end))
        if not joins:
            continue
        bounds = [(first, joins[0].start())]
        bounds += [(a.end(), b.start()) for a, b in zip(joins, joins[1:], strict=False)]
        bounds.append((joins[-1].end(), end))
        roles = [(a, b, _leading_title(line[a:b])) for a, b in bounds]
        titles = [t.casefold() for _, _, t in roles if t]
        if len(titles) == len(roles) and len(set(titles)) == len(titles):
            return [(a, b, t) for a, b, t in roles if t]
        return []
    return []


def _leading_title(text: str) -> str | None:
    """The role's name that opens ``text`` ("a Data Analyst (Chicago, IL) with …")."""
    bare = _ARTICLE.sub("", text.strip())
    title = title_from_line(bare)
    if (
        title is None
        or not has_role_noun(title)
        or not bare.casefold().startswith(title.casefold())
    ):
        return None
    return title


# A job-board posting opens with its title on a line of its own ("Business Intelligence
# Developer", "Job Title - Cloud Security Engineer"), then prose; a greeting ("Dear Consultant,")
# is no title.
_HEADING_LINES = 3
_HEADING_WORDS = 7
_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|dear|greetings|good\s+(?:morning|afternoon|evening))\b", re.I
)
# a sentence, not a title line: "Please share profiles for SEO Specialist"
_HEADING_STOP = (_TITLE_STOP - {"of", "and", "the"}) | {
    "please",
    "share",
    "send",
    "we",
    "our",
    "you",
}
_HEADING_LABEL = re.compile(r"^\s*(?:job\s+title|title|position|role)\s*[:–—-]\s*", re.I)


def _heading_title(text: str) -> str | None:
    lines = [line.strip() for line in text.split("\n", 8)[:8] if line.strip()]
    for line in lines[:_HEADING_LINES]:
        line = _HEADING_LABEL.sub("", line)
        if (
            len(line.split()) > _HEADING_WORDS
            or line[-1:] in ".,;:!?"
            or _GREETING.match(line)
            or not has_role_noun(line)
            or _HEADING_STOP & set(line.lower().split())
        ):
            continue
        title = clean_title(_LEADING_NOISE.sub("", line))
        ends = [m.end() for m in ROLE_NOUN.finditer(title or "")]
        return title[: ends[-1]] if title and ends else None
    return None


# "a. SAP FICO Consultant", "b) QA Analyst": lettered roles as well as numbered ones
_BULLET = re.compile(r"^\s*(?:[-*•·◦▪►➢>]+|\d{1,2}[.)]|#\d{1,2}[.:)]?|[A-Za-z][.)](?=\s))\s*")


def title_from_line(line: str) -> str | None:
    """A one-line job ("1) Java Developer - Dallas, TX - $60/hr C2C") → its title."""
    line = _BULLET.sub("", line)
    title = title_from_prose(line) or clean_title(_LEADING_NOISE.sub("", line))
    if not title:
        return None
    # Without a label, the title ends at its last role noun: "Java Developer will work …".
    ends = [m.end() for m in ROLE_NOUN.finditer(title)]
    return title[: ends[-1]] if ends else None


# The hot patterns with a first-character look-ahead (lead.py): the same matches, sooner.
ROLE_NOUN = guarded(ROLE_NOUN)
_FIELD_WORDS = guarded(_FIELD_WORDS)
_INTENT = guarded(_INTENT)
_INTENT_WORDS = sorted(leading_words(_INTENT) or [("", False)])  # "": every position (none told)
_SUBJECT_SPLIT = guarded(_SUBJECT_SPLIT)
