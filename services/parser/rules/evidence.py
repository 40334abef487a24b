"""Where each value of an extracted job is said: its FieldEvidence.

Evidence is found after extraction, by value: for each field value, the tightest span of the
job's own block, then of the whole content, the subject and the attachments, that parses back
to that value. A span is cited only if it supports the value on its own, so evidence can be
checked (text[start:end] re-parsed) without trusting the extractor.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Any

from schemas.contracts.models import ExtractedJob, FieldEvidence, WorkMode
from services.parser.rules import fields, tokens
from services.parser.rules.citylines import city_mentions
from services.parser.rules.evidence_record import field_evidence
from services.parser.rules.jobids import id_spans
from services.parser.rules.lead import guarded
from services.parser.rules.places import city_states, normalised
from services.parser.rules.skills import named_skills, skill_spans
from services.parser.rules.skipping import Skipping

__all__ = ["Region", "job_evidence", "supports"]

_MAX_EVIDENCE = 500  # FieldEvidence.text's limit; longer spans are not cited
_REMOTE_WORD = re.compile(r"\bremote\b", re.IGNORECASE)
_REMOTE_SCAN = Skipping(_REMOTE_WORD)  # re skips to its first letter (skipping.py)
_ID_NOISE = guarded(re.compile(r"[\s#:-]"))
_MARKUP = re.compile(r"[*_]+")
Span = tuple[int, int]


@dataclass(frozen=True)
class Region:
    source: str  # FieldEvidence.source: "body", "subject" or "attachment:<filename>"
    text: str  # the whole source text: offsets are into it
    start: int
    end: int
    labels: tuple[Span, ...] = ()  # label values inside the region, absolute


_FIELDS = tuple(ExtractedJob.model_fields)
_FIELD_VALUES = attrgetter(*_FIELDS)  # a job's values in _FIELDS' order, in one call
# Fields whose value is a list: their items are looked up in one pass over each region's scan.
_LISTED = ("employment_types", "visa", "skills")
_NONE: Mapping[str, Iterable[tuple[int, int, object]]] = {}


def job_evidence(
    job: ExtractedJob,
    index: int,
    regions: Sequence[Region | Callable[[], Region]],
    own_scans: Mapping[str, Iterable[tuple[int, int, object]]] | None = None,
) -> list[FieldEvidence]:
    """The first span supporting each value (``_first_support``), region by region, in the
    order of ``_field_values``. A region may be given as how to make it: most values are found
    in the job's own block, so the later regions are made only when the search reaches them.
    ``own_scans``: a list field's scan of the first region's text that its reader has made
    already (``_SCANS[name]`` of that text, the same mentions in the same order)."""
    search = _Regions(regions)
    evidence: list[FieldEvidence] = []
    for name, value in zip(_FIELDS, _FIELD_VALUES(job), strict=True):
        hits: Sequence[tuple[Region, Span] | None]
        if isinstance(value, list):
            if not value:
                continue
            if name in _LISTED:
                hits = _find_listed(name, value, search, (own_scans or _NONE).get(name))
            else:
                hits = [_first_found(name, item, search) for item in value]
        elif value is not None:
            hits = (_first_found(name, value, search),)
        else:
            continue
        for hit in hits:
            if hit is not None:
                region, (start, end) = hit
                evidence.append(
                    field_evidence(index, name, region.source, start, end, region.text[start:end])
                )
    return evidence


def _first_found(name: str, value: object, search: _Regions) -> tuple[Region, Span] | None:
    for r in range(len(search)):
        region, text = search.at(r)
        span = _first_support(name, value, region, text)
        if span is not None:
            return region, span
    return None


class _Regions:
    """One search's regions, each made (if given as how to make it) and its text cut when the
    search first reaches it."""

    __slots__ = ("_given", "_made")

    def __init__(self, given: Sequence[Region | Callable[[], Region]]) -> None:
        self._given = given
        self._made: list[tuple[Region, str] | None] = [None] * len(given)

    def __len__(self) -> int:
        return len(self._given)

    def at(self, r: int) -> tuple[Region, str]:
        made = self._made[r]
        if made is None:
            given = self._given[r]
            region = given if isinstance(given, Region) else given()
            made = self._made[r] = region, region.text[region.start : region.end]
        return made


def _find_listed(
    name: str,
    items: list[Any],
    search: _Regions,
    own_scan: Iterable[tuple[int, int, object]] | None = None,
) -> list[tuple[Region, Span] | None]:
    """``_first_support`` for every item of one list field: each region's mentions are read
    once for all the items still unsupported (an item's first supporting mention is the first
    of its own mentions that supports it, whichever other items come between), then each item
    still unsupported tries the region's labels and lines, as ``_first_support`` does.
    ``own_scan``: the first region's mentions, when its reader has them already."""
    found: list[tuple[Region, Span] | None] = [None] * len(items)
    waiting = list(enumerate(items))
    check = _SUPPORTS[name]
    for r in range(len(search)):
        if not waiting:
            break
        region, text = search.at(r)
        wanted = {value for _, value in waiting}  # items are enums and strings: hashable
        supported: dict[object, Span] = {}
        mentions: Iterable[tuple[int, int, object]]
        if r:
            mentions = _SCANS[name](text)
        elif own_scan is not None:
            mentions = own_scan
        else:
            mentions = _OWN_SCANS.get(name, _SCANS[name])(text)
        for a, b, mentioned in mentions:
            # an item equal to the mention is the mention (enums, strings): it stands for it
            if mentioned in wanted and mentioned not in supported:
                span = _supporting_mention(check, mentioned, region.start, text, a, b)
                if span is not None:
                    supported[mentioned] = span
                    if len(supported) == len(wanted):
                        break
        left = []
        for i, value in waiting:
            span = supported.get(value) or _label_or_line(name, value, region, text)
            if span is None:
                left.append((i, value))
            else:
                found[i] = region, span
        waiting = left
    return found


def supports(name: str, value: object, text: str) -> bool:
    """Does ``text`` on its own say that field ``name`` is ``value``?"""
    return _SUPPORTS[name](value, text)


def _supports_phrase(value: object, text: str) -> bool:
    return _phrase(str(value)).search(text) is not None


def _supports_job_id(value: object, text: str) -> bool:
    return _ID_NOISE.sub("", text).casefold() == _ID_NOISE.sub("", str(value)).casefold()


def _supports_location(value: object, text: str) -> bool:
    return normalised(text) == value or (
        value == "Remote" and _REMOTE_SCAN.search(text) is not None
    )


def _supports_work_mode(value: object, text: str) -> bool:
    return tokens.work_mode(text) == value or (
        value == WorkMode.REMOTE and normalised(text) == "Remote"
    )


def _supports_rate(value: object, text: str) -> bool:
    # most mentions asked are other numbers ("24 months", "8+ years"), which read as no rate:
    # those need no comparison (a model's __eq__, in Python)
    found = fields.rate(text, labelled=True)
    return found is not None and found == value


_SUPPORTS: dict[str, Callable[[Any, str], bool]] = {
    "title": _supports_phrase,
    "client": _supports_phrase,
    "job_id": _supports_job_id,
    "location": _supports_location,
    "work_mode": _supports_work_mode,
    "employment_types": lambda value, text: value in tokens.employment_types(text),
    "visa": lambda value, text: value in tokens.visas(text),
    "skills": lambda value, text: value in named_skills(text),
    "rate": _supports_rate,
    "duration_months": lambda value, text: fields.duration_months(text, labelled=True) == value,
    "experience_years": lambda value, text: fields.experience_years(text, labelled=True) == value,
}


def _field_values(job: ExtractedJob) -> list[tuple[str, object]]:
    values: list[tuple[str, object]] = []
    for name, value in zip(_FIELDS, _FIELD_VALUES(job), strict=True):
        if isinstance(value, list):
            values.extend((name, item) for item in value)
        elif value is not None:
            values.append((name, value))
    return values


def _first_support(name: str, value: object, region: Region, text: str) -> Span | None:
    """The first candidate span of ``text`` (``region``'s own text) that supports the value:
    tight mentions first, then label values, then whole lines. Most values are supported by
    their first mention, so the later candidates are made only when needed."""
    check = _SUPPORTS[name]
    for a, b in _mentions(name, value, text):
        span = _supporting_mention(check, value, region.start, text, a, b)
        if span is not None:
            return span
    return _label_or_line(name, value, region, text)


def _supporting_mention(
    check: Callable[[Any, str], bool], value: object, offset: int, text: str, a: int, b: int
) -> Span | None:
    """The mention ``text[a:b]`` (``text`` starting at ``offset`` of its source) without its
    surrounding spaces, if it supports the value."""
    mention = text[a:b]
    trimmed = mention.strip()
    if 0 < len(trimmed) <= _MAX_EVIDENCE and check(value, trimmed):
        # most mentions have no spaces to trim: strip() returned the mention itself
        lead = 0 if trimmed is mention else len(mention) - len(mention.lstrip())
        start = offset + a + lead
        return start, start + len(trimmed)
    return None


def _label_or_line(name: str, value: object, region: Region, text: str) -> Span | None:
    for start, end in region.labels:
        if _supported(name, value, region.text[start:end]):
            return start, end
    offset = region.start
    for line in text.split("\n"):
        if _supported(name, value, line):
            return offset, offset + len(line)
        offset += len(line) + 1
    return None


def _supported(name: str, value: object, text: str) -> bool:
    return 0 < len(text) <= _MAX_EVIDENCE and bool(text.strip()) and supports(name, value, text)


def _mentions(name: str, value: object, text: str) -> Iterator[Span]:
    if name in ("title", "client"):
        return (m.span() for m in _phrase(str(value)).finditer(text))
    if name == "job_id":
        return id_spans(str(value), text)
    if name == "location":
        # a city's normal form is always "City, ST": "Remote" needs no scan for cities
        # and a city's mention holds its name as written: a text without it needs no scan
        spans = (
            city_mentions(str(value), text, city_states) if _may_hold_city(str(value), text) else ()
        )
        return itertools.chain(spans, (m.span() for m in _REMOTE_SCAN.finditer(text)))
    if name in _SCANS:
        return ((a, b) for a, b, found in _SCANS[name](text) if found == value)
    if name == "work_mode":
        return tokens.work_mode_spans(text)
    return fields.mention_spans(name, text)


def _may_hold_city(value: str, text: str) -> bool:
    """Whether ``text`` may mention the city ``value`` ("City, ST"): city_state_spans names a
    city by words of the text joined by single spaces, as the text writes them (only
    "Washington, DC" is found in other spellings)."""
    if ", " not in value:
        return False
    return value == "Washington, DC" or value.rsplit(", ", 1)[0] in text


# A job's values are looked up one by one in the same few regions: each scan is remembered.
_SCANS: dict[str, Callable[[str], Sequence[tuple[int, int, object]]]] = {
    "employment_types": tokens.employment_spans,
    "visa": tokens.visa_spans,
    "skills": skill_spans,
}
# The first region, the job's own block, is read by no other job: its scan is read lazily
# (up to the last mention needed) and not remembered.
_OWN_SCANS: dict[str, Callable[[str], Iterable[tuple[int, int, object]]]] = {
    "employment_types": tokens.employment_mentions,
    "visa": tokens.visa_mentions,
}


@lru_cache(maxsize=256)
def _phrase(value: str) -> re.Pattern[str]:
    r"""A title or client as written, allowing other spacing and **bold** markup between words:
    ``(?<!\w)W1[\s*_]+W2…(?!\w)``. Written as ``W1(?<!\wW1)…``, the same test (the character
    before W1 is no word character) made after W1, so the pattern starts with a literal that
    ``re`` skips to at C speed instead of trying the look-behind at every position."""
    words = [re.escape(w) for w in _MARKUP.sub(" ", value).split()]
    if not words:
        return re.compile(r"(?<!\w)(?!\w)", re.IGNORECASE)
    first = words[0] + r"(?<!\w" + words[0] + ")"
    return re.compile(r"[\s*_]+".join([first, *words[1:]]) + r"(?!\w)", re.IGNORECASE)
