"""Rules 1.6.0 (issue 13): prose that states no term, years written out, a label's own years,
"full time and interns", description clients, academic employers, an opening at two levels,
a phone's tag, and look-alikes (funding offers, payroll phishing, B2B pitches) against
job-board postings."""

from __future__ import annotations

import pytest

from schemas.contracts.models import Category, EmploymentType
from services.parser.rules import fields, tokens
from services.parser.rules.employer_posts import employer_in_subject, find_posting
from services.parser.rules.levels import Level, opening_levels, title_at_level
from services.parser.rules.locations import normalise_location
from services.parser.rules.skills import find_skills
from tests.services.parser.rules.plain_mail import extract_plain as _extract


@pytest.mark.parametrize(
    "text",
    [
        "We actually flew an Ettus E310 about 18 months ago on a contract mission.",
        "use gnuradio for in the slightly longer term (12+ months out)",
        "The project we ran over the last 6 months was a contract.",
    ],
)
def test_a_point_in_time_is_no_term(text: str) -> None:
    assert fields.duration_months(text, labelled=False) is None


def test_a_term_still_reads() -> None:
    assert fields.duration_months("a 6 month contract, 18 months ago we began", labelled=False) == 6


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Minimum of five (5) years of DevOps experience", 5),
        ("Cisco routing and switching, 3+ years of field experience.", 3),
        ("7+ years of test automation experience", 7),
    ],
)
def test_years_of_a_kind_of_experience(text: str, years: int) -> None:
    assert fields.experience_years(text, labelled=False) == years


def test_a_labels_own_years_win_over_a_skills() -> None:
    value = "10+ yrs overall, 5+ yrs in Snowflake"
    assert fields.experience_years(value, labelled=True) == 10


def test_full_time_and_interns_is_full_time() -> None:
    types = tokens.employment_types("We're looking for both full time and interns")
    assert types == [EmploymentType.FTE]


@pytest.mark.parametrize(
    "value",
    ["A Fortune 500 retailer", "An insurance company", "Healthcare company",
     "Public sector client", "Telecom major"],
)  # fmt: skip
def test_a_described_client_is_no_name(value: str) -> None:
    assert fields.client_name(value) is None


@pytest.mark.parametrize("value", ["Fifth Third Bank", "US Bank", "Bank of America"])
def test_a_named_bank_stays(value: str) -> None:
    assert fields.client_name(value) == value


def test_a_known_city_listed_first_comes_first() -> None:
    assert normalise_location("NYC | Livingston, NJ | Bellevue, WA") == "New York, NY"
    assert normalise_location("Livingston, NJ | NYC") == "Livingston, NJ"


def test_an_academic_employer_signs_its_post() -> None:
    body = (
        "Dear all,\n\nWe are looking into hiring a research associate with experience in SDR, "
        "please consider applying: https://jobs.example.edu/postings/1\n\n--\n\n"
        "Professor One\nDepartment of Electrical Engineering\nNorth Carolina State University\n"
    )
    posting = find_posting(body, "Research Associate")
    assert posting is not None
    assert (posting.title, posting.client) == (
        "research associate",
        "North Carolina State University",
    )


def test_a_role_at_an_employer_in_the_subject() -> None:
    assert employer_in_subject("Embedded Software Engineer at Fabrikam Robotics") == (
        "Fabrikam Robotics"
    )
    assert employer_in_subject("Java Developer at Dallas") is None  # a place
    assert employer_in_subject("Meetup at Contoso") is None  # no role
    assert employer_in_subject("Java Developer at W2") is None  # a term


_LEVELS = (
    "Acme is hiring at two levels:\n\n"
    "- *Mid-Level:* for those with ~3 years of experience.\n"
    "- Senior-Level (8+ yrs): lead projects.\n"
)


def test_an_opening_at_two_levels() -> None:
    levels = opening_levels(_LEVELS)
    assert levels == [Level(None, 3), Level("Senior", 8)]
    assert [title_at_level("Firmware Engineers", level) for level in levels] == [
        "Firmware Engineer",
        "Senior Firmware Engineer",
    ]


def test_one_level_is_no_split() -> None:
    assert opening_levels("Senior-Level (8+ yrs): lead projects at every level.\n") == []


def test_an_opening_at_two_levels_is_two_jobs() -> None:
    found = _extract(
        "We're hiring: Backend Engineers (mid and senior) @ Northwind",
        "Northwind is growing its platform team in Austin, TX and has openings at two levels:\n\n"
        "- Mid-Level (4+ yrs): build and own Go services on PostgreSQL.\n"
        "- Senior-Level (9+ yrs): lead the design of our Kafka event pipeline.\n\n"
        "Apply: https://careers.example.com/jobs/101\n",
    )
    assert [(j.title, j.experience_years, j.client) for j in found.jobs] == [
        ("Backend Engineer", 4, "Northwind"),
        ("Senior Backend Engineer", 9, "Northwind"),
    ]


def test_a_phones_tag_names_no_skill() -> None:
    found = _extract(
        "Oracle DBA",
        "Need Oracle DBA Dallas, TX 12m w2 USC/GC\n\nSent from Yahoo Mail on Android\n",
    )
    assert found.is_job
    assert found.jobs[0].skills == ["oracle"]


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "Funding approved for your business",
            "Your business qualifies for working capital up to $500,000. No collateral, "
            "approval in 24 hours.\n",
        ),
        (
            "Action needed: confirm your direct deposit",
            "HR has updated the payroll system. Sign in with your email password and confirm "
            "your direct deposit details before 5 PM today.\n",
        ),
        (
            "Offshore recruiting support for your open requirements",
            "Do you have more requirements than your recruiters can handle? Our offshore sourcing "
            "team screens W2 and C2C consultants for $9 per hour. Can I send you a quick "
            "proposal? Reply 'not interested' to opt out.\n",
        ),
    ],
)
def test_funding_phishing_and_b2b_pitches_are_spam(subject: str, body: str) -> None:
    assert _extract(subject, body).category == Category.SPAM


def test_a_job_board_posting_is_a_requirement() -> None:
    found = _extract(
        "Fwd: Job posting",
        "Site Reliability Engineer\nRaleigh North Carolina 27601\nFull-time | Salary: $130,000 - "
        "$150,000\n\nAbout the role\nAs a Site Reliability Engineer you will run our Kubernetes "
        "platform. You bring at least 6 years in production operations.\n\n"
        "Apply now: https://jobs.example.com/sre-4471\n",
    )
    assert found.category == Category.REQUIREMENT
    assert [(j.title, j.location) for j in found.jobs] == [
        ("Site Reliability Engineer", "Raleigh, NC")
    ]


def test_radio_and_packet_processing_skills() -> None:
    text = "SDRs with GNU Radio on USRPs; eBPF and FD.io VPP; OpenBMC, AMI MegaRAC and Redfish"
    assert find_skills(text) == [
        "sdr", "gnu radio", "usrp", "ebpf", "vpp", "openbmc", "ami megarac", "redfish"
    ]  # fmt: skip
