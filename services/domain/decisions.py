"""What a parsed email becomes in the ledger: its result, skip reason and the jobs to keep."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from schemas.contracts.models import ExtractedJob


class EmailResult(StrEnum):
    JOB_CREATED = "job_created"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class Decision:
    result: EmailResult
    skip_reason: str | None = None
    jobs: list[tuple[int, ExtractedJob]] = field(default_factory=list)  # (job index, job)
