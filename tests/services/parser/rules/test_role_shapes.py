"""Multi-role mail whose roles are bare title lines (issue 13, role_shapes.py): a title line and
the field lines around it repeated once per role split into one job each with its own fields;
what the intro and a footer state reaches every role; a title-like line that says nothing else
(a recruiter's signature over a city) is no role."""

from __future__ import annotations

from schemas.contracts.models import Category, EmploymentType, Visa, WorkMode
from services.parser.rules import Extraction
from services.parser.rules.line_facts import LineFacts
from services.parser.rules.locations import state_list_in
from services.parser.rules.role_shapes import line_kinds, shaped_title_anchors
from tests.services.parser.rules.plain_mail import extract_plain


def _rows(result: Extraction) -> list[tuple[str, str | None, int | None]]:
    assert result.category == Category.REQUIREMENT
    return [(j.title, j.location, j.duration_months) for j in result.jobs]


def test_titles_over_one_field_row_each() -> None:
    body = (
        "Hi Partners,\n\nPlease send consultants for the following, all C2C:\n\n"
        "Java Full Stack Developer\nIrving, TX \u2022 12 months \u2022 $62/hr\n\n"
        "React Developer\nRemote \u2022 9 months \u2022 $55/hr\n\n"
        "Oracle DBA\nHartford, CT \u2022 18 months \u2022 $68/hr\n\nThanks\n"
    )
    result = extract_plain("3 urgent openings - Irving TX and around", body)
    # the React role's own "Remote", not the subject's Irving
    assert _rows(result) == [
        ("Java Full Stack Developer", "Irving, TX", 12),
        ("React Developer", "Remote", 9),
        ("Oracle DBA", "Hartford, CT", 18),
    ]
    assert [j.rate.min if j.rate else None for j in result.jobs] == [62, 55, 68]
    assert all(j.employment_types == [EmploymentType.C2C] for j in result.jobs)


def test_field_row_above_each_title() -> None:
    body = (
        "Hi,\n\nPlease share resumes.\n\n"
        "Hartford, CT - 12 months - $65/hr\nSenior Mainframe Developer\nCOBOL, DB2, JCL\n\n"
        "Columbus, OH - 6 months - $55/hr\nGuidewire Developer\nGuidewire, Java\n\n"
        "Reply with rate.\n"
    )
    result = extract_plain("2 needs", body)
    assert _rows(result) == [
        ("Senior Mainframe Developer", "Hartford, CT", 12),
        ("Guidewire Developer", "Columbus, OH", 6),
    ]
    assert "guidewire" not in result.jobs[0].skills


def test_roles_between_star_rules_share_client_and_footer() -> None:
    body = (
        "Hi Team,\n\nPlease share resumes.\nEnd client: Northwind Health\n\n"
        "***\nPython Developer\nNashville, TN (Hybrid)\n8+ years\n"
        "***\nData Modeler\nRemote\n7+ years\n***\n\nC2C OK. H1B fine.\n"
    )
    result = extract_plain("2 positions", body)
    assert _rows(result) == [
        ("Python Developer", "Nashville, TN", None),
        ("Data Modeler", "Remote", None),
    ]
    assert [j.work_mode for j in result.jobs] == [WorkMode.HYBRID, WorkMode.REMOTE]
    assert [j.experience_years for j in result.jobs] == [8, 7]
    assert all(j.client == "Northwind Health" for j in result.jobs)
    assert all(j.visa == [Visa.H1B] for j in result.jobs)


def test_lettered_roles_lose_their_letter() -> None:
    body = (
        "Hi all,\n\nPlease share resumes for below:\n\n"
        "a. ServiceNow Developer\nRemote\n9 months\nexp 7+ yrs\n\n"
        "b. SAP FICO Consultant\nHouston, TX\n12 months\nexp 10+ yrs\n\nRegards\n"
    )
    result = extract_plain("Requirements", body)
    assert _rows(result) == [
        ("ServiceNow Developer", "Remote", 9),
        ("SAP FICO Consultant", "Houston, TX", 12),
    ]


def test_paragraph_of_role_names_shares_the_sentence_above() -> None:
    body = (
        "Hi team,\n\nOur client in Columbus, OH has the following openings (onsite, 12 months, "
        "W2 only, USC/GC):\n\nJava Developer\nBusiness Analyst\nScrum Master\nData Architect\n\n"
        "Send resumes with rate and availability.\n"
    )
    result = extract_plain("4 openings - Columbus OH", body)
    assert _rows(result) == [
        ("Java Developer", "Columbus, OH", 12),
        ("Business Analyst", "Columbus, OH", 12),
        ("Scrum Master", "Columbus, OH", 12),
        ("Data Architect", "Columbus, OH", 12),
    ]
    assert all(set(j.visa) == {Visa.USC, Visa.GC} for j in result.jobs)


def test_signature_title_over_a_city_is_no_second_role() -> None:
    body = (
        "Hello,\n\nPlease share resumes.\n\nBackend Engineer\nRemote\nexp: 6-8 yrs\n"
        "Skills: Java Developer background, Spring\n\n"
        "Recruiter 9\nTalent Acquisition Manager\nDallas, TX\n"
    )
    result = extract_plain("Backend Engineer - Remote", body)
    assert _rows(result) == [("Backend Engineer", "Remote", None)]


def test_shouted_role_word_is_no_city_and_state_codes_are_the_place() -> None:
    result = extract_plain(
        "Oracle DBA TX/OK/LA", "Need Oracle DBA onsite TX/OK/LA 12m+ w2 USC/GC pls\n"
    )
    assert [j.location for j in result.jobs] == ["TX"]


def test_line_kinds_and_state_runs() -> None:
    assert line_kinds("Irving, TX \u2022 12 months \u2022 $62/hr") == {
        "location",
        "duration",
        "rate",
    }
    assert line_kinds("Java, Spring Boot, Kafka") == set()
    assert state_list_in("onsite TX/OK/LA 12m+") == "TX"
    assert state_list_in("USC/GC only") is None


def test_one_role_with_place_and_years_is_no_layout() -> None:
    lines = ["Java Developer", "Dallas, TX", "exp: 8+ yrs", "", "Thanks"]
    assert shaped_title_anchors(LineFacts(lines, [])) == []


def test_roles_without_blank_lines_between_them() -> None:
    lines = [
        "Please share resumes.",
        "",
        "Java Developer",
        "Dallas, TX \u2022 12 months",
        "Python Developer",
        "Plano, TX \u2022 6 months",
        "QA Analyst",
        "Remote \u2022 9 months",
    ]
    assert shaped_title_anchors(LineFacts(lines, [])) == [
        (2, "Java Developer"),
        (4, "Python Developer"),
        (6, "QA Analyst"),
    ]
    # table rows each holding a role's name and its fields are no field lines of a role above
    rows = ["Python Developer  Austin, TX  12 months", "Scrum Master  Charlotte, NC  6 months"]
    assert shaped_title_anchors(LineFacts(rows, [])) == []
