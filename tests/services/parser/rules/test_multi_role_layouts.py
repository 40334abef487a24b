"""Multi-role layouts the rules read (issue 13, multi5): a double-spaced HTML mail (every line
its own paragraph), one-line numbered roles whose pieces are fields ("- exp 8+ yrs - $60/hr"),
"Req N of M - Title" heads, roles named by their product, a shouted "CITY, ST", a "12 months |
exp 7+ yrs" row and a years cell; and calls for profiles over a list of roles, a "reqs"
subject and a "Title - Place" subject, which make such mails requirements. Each mail here is
written for the test, not one of the corpus cases (handwritten/multi_role_more_cases.py)."""

from __future__ import annotations

from schemas.contracts.models import Category, WorkMode
from services.parser.rules import Extraction
from services.parser.rules.fields import duration_months, experience_years
from tests.services.parser.rules.plain_mail import extract_plain as _extract


def _rows(result: Extraction) -> list[tuple[str, str | None, int | None, int | None]]:
    assert result.category == Category.REQUIREMENT
    return [(j.title, j.location, j.duration_months, j.experience_years) for j in result.jobs]


def test_double_spaced_html_roles_split_with_a_shared_footer() -> None:
    paragraphs = [
        "Hi,",
        "Please share profiles for the below roles.",
        "Oracle Apps Developer",
        "Reston, VA",
        "experience: 7 to 9 years",
        "UI Developer",
        "Remote",
        "experience: 4 to 6 years",
        "Salesforce Architect",
        "Boston, MA",
        "experience: 12+ years",
        "Duration: 18 months",
        "Thanks",
    ]
    html = "".join(f"<p>{p}</p>" for p in paragraphs)
    result = _extract("Requirements", "See the HTML part.\n", html)
    assert _rows(result) == [
        ("Oracle Apps Developer", "Reston, VA", 18, 7),
        ("UI Developer", "Remote", 18, 4),
        ("Salesforce Architect", "Boston, MA", 18, 12),
    ]


def test_double_spaced_single_job_stays_one() -> None:
    paragraphs = [
        "Hello,",
        "We need a Java Developer for our client in Dallas, TX.",
        "Duration: 12 months",
        "Experience: 8+ years",
        "Must have Spring Boot and Kafka.",
        "Please share your resumes.",
        "The candidate will join a team of six engineers.",
        "Rate is open for the right candidate.",
        "Regards",
    ]
    html = "".join(f"<p>{p}</p>" for p in paragraphs)
    result = _extract("Java Developer - Dallas, TX", "See the HTML part.\n", html)
    assert [j.title for j in result.jobs] == ["Java Developer"]


def test_numbered_one_line_roles_under_one_client() -> None:
    body = (
        "Hi,\n\nClient: Acme Health\nLocation: Nashville, TN\nDuration: 6 months\n\n"
        "1. Epic Analyst - exp 6+ yrs - $55/hr\n"
        "2. HL7 Interface Developer - exp 8+ yrs - $62/hr\n\n"
        "Please send resumes.\n"
    )
    result = _extract("Two roles", body)
    assert _rows(result) == [
        ("Epic Analyst", "Nashville, TN", 6, 6),
        ("HL7 Interface Developer", "Nashville, TN", 6, 8),
    ]
    assert {j.client for j in result.jobs} == {"Acme Health"}
    assert [j.rate.min if j.rate else None for j in result.jobs] == [55, 62]


def test_req_n_of_m_heads() -> None:
    body = (
        "Team,\n\nReq 1 of 2 - Cloud Engineer\nDenver, CO | 12 months | exp 6+ yrs\n\n"
        "Req 2 of 2 - Data Architect\nRemote | 9 months | exp 12+ yrs\n\nShare resumes today.\n"
    )
    assert _rows(_extract("2 reqs", body)) == [
        ("Cloud Engineer", "Denver, CO", 12, 6),
        ("Data Architect", "Remote", 9, 12),
    ]


def test_roles_named_by_their_product() -> None:
    body = (
        "Hi,\n\nNeed resumes for the following.\n\nServiceNow HRSD\nAustin, TX\nexp: 5-7 yrs\n\n"
        "Adobe AEM\nSan Jose, CA\nexp: 8-10 yrs\n\nRegards,\nRecruiter\n"
    )
    assert _rows(_extract("Openings", body)) == [
        ("ServiceNow HRSD", "Austin, TX", None, 5),
        ("Adobe AEM", "San Jose, CA", None, 8),
    ]


def test_product_named_roles_with_a_description_under_their_fields() -> None:
    body = (
        "Hi,\n\nPlease share resumes.\n\nOracle EBS Finance\nAtlanta, GA\nexp: 9-11 yrs\n"
        "The consultant will support the R12 upgrade.\nMust know GL and AP.\n\n"
        "Pega CSSA\nRemote\n12 months\nBuild case types for the claims team.\n\n"
        "Regards,\nRecruiter\n"
    )
    assert _rows(_extract("Openings", body)) == [
        ("Oracle EBS Finance", "Atlanta, GA", None, 9),
        ("Pega CSSA", "Remote", 12, None),
    ]


def test_a_signature_over_a_city_is_no_product_role() -> None:
    body = (
        "Hi,\n\nPlease share resumes for a Kafka Engineer in Dallas, TX, 12 months, exp 7+ yrs.\n\n"
        "Jane Roe\nDallas, TX\nexp: 10 yrs in staffing\n"
    )
    assert [j.title for j in _extract("Kafka Engineer", body).jobs] == ["Kafka Engineer"]


def test_shouted_city_on_a_role_line() -> None:
    body = (
        "Hello,\n\nDATA ENGINEER (7+ YEARS) - CHICAGO, IL\n12 MONTHS, $60/HR C2C\n\n"
        "BUSINESS ANALYST (5+ YEARS) - HOUSTON, TX\n6 MONTHS, $48/HR C2C\n\nPlease share resumes.\n"
    )
    result = _extract("HOT REQUIREMENTS", body)
    assert [j.location for j in result.jobs] == ["Chicago, IL", "Houston, TX"]


def test_a_term_before_a_barred_experience_cell_is_a_term() -> None:
    assert duration_months("Austin, TX | 12 months | exp 7+ yrs", labelled=False) == 12
    assert duration_months("12 months - exp 7 yrs", labelled=False) == 12
    assert duration_months("6 months of experience", labelled=False) is None
    assert experience_years("9 months | $58/hr | 6+ yrs", labelled=False) == 6


def test_a_call_for_profiles_over_lettered_roles_is_a_requirement() -> None:
    body = (
        "Hi,\n\nNeed resumes for the following:\n\na. Guidewire Developer\nRemote\n6 months\n"
        "exp 6+ yrs\n\nb. Duck Creek Developer\nColumbus, OH\n12 months\nexp 8+ yrs\n\nThanks\n"
    )
    result = _extract("Today", body)
    assert [(j.title, j.location) for j in result.jobs] == [
        ("Guidewire Developer", "Remote"),
        ("Duck Creek Developer", "Columbus, OH"),
    ]


def test_a_reqs_subject_over_role_rows_is_a_requirement() -> None:
    body = (
        "Hi,\n\nAWS Engineer (Remote)\n6 months | $58/hr\n\nSRE (Reston, VA)\n12 months | $61/hr\n"
    )
    assert _extract("New reqs", body).category == Category.REQUIREMENT


def test_a_title_and_place_subject_over_a_bare_job_is_a_requirement() -> None:
    body = "Hello,\n\nPlatform Engineer\nRemote\nexp: 7-9 yrs\n\nSkills: Go, Terraform\n"
    result = _extract("Platform Engineer - Remote", body)
    assert result.category == Category.REQUIREMENT
    assert result.jobs[0].work_mode == WorkMode.REMOTE


def test_an_interview_mail_naming_a_role_and_place_stays_an_interview() -> None:
    body = (
        "Hi Sam,\n\nThe client shortlisted your candidate for the Data Engineer role. Please share"
        " two interview slots for Thursday.\n\nThanks\n"
    )
    result = _extract("Interview slots needed – Data Engineer – Remote", body)
    assert result.category == Category.INTERVIEW
