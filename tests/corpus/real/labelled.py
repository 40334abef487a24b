"""A labelled real message and its jobs, in the extraction contract (shared by the collection passes)."""

# ruff: noqa: E501  (labels and notes are data)

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["FIELDS", "Real", "hourly", "job", "requirement"]

FIELDS = ("title", "client", "location", "work_mode", "employment_types", "duration_months",
          "rate", "skills", "experience_years", "visa", "job_id")  # fmt: skip


# The licence line of the list archives' passes (fourth and later): same archives' terms.
LIST_TRAFFIC_LICENCE = (
    "No licence stated by the archive repository. Unsolicited posts and list traffic sent to a "
    "public mailing list and republished in its public archive; reproduced here as test data "
    "only, scrubbed of personal addresses, phone numbers and names."
)


def job(title: str, **values: Any) -> dict[str, Any]:
    """A labelled job with every contract field present (nulls and empty lists by default)."""
    label: dict[str, Any] = dict.fromkeys(FIELDS)
    label.update(title=title, employment_types=[], skills=[], visa=[])
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {unknown}")
    label.update(values)
    return label


def hourly(low: int, high: int | None = None) -> dict[str, Any]:
    """A labelled hourly USD rate: "$60/hr" → hourly(60), "$45-$70/hr" → hourly(45, 70)."""
    return {"min": low, "max": low if high is None else high, "unit": "hour", "currency": "USD"}


def requirement(note: str, *jobs: dict[str, Any]) -> dict[str, Any]:
    """A requirement mail's label: its jobs and the note saying what its layout is."""
    return {"is_job": True, "category": "requirement", "note": note, "jobs": list(jobs)}


@dataclass(frozen=True)
class Real:
    archive: str  # key of ARCHIVES
    commit: str  # abbreviated commit of the archive
    slug: str
    group: str  # sender or mail template: split unit, so near-copies never straddle dev and heldout
    category: str
    note: str
    jobs: list[dict[str, Any]] = field(default_factory=list)
    # 1: the first collection (split by group, filling heldout to 40 %); 2: later passes, whose
    # group is derived from the sender and split by its hash alone (build_real_corpus._split)
    batch: int = 1
