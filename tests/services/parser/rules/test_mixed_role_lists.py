"""Multi-role lists the rules 1.11.0 read (issue 13, multi helper): some roles with a "Job
Title:" label and the rest bare titles, each over its own Location label; and three or more
unbulleted "Title (N+ years)" lines in a row. Each mail here is written for the test, not one
of the corpus cases (handwritten/multi_role_list_cases.py)."""

from __future__ import annotations

from schemas.contracts.models import Category
from services.parser.rules import Extraction
from tests.services.parser.rules.plain_mail import extract_plain as _extract


def _rows(result: Extraction) -> list[tuple[str, str | None, int | None]]:
    assert result.category == Category.REQUIREMENT
    return [(j.title, j.location, j.experience_years) for j in result.jobs]


def test_labelled_and_bare_titles_are_all_roles() -> None:
    body = (
        "Hello,\n\nPlease share profiles for the roles below.\n\n"
        "Job Title: Golang Developer\nLocation: Sunnyvale, CA\n\n"
        "Cloud Architect\nLocation: Reston, VA\n\n"
        "Oracle DBA\nLocation: Columbus, OH\n\n"
        "Thanks\n"
    )
    assert _rows(_extract("Roles", body)) == [
        ("Golang Developer", "Sunnyvale, CA", None),
        ("Cloud Architect", "Reston, VA", None),
        ("Oracle DBA", "Columbus, OH", None),
    ]


def test_labelled_title_beside_one_bare_line_is_one_job() -> None:
    body = (
        "Job Title: Golang Developer\nLocation: Sunnyvale, CA\nDuration: 12 months\n\n"
        "Please share resumes.\n\n"
        "Technical Recruiter\nLocation: Dallas, TX\n"
    )
    assert [j.title for j in _extract("Golang Developer", body).jobs] == ["Golang Developer"]


def test_unbulleted_title_years_lines_are_one_job_each() -> None:
    body = (
        "Hi,\n\nPlease send resumes for these roles in Denver, CO:\n\n"
        "Cloud Architect (12+ years)\nGolang Developer (5+ years)\nOracle DBA (9+ years)\n\n"
        "Thanks\n"
    )
    assert _rows(_extract("Three roles", body)) == [
        ("Cloud Architect", "Denver, CO", 12),
        ("Golang Developer", "Denver, CO", 5),
        ("Oracle DBA", "Denver, CO", 9),
    ]


def test_two_unbulleted_title_lines_stay_one_job() -> None:
    body = (
        "Hi,\n\nGolang Developer (5+ years)\nSenior Golang Developer (8+ years)\n\n"
        "One opening in Denver, CO; we take either level. Please send resumes.\n"
    )
    assert len(_extract("Golang Developer", body).jobs) == 1
