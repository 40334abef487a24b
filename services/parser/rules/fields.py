"""Normal forms of single fields: duration, experience, rate, job id (the client: clients.py).

Each parser takes either a label's value (``labelled=True``: the label already says what the
number is) or free text, where a number needs its own context to count.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # type: ignore[import-not-found]  # no stubs for 3.11's name
import string
from collections.abc import Iterator, Sequence

from schemas.contracts.models import Rate
from services.parser.rules.beforeunit import BeforeUnit
from services.parser.rules.clients import client_from_prose, client_name
from services.parser.rules.digitfirst import digit_first
from services.parser.rules.gate import fold
from services.parser.rules.inorder import in_order
from services.parser.rules.lead import guarded
from services.parser.rules.memo import per_text
from services.parser.rules.skipping import Skipping

__all__ = [
    "client_from_prose",  # clients.py's, here too for the callers that read fields
    "client_name",
    "duration_months",
    "experience_years",
    "job_id",
    "mention_spans",
    "rate",
    "role_line_years",
]

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty four": 24,
    "twenty-four": 24,
}  # fmt: skip
_NUM = r"\d{1,2}(?:\.\d)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_DURATION = re.compile(
    rf"(?<![\w$.])(?P<n>{_NUM})\s*\+?\s*(?:(?:-|–|to)\s*\d{{1,2}}\s*\+?\s*)?-?"
    r"(?P<unit>months?|mos?\b\.?|mths?|mnths?|years?|yrs?|weeks?|wks?|days?)\b",
    re.IGNORECASE,
)
_TERSE_MONTHS = re.compile(
    # "9m+" is nine months and more; "5M+ users" is a count
    r"(?<![\w$.,])(?P<n>\d{1,2})\s?[mM]\b(?!\s*\+?\s*(?:users|records|rows|customers|members))"
)
_DURATION_CONTEXT = re.compile(
    r"(?:contract|project|assignment|engagement|duration|term|extension|role|position|"
    r"opportunity|length)\b",
    re.IGNORECASE,
)
# "2 days/week onsite" is a schedule, not a contract length.
_SCHEDULE_AFTER = re.compile(
    r"\s*(?:/|a|per|each|every|in\s+a)\s*(?:week|wk)|\s*(?:on[\s-]?site|in[\s-]?office)",
    re.IGNORECASE,
)
# "18 months ago", "12+ months out", "3 years old": a point in time, not a term
_NOT_A_TERM_AFTER = re.compile(r"\s*(?:ago|back|old|out|from\s+now|away)\b", re.IGNORECASE)
_NOT_A_TERM_BEFORE = re.compile(
    r"\b(?:last|past|previous|prior|since|over\s+the(?:\s+(?:last|past))?)\s+$", re.I
)
_SCHEDULE_BEFORE = re.compile(r"(?:hybrid|on[\s-]?site|in[\s-]?office|office)[\s,(:-]*$", re.I)
_EXPERIENCE_CONTEXT = re.compile(r"\b(?:experience|exp)\b", re.IGNORECASE)
# "five (5) years": the figure in brackets after its word
_EXPERIENCE = re.compile(
    r"(?<![\w.])(?P<n>\d{1,2})\)?\s*\+?\s*(?:(?:-|–|to)\s*\d{1,2}\s*\+?\s*)?(?:years?|yrs?)\.?"
    r"(?:'s)?\s*(?:of\s+)?(?:(?:overall|total|relevant|professional|hands[\s-]?on|it|industry|"
    r"strong|solid|working|progressive|extensive|combined|proven)\s+)*"
    # "3+ years of field experience", "5 years of DevOps experience": what the years are of
    r"(?:[^\W\d][\w/+#.-]*[ \t]+){0,2}(?:experience|exp)\b",
    re.IGNORECASE,
)
# "8+ years of Java", "5 yrs hands-on Python development": years followed by what they are of.
_EXPERIENCE_OF = re.compile(
    r"(?<![\w.])(?P<n>\d{1,2})\)?\s*\+?\s*(?:(?:-|–|to)\s*\d{1,2}\s*\+?\s*)?(?:years?|yrs?)\.?(?:'s)?"
    r"\s+(?:(?:of|in|with|on|using|working\s+(?:with|on|in))\s+)?(?:the\s+)?"
    r"(?:(?:hands[\s-]?on|strong|solid|professional|proven|deep|core|recent|relevant|good)\s+)*"
    r"(?P<what>[^\n.;,()]{1,40})",
    re.IGNORECASE,
)
# "Java: 8+ years", "Python (5 yrs)": a skill, then its years.
_YEARS_AFTER_SKILL = re.compile(
    r"\s*(?:[:=(–—-]|\bfor\b)?\s*(?P<n>\d{1,2})\s*\+?\s*(?:years?|yrs?)\b", re.IGNORECASE
)
_WORK_WORDS = re.compile(
    r"(?:software|it|application|web|full[\s-]?stack|front[\s-]?end|back[\s-]?end|enterprise)?\s*"
    r"(?:development|programming|coding|engineering|testing|design|architecture|administration|"
    r"analysis|automation|implementation|consulting|support|data|cloud|devops|qa|industry)\b",
    re.IGNORECASE,
)
# "12+ years managing infrastructure projects", "3 years coaching teams"
_GERUND = re.compile(r"(?!(?:starting|remaining|pending|during|ongoing)\b)[a-z]{3,}ing\b")
_DEGREE = (
    r"(?:(?:relevant|related|bachelor'?s?|master'?s?|college|university|4[\s-]year)\s+)*degree"
)
# No other figure in between: "12 years without a degree or 8 years with a degree" is 8.
_YEARS_WITH_DEGREE = re.compile(
    rf"(?<![\w.])(?P<n>\d{{1,2}})\s*\+?\s*(?:years?|yrs?)\b[^\n.;\d]{{0,30}}?\bwith\s+"
    rf"(?:an?\s+|the\s+)?{_DEGREE}"
    rf"|{_DEGREE}\s*(?:and|plus|with|\+|&)\s*(?P<m>\d{{1,2}})\s*\+?\s*(?:years?|yrs?)\b",
    re.I,
)
# The label first, in running text: "exp: 5-7 yrs", "Total Exp: 9+ yrs", "Experience Required:
# Minimum 10+ years" (the lower bound of a range is the bar).
_EXPERIENCE_FIRST = re.compile(
    r"\b(?:experience|exp)\b\.?(?:[ \t]+(?:required|needed|level|range))?[ \t]*[:=-]?[ \t]*"
    r"(?:(?:minimum|min\.?|at\s+least)\s+(?:of\s+)?)?(?P<n>\d{1,2})\s*\+?\s*"
    r"(?:(?:-|–|to)\s*\d{1,2}\s*\+?\s*)?(?:years?|yrs?)\b",
    re.IGNORECASE,
)
# "Minimum 10+ years" with no other word: a bar of experience, unless a term follows.
_MINIMUM_YEARS = re.compile(
    r"\b(?:minimum|min\.?|at\s+least)\s+(?:of\s+)?(?P<n>\d{1,2})\s*\+?\s*(?:years?|yrs?)\b"
    r"(?!\s*(?:of\s+)?(?:contract|project|assignment|engagement|duration|term|commitment))",
    re.IGNORECASE,
)
# A role paragraph's line of years alone ("6 to 8 years", "10+ yrs"), or a row's cell of them
# ("12 months | $50/hr | 8+ yrs"): experience, not a term.
_YEARS_LINE = re.compile(
    r"(?:^|\|)[ \t*•-]*(?P<n>\d{1,2})[ \t]*\+?[ \t]*(?:(?:-|–|to)[ \t]*\d{1,2}[ \t]*\+?[ \t]*)?"
    r"(?:years?|yrs?)\.?[ \t]*(?=$|\|)",
    re.I | re.M,
)
# A one-line role's last segment of years ("1) Java Developer – Dallas, TX – 8+ yrs"):
# experience, unless the line names a term ("Duration - 2 years", read in _segment_years).
_YEARS_SEGMENT = re.compile(
    r"[ \t][–—-][ \t]*(?P<n>\d{1,2})[ \t]*\+?[ \t]*(?:(?:-|–|to)[ \t]*\d{1,2}[ \t]*\+?[ \t]*)?"
    r"(?:years?|yrs?)\.?[ \t]*$",
    re.I | re.M,
)
# "Exp 10+", "Experience: 8+" with no unit: the plus says a bar of years, not a term.
_EXP_PLUS = re.compile(
    r"\bexp(?:erience)?\.?[ \t]*[:=-]?[ \t]*(?P<n>\d{1,2})[ \t]*\+(?![ \t]*(?:months?|mos?|m)\b)",
    re.I,
)
# A label's value that starts with its years ("10+ yrs overall, …"); not "3 months, 5 years"
_LEADING_YEARS = re.compile(
    r"\s*(?:(?:minimum|min\.?|at\s+least|over)\s+(?:of\s+)?)?(?P<n>\d{1,2})\s*\+?\s*"
    r"(?:(?:-|–|to)\s*\d{1,2}\s*\+?\s*)?(?:years?|yrs?)\b",
    re.IGNORECASE,
)
_EXPERIENCE_LOOSE = re.compile(
    r"(?:minimum|min\.?|at\s+least|over)\s+(?:of\s+)?(?P<n>\d{1,2})\s*\+?\s*(?:years?|yrs?)\b"
    r"|(?<![\w.])(?P<m>\d{1,2})\s*\+?\s*(?:(?:-|–|to)\s*\d{1,2}\s*\+?\s*)?(?:years?|yrs?)\b",
    re.IGNORECASE,
)

# Compiled once, not looked up in re's cache at each call.
_EXPERIENCE_BEFORE = re.compile(r"experience\s+(?:of\s+)?$", re.IGNORECASE)
_CONTRACT_TERMS = re.compile(r"\b(?:C2C|W2|C2H|contract)\b", re.IGNORECASE)
_BARE_YEARS = re.compile(r"\s*(\d{1,2})\s*\+?\s*(?:$|[,;(])")  # "Exp: 10+"
_YEARLY_UNIT = re.compile(r"annum|year|yr|annual|pa")
_ID_TOKEN = re.compile(r"\s*#?\s*([A-Za-z0-9][\w/.-]{1,40})")
_DIGIT = re.compile(r"\d")

_CURRENCY = {"$": "USD", "usd": "USD", "us$": "USD", "cad": "CAD", "c$": "CAD", "€": "EUR",
             "eur": "EUR", "£": "GBP", "gbp": "GBP"}  # fmt: skip


def _amount(p: str) -> str:
    # A bare number must not be glued to a word ("W2", "C2C") or another number.
    guard = r"(?<![\w.,/$-])" if p == "a" else ""
    return (
        rf"(?:(?P<{p}cur>US\$|C\$|\$|USD|CAD|EUR|GBP|€|£)\s?|{guard})"
        rf"(?P<{p}num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d{{1,2}})?)\s?(?P<{p}k>[kK]\b)?"
        rf"(?P<{p}post>\$)?"  # "60$/hr"
    )


# A rate starts with its amount (a currency or a digit) or with a bound's word, and never with
# the spaces before them: every reader strips a mention, and a match that could start at any
# space of a table's padding was tried in full at each one. Its first two or three characters
# are named in front (an amount, "up", "us$", "under", "max", "min", "nte", "not", "no ",
# "below", "cap", "cad", "c$", "at ", "starting", "eur", "gbp"): the same matches, tried at far
# fewer positions than the first character alone would allow.
_RATE_START = (
    r"(?=[$€£\d]|u(?:p|s[d$]|nd)|m(?:ax|in)|n(?:te|o[t\s])|bel|ca[pd]|c\$|at\s|sta|eur|gbp)"
)
_RATE_UNIT = (
    r"(?:/|per|an?|p)\s*\.?\s*(?:hour|hr|h)\b\.?|hourly|/\s*hr|ph\b"
    r"|(?:/|per|an?|p)\s*\.?\s*(?:annum|year|yr)\b|annually|yearly|pa\b|/\s*yr"
)
_RATE = re.compile(
    _RATE_START
    + r"(?:(?P<bound>up\s*to|upto|max(?:imum)?\.?(?:\s*(?:bill(?:ing)?\s+|pay\s+|hourly\s+)?rate"
    r"\s*[:=-]?)?|\bnte\s*[:=-]?|not\s+(?:more\s+than|to\s+exceed)|no\s+more\s+than|"
    r"below|under|cap(?:ped)?\s+at|min(?:imum)?\.?|at\s+least|starting\s+(?:at|from))\s*)?"
    + _amount("a")
    + r"(?:\s*(?:-|–|—|to)\s*"
    + _amount("b")
    + r")?\s*(?P<unit>"
    + _RATE_UNIT
    + r")?(?P<post>\s*(?:max(?:imum)?|cap)\b)?",
    re.IGNORECASE,
)
# A rate in free text is a number with a currency, a "k" or a unit (_rate_match turns the bare
# numbers away): a text without a currency word or sign and without a number followed by "k" or
# a unit holds none, and is not scanned for amounts (a tenth of the cost; test_rate_qualifier).
_CURRENCY_SIGNS = ("$", "€", "£")
_CURRENCY_WORDS = ("usd", "cad", "eur", "gbp")  # as fold() writes them
_QUALIFIED_NUMBER = re.compile(rf"\d\s?(?:[kK]\b|\s*(?:{_RATE_UNIT}))", re.IGNORECASE)
_OTHER_PERIOD = re.compile(
    r"\s*(?:/|per|a|an)\s*(?:week|wk|month|mo|day|daily)\b|\s*(?:weekly|monthly|daily)\b",
    re.IGNORECASE,
)
_MAX_BOUNDS = ("up", "upto", "max", "nte", "not", "no", "below", "under", "cap")
_HOURLY = (5.0, 500.0)  # plausible US contract rates, dollars per hour
_YEARLY = (10_000.0, 1_000_000.0)  # plausible salaries, dollars per year


_DATE_RANGE = re.compile(
    r"\b(?P<m1>\d{1,2})/\d{1,2}/(?P<y1>\d{4}|\d{2})\s*(?:-|–|to|through|thru)\s*"
    r"(?P<m2>\d{1,2})/\d{1,2}/(?P<y2>\d{4}|\d{2})\b",
    re.IGNORECASE,
)


_FIELD_END = re.compile(r"\n|[|•·;]|\s[-–—]\s")


def duration_months(text: str, *, labelled: bool) -> int | None:
    """Months: "6+ months" → 6, "1 year" → 12, "6-12 months" → 6, "long term" → None,
    "09/01/2026 - 08/31/2027" → 12 (VMS postings give dates, not lengths)."""
    return (_duration_months_labelled if labelled else _duration_months_free)(text)


def _duration_months(text: str, *, labelled: bool) -> int | None:
    dates = _DATE_RANGE.search(text)
    if dates:
        y1, y2 = (int(dates.group(k)) % 100 for k in ("y1", "y2"))
        span = (y2 - y1) * 12 + int(dates.group("m2")) - int(dates.group("m1")) + 1
        if 0 < span <= 120:
            return span
    # Months and years before days and weeks: "(hybrid, 3 days). 6 month contract" is 6.
    matches = sorted(
        _DURATION_SCAN.finditer(text), key=lambda m: m.group("unit")[0].lower() in "dw"
    )
    for match in matches:
        before = text[max(0, match.start() - 40) : match.start()]
        after = text[match.end() : match.end() + 40]
        unit = match.group("unit").lower()
        # on its own line: "9 months" over an "exp 7+ yrs" line is the term, and so is
        # "12 months | exp 7+ yrs": a bar or bullet starts another field
        if _EXPERIENCE_CONTEXT.search(
            _FIELD_END.split(after[:25], 1)[0]
        ) or _EXPERIENCE_BEFORE.search(before):
            continue  # "6 months of experience"
        if _SCHEDULE_AFTER.match(after) or (unit[0] in "dw" and _SCHEDULE_BEFORE.search(before)):
            continue
        if _NOT_A_TERM_AFTER.match(after) or _NOT_A_TERM_BEFORE.search(before):
            continue  # "we flew it 18 months ago", "in the last 6 months": past time, no term
        if (
            not labelled
            and unit.startswith(("y", "d", "w"))
            and not (_DURATION_CONTEXT.search(after[:25]) or _DURATION_CONTEXT.search(before[-25:]))
        ):
            continue  # "10 years" / "2 weeks" need a contract context to be a duration
        months = _to_months(match.group("n"), unit)
        if months is not None:
            return months
    terse = _TERSE_MONTHS.search(text)
    if terse and (labelled or _CONTRACT_TERMS.search(text)):
        return int(terse.group("n"))
    return None


def _to_months(number: str, unit: str) -> int | None:
    value = float(_NUMBER_WORDS.get(number.lower(), 0) or number)
    if unit.startswith("y"):
        months = value * 12
    elif unit.startswith("w"):
        months = max(1.0, value / 4.345)
    elif unit.startswith("d"):
        months = max(1.0, value / 30)
    else:
        months = value
    return round(months) if 0 < months <= 120 else None


def experience_years(text: str, *, labelled: bool) -> int | None:
    """The overall requirement: the largest "N+ years of experience" (or "of Java") mentioned."""
    return (_experience_years_labelled if labelled else _experience_years_free)(text)


def _experience_years(text: str, *, labelled: bool) -> int | None:
    if not _says_years(text):
        # every rule of _read_experience_years but the bare "Exp: 10+" needs "yr" or "year"
        return _bare_years(text) if labelled else None
    return _read_experience_years(text, labelled=labelled)


def role_line_years(text: str) -> int | None:
    """A one-line role's own years, which the rules above leave alone (a line listing a title,
    a city and a bare "8+ yrs" is no sentence about experience): its trailing "– N+ yrs"
    segment, not on a line naming a term, or its "Exp 10+" tail. The largest, or None."""
    values = [int(m.group("n")) for m in _EXP_PLUS.finditer(text)] if "+" in text else []
    for match in _YEARS_SEGMENT.finditer(text) if _says_years(text) else ():
        line_start = text.rfind("\n", 0, match.start()) + 1
        if not _DURATION_CONTEXT.search(text, line_start, match.start()):
            values.append(int(match.group("n")))
    values = [v for v in values if 0 < v <= 40]
    return max(values) if values else None


def _says_years(text: str) -> bool:
    """Whether ``text`` holds "yr" or "year" in any case: each experience rule's unit
    (``years?|yrs?``, IGNORECASE), which no non-ASCII character matches (test_years_prefilter)."""
    low = text.lower()
    return "yr" in low or "year" in low


def _bare_years(text: str) -> int | None:
    bare = _BARE_YEARS.match(text)  # "Exp: 10+"
    years = int(bare.group(1)) if bare else 0
    return years if 0 < years <= 40 else None


def _read_experience_years(text: str, *, labelled: bool) -> int | None:
    # A rule whose every match holds a word the text lacks is not run (WORDS_OF_RULES).
    folded = fold(text)
    # "8 years with a degree, or 12 years without": the degree holder's figure is the bar
    if "degree" in folded:
        with_degree = [int(m.group("n") or m.group("m")) for m in _YEARS_WITH_DEGREE.finditer(text)]
        if with_degree:
            return min(with_degree)
    values: list[int] = []
    if "exp" in folded:
        values += [int(m.group("n")) for m in _EXPERIENCE.finditer(text)]
        values += [int(m.group("n")) for m in _EXPERIENCE_FIRST.finditer(text)]
    if "min" in folded or "least" in folded:
        values += [
            int(m.group("n"))
            for m in _MINIMUM_YEARS_SCAN.finditer(text)
            # "the project lasts at least 3 years" is a term
            if not _DURATION_CONTEXT.search(text, max(0, m.start() - 40), m.start())
        ]
    values += [int(n) for _, _, n in _experience_of(text)]
    values += [int(m.group("n")) for m in _YEARS_LINE.finditer(text)]
    lead = _LEADING_YEARS.match(text) if labelled else None
    if lead:  # "Experience: 10+ yrs overall, 5+ yrs in Snowflake": the label's own figure
        values.append(int(lead.group("n")))
    if not values and labelled:
        values = [int(m.group("n") or m.group("m")) for m in _EXPERIENCE_LOOSE_SCAN.finditer(text)]
    if not values and labelled:  # "Exp: 10+"
        years = _bare_years(text)
        values = [years] if years is not None else []
    values = [v for v in values if 0 < v <= 40]
    return max(values) if values else None


@per_text  # read for the job's years, then again for their evidence
def _experience_of(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, years) for "8+ years of Java" and "Java: 8+ years"."""
    return _read_experience_of(text) if _says_years(text) else ()  # both need "years?|yrs?"


def _read_experience_of(text: str) -> tuple[tuple[int, int, str], ...]:
    from services.parser.rules.skills import (
        skill_spans,  # skills is a leaf; imported late, no cycle
    )

    found = []
    for match in _EXPERIENCE_OF.finditer(text):
        what = match.group("what")
        skill = next(iter(skill_spans(what)), None)
        head = " ".join(what.split()[:3])
        if (skill is not None and skill[0] == 0) or _WORK_WORDS.search(head) or _GERUND.match(what):
            end = match.start("what") + (skill[1] if skill and skill[0] == 0 else len(what))
            found.append((match.start(), end, match.group("n")))
    for start, end, _ in skill_spans(text):
        after = _YEARS_AFTER_SKILL.match(text, end)
        if after:
            found.append((start, after.end(), after.group("n")))
    return tuple(found)


def mention_spans(field: str, text: str) -> Iterator[tuple[int, int]]:
    """Where ``text`` mentions a duration, rate or experience: candidate evidence spans, in
    order. Lazily: the evidence search stops at the first one that supports its value, and
    each pattern's spans come in order already, so merging them is sorting them."""
    if field == "duration_months":
        return _first_then_rest((), _ANY_DURATION, _DURATION_SCANS, text)
    if field == "rate":
        return (s for s in _spans(_RATE, text) if s[1] > s[0])
    if field == "experience_years":
        found = sorted((a, b) for a, b, _ in _experience_of(text))
        return _first_then_rest(found, _FIRST_EXPERIENCE, _EXPERIENCE_SCANS, text)
    return iter(())


def _first_then_rest(
    found: Sequence[tuple[int, int]],
    any_of: Skipping | BeforeUnit,
    scans: tuple[tuple[re.Pattern[str] | Skipping, re.Pattern[str]], ...],
    text: str,
) -> Iterator[tuple[int, int]]:
    """``found`` and the spans of ``scans`` merged, in order.

    The evidence search mostly reads the first mention only, and a block mostly holds few of
    these mentions: merged, each scan would read the block, those without a match to its end.
    The first scanned mention is found by one search for any of them instead (``any_of``
    finds the first position where one matches: the first mention starts there, ending
    where the shortest of those matching there ends); the rest, when asked, is the merge
    without the first item. ``scans`` pairs each scan with its pattern, asked at a position."""
    head = any_of.search(text)
    if head is not None:
        start = head.start()
        first = start, min(m.end() for _, p in scans if (m := p.match(text, start)) is not None)
        if found and found[0] < first:
            first = found[0]
    elif found:
        first = found[0]
    else:
        return
    yield first
    rest = in_order(found, *(_spans(scan, text) for scan, _ in scans))
    next(rest)  # the first mention, yielded above
    yield from rest


def _spans(pattern: re.Pattern[str] | Skipping, text: str) -> Iterator[tuple[int, int]]:
    return (m.span() for m in pattern.finditer(text))


def rate(text: str, *, labelled: bool) -> Rate | None:
    """Rate: "up to $60/hr" → max 60; "$55-60/hr" → 55..60; "$60/hr" → 60..60; "$120k" → yearly."""
    return (_rate_labelled if labelled else _rate_free)(text)


def _rate(text: str, *, labelled: bool) -> Rate | None:
    if not (labelled or _may_quote_rate(text)):
        return None
    return _read_rate(text, labelled=labelled)


def _may_quote_rate(text: str) -> bool:
    """Whether a match of _RATE in ``text`` can have a currency, a "k" or a unit: a superset."""
    if any(sign in text for sign in _CURRENCY_SIGNS) or _QUALIFIED_NUMBER.search(text):
        return True
    folded = fold(text)
    return any(word in folded for word in _CURRENCY_WORDS)


def _read_rate(text: str, *, labelled: bool) -> Rate | None:
    found: list[tuple[float | None, float | None, str, str]] = []
    for match in _RATE.finditer(text):
        if _OTHER_PERIOD.match(text, match.end()):
            continue
        parsed = _rate_match(match, labelled=labelled)
        if parsed is not None:
            found.append(parsed)
    if not found:
        return None
    unit, currency = found[0][2], found[0][3]
    same = [f for f in found if f[2] == unit]
    if len(same) == 1 or same[0][0] is None or same[0][1] is None:
        low, high = same[0][0], same[0][1]
    else:  # "$55/hr W2 or $65/hr C2C": the span of the quoted rates
        low = min((f[0] for f in same if f[0] is not None), default=None)
        high = max((f[1] for f in same if f[1] is not None), default=None)
    return Rate(min=low, max=high, unit="year" if unit == "year" else "hour", currency=currency)


def _rate_match(
    match: re.Match[str], *, labelled: bool
) -> tuple[float | None, float | None, str, str] | None:
    cur_a = match.group("acur") or match.group("apost")
    cur_b = match.group("bcur") or match.group("bpost")
    unit_text = (match.group("unit") or "").lower()
    k_a, k_b = bool(match.group("ak")), bool(match.group("bk"))
    if not (labelled or cur_a or cur_b or unit_text or k_a or k_b):
        return None
    low = float(match.group("anum").replace(",", ""))
    high = float(match.group("bnum").replace(",", "")) if match.group("bnum") else None
    if k_a or (k_b and low < 1000):
        low *= 1000
    if high is not None and k_b:
        high *= 1000
    if unit_text:
        unit = "year" if _YEARLY_UNIT.search(unit_text) else "hour"
    else:
        unit = "year" if low >= 1000 else "hour"
    lo_ok, hi_ok = _HOURLY if unit == "hour" else _YEARLY
    if not lo_ok <= low <= hi_ok or (high is not None and not low <= high <= hi_ok):
        return None
    currency = _CURRENCY.get((cur_a or cur_b or "$").lower(), "USD")
    bound = (match.group("bound") or "").lower()
    if high is None:
        if bound.startswith(_MAX_BOUNDS) or match.group("post"):
            return None, low, unit, currency
        if bound:
            return low, None, unit, currency
        return low, low, unit, currency
    return low, high, unit, currency


_JOB_ID = re.compile(
    r"(?:\bjob\s*(?:id|code|ref(?:erence)?|#|no\.?|number)|\breq(?:uisition)?\.?\s*(?:id|#|no\.?|number)?"
    r"|\bposition\s*id|\bref(?:erence)?\s*(?:#|id|no\.?)|\bJR|\bVMS\s*id|\bposting\s*id)"
    r"\s*[:#=-]?\s*#?\s*(?P<id>[A-Z0-9][A-Z0-9_/.-]{1,30}[A-Z0-9])",
    re.IGNORECASE,
)


def job_id(text: str, *, labelled: bool) -> str | None:
    return (_job_id_labelled if labelled else _job_id_free)(text)


def _job_id(text: str, *, labelled: bool) -> str | None:
    if labelled:
        token = _ID_TOKEN.match(text)
        value = token.group(1).rstrip(".-") if token else ""
        return value if _DIGIT.search(value) else None
    for match in _JOB_ID_SCAN.finditer(text):
        value = match.group("id")
        if _DIGIT.search(value):
            prefix = "JR" if match.group(0).upper().startswith("JR") and value[0].isdigit() else ""
            return prefix + value
    return None


# A job's texts are parsed for its values, then the mentions found again for their evidence;
# an email's intro is read once per job it holds (memo.py).
_duration_months_labelled = per_text(lambda text: _duration_months(text, labelled=True))
_duration_months_free = per_text(lambda text: _duration_months(text, labelled=False))
_experience_years_labelled = per_text(lambda text: _experience_years(text, labelled=True))
_experience_years_free = per_text(lambda text: _experience_years(text, labelled=False))
_rate_labelled = per_text(lambda text: _rate(text, labelled=True))
_rate_free = per_text(lambda text: _rate(text, labelled=False))
_job_id_labelled = per_text(lambda text: _job_id(text, labelled=True))
_job_id_free = per_text(lambda text: _job_id(text, labelled=False))

# What every match of an experience rule holds, as fold() writes it: _read_experience_years
# skips the rule in a text without one (test_years_prefilter checks each rule against them).
WORDS_OF_RULES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (_YEARS_WITH_DEGREE, ("degree",)),
    (_EXPERIENCE, ("exp",)),
    (_EXPERIENCE_FIRST, ("exp",)),
    (_MINIMUM_YEARS, ("min", "least")),
)

# The hot patterns with a first-character look-ahead (lead.py): the same matches, sooner.
_RATE = guarded(_RATE)
_DURATION = guarded(_DURATION)
_DATE_RANGE = digit_first(_DATE_RANGE)  # not guarded: it would hide the digit
_TERSE_MONTHS = digit_first(_TERSE_MONTHS)  # not guarded: it would hide the digit
_EXPERIENCE = digit_first(_EXPERIENCE)  # not guarded: it would hide the digit
_EXPERIENCE_OF = digit_first(_EXPERIENCE_OF)  # not guarded: it would hide the digit
_EXPERIENCE_FIRST = guarded(_EXPERIENCE_FIRST)
_MINIMUM_YEARS = guarded(_MINIMUM_YEARS)
_EXPERIENCE_LOOSE = guarded(_EXPERIENCE_LOOSE)
_YEARS_WITH_DEGREE = guarded(_YEARS_WITH_DEGREE)
_YEARS_LINE = guarded(_YEARS_LINE)
_JOB_ID = guarded(_JOB_ID)
_WORK_WORDS = guarded(_WORK_WORDS)
_DURATION_CONTEXT = guarded(_DURATION_CONTEXT)
# ... and searched with re's C-speed skip to those characters (skipping.py): the same matches.
_DURATION_SCAN = Skipping(_DURATION)
_MINIMUM_YEARS_SCAN = Skipping(_MINIMUM_YEARS)
_EXPERIENCE_LOOSE_SCAN = Skipping(_EXPERIENCE_LOOSE)
_JOB_ID_SCAN = Skipping(_JOB_ID)


def _any_of(*patterns: re.Pattern[str]) -> Skipping:
    """A pattern matching at a position exactly when one of ``patterns`` matches there: each
    alternative with its own flags, its groups unnamed (their names repeat). None of them may
    match empty, or a scan would drop its empty spans (mention_spans) that this one finds."""
    alternatives = []
    for pattern in patterns:
        if sre_parse.parse(pattern.pattern, pattern.flags).getwidth()[0] == 0:
            raise ValueError(f"may match empty: {pattern.pattern}")
        flags = "i" if pattern.flags & re.IGNORECASE else "-i"
        if pattern.flags & ~(re.IGNORECASE | re.UNICODE) or "(?P=" in pattern.pattern:
            raise ValueError(f"flags or back-references not combined: {pattern.pattern}")
        alternatives.append(f"(?{flags}:{_NAMED_GROUP.sub('(?:', pattern.pattern)})")
    return Skipping(guarded(re.compile("|".join(alternatives))))


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
# mention_spans' scans, each with the pattern it matches at a position, and any of them
_DURATION_SCANS: tuple[tuple[re.Pattern[str] | Skipping, re.Pattern[str]], ...] = (
    (_DATE_RANGE, _DATE_RANGE),
    (_DURATION_SCAN, _DURATION),
    (_TERSE_MONTHS, _TERSE_MONTHS),
)
_EXPERIENCE_SCANS: tuple[tuple[re.Pattern[str] | Skipping, re.Pattern[str]], ...] = (
    (_EXPERIENCE, _EXPERIENCE),
    (_EXPERIENCE_LOOSE_SCAN, _EXPERIENCE_LOOSE),
)
_ANY_DURATION = _any_of(*(p for _, p in _DURATION_SCANS))
_ANY_EXPERIENCE = _any_of(*(p for _, p in _EXPERIENCE_SCANS))
# An experience scan's match opens with its numbers, signs, spaces and the loose rule's words
# ("minimum of", "at least", "over"), then its unit: no "y" before it (beforeunit.py).
YEARS_UNIT = re.compile(r"y(?:ea)?r", re.IGNORECASE)
YEARS_OPENING = (
    string.digits + string.whitespace + "\x1c\x1d\x1e\x1f+-–)." + "minutaleosvrfMINUTALEOSVRF"
)
_FIRST_EXPERIENCE = BeforeUnit(_ANY_EXPERIENCE, YEARS_UNIT, YEARS_OPENING + "\xa0\u202f")
