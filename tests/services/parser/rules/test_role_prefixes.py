"""Multi-role mail whose role lines carry something ahead of or around the role (rules 1.11.0,
issue 13, multi helper): a list quoted with "> " (a forward or a reply), a requisition id ahead
of the title ("REQ#10234 Java Developer", "JR-4412 | Java Developer | …"), a numbered heading on
the title line ("Req 1 of 3 - Network Engineer") and a field row that also reads as a label
("Remote | 12 months | $70/hr"). Each mail here is written for the test, not one of the corpus
cases (handwritten/multi_role_list_cases.py)."""

from __future__ import annotations

from schemas.contracts.models import Category, WorkMode
from services.parser.rules import Extraction
from services.parser.rules.role_anchors import line_title
from services.parser.rules.role_shapes import line_kinds
from services.parser.rules.segment import unquoted
from tests.services.parser.rules.plain_mail import extract_plain as _extract


def _rows(result: Extraction) -> list[tuple[str, str | None, int | None]]:
    assert result.category == Category.REQUIREMENT
    return [(j.title, j.location, j.duration_months) for j in result.jobs]


def test_quoted_list_reads_as_its_lines() -> None:
    body = (
        "Please see below and share profiles.\n\n"
        "> Hello,\n>\n"
        "> 1) Workday Developer - Reston, VA - 9+ yrs\n"
        "> 2) Informatica Developer - Remote - 6+ yrs\n"
        "> 3) Scala Developer - Denver, CO - 8+ yrs\n>\n"
        "> Duration: 6 months\n"
    )
    result = _extract("Re: Three openings", body)
    assert _rows(result) == [
        ("Workday Developer", "Reston, VA", 6),
        ("Informatica Developer", "Remote", 6),
        ("Scala Developer", "Denver, CO", 6),
    ]


def test_unquoted_keeps_line_lengths_and_leaves_a_bulleted_list() -> None:
    quoted = ["> 1) Java Developer", ">", ">> Location: Dallas, TX", "plain"]
    assert unquoted(quoted) == ["  1) Java Developer", " ", "   Location: Dallas, TX", "plain"]
    # no quoted blank line: "> " marks a list's items, not quoted text
    bulleted = ["> Java Developer", "> QA Analyst"]
    assert unquoted(bulleted) == bulleted


def test_requisition_id_is_no_part_of_the_title() -> None:
    assert line_title("REQ#10234 Java Developer") == "Java Developer"
    assert line_title("JR-4412 | QA Analyst | Tampa, FL") == "QA Analyst"
    assert line_title("#55012 - Data Engineer") == "Data Engineer"
    assert line_title("Req 2 of 4 - Linux Administrator") == "Linux Administrator"
    # short numbers and versions stay: they are no requisition ids
    assert line_title("5G Network Engineer") == "5G Network Engineer"


def test_id_led_rows_without_header_are_one_job_each() -> None:
    body = (
        "Hi,\n\nPlease share resumes for these requisitions.\n\n"
        "RQ-7701 | Mulesoft Developer | Irving, TX | 12 months\n"
        "RQ-7702 | Kotlin Developer | Remote | 6 months\n"
        "RQ-7703 | Solution Architect | Boston, MA | 9 months\n\n"
        "W2 only.\n"
    )
    result = _extract("Open requisitions", body)
    assert _rows(result) == [
        ("Mulesoft Developer", "Irving, TX", 12),
        ("Kotlin Developer", "Remote", 6),
        ("Solution Architect", "Boston, MA", 9),
    ]


def test_field_row_read_as_a_label_still_states_its_fields() -> None:
    # "Remote | 9 months | $70/hr" is a "Remote" label to the label finder
    assert line_kinds("Remote | 9 months | $70/hr", {"work_mode"}) == {
        "work_mode",
        "location",
        "duration",
        "rate",
    }
    body = (
        "Hi, please share resumes for the below roles.\n\n"
        "Mulesoft Developer (Job ID: 88101)\nIrving, TX | 12 months | $62/hr\n\n"
        "Kotlin Developer (Job ID: 88102)\nRemote | 9 months | $70/hr\n\n"
        "Thanks\n"
    )
    result = _extract("Two roles", body)
    assert _rows(result) == [
        ("Mulesoft Developer", "Irving, TX", 12),
        ("Kotlin Developer", "Remote", 9),
    ]
    # the second role's "Remote" is its own, not the first role's
    assert [j.work_mode for j in result.jobs] == [None, WorkMode.REMOTE]
