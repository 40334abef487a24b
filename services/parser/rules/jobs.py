"""One job draft → an ExtractedJob: labels first, then the subject, then free text."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TypeVar

from schemas.contracts.models import (
    EmploymentType,
    ExtractedJob,
    FieldEvidence,
    Rate,
    Visa,
    WorkMode,
)
from services.parser.rules import clients, fields, tokens
from services.parser.rules.citylines import city_mentions
from services.parser.rules.jobids import id_spans
from services.parser.rules.labels import LabelHit
from services.parser.rules.lead import guarded
from services.parser.rules.locations import (
    city_state_spans,
    normalise_location,
    uncapitalise,
)
from services.parser.rules.memo import per_text
from services.parser.rules.skills import find_skills, skill_spans

__all__ = ["JobDraft", "Region", "build_job", "job_evidence", "supports"]

T = TypeVar("T")


@dataclass(frozen=True)
class JobDraft:
    title: str | None
    title_labelled: bool
    hits: list[LabelHit]  # labels inside this job's block
    text: str  # this job's block
    shared_hits: list[LabelHit]  # labels outside every block (an intro that applies to all)
    shared_text: str
    subject: str | None  # only when the email holds a single job
    lines: tuple[int, int] = (0, 0)  # this job's block: [first, last) line indexes

    def labelled(self, name: str) -> list[LabelHit]:
        return self._labelled.get(name, [])

    @cached_property
    def _labelled(self) -> dict[str, list[LabelHit]]:
        """Field → its labels in this block, else outside every block; asked once per field."""
        own: dict[str, list[LabelHit]] = {}
        for hit in self.hits:
            own.setdefault(hit.field, []).append(hit)
        shared: dict[str, list[LabelHit]] = {}
        for hit in self.shared_hits:
            shared.setdefault(hit.field, []).append(hit)
        return {**shared, **own}

    def free_texts(self) -> list[str]:
        return [t for t in (self.subject, self.text, self.shared_text) if t]


# Signature and address lines name the vendor's office, not the job's location.
_ADDRESS_LINE = re.compile(
    r"@|www\.|https?://|\b(?:ph|phone|tel|cell|mobile|fax|direct|office|desk|ext)\b\.?\s*[:#]?\s*[+(\d]"
    r"|\(\d{3}\)|\b\d{3}[-.\s]\d{3}[-.\s]\d{4}\b|\b(?:suite|ste\.?|street|avenue|ave\.?|road|rd\.?|"
    r"blvd|boulevard|drive|parkway|pkwy|lane|highway|hwy|floor|plaza)\b",
    re.IGNORECASE,
)
# Years in parentheses after a role's name are its experience: "QA Analyst (4+ yrs)".
_YEARS_ASIDE = re.compile(r"\((\d{1,2})\s*\+?\s*(?:years?|yrs?)\)", re.IGNORECASE)
_MAX_LABEL = re.compile(r"\bmax|\bnte\b|exceed", re.IGNORECASE)
_NEGATIVE_VALUE = re.compile(r"^\s*(?:no|n/a|na|none|not\s+\w+)\b", re.IGNORECASE)
_MODE_LABELS = {"remote": WorkMode.REMOTE, "hybrid": WorkMode.HYBRID, "onsite": WorkMode.ONSITE,
                "on-site": WorkMode.ONSITE}  # fmt: skip


def build_job(draft: JobDraft) -> ExtractedJob | None:
    if not draft.title:
        return None
    location = _location(draft)
    mode = _work_mode(draft)
    if mode is None and location == "Remote":
        mode = WorkMode.REMOTE
    if location is None and mode == WorkMode.REMOTE:
        location = "Remote"
    return ExtractedJob(
        title=draft.title[:300],
        client=_client(draft),
        location=location,
        work_mode=mode,
        employment_types=_employment_types(draft),
        duration_months=_first_labelled(draft, "duration", fields.duration_months),
        rate=_rate(draft),
        skills=find_skills(*_values(draft, "skills"), draft.title, draft.text, _single(draft)),
        experience_years=_experience(draft),
        visa=_visa(draft),
        job_id=_job_id(draft),
    )


def _single(draft: JobDraft) -> str:
    """The text around a job that is the email's only one (its skills are this job's)."""
    return draft.shared_text if draft.subject is not None else ""


def _values(draft: JobDraft, name: str) -> list[str]:
    return [f"{h.value} {h.qualifier}".strip() for h in draft.labelled(name)]


def _first(candidates: Iterable[T | None]) -> T | None:
    return next((c for c in candidates if c is not None), None)


def _first_labelled(draft: JobDraft, name: str, parse: Callable[..., T | None]) -> T | None:
    """A present label is authoritative ("Duration: long term" → None, no guessing)."""
    values = _values(draft, name)
    if values:
        return _first(parse(v, labelled=True) for v in values)
    return _first(parse(t, labelled=False) for t in draft.free_texts())


def _rate(draft: JobDraft) -> Rate | None:
    # "Max Bill Rate: $75/hr" caps the rate: the label says what the value alone does not.
    values = [
        f"up to {h.value}" if _MAX_LABEL.search(h.label) else f"{h.value} {h.qualifier}".strip()
        for h in draft.labelled("rate")
    ]
    if values:
        return _first(fields.rate(v, labelled=True) for v in values)
    return _first(fields.rate(t, labelled=False) for t in draft.free_texts())


def _experience(draft: JobDraft) -> int | None:
    labelled = _first(
        fields.experience_years(v, labelled=True) for v in _values(draft, "experience")
    )
    if labelled is not None:
        return labelled
    aside = _YEARS_ASIDE.search(draft.text)  # "• Java Developer (8+ yrs)"
    if aside is not None:
        return int(aside.group(1))
    return _first(
        fields.experience_years(t, labelled=False) for t in (draft.text, draft.shared_text)
    )


def _location(draft: JobDraft) -> str | None:
    for value in _values(draft, "location") + _values(draft, "work_mode"):
        location = _normalised(value)
        if location:
            return location
    if draft.subject:
        found = _city_states(uncapitalise(draft.subject))
        if found:
            return found[0][2]
        if tokens.work_mode(draft.subject) == WorkMode.REMOTE:
            return "Remote"
    for text in (draft.text, draft.shared_text):
        found = _city_states(_without_addresses(text))
        if found:
            return found[0][2]
    return None


@per_text
def _without_addresses(text: str) -> str:
    """``text`` without its address and phone lines (itself when it has none)."""
    lines = text.split("\n")
    kept = [line for line in lines if not _ADDRESS_LINE.search(line)]
    return text if len(kept) == len(lines) else "\n".join(kept)


# A job's block is read for "City, ST" for its location and again for the location's evidence,
# an email's intro once per job, and label values and mentions recur: scan each text once.
_city_states = per_text(lambda text: tuple(city_state_spans(text)))
_normalised = per_text(normalise_location)


def _work_mode(draft: JobDraft) -> WorkMode | None:
    for hit in draft.labelled("work_mode"):
        mode = tokens.work_mode(hit.value)
        if mode is None and hit.label in _MODE_LABELS and not _NEGATIVE_VALUE.match(hit.value):
            mode = _MODE_LABELS[hit.label]
        if mode is not None:
            return mode
    labelled = _values(draft, "location") + _values(draft, "title")
    own = _first(tokens.work_mode(t) for t in [*labelled, draft.subject or "", draft.text])
    if own is not None:
        return own
    shared = tokens.work_mode(draft.shared_text)
    # One of several jobs whose own block names its city is not remote because the intro or the
    # subject ("Dallas / Remote / Denver") says "remote" for another of them.
    if shared == WorkMode.REMOTE and draft.subject is None and _city_states(draft.text):
        return None
    return shared


def _employment_types(draft: JobDraft) -> list[EmploymentType]:
    own = "\n".join(t for t in (draft.subject, draft.text) if t)
    return tokens.employment_types(own) or tokens.employment_types(draft.shared_text)


def _visa(draft: JobDraft) -> list[Visa]:
    values = _values(draft, "visa")
    if values:
        return tokens.visas("\n".join(values))
    own = "\n".join(t for t in (draft.subject, draft.text) if t)
    return tokens.visas(own) or tokens.visas(draft.shared_text)


def _client(draft: JobDraft) -> str | None:
    hits = draft.labelled("client")
    ranked = sorted(hits, key=lambda h: 0 if "end" in h.label or "final" in h.label else 1)
    for hit in ranked:
        name = clients.client_name(hit.value)
        if name:
            return name
    return _first(clients.client_from_prose(t) for t in (draft.text, draft.shared_text))


def _job_id(draft: JobDraft) -> str | None:
    for value in _values(draft, "job_id"):
        found = fields.job_id(value, labelled=True)
        if found and len(found) >= 3:
            return found
    texts = [t for t in (draft.subject, draft.text) if t]
    return _first(fields.job_id(t, labelled=False) for t in texts)


# ------------------------------------------------------------------------------------ evidence
# Evidence is found after extraction, by value: for each field value, the tightest span of the
# job's own block, then of the whole content, the subject and the attachments, that parses back
# to that value. A span is cited only if it supports the value on its own, so evidence can be
# checked (text[start:end] re-parsed) without trusting the extractor.

_MAX_EVIDENCE = 500  # FieldEvidence.text's limit; longer spans are not cited
_REMOTE_WORD = re.compile(r"\bremote\b", re.IGNORECASE)
_ID_NOISE = re.compile(r"[\s#:-]")
_MARKUP = re.compile(r"[*_]+")
Span = tuple[int, int]


@dataclass(frozen=True)
class Region:
    source: str  # FieldEvidence.source: "body", "subject" or "attachment:<filename>"
    text: str  # the whole source text: offsets are into it
    start: int
    end: int
    labels: tuple[Span, ...] = ()  # label values inside the region, absolute


def job_evidence(job: ExtractedJob, index: int, regions: list[Region]) -> list[FieldEvidence]:
    found = []
    texts = [region.text[region.start : region.end] for region in regions]  # once per job
    for name, value in _field_values(job):
        for region, text in zip(regions, texts, strict=True):
            span = _first_support(name, value, region, text)
            if span is not None:
                start, end = span
                evidence = FieldEvidence(
                    job_index=index,
                    field=name,
                    source=region.source,
                    start=start,
                    end=end,
                    text=region.text[start:end],
                )
                found.append(evidence)
                break
    return found


def supports(name: str, value: object, text: str) -> bool:
    """Does ``text`` on its own say that field ``name`` is ``value``?"""
    if name in ("title", "client"):
        return _phrase(str(value)).search(text) is not None
    if name == "job_id":
        return _ID_NOISE.sub("", text).casefold() == _ID_NOISE.sub("", str(value)).casefold()
    if name == "location":
        return _normalised(text) == value or (
            value == "Remote" and _REMOTE_WORD.search(text) is not None
        )
    if name == "work_mode":
        return tokens.work_mode(text) == value or (
            value == WorkMode.REMOTE and _normalised(text) == "Remote"
        )
    if name == "employment_types":
        return value in tokens.employment_types(text)
    if name == "visa":
        return value in tokens.visas(text)
    if name == "skills":
        return value in find_skills(text)
    if name == "rate":
        return fields.rate(text, labelled=True) == value
    if name == "duration_months":
        return fields.duration_months(text, labelled=True) == value
    return name == "experience_years" and fields.experience_years(text, labelled=True) == value


def _field_values(job: ExtractedJob) -> list[tuple[str, object]]:
    values: list[tuple[str, object]] = []
    for name in ExtractedJob.model_fields:
        value = getattr(job, name)
        if isinstance(value, list):
            values.extend((name, item) for item in value)
        elif value is not None:
            values.append((name, value))
    return values


def _first_support(name: str, value: object, region: Region, text: str) -> Span | None:
    """The first candidate span of ``text`` (``region``'s own text) that supports the value:
    tight mentions first, then label values, then whole lines. Most values are supported by
    their first mention, so the later candidates are made only when needed."""
    base = region.start
    for a, b in _mentions(name, value, text):
        mention = text[a:b]
        trimmed = mention.strip()
        if 0 < len(trimmed) <= _MAX_EVIDENCE and supports(name, value, trimmed):
            lead = len(mention) - len(mention.lstrip())
            return base + a + lead, base + a + lead + len(trimmed)
    for start, end in region.labels:
        if _supported(name, value, region.text[start:end]):
            return start, end
    offset = base
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
            city_mentions(str(value), text, _city_states)
            if _may_hold_city(str(value), text)
            else ()
        )
        return itertools.chain(spans, (m.span() for m in _REMOTE_WORD.finditer(text)))
    if name in ("employment_types", "visa", "skills"):
        return ((a, b) for a, b, found in _scanned(name, text) if found == value)
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


def _scanned(name: str, text: str) -> Sequence[tuple[int, int, object]]:
    return _SCANS[name](text)


@lru_cache(maxsize=256)
def _phrase(value: str) -> re.Pattern[str]:
    """A title or client as written, allowing other spacing and **bold** markup between words."""
    words = [re.escape(w) for w in _MARKUP.sub(" ", value).split()]
    return re.compile(r"(?<!\w)" + r"[\s*_]+".join(words) + r"(?!\w)", re.IGNORECASE)


# The hot patterns with a first-character look-ahead (lead.py): the same matches, sooner.
_ADDRESS_LINE = guarded(_ADDRESS_LINE)
_ID_NOISE = guarded(_ID_NOISE)
_MAX_LABEL = guarded(_MAX_LABEL)
