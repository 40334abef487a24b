"""Hybrid mode's pre-filter scored against labels: calls saved versus the seed's one call per
keyword match, and the labelled jobs in emails it would skip."""

from __future__ import annotations

import pytest

from schemas.contracts.models import Category, ExtractedJob
from services.parser.evaluate import EmailResult
from services.parser.evaluate_prefilter import prefilter_savings


def _job(title: str) -> ExtractedJob:
    return ExtractedJob(title=title)


LABELS = {
    "two_roles.eml": EmailResult(True, Category.REQUIREMENT, (_job("Java Dev"), _job("QA Lead"))),
    "one_role.eml": EmailResult(True, Category.REQUIREMENT, (_job("BA"),)),
    "hotlist.eml": EmailResult(False, Category.HOTLIST),
    "lunch.eml": EmailResult(False, Category.PERSONAL),
}


def test_skipped_look_alikes_are_saved_calls_with_full_recall() -> None:
    sent = {"two_roles.eml": True, "one_role.eml": True, "hotlist.eml": True, "lunch.eml": False}
    found = prefilter_savings(sent, LABELS, skip_confidence=0.8)
    assert (found.emails, found.sent, found.calls_saved) == (4, 3, 1)
    assert found.saved_share == 0.25
    assert (found.labelled_jobs, found.labelled_jobs_sent, found.recall) == (3, 3, 1.0)
    assert found.missed == ()
    assert found.to_dict()["seed_calls"] == 4 and found.to_dict()["hybrid_calls"] == 3


def test_a_skipped_job_email_loses_all_its_jobs() -> None:
    sent = {"two_roles.eml": False, "one_role.eml": True, "hotlist.eml": False, "lunch.eml": False}
    found = prefilter_savings(sent, LABELS, skip_confidence=0.8)
    assert (found.calls_saved, found.labelled_jobs_sent) == (3, 1)
    assert found.recall == pytest.approx(1 / 3)
    assert found.missed == ("two_roles.eml",)
    assert "1 of 3 labelled jobs" in found.summary_lines()[1]


def test_no_jobs_to_find_is_full_recall_and_files_must_agree() -> None:
    found = prefilter_savings(
        {"lunch.eml": False}, {"lunch.eml": LABELS["lunch.eml"]}, skip_confidence=0.8
    )
    assert (found.recall, found.saved_share) == (1.0, 1.0)
    with pytest.raises(ValueError, match="different files"):
        prefilter_savings({"lunch.eml": False}, LABELS, skip_confidence=0.8)
