"""Requirements, not emails: when two extracted jobs are one requirement.

A vendor's copy of a requirement differs from another vendor's in wording ("Sr. Java Dev" vs
"Senior Java Developer"), skills order and rate, rarely in the role itself. So a job is reduced
to a ``Profile`` (normalized title core, seniority and level, client, city and state, skills,
rate), candidates are looked up by a ``block_key`` (title head noun + state) so a match compares
few rows, and ``match_score`` says how alike two profiles are; ``same_requirement`` applies the
threshold calibrated on the labelled set (tests/corpus/requirements). An end-client job id
shared by both decides at once. Near-misses stay apart by vetoes, not by a lower score: another
city, another client, another seniority or level, another title core, titles that each name
something the other lacks ("Oracle DBA" / "SQL Server DBA"), half the skills or fewer in
common, and two job ids of one numbering ("VZ-20411" / "VZ-20412": a vendor's next opening).

``is_closing_notice`` is the rule for "position filled / closed / on hold" mail, and
``best_supported`` picks a requirement's canonical value among its sightings'.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar

from rapidfuzz import fuzz

from schemas.contracts.models import ExtractedJob

# Calibrated on the dev split of tests/corpus/requirements (`reqstream eval ... --duplicates
# --split dev --threshold T`): pairwise precision and recall are 1.0 for every T in 0.05-0.90
# (the vetoes separate the near-misses; the lowest true pair scores 0.877), recall drops at
# 0.95; 0.7 sits inside that plateau (tests/services/domain/test_requirements_eval.py).
MATCH_THRESHOLD = 0.7
DEFAULT_WINDOW_DAYS = 30

_ABBREVIATIONS = {
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "dev": "developer",
    "devs": "developer",
    "developers": "developer",
    "eng": "engineer",
    "engr": "engineer",
    "engg": "engineer",
    "engineers": "engineer",
    "mgr": "manager",
    "admin": "administrator",
    "arch": "architect",
    "ba": "business analyst",
    "qa": "quality assurance",
    "pm": "project manager",
    "sw": "software",
    "sde": "software developer",
    "swe": "software engineer",
    "dba": "database administrator",
    "dotnet": "net",  # ".NET" loses its dot like any word's edge
    "sfdc": "salesforce",
    "fullstack": "full stack",
    "full-stack": "full stack",
    "front-end": "frontend",
    "back-end": "backend",
    "mid": "mid",
}
_SENIORITY = {
    "senior": "senior",
    "junior": "junior",
    "lead": "lead",
    "principal": "principal",
    "staff": "staff",
    "entry": "junior",
    "associate": "junior",
    "mid": "mid",
}
_LEVELS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}
# Words a vendor wraps around a title that say nothing about the role.
_NOISE_WORDS = (
    "urgent urgently immediate immediately need needed hiring hot requirement req position role "
    "opening job for a an the with only local locals remote onsite hybrid contract c2c w2 "
    "1099 fulltime fte cth long term level"
)
_NOISE = frozenset(_NOISE_WORDS.split())
_HEADS = (
    "developer",
    "engineer",
    "analyst",
    "architect",
    "administrator",
    "manager",
    "scientist",
    "consultant",
    "tester",
    "designer",
    "specialist",
    "lead",
)
_STATE = re.compile(r",\s*([A-Za-z]{2})\b")
_PARENTHESES = re.compile(r"\([^)]*\)")
_TITLE_JUNK = re.compile(r"[^a-z0-9+#.\-/ ]")
_TITLE_SPLIT = re.compile(r"[\s/]+")
_CLIENT_JUNK = re.compile(r"[^a-z0-9 ]")
_ID_JUNK = re.compile(r"[^a-z0-9]")
_CLIENT_SUFFIX = re.compile(
    r"\b(inc|llc|ltd|corp|corporation|co|company|group|na|plc|the)\b\.?", re.IGNORECASE
)


@dataclass(frozen=True)
class Title:
    """A title reduced to what identifies the role: "Sr. Java Dev II" → core "java developer",
    seniority "senior", level 2."""

    core: str
    seniority: str | None
    level: int | None


@dataclass(frozen=True)
class Profile:
    """The matching view of one extracted job."""

    title: Title
    client: str | None
    city: str | None
    state: str | None
    remote: bool
    skills: frozenset[str]
    rate_min: float | None
    rate_max: float | None
    rate_unit: str | None
    job_id: str | None


def normalize_title(title: str) -> Title:
    text = title.lower().replace("&", " and ")
    text = _PARENTHESES.sub(" ", text)  # "(W2 only)", "(Remote)"
    text = _TITLE_JUNK.sub(" ", text)
    words: list[str] = []
    for raw in _TITLE_SPLIT.split(text):
        word = raw.strip(".-")
        if not word:
            continue
        words.extend(_ABBREVIATIONS.get(word, word).split())
    seniority: str | None = None
    level: int | None = None
    core: list[str] = []
    for index, word in enumerate(words):
        if word in _SENIORITY and seniority is None:
            seniority = _SENIORITY[word]
            # a title's last word "Lead" ("Tech Lead") is the role; before the role ("Java
            # Lead Developer") it is a seniority like "Lead Java Developer"
            if word == "lead" and index > 0 and index == len(words) - 1:
                seniority = None
                core.append(word)
            continue
        if word in _LEVELS and index > 0:
            level = _LEVELS[word]
            continue
        if word in _NOISE or word.isdigit():
            continue
        core.append(word)
    return Title(" ".join(core), seniority, level)


def normalize_client(client: str | None) -> str | None:
    if not client:
        return None
    text = _CLIENT_SUFFIX.sub(" ", client.lower())
    text = _CLIENT_JUNK.sub(" ", text)
    return " ".join(text.split()) or None


def normalize_job_id(job_id: str | None) -> str | None:
    if not job_id:
        return None
    text = _ID_JUNK.sub("", job_id.lower())
    return text or None


def profile(job: ExtractedJob) -> Profile:
    rate = job.rate
    return profile_of_values(
        title=job.title,
        client=job.client,
        location=job.location,
        skills=job.skills,
        rate_min=rate.min if rate else None,
        rate_max=rate.max if rate else None,
        rate_unit=rate.unit if rate else None,
        job_id=job.job_id,
    )


def profile_of_values(
    *,
    title: str,
    client: str | None,
    location: str | None,
    skills: Sequence[str],
    rate_min: float | None,
    rate_max: float | None,
    rate_unit: str | None,
    job_id: str | None,
) -> Profile:
    """``profile`` of a job with these values (a requirement's canonical fields, without
    building the job)."""
    city: str | None = None
    state: str | None = None
    remote = False
    if location:
        location = location.strip()
        if location.lower().startswith("remote"):
            remote = True
        else:
            found = _STATE.search(location)
            state = found.group(1).upper() if found else None
            city = location.split(",")[0].strip().lower() or None
    return Profile(
        title=normalize_title(title),
        client=normalize_client(client),
        city=city,
        state=state,
        remote=remote,
        skills=frozenset(skill.lower().strip() for skill in skills if skill.strip()),
        rate_min=rate_min,
        rate_max=rate_max,
        rate_unit=rate_unit,
        job_id=normalize_job_id(job_id),
    )


def title_head(title: Title) -> str:
    """The role's head noun ("developer", "engineer"...), else the core's last word."""
    words = title.core.split()
    for word in reversed(words):
        if word in _HEADS:
            return word
    return words[-1] if words else ""


def block_key(profile: Profile) -> str:
    """Candidates for a match share this key: the title's head noun and the state (or
    "remote"). Cheap to index, and a true duplicate almost never differs in either."""
    where = "remote" if profile.remote else (profile.state or "?")
    return f"{title_head(profile.title)}|{where}"


def _vetoed(a: Profile, b: Profile) -> bool:
    """Near-misses: the same words about another role, place or client (and see
    ``_other_skills``)."""
    if _differs(a.title.seniority, b.title.seniority):
        return True
    if _differs(a.title.level, b.title.level):
        return True
    if a.remote != b.remote and (a.city or b.city):
        return True
    if a.state and b.state and a.state != b.state:
        return True
    if a.city and b.city and _ratio(a.city, b.city) < 85:
        return True
    if a.client and b.client and _token_set_ratio(a.client, b.client) < 80:
        return True
    return _title_similarity(a.title.core, b.title.core) is None


# A job is scored against every open requirement of its block, and a tenant's titles, clients,
# cities and skill sets repeat across its vendors' mail: the string comparisons are kept by
# their strings (the scoring's cost was mostly rapidfuzz calls on pairs it had compared before).
_PAIRS_KEPT = 1 << 14


@lru_cache(maxsize=_PAIRS_KEPT)
def _ratio(a: str, b: str) -> float:
    return fuzz.ratio(a, b)


@lru_cache(maxsize=_PAIRS_KEPT)
def _token_set_ratio(a: str, b: str) -> float:
    return fuzz.token_set_ratio(a, b)


def _other_skills(a: Profile, b: Profile, skills: float | None) -> bool:
    """A near-miss by its skills (``skills``: their ``_skills_similarity``)."""
    # a vendor trims and reorders the skills but keeps most (dev copies keep 3 of 4 or more):
    # half or fewer in common is another role ("Azure DevOps" beside "DevOps", one client)
    return skills is not None and min(len(a.skills), len(b.skills)) >= 3 and skills < 0.6


def _titles_conflict(a: str, b: str) -> bool:
    """Each title names something the other does not ("Oracle DBA" / "SQL Server DBA",
    "AWS DevOps" / "Azure DevOps"): two roles. A word only one side adds ("Big Data
    Engineer", "Cloud Architect AWS") is a vendor's wording, and head nouns differ freely."""
    return bool(_uncovered(a, b)) and bool(_uncovered(b, a))


def _uncovered(a: str, b: str) -> list[str]:
    """Words of ``a`` (not head nouns) that ``b`` lacks, also glued ("React JS" ~ "ReactJS")."""
    words = b.split()
    glued = "".join(words)
    return [
        word
        for word in a.split()
        if word not in _HEADS
        and word not in glued
        and all(fuzz.ratio(word, other) < 85 for other in words)
    ]


@lru_cache(maxsize=_PAIRS_KEPT)
def _title_similarity(a: str, b: str) -> float | None:
    """Word sets alike, or the same letters glued ("Sales force" ~ "Salesforce"); None for two
    title cores of two roles (too unlike, or each naming what the other lacks)."""
    if fuzz.token_sort_ratio(a, b) < 60 or _titles_conflict(a, b):
        return None
    glued = fuzz.ratio(a.replace(" ", ""), b.replace(" ", ""))
    return max(fuzz.token_set_ratio(a, b), glued) / 100


def _differs(a: object, b: object) -> bool:
    return a is not None and b is not None and a != b


@lru_cache(maxsize=_PAIRS_KEPT)
def _skills_similarity(a: frozenset[str], b: frozenset[str]) -> float | None:
    if not a or not b:
        return None
    # the share of the smaller set with a close partner ("ReactJS" ~ "React", not "Spring" ~
    # "Spring Boot")
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    # the same skill on both sides is a close partner without comparing it to every other
    shared = sum(
        1
        for skill in small
        if skill in large or max(fuzz.ratio(skill, other) for other in large) >= 85
    )
    return shared / len(small)


def _rate_similarity(a: Profile, b: Profile) -> float | None:
    if a.rate_unit is None or a.rate_unit != b.rate_unit:
        return None
    low_a, high_a = _bounds(a)
    low_b, high_b = _bounds(b)
    if low_a is None or low_b is None or high_a is None or high_b is None:
        return None
    # vendors take their cut: a rate 25% apart is still the same requirement
    gap = max(low_a, low_b) - min(high_a, high_b)
    if gap <= 0:
        return 1.0
    return max(0.0, 1.0 - gap / (0.25 * max(high_a, high_b)))


def _bounds(p: Profile) -> tuple[float | None, float | None]:
    low = p.rate_min if p.rate_min is not None else p.rate_max
    high = p.rate_max if p.rate_max is not None else p.rate_min
    return low, high


# prefixes too generic to say whose numbering an id follows ("REQ-1042" from two vendors)
_GENERIC_ID_PREFIXES = frozenset({"req", "job", "jid", "id", "jo", "po", "r", "j", "no"})
_ID_SCHEME = re.compile(r"([a-z]+)(\d+)")


def _other_id_of_one_scheme(a: str | None, b: str | None) -> bool:
    """Two ids of one numbering ("VZ-20411", "VZ-20412"): the same client's or vendor's two
    openings, however alike the mails (a vendor's blast for its next opening)."""
    if a is None or b is None or a == b:
        return False
    scheme = _id_scheme(a)
    return scheme is not None and scheme == _id_scheme(b)


@lru_cache(maxsize=_PAIRS_KEPT)
def _id_scheme(job_id: str) -> str | None:
    """The numbering an id follows ("vz" of "vz20411"), None for none or a generic one."""
    found = _ID_SCHEME.fullmatch(job_id)
    if found is None or found.group(1) in _GENERIC_ID_PREFIXES:
        return None
    return found.group(1)


def match_score(a: Profile, b: Profile) -> float:
    """0..1; 1.0 for a shared end-client job id, 0.0 for a near-miss."""
    if a.job_id is not None and a.job_id == b.job_id:
        return 1.0
    if _other_id_of_one_scheme(a.job_id, b.job_id):
        return 0.0
    if _vetoed(a, b):
        return 0.0
    # computed once for the veto and the score: the most expensive part of a pair
    skills = _skills_similarity(a.skills, b.skills)
    if _other_skills(a, b, skills):
        return 0.0
    title = _title_similarity(a.title.core, b.title.core)
    assert title is not None  # not vetoed
    parts: list[tuple[float, float]] = [(0.5, title)]
    if skills is not None:
        parts.append((0.25, skills))
    if a.client and b.client:
        parts.append((0.1, _token_set_ratio(a.client, b.client) / 100))
    if a.city and b.city:
        parts.append((0.1, 1.0))
    rate = _rate_similarity(a, b)
    if rate is not None:
        parts.append((0.05, rate))
    weight = sum(w for w, _ in parts)
    return sum(w * s for w, s in parts) / weight


def same_requirement(a: Profile, b: Profile, *, threshold: float = MATCH_THRESHOLD) -> bool:
    return match_score(a, b) >= threshold


def group_duplicates(
    profiles: Sequence[Profile], *, threshold: float = MATCH_THRESHOLD
) -> list[int]:
    """A group number per profile, in order: each joins the earlier group it matches best,
    as the jobwriter attaches a sighting to its best candidate, one sighting at a time,
    without a database. A group is a candidate when a member shares the block key or the job
    id; a member's job id of the same numbering as this one's but another number rules the
    group out (a copy that hides the id must not bridge two openings)."""
    groups: list[int] = []
    members: dict[int, list[Profile]] = {}
    for index, current in enumerate(profiles):
        key = block_key(current)
        best: tuple[float, int] | None = None
        for group, owned in members.items():
            if any(_other_id_of_one_scheme(current.job_id, m.job_id) for m in owned):
                continue
            scores = [
                match_score(current, member)
                for member in owned
                if block_key(member) == key
                or (current.job_id is not None and current.job_id == member.job_id)
            ]
            score = max(scores, default=0.0)
            if score >= threshold and (best is None or score > best[0]):
                best = (score, group)
        group = best[1] if best else index
        members.setdefault(group, []).append(current)
        groups.append(group)
    return groups


def duplicate_groups(
    emails: Sequence[Sequence[ExtractedJob]], *, threshold: float = MATCH_THRESHOLD
) -> list[str | None]:
    """A group id per email ("g1", "g2"... in order of first appearance): emails with a job of
    the same requirement share one; None for an email whose jobs no other email repeats."""
    owners = [index for index, jobs in enumerate(emails) for _ in jobs]
    groups = group_duplicates(
        [profile(job) for jobs in emails for job in jobs], threshold=threshold
    )
    emails_of: dict[int, set[int]] = {}
    for owner, group in zip(owners, groups, strict=True):
        emails_of.setdefault(group, set()).add(owner)
    shared: list[str | None] = [None] * len(emails)
    names: dict[int, str] = {}
    for owner, group in zip(owners, groups, strict=True):
        if shared[owner] is None and len(emails_of[group]) > 1:
            name = names.setdefault(group, f"g{len(names) + 1}")
            shared[owner] = name
    return shared


_CLOSING = re.compile(
    r"\b(position|role|requirement|req|job|opening)\s+(is\s+|has\s+been\s+)?"
    r"(filled|closed|on\s+hold|cancelled|canceled|no\s+longer\s+(open|available))\b"
    r"|\b(filled|closed|on\s+hold)\s*[:\-]\s*",
    re.IGNORECASE,
)


def is_closing_notice(subject: str | None, body: str = "") -> bool:
    """ "Position filled / closed / on hold" mail: the requirement it names is no longer open."""
    return bool(_CLOSING.search(subject or "") or _CLOSING.search(body[:2000]))


V = TypeVar("V", bound=Hashable)


class LatestByVendor(Generic[V]):
    """One field's values as a requirement's sightings arrive, in any order of ``when`` (a
    comparable, unique per sighting): each vendor's latest value, what ``canonical`` counts.
    Adding a sighting and asking for the best value cost as much as the vendors, not the
    sightings."""

    def __init__(self) -> None:
        self._latest: dict[str | None, tuple[tuple[Any, ...], V]] = {}
        # the best value as last computed, valid until a vendor's latest value changes: a
        # requirement's fields are recomputed at every sighting, which leaves most unchanged
        self._best: V | None = None
        self._best_known = True

    def add(self, when: tuple[Any, ...], vendor: str | None, value: V | None) -> None:
        if value is None:
            return
        held = self._latest.get(vendor)
        if held is None or held[0] < when:
            self._latest[vendor] = (when, value)
            self._best_known = False

    def best(self) -> V | None:
        """The best-supported of the vendors' latest values, ties to the latest."""
        if not self._best_known:
            self._best = (
                next(iter(self._latest.values()))[1]
                if len(self._latest) == 1
                else best_supported(
                    [value for _, value in sorted(self._latest.values(), key=_when)]
                )
            )
            self._best_known = True
        return self._best


def _when(entry: tuple[tuple[Any, ...], object]) -> tuple[Any, ...]:
    return entry[0]


def canonical(sightings: Sequence[tuple[str | None, V | None]]) -> V | None:
    """A requirement's value from its sightings' (vendor, value) pairs, oldest first: each
    vendor's latest value counts once (a vendor's later mail with a raised rate updates its
    own), then the best-supported value wins, ties to the latest."""
    latest = LatestByVendor[V]()
    for order, (vendor, value) in enumerate(sightings):
        latest.add((order,), vendor, value)
    return latest.best()


_SENDER_DOMAIN = re.compile(r"@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def vendor_domain(sender: str | None) -> str | None:
    """The vendor company's mail domain from a From header ("Ravi <ravi@techvendor.com>")."""
    if not sender:
        return None
    found = _SENDER_DOMAIN.search(sender)
    return found.group(1).lower().rstrip(".") if found else None


def best_supported(values: Sequence[V | None]) -> V | None:
    """The value most sightings gave, ties to the latest (values are oldest first)."""
    # a dict, not a Counter: this runs for every field of a requirement a sighting joins
    counts: dict[V, int] = {}
    for value in values:
        if value is not None:
            counts[value] = counts.get(value, 0) + 1
    if not counts:
        return None
    top = max(counts.values())
    for value in reversed(values):
        if value is not None and counts[value] == top:
            return value
    return None  # unreachable: some value has the top count
