"""Multi-role mail without role labels (issue 13): the layouts vendors use each split into one
job per role with that role's own fields, an "all roles" trailer shared by every job; a single
job whose text mentions other titles stays one job."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from schemas.contracts.models import Category, EmploymentType, Visa, WorkMode
from services.parser.decoding import decode_email
from services.parser.rules import Extraction, extract

C2C = [EmploymentType.C2C]
USC_GC = {Visa.USC, Visa.GC}


def _extract(subject: str, body: str, html: str | None = None) -> Extraction:
    message = EmailMessage()
    message["From"] = "Recruiter <recruiter@example.com>"
    message["To"] = "bench@example.net"
    message["Subject"] = subject
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return extract(decode_email(bytes(message)))


def _rows(result: Extraction) -> list[tuple[str, str | None, int | None]]:
    assert result.category == Category.REQUIREMENT
    return [(j.title, j.location, j.duration_months) for j in result.jobs]


def test_requirement_headings_over_bare_titles() -> None:
    body = (
        "Hi,\n\nPlease share resumes for the requirements below.\n\n"
        "Requirement #1\nServiceNow Developer\nRichmond, VA\nDuration: 12 months\n"
        "Skills: ServiceNow, JavaScript\n\n"
        "Requirement #2\nTableau Developer\nPlano, TX\nDuration: 6 months\n"
        "Skills: Tableau, SQL\n\nThanks\n"
    )
    result = _extract("2 requirements", body)
    assert _rows(result) == [
        ("ServiceNow Developer", "Richmond, VA", 12),
        ("Tableau Developer", "Plano, TX", 6),
    ]
    assert [j.skills for j in result.jobs] == [["servicenow", "javascript"], ["tableau", "sql"]]


def test_job_id_headed_blocks_keep_their_ids() -> None:
    body = (
        "Hi,\n\nPlease send profiles for the below SAP openings.\n\n"
        "Job ID: 40125\nSAP FICO Consultant\nDuration: 12 months\nRate: $80/hr\n\n"
        "Job ID: 40126\nSAP ABAP Developer\nDuration: 6 months\nRate: $70/hr\n\n"
        "Both roles are onsite in Houston, TX.\n"
    )
    result = _extract("SAP openings", body)
    assert _rows(result) == [
        ("SAP FICO Consultant", "Houston, TX", 12),
        ("SAP ABAP Developer", "Houston, TX", 6),
    ]
    assert [j.job_id for j in result.jobs] == ["40125", "40126"]


def test_title_with_place_in_parentheses_and_a_shared_trailer() -> None:
    body = (
        "Hi,\n\nWe are hiring for the below roles, please share resumes:\n\n"
        "Java Developer (Dallas, TX)\nReact Developer (Remote)\nBusiness Analyst (Chicago, IL)\n\n"
        "All roles: 12 months, C2C, USC/GC.\n"
    )
    result = _extract("Multiple openings", body)
    assert _rows(result) == [
        ("Java Developer", "Dallas, TX", 12),
        ("React Developer", "Remote", 12),
        ("Business Analyst", "Chicago, IL", 12),
    ]
    assert all(j.employment_types == C2C and set(j.visa) == USC_GC for j in result.jobs)


def test_roles_between_rule_lines() -> None:
    body = (
        "Hi,\n\nPlease share resumes for the roles below.\n\n"
        "Java Developer\nDallas, TX\nDuration: 12 months\nJava, Spring Boot\n"
        "----------------------------\n"
        "Python Developer\nRemote\nDuration: 6 months\nPython, Django\n"
        "____________________________\n"
        "QA Engineer\nTampa, FL\nDuration: 9 months\nSelenium, Cucumber\n\nC2C only.\n"
    )
    result = _extract("Reqs for today", body)
    assert _rows(result) == [
        ("Java Developer", "Dallas, TX", 12),
        ("Python Developer", "Remote", 6),
        ("QA Engineer", "Tampa, FL", 9),
    ]
    assert [j.skills for j in result.jobs][1] == ["python", "django"]
    assert all(j.employment_types == C2C for j in result.jobs)


def test_repeated_job_title_labels_without_role_nouns() -> None:
    body = (
        "Hi,\n\nPlease share resumes for the roles below.\n\n"
        "Job Title: Salesforce CPQ\nLocation: Dallas, TX\nDuration: 12 months\n"
        "Job Title: Java Developer\nLocation: Remote\nDuration: 6 months\n"
        "Job Title: Workday HCM\nLocation: Tampa, FL\nDuration: 9 months\n\nThanks\n"
    )
    assert _rows(_extract("Reqs", body)) == [
        ("Salesforce CPQ", "Dallas, TX", 12),
        ("Java Developer", "Remote", 6),
        ("Workday HCM", "Tampa, FL", 9),
    ]


def test_bulleted_bare_titles_share_the_fields_below() -> None:
    body = (
        "Hi,\n\nPlease share resumes for the openings below.\n\n"
        "• Java Developer\n• Python Developer\n• QA Analyst\n\n"
        "Location: Dallas, TX (all roles)\nDuration: 12 months\nC2C, USC/GC only.\n"
    )
    result = _extract("Openings", body)
    assert _rows(result) == [
        ("Java Developer", "Dallas, TX", 12),
        ("Python Developer", "Dallas, TX", 12),
        ("QA Analyst", "Dallas, TX", 12),
    ]
    assert all(set(j.visa) == USC_GC for j in result.jobs)


_MULTILINE_CELLS = """<p>Hi Partners, please share resumes for the positions below.</p>
<table border=1><tr><th>S.No</th><th>Position</th><th>Work Location</th><th>Priority</th>
<th>Skills</th></tr>
<tr><td>1</td><td>Java Developer</td><td>Dallas, TX<br>(Hybrid)</td><td>High</td>
<td>Java<br>Spring Boot<br>Kafka</td></tr>
<tr><td>2</td><td>Data Engineer</td><td>Remote</td><td>Medium</td><td>Python, Spark</td></tr>
<tr><td>3</td><td>Scrum Master</td><td>Austin, TX</td><td>Low</td><td>Jira<br>SAFe</td></tr>
</table><p>Thanks</p>"""


def test_html_table_with_serial_column_and_broken_cells() -> None:
    result = _extract("Open positions", "See below.\n", html=_MULTILINE_CELLS)
    assert _rows(result) == [
        ("Java Developer", "Dallas, TX", None),
        ("Data Engineer", "Remote", None),
        ("Scrum Master", "Austin, TX", None),
    ]
    assert result.jobs[0].skills == ["java", "spring boot", "kafka"]
    assert result.jobs[0].work_mode == WorkMode.HYBRID


def test_a_remote_subject_does_not_make_every_row_remote() -> None:
    body = (
        "Hi,\n\nPlease share resumes for these roles.\n\n"
        "Job Title | Location | Duration | Rate\n"
        "Java Developer | Dallas, TX | 12 months | $60/hr\n"
        "Data Analyst | Remote | 6 months | $45/hr\n\nThanks\n"
    )
    result = _extract("Requirements - Dallas / Remote", body)
    assert [j.work_mode for j in result.jobs] == [None, WorkMode.REMOTE]


def test_ten_roles_in_one_list() -> None:
    roles = [
        ("Java Developer", "Dallas, TX"), ("Python Developer", "Austin, TX"),
        ("Data Engineer", "Denver, CO"), ("QA Analyst", "Tampa, FL"),
        ("Business Analyst", "Chicago, IL"), ("Scrum Master", "Atlanta, GA"),
        ("Oracle DBA", "Hartford, CT"), ("Network Engineer", "Boise, ID"),
        ("Salesforce Developer", "Phoenix, AZ"), ("UI Developer", "Seattle, WA"),
    ]  # fmt: skip
    lines = "".join(f"{title} ({place})\n" for title, place in roles)
    body = (
        f"Hi,\n\nPlease share resumes for the roles below.\n\n{lines}\nAll roles: 6 months, C2C.\n"
    )
    result = _extract("10 openings", body)
    assert _rows(result) == [(title, place, 6) for title, place in roles]


@pytest.mark.parametrize(
    "body",
    [
        # titles mentioned in the description, with places, in prose and in bullets
        "Hi,\n\nWe need a Senior Data Engineer for our client in Dallas, TX.\n\n"
        "The Senior Data Engineer reports to the Engineering Manager.\n"
        "You will work with Data Engineers and QA Analysts.\n\nResponsibilities:\n"
        "• Work with Product Owners and Business Analysts in Dallas, TX\n"
        "• Mentor Junior Developers - Remote team\n\n"
        "Duration: 12 months\nRate: $70/hr C2C\nSkills: Python, Spark, AWS\n\n"
        "Please share resumes.\n",
        # a recruiter's title under a rule line is a signature, not a second role
        "Hi,\n\nPlease share resumes for a Senior Data Engineer in Dallas, TX.\n\n"
        "Senior Data Engineer\nDuration: 12 months\nRate: $70/hr C2C\n"
        "Skills: Python, Spark, AWS\n\n______________________\nTechnical Recruiter\n"
        "Example Staffing\n",
    ],
    ids=["titles_in_description", "signature_under_rule"],
)
def test_a_single_job_mentioning_other_titles_stays_one_job(body: str) -> None:
    result = _extract("Senior Data Engineer - Dallas, TX", body)
    assert _rows(result) == [("Senior Data Engineer", "Dallas, TX", 12)]


def test_labels_above_the_title_belong_to_its_block() -> None:
    body = (
        "Hi,\n\nPlease share resumes for the roles below.\n\n"
        "Client: Acme Bank\nLocation: Dallas, TX\nRole: Java Developer\nDuration: 12 months\n\n"
        "Client: Globex\nLocation: Remote\nRole: Python Developer\nDuration: 6 months\n\nThanks\n"
    )
    result = _extract("Reqs", body)
    assert _rows(result) == [
        ("Java Developer", "Dallas, TX", 12),
        ("Python Developer", "Remote", 6),
    ]
    assert [j.client for j in result.jobs] == ["Acme Bank", "Globex"]


def test_role_names_with_a_colon_over_their_descriptions() -> None:
    body = (
        "Hi,\n\nPlease share resumes for the roles below.\n\n"
        "Java Developer:\nWe need a Java developer with Spring experience in Dallas, TX for 12 "
        "months.\n\nPython Developer:\nRemote role, 6 months, Django and AWS.\n\nThanks\n"
    )
    result = _extract("Reqs", body)
    assert _rows(result) == [
        ("Java Developer", "Dallas, TX", 12),
        ("Python Developer", "Remote", 6),
    ]
    assert result.jobs[1].skills == ["python", "django", "aws"]


def test_bulleted_titles_with_an_aside() -> None:
    body = (
        "Hi,\n\nPlease share resumes for the openings below.\n\n"
        "• Java Developer (8+ yrs)\n• Python Developer (5+ yrs)\n• QA Analyst (4+ yrs)\n\n"
        "Location: Dallas, TX\nDuration: 12 months\n"
    )
    result = _extract("Openings", body)
    assert _rows(result) == [
        ("Java Developer", "Dallas, TX", 12),
        ("Python Developer", "Dallas, TX", 12),
        ("QA Analyst", "Dallas, TX", 12),
    ]
    assert [j.experience_years for j in result.jobs] == [8, 5, 4]


def test_a_job_id_line_naming_the_role() -> None:
    body = (
        "Hi,\n\nPlease share resumes for the roles below.\n\n"
        "Req ID: 12345 - Java Developer\nLocation: Dallas, TX\nDuration: 12 months\n\n"
        "Req ID: 12346 - Python Developer\nLocation: Remote\nDuration: 6 months\n\nThanks\n"
    )
    result = _extract("Reqs", body)
    assert _rows(result) == [
        ("Java Developer", "Dallas, TX", 12),
        ("Python Developer", "Remote", 6),
    ]
    assert [j.job_id for j in result.jobs] == ["12345", "12346"]


def test_title_and_place_lines_each_over_a_paragraph() -> None:
    body = (
        "Hi,\n\nPlease share resumes for the roles below.\n\n"
        "Java Developer - Dallas, TX\nStrong Java and Spring Boot, 12 month contract.\n\n"
        "Python Developer - Remote\nPython and Django, 6 month contract.\n\n"
        "QA Engineer - Tampa, FL\nSelenium and Cucumber, 9 month contract.\n\nThanks\n"
    )
    assert _rows(_extract("Reqs", body)) == [
        ("Java Developer", "Dallas, TX", 12),
        ("Python Developer", "Remote", 6),
        ("QA Engineer", "Tampa, FL", 9),
    ]


def test_one_role_named_twice_over_paragraphs_stays_one_job() -> None:
    body = (
        "Hi,\n\nJava Developer - Dallas, TX\nStrong Java and Spring Boot, 12 month contract.\n\n"
        "Please share resumes.\n\nJava Developer - Dallas, TX\nRate: $60/hr\n"
    )
    assert _rows(_extract("Java Developer", body)) == [("Java Developer", "Dallas, TX", 12)]


def test_the_layout_finding_the_most_roles_wins() -> None:
    # Two of the four roles label their place: "title above a Location: label" finds two roles,
    # "title line, then a place" finds all four.
    body = (
        "Hi,\n\nPlease share resumes for the roles below.\n\n"
        "Java Developer\nLocation: Dallas, TX\nexp: 8+ yrs\n\n"
        "Python Developer\nAustin, TX\nexp: 6+ yrs\n\n"
        "QA Engineer\nTampa, FL\nexp: 5+ yrs\n\n"
        "Data Engineer\nLocation: Remote\nexp: 10+ yrs\n\nC2C only.\n"
    )
    result = _extract("4 reqs", body)
    assert [(j.title, j.location, j.experience_years) for j in result.jobs] == [
        ("Java Developer", "Dallas, TX", 8),
        ("Python Developer", "Austin, TX", 6),
        ("QA Engineer", "Tampa, FL", 5),
        ("Data Engineer", "Remote", 10),
    ]
