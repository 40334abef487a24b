"""One job draft → an ExtractedJob: labels first, then the subject, then free text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from schemas.contracts.models import (
    EmploymentType,
    ExtractedJob,
    Rate,
    Visa,
    WorkMode,
)
from services.parser.rules import clients, fields, tokens
from services.parser.rules.labels import LabelHit
from services.parser.rules.lead import guarded
from services.parser.rules.locations import state_list_in, uncapitalise
from services.parser.rules.memo import per_text
from services.parser.rules.places import city_states, normalised
from services.parser.rules.skills import find_skills

__all__ = ["JobDraft", "build_job", "own_text"]

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
        by_field = self.__dict__.get("_by_field")
        if by_field is None:  # built on the first ask: segment makes drafts it drops
            by_field = self._labelled()
            object.__setattr__(self, "_by_field", by_field)
        return by_field.get(name, [])

    def _labelled(self) -> dict[str, list[LabelHit]]:
        """Field → its labels in this block, else outside every block. Kept by ``labelled``
        itself, not by a cached_property: that takes a lock at each of a draft's ~10 asks."""
        own: dict[str, list[LabelHit]] = {}
        for hit in self.hits:
            own.setdefault(hit.field, []).append(hit)
        shared: dict[str, list[LabelHit]] = {}
        for hit in self.shared_hits:
            shared.setdefault(hit.field, []).append(hit)
        return {**shared, **own}

    def values(self, name: str) -> list[str]:
        """The field's label values with their qualifiers, made once: a job asks for them ~9
        times. Shared, so not to be changed."""
        made: dict[str, list[str]] | None = self.__dict__.get("_values")
        if made is None:
            made = {}
            object.__setattr__(self, "_values", made)
        found = made.get(name)
        if found is None:
            found = made[name] = [f"{h.value} {h.qualifier}".strip() for h in self.labelled(name)]
        return found

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
    own = own_text(draft)
    return ExtractedJob(
        title=draft.title[:300],
        client=_client(draft),
        location=location,
        work_mode=mode,
        employment_types=_employment_types(draft, own),
        duration_months=_first_labelled(draft, "duration", fields.duration_months),
        rate=_rate(draft),
        skills=find_skills(*_values(draft, "skills"), draft.title, draft.text, _single(draft)),
        experience_years=_experience(draft),
        visa=_visa(draft, own),
        job_id=_job_id(draft),
    )


def _single(draft: JobDraft) -> str:
    """The text around a job that is the email's only one (its skills are this job's)."""
    return draft.shared_text if draft.subject is not None else ""


def _values(draft: JobDraft, name: str) -> list[str]:
    return draft.values(name)


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
    found = _first(
        fields.experience_years(t, labelled=False) for t in (draft.text, draft.shared_text)
    )
    # "1) Java Developer – Dallas, TX – 8+ yrs", "2. BA (Onsite) - Exp 8+": the role's own line
    return found if found is not None else fields.role_line_years(draft.text)


def _location(draft: JobDraft) -> str | None:
    for value in _values(draft, "location") + _values(draft, "work_mode"):
        location = normalised(value)
        if location:
            return location
    if draft.subject:
        found = city_states(uncapitalise(draft.subject))
        if found:
            return found[0][2]
        if tokens.work_mode(draft.subject) == WorkMode.REMOTE:
            return "Remote"
    for text in (draft.text, draft.shared_text):
        found = city_states(_without_addresses(text))
        if found:
            return found[0][2]
        if text is draft.text and tokens.work_mode(text) == WorkMode.REMOTE:
            return "Remote"  # its own "Remote", not the intro's city ("openings - Irving TX")
    # no city anywhere: "Oracle DBA onsite TX/OK/LA" names states (the first, README)
    return _first(state_list_in(t) for t in (draft.subject or "", draft.text))


@per_text
def _without_addresses(text: str) -> str:
    """``text`` without its address and phone lines (itself when it has none).

    The whole text is searched, not each line: a line with a match of its own holds the start
    of the whole text's leftmost match from that line on (a match inside a line is one in the
    text: a line break and a text's edge are alike to a word boundary), so the lines before
    that start have none. A match that runs on into the next line (its spaces may be a line
    break) is checked against its line alone; then the search goes on from the next line."""
    dropped: list[int] = []  # where the address lines start
    at = 0
    while (match := _ADDRESS_LINE.search(text, at)) is not None:
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.start())
        end = len(text) if end < 0 else end
        if match.end() <= end or _ADDRESS_LINE.search(text[start:end]):
            dropped.append(start)
        at = end + 1
    if not dropped:
        return text
    lines = text.split("\n")
    gone = {text.count("\n", 0, start) for start in dropped}
    return "\n".join(line for index, line in enumerate(lines) if index not in gone)


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
    if shared == WorkMode.REMOTE and draft.subject is None and city_states(draft.text):
        return None
    return shared


def _employment_types(draft: JobDraft, own: str) -> list[EmploymentType]:
    return tokens.employment_types(own) or tokens.employment_types(draft.shared_text)


def _visa(draft: JobDraft, own: str) -> list[Visa]:
    values = _values(draft, "visa")
    if values:
        return tokens.visas("\n".join(values))
    return tokens.visas(own) or tokens.visas(draft.shared_text)


def own_text(draft: JobDraft) -> str:
    """The subject (an email's only job) and the block: what the job itself says."""
    subject, text = draft.subject, draft.text
    return f"{subject}\n{text}" if subject and text else subject or text


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


# The hot patterns with a first-character look-ahead (lead.py): the same matches, sooner.
_ADDRESS_LINE = guarded(_ADDRESS_LINE)
_MAX_LABEL = guarded(_MAX_LABEL)
