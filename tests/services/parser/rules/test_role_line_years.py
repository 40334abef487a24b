"""A one-line role's own years (rules 1.9.0, issue 13): "1) Java Developer – Dallas, TX – 8+ yrs"
and "2. BA (Onsite) - Exp 8+" give each role its experience; a line naming a term ("Duration -
2 years") or months after the plus ("Exp 6+ months") gives none."""

from __future__ import annotations

import pytest

from services.parser.rules import extract
from services.parser.rules.fields import role_line_years
from tests.services.parser.rules.test_extractor import email


@pytest.mark.parametrize(
    ("line", "years"),
    [
        ("1) Java Developer – Dallas, TX – 8+ yrs", 8),
        ("Oracle DBA - Columbus, OH - 10-12 years", 10),
        ("2. Business Analyst (Onsite) - Richmond, VA - Exp 8+", 8),
        ("ServiceNow Developer (Remote) - Experience: 6+", 6),
        ("Duration - 2 years", None),
        ("Contract term – 3 yrs", None),
        ("Data Analyst - Exp 6+ months", None),
        ("Java Developer in Dallas, TX", None),
    ],
)
def test_role_line_years(line: str, years: int | None) -> None:
    assert role_line_years(line) == years


_ROLES = (
    "Hi Partners,\n\nPlease share resumes for the roles below.\n\n"
    "1) Java Developer – Dallas, TX – 8+ yrs\n"
    "2) Python Developer – Austin, TX – 6+ yrs\n"
    "3) Oracle DBA – Columbus, OH – 10+ yrs\n\n"
    "All roles 12 months, C2C.\n"
)
_MODES = (
    "Hello,\n\nNeed consultants for these roles. Please share resumes.\n\n"
    "1. Mainframe Developer (Hybrid) - Plano, TX - Exp 10+\n"
    "2. Business Analyst (Onsite) - Richmond, VA - Exp 8+\n\n"
    "Duration: 12 months.\n"
)


@pytest.mark.parametrize(("text", "years"), [(_ROLES, [8, 6, 10]), (_MODES, [10, 8])])
def test_each_one_line_role_gets_its_own_years(text: str, years: list[int]) -> None:
    result = extract(email("Open roles", text))
    assert [job.experience_years for job in result.jobs] == years
