"""Hybrid mode's pre-filter against labels: model calls saved, and the jobs it would lose.

The seed sends every keyword match to the model; every email of a labelled corpus is such a
match (the fetcher searched the mailbox with the candidate's keywords), so "seed calls" is the
number of emails. Hybrid mode calls the model only when ``hybrid.skip_reason`` gives no reason
to skip. The pre-filter's *recall* is the share of labelled jobs in emails it would send: a
labelled job in a skipped email is lost (the rules said "not a job" with high confidence and no
model is asked again). Pure: the decisions come in, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.parser.evaluate import EmailResult

__all__ = ["PrefilterSavings", "prefilter_savings"]


@dataclass(frozen=True)
class PrefilterSavings:
    skip_confidence: float  # the policy measured (PARSER_LLM_SKIP_CONFIDENCE)
    emails: int  # the seed's model calls: every keyword match
    sent: int  # hybrid mode's model calls
    labelled_jobs: int
    labelled_jobs_sent: int  # labelled jobs in emails hybrid mode sends
    job_emails: int  # emails labelled as carrying jobs
    missed: tuple[str, ...]  # files with labelled jobs that hybrid mode would skip

    @property
    def calls_saved(self) -> int:
        return self.emails - self.sent

    @property
    def saved_share(self) -> float:
        return self.calls_saved / self.emails if self.emails else 0.0

    @property
    def recall(self) -> float:
        return self.labelled_jobs_sent / self.labelled_jobs if self.labelled_jobs else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "skip_confidence": self.skip_confidence,
            "seed_calls": self.emails,
            "hybrid_calls": self.sent,
            "calls_saved": self.calls_saved,
            "saved_share": round(self.saved_share, 4),
            "labelled_jobs": self.labelled_jobs,
            "labelled_jobs_sent": self.labelled_jobs_sent,
            "job_emails": self.job_emails,
            "recall": round(self.recall, 4),
            "missed": list(self.missed),
        }

    def summary_lines(self) -> list[str]:
        return [
            f"hybrid pre-filter  {self.sent} of {self.emails} emails sent to the model"
            f" (seed: {self.emails}; {self.calls_saved} calls saved, {self.saved_share:.1%}),"
            f" skip confidence {self.skip_confidence}",
            f"pre-filter recall  {self.recall:.3f}   ({self.labelled_jobs_sent} of"
            f" {self.labelled_jobs} labelled jobs in sent emails;"
            f" {len(self.missed)} job email(s) skipped)",
        ]


def prefilter_savings(
    sent: Mapping[str, bool], labels: Mapping[str, EmailResult], *, skip_confidence: float
) -> PrefilterSavings:
    """``sent``: file → hybrid mode would call the model; ``labels``: the same files' labels."""
    if set(sent) != set(labels):
        raise ValueError("pre-filter decisions and labels name different files")
    job_files = sorted(name for name, label in labels.items() if label.is_job)
    return PrefilterSavings(
        skip_confidence=skip_confidence,
        emails=len(sent),
        sent=sum(1 for chosen in sent.values() if chosen),
        labelled_jobs=sum(len(labels[name].jobs) for name in job_files),
        labelled_jobs_sent=sum(len(labels[name].jobs) for name in job_files if sent[name]),
        job_emails=len(job_files),
        missed=tuple(name for name in job_files if not sent[name]),
    )
