"""Visa, employment-type and work-mode tokens, with "No H1B"-style exclusions."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TypeVar

from schemas.contracts.models import EmploymentType, Visa, WorkMode
from services.parser.rules.inorder import in_order
from services.parser.rules.lead import guarded
from services.parser.rules.memo import per_text
from services.parser.rules.skipping import Skipping, SkippingBefore

__all__ = [
    "employment_mentions",
    "employment_spans",
    "employment_spans_within",
    "employment_types",
    "visa_mentions",
    "visa_spans",
    "visas",
    "work_mode",
    "work_mode_spans",
]

T = TypeVar("T")


def _starting(start: str, pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` tried only where ``start``, a look-ahead of the two or three characters its
    matches begin with, holds: the same matches (``start`` holds wherever ``pattern`` matches;
    test_token_starts.py), without trying every "c", "p", "w" or "r" of the text in full."""
    return re.compile(f"(?={start})(?:{pattern.pattern})", pattern.flags)


# Upper-case tokens (OPT, TN, GC…) are case-sensitive: "opt out", "gc" in prose are not visas.
_VISA_ALTERNATIVES = re.compile(
    r"(?P<EAD>\b(?:GC|H-?4|L-?2|(?i:green\s*card))?[\s-]?EADs?\b)"
    r"|(?P<OPT>\b(?:STEM[\s-]?)?OPT(?:[\s-]?EAD)?\b)"
    r"|(?P<CPT>\bCPT\b)"
    r"|(?P<H1B>(?i:\bH[\s-]?1[\s-]?B?\b|\bH1Bs?\b))"
    r"|(?P<TN>\bTN\b)"
    r"|(?P<GC>\bGC\b|(?i:\bgreen[\s-]?cards?\b|\bpermanent\s+residents?\b)|\bLPR\b)"
    r"|(?P<USC>\bUSCs?\b|(?i:\bU\.?\s?S\.?\s+citizens?(?:hip)?\b|\bcitizens?(?:hip)?\b))"
)
# A visa starts with a letter, but "[\s-]?EAD" lets a space or a hyphen start one: at each of
# the text's many spaces the alternatives were all tried. Only a space or hyphen before "EAD"
# can start a match, so the look-ahead says so (the same matches, about twice as fast).
_VISA = re.compile(
    r"(?=[CEGHLOSTU]|(?i:[HUcgp])|[\s-]EAD)(?:" + _VISA_ALTERNATIVES.pattern + ")",
    _VISA_ALTERNATIVES.flags,
)
_EMPLOYMENT_TOKENS = re.compile(
    r"(?P<C2H>(?i:\bC2H\b|\bcontract[\s-]*(?:to|2)[\s-]*(?:hire|perm(?:anent)?)\b)|\bCTH\b)"
    r"|(?P<C2C>(?i:\bC2C\b|\bcorp(?:oration)?[\s-]*(?:to|2)[\s-]*corp(?:oration)?\b))"
    r"|(?P<W2>(?i:\bW[\s-]?2\b))"
    r"|(?P<T1099>\b1099\b)"
    r"|(?P<FTE>\bFTE\b|(?i:\bdirect[\s-]+hire\b|\bperm(?:anent)?\b(?!\s+resident)"
    r"|\bfull[\s-]?time\b(?!\s+contract)(?=\s+(?:employment|position|role|job|opportunity|"
    r"employee|hire|perm|permanent|with\s+benefits|(?:and|or|&)\s+interns?)\b|\s*[)\].,;/|]|\s*$)))",
    re.MULTILINE,
)
_EMPLOYMENT = _starting(r"\b(?:CT|FT|10|(?i:c[2o]|w[\s\-2]|dir|per|ful))", _EMPLOYMENT_TOKENS)
# Separators allowed between tokens of one list: "USC/GC/GC-EAD", "C2C or W2".
_LIST_GAP = re.compile(r"^[\s/,&|+()-]*(?:(?:and|or|&)\b)?[\s/,&|+()-]*$", re.IGNORECASE)
_NEGATION_BEFORE = re.compile(
    r"(?:\b(?:no|not|non|except|excluding|exclude|without|nor)|w/o|other\s+than)\b"
    r"[\s:-]*(?:(?:open|available|possible|accepted|allowed|considering)\s+)?"
    r"(?:(?:any|on|for|from|to|in|via|through|thru)\s+)?$",
    re.IGNORECASE,
)
_NEGATION_AFTER = re.compile(
    r"^\s*(?:visas?|holders?|candidates?|consultants?|transfers?|profiles?|resources?|folks|"
    r"applicants?|'?s)?\s*(?:is|are|will|would|can|do|does)?\s*"
    r"(?:not\b|n't\b|never\b|cannot\b|can't\b|won't\b|(?:[:=-]\s*)?(?:no|n/a)\b"
    # "H1B: No" negates H1B; "USC - No OPT/CPT" negates what follows, not USC
    r"(?!\s+problem)(?![\s/:-]*(?:OPT|CPT|H-?1|H-?4|L-?2|TN\b|GC|USC|EAD|green|citizen|US\b|"
    r"C2C|W-?2|1099|corp)))",
    re.IGNORECASE,
)
_ONLY_AFTER = re.compile(r"\s*only\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.;\n!?]")
_CITY_BEFORE = re.compile(r"[A-Z][a-z]+,?\s+$")
_EEO_BEFORE = re.compile(
    r"\b(?:regardless\s+of|without\s+regard\s+to|irrespective\s+of|on\s+the\s+basis\s+of"
    r"|discriminat\w*|based\s+on)\b[^.;\n]*$",
    re.IGNORECASE,
)
_HYBRID = re.compile(
    r"\bhybrid\b(?!\s+(?:cloud|apps?|mobile|integration|environment|infrastructure|solutions?))"
    # "3 days onsite" is hybrid; "5 days onsite" is a full office week, i.e. onsite
    r"|\b[1-4]\s*(?:-\s*[1-4]\s*)?days?\s*(?:a|per|/|in\s+a|each)?\s*(?:week|wk)?\s*"
    r"(?:on[\s-]?site|in[\s-]?office|in\s+the\s+office|in[\s-]?person)"
    r"|\b(?:on[\s-]?site|in[\s-]?office)\s*\(?\s*[1-4]\s*(?:-\s*[1-4]\s*)?days?",
    re.IGNORECASE,
)
_REMOTE_WORDS = re.compile(
    r"\bwork\s+from\s+home\b|\bWFH\b|\btelecommute\b|\bremote(?:ly)?\b(?!\s+(?:teams?|offshore|sites?|employees|members|colleagues|sensing|"
    r"access|monitoring|desktop|support|locations?|resources?\s+(?:in|from)))",
    re.IGNORECASE,
)
_REMOTE = _starting(r"\b(?:wor|wfh|tel|rem)", _REMOTE_WORDS)
_REMOTE_NEGATED = re.compile(
    r"(?:\b(?:no|not|non)[\s-]+(?:a\s+)?(?:\w+\s+)?$)|(?:\bnot\s+(?:open\s+to|possible)\s+$)",
    re.IGNORECASE,
)
_REMOTE_NEGATED_AFTER = re.compile(
    r"^\s*(?:work\s+)?(?:is\s+)?(?:not\b|n't\b|[:=-]\s*no\b)|^\s*(?:until|till|initially)\b",
    re.IGNORECASE,
)
_ONSITE_WORDS = re.compile(
    r"(?<!offshore\s)(?<!offshore\sand\s)\bon[\s-]?site\b(?!\s+(?:interview|visit|meeting))"
    r"(?![\s/&,-]*(?:and\s+|or\s+)?off[\s-]?shore)|\bin[\s-]?office\b"
    r"|\bin[\s-]?person\b(?!\s+(?:interview|meeting))"
    # "working from Irvine office", "work at the client office" (not a home office)
    r"|\bwork(?:ing)?\s+(?:from|at|in)\s+(?:the\s+|our\s+|their\s+)?(?!home\b)(?:\w+\s+)?office\b",
    re.IGNORECASE,
)
_ONSITE = _starting(r"\b(?:on[\s-]?s|in[\s-]?[op]|wor)", _ONSITE_WORDS)


def _accepted(spans: tuple[tuple[int, int, T, bool], ...]) -> list[T]:
    """Accepted tokens in order; a negation before a list ("No H1B/OPT") or after a token
    ("H1B not accepted") excludes the whole list."""
    excluded = {value for _, _, value, accepted in spans if not accepted}
    found: list[T] = []
    for _, _, value, accepted in spans:
        if accepted and value not in excluded and value not in found:
            found.append(value)
    return found


def _token_spans(
    text: str, pattern: Skipping | SkippingBefore, convert: Callable[[str], T | None]
) -> Iterator[tuple[int, int, T, bool]]:
    """(start, end, value, accepted) for every token, lazily; accepted=False when negated.
    A list's tokens ("USC/GC/H4-EAD") are judged together, once the list is complete."""
    group: list[re.Match[str]] = []
    for match in pattern.finditer(text):
        if match.lastgroup is None:
            continue
        if group and _LIST_GAP.match(text[group[-1].end() : match.start()]):
            group.append(match)
            continue
        if group:
            yield from _group_spans(text, group, convert)
        group = [match]
    if group:
        yield from _group_spans(text, group, convert)


def _group_spans(
    text: str, group: list[re.Match[str]], convert: Callable[[str], T | None]
) -> Iterator[tuple[int, int, T, bool]]:
    start, end = group[0].start(), group[-1].end()
    before = _CLAUSE_END.split(text[max(0, start - 40) : start])[-1]
    after = _CLAUSE_END.split(text[end : end + 60])[0]
    negated = bool(_NEGATION_SCAN.search(before) or _NEGATION_AFTER.match(after))
    for match in group:
        value = _convert_match(match, text, convert)
        if value is not None:
            # "No C2C, W2 only": "only" re-asserts the token it follows.
            accepted = not negated or _ONLY_AFTER.match(text, match.end()) is not None
            yield match.start(), match.end(), value, accepted


def visa_spans(text: str) -> list[tuple[int, int, Visa]]:
    """Accepted visa mentions as (start, end, visa): evidence for ``visas``."""
    return [(a, b, v) for a, b, v, ok in _visa_tokens(text) if ok]


def employment_spans(text: str) -> list[tuple[int, int, EmploymentType]]:
    return [(a, b, v) for a, b, v, ok in _employment_tokens(text) if ok]


# A job's own block is read for its visas' and employment types' evidence only (its values
# come from labels or a longer text), and mostly once: its scan is read lazily, not kept, and
# the search stops at the last mention it needs (the same spans in the same order).
def visa_mentions(text: str) -> Iterator[tuple[int, int, Visa]]:
    """``visa_spans(text)`` lazily, without remembering them."""
    return ((a, b, v) for a, b, v, ok in _token_spans(text, _VISA_SCAN, _visa) if ok)


def employment_mentions(text: str) -> Iterator[tuple[int, int, EmploymentType]]:
    """``employment_spans(text)`` lazily, without remembering them."""
    return ((a, b, v) for a, b, v, ok in _token_spans(text, _EMPLOYMENT_SCAN, _employment) if ok)


def employment_spans_within(
    text: str, around: str
) -> tuple[tuple[int, int, EmploymentType], ...] | None:
    """``employment_spans(text)`` read from the remembered scan of ``around``, which is
    ``text`` or ends with a line break and then ``text`` (a job's subject and its block, scanned
    for its employment types); None when the two may differ.

    A position's match reads the text from there on and, for ``\b``, the character before it,
    so ``around``'s matches from ``text``'s start on are ``text``'s (a line break before it is
    alike to a text's start), once no match runs across that line break. Their lists are
    ``text``'s unless the first one joins a list of the part before (``_LIST_GAP``), and their
    verdicts too: a negation's window before a token stops at the line break, the window
    after it ends where both texts end."""
    skip = len(around) - len(text)
    if skip < 0 or (skip and around[skip - 1] != "\n") or not around.endswith(text):
        return None
    found = _employment_tokens(around)
    if skip and found and found[0][0] < skip:
        first = next((i for i, token in enumerate(found) if token[0] >= skip), len(found))
        end = found[first - 1][1]
        if end >= skip or (first < len(found) and _LIST_GAP.match(around[end : found[first][0]])):
            return None
        found = found[first:]
    return tuple((a - skip, b - skip, v) for a, b, v, ok in found if ok)


# A job's texts are read for visas and employment types twice, once for the values and once
# for their evidence, and an email's several jobs share their intro: scan each text once.
@per_text
def _visa_tokens(text: str) -> tuple[tuple[int, int, Visa, bool], ...]:
    return tuple(_token_spans(text, _VISA_SCAN, _visa))


@per_text
def _employment_tokens(text: str) -> tuple[tuple[int, int, EmploymentType, bool], ...]:
    return tuple(_token_spans(text, _EMPLOYMENT_SCAN, _employment))


def _visa(kind: str) -> Visa:
    return Visa[kind]


def _employment(kind: str) -> EmploymentType:
    return EmploymentType[kind]


def work_mode_spans(text: str) -> Iterator[tuple[int, int]]:
    """Candidate mentions of a work mode (``work_mode`` decides which one counts), in order;
    lazily, as each pattern's come in order (fields.mention_spans).

    The evidence search mostly reads the first mention only, and a block mostly names one work
    mode: the three patterns merged would each scan the block, those without a match to its
    end. The first mention is found by one search for any of them instead (it stops at the
    first position where one matches: the first mention starts there, ending where the
    shortest of those matching there ends); the rest, when asked, is the merge without it."""
    head = _WORK_MODE_SCAN.search(text)
    if head is None:
        return
    start = head.start()
    yield start, min(m.end() for p in _WORK_MODES if (m := p.match(text, start)) is not None)
    rest = in_order(*((m.span() for m in p.finditer(text)) for p in _WORK_MODE_SCANS))
    next(rest)  # the first mention, yielded above
    yield from rest


def _convert_match(match: re.Match[str], text: str, convert: Callable[[str], T | None]) -> T | None:
    kind = match.lastgroup or ""
    if kind == "TN" and _CITY_BEFORE.search(text[max(0, match.start() - 30) : match.start()]):
        return None  # "Nashville, TN" is Tennessee
    if kind == "USC" and _EEO_SCAN.search(text[max(0, match.start() - 160) : match.start()]):
        return None  # "… regardless of race, …, citizenship": equal-opportunity boilerplate
    return convert(kind)


def visas(text: str) -> list[Visa]:
    """Accepted visas in the contract's enum order (a set, written canonically)."""
    return list(_visas(text))


def employment_types(text: str) -> list[EmploymentType]:
    return list(_employment_types(text))


@per_text
def _visas(text: str) -> tuple[Visa, ...]:
    found = _accepted(_visa_tokens(text))
    return tuple(v for v in Visa if v in found)


@per_text
def _employment_types(text: str) -> tuple[EmploymentType, ...]:
    found = _accepted(_employment_tokens(text))
    return tuple(t for t in EmploymentType if t in found)


def work_mode(text: str) -> WorkMode | None:
    """Hybrid beats remote beats onsite: "remote, onsite once a quarter" is remote, while
    "3 days onsite" is hybrid."""
    return _work_mode(text)


@per_text
def _work_mode(text: str) -> WorkMode | None:
    if _HYBRID_SCAN.search(text):
        return WorkMode.HYBRID
    for match in _REMOTE_SCAN.finditer(text):
        before = _CLAUSE_END.split(text[max(0, match.start() - 30) : match.start()])[-1]
        after = _CLAUSE_END.split(text[match.end() : match.end() + 30])[0]
        if not (_REMOTE_NEGATED.search(before) or _REMOTE_NEGATED_AFTER.match(after)):
            return WorkMode.REMOTE
    if _ONSITE_SCAN.search(text):
        return WorkMode.ONSITE
    return None


# The hot patterns with a first-character look-ahead (lead.py): the same matches, sooner.
_VISA = guarded(_VISA)
_EMPLOYMENT = guarded(_EMPLOYMENT)
_HYBRID = guarded(_HYBRID)
_ONSITE = guarded(_ONSITE)
_REMOTE = guarded(_REMOTE)

# ... and searched with re's C-speed skip to those characters (skipping.py): the same matches.
# A space or a hyphen starts a visa only before "EAD" (_VISA's guard): one finder for the
# letters, and "EAD" found as a literal for those (skipping.py), not a stop at every space.
_VISA_SCAN = SkippingBefore(_VISA, r"[\s-]", "EAD")
_EMPLOYMENT_SCAN = Skipping(_EMPLOYMENT)
_NEGATION_SCAN = Skipping(_NEGATION_BEFORE)
_EEO_SCAN = Skipping(_EEO_BEFORE)
_HYBRID_SCAN, _REMOTE_SCAN, _ONSITE_SCAN = map(Skipping, (_HYBRID, _REMOTE, _ONSITE))
_WORK_MODE_SCANS = (_HYBRID_SCAN, _REMOTE_SCAN, _ONSITE_SCAN)
_WORK_MODES = (_HYBRID, _REMOTE, _ONSITE)
if len({p.flags for p in _WORK_MODES}) != 1:
    raise TypeError("work-mode patterns with different flags: no combined search")
# any of the three: a position matches it exactly when one of them matches there
_WORK_MODE_SCAN = Skipping(
    guarded(re.compile("|".join(f"(?:{p.pattern})" for p in _WORK_MODES), _HYBRID.flags))
)
