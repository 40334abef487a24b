"""An employer's post that names its job only in a Workday link, in a "Hiring <role> at
<employer>" subject, or in one line of prose next to a job board's link (issue 13, real dev
corpus): one job, its title, place and employer from there. The extract cases failed on
rules 1.4.0 (no job: "other")."""

from __future__ import annotations

import pytest

from schemas.contracts.models import Category, WorkMode
from services.parser.rules import extract
from services.parser.rules.employer_posts import Posting, employer_in_subject, find_posting
from tests.services.parser.rules.test_extractor import email, only_job

LINK = (
    "https://acme.wd1.myworkdayjobs.com/External/job/Remote-Location---United-States-of-America/"
    "Principal-Engineer--Product-Software_JR-133989"
)


@pytest.mark.parametrize(
    ("text", "subject", "posting"),
    [
        (f"see {LINK}\n", "x", Posting("Principal Engineer, Product Software", "Remote", "Acme")),
        (
            "https://northwind.wd5.myworkdayjobs.com/Careers/job/Austin-TX/Data-Engineer_R-20431",
            "x",
            Posting("Data Engineer", "Austin, TX", "Northwind"),
        ),
        ("", "[USRP-users] Hiring Radio Enthusiasts at Astranis",
         Posting("Radio Enthusiasts", None, "Astranis")),
        ("", "We're hiring: Firmware Technicians at Nordlake",
         Posting("Firmware Technicians", None, "Nordlake")),
        ("", "Hiring Event at Acme Labs", None),
        ("", "Java Developer - Dallas, TX", None),
        ("https://example.com/careers/job/Austin-TX/Data-Engineer_R-1", "x", None),
        ("We are looking into hiring a research associate with USRP experience: "
         "https://jobs.example.edu/postings/140981", "x", Posting("research associate")),
        ("We are looking into hiring a research associate with USRP experience.", "x", None),
        ("Hiring a Java developer? See https://example.com/jobs/1", "x", Posting("Java developer")),
    ],
)  # fmt: skip
def test_postings_named_in_a_link_or_subject(
    text: str, subject: str, posting: Posting | None
) -> None:
    assert find_posting(text, subject) == posting


def test_a_forwarded_workday_link_is_one_remote_job() -> None:
    job = only_job(
        extract(
            email(
                "[list] equinix job role in open source packet stuff",
                "They have supported our project well, so if you know of anyone that would like "
                f"in on the inside...\n\n{LINK}\n\nYou believe every packet matters.\n",
                is_bulk=True,
            )
        )
    )
    assert (job.title, job.location, job.work_mode, job.client) == (
        "Principal Engineer, Product Software",
        "Remote",
        WorkMode.REMOTE,
        "Acme",
    )


def test_hiring_role_at_employer_subject_is_the_job() -> None:
    job = only_job(
        extract(
            email(
                "[sdr-users] Hiring Antenna Engineers at Skyhook Labs",
                "Hi all,\n\nWe're looking for engineers who enjoy building phased arrays. Reply "
                "to me and apply on our site.\n",
                is_bulk=True,
            )
        )
    )
    assert (job.title, job.client) == ("Antenna Engineers", "Skyhook Labs")


def test_a_link_does_not_outrank_a_described_job() -> None:
    result = extract(
        email(
            "Need Java Developer - Dallas, TX",
            "Please share resumes.\n\nRole: Java Developer\nLocation: Dallas, TX\nDuration: 12 "
            f"months\nSkills: Java, Spring\n\nOther openings: {LINK}\n",
        )
    )
    assert result.category == Category.REQUIREMENT
    assert [j.title for j in result.jobs] == ["Java Developer"]


def test_a_role_in_prose_next_to_a_job_board_link_is_the_job() -> None:
    job = only_job(
        extract(
            email(
                "[USRP-users] Research Associate",
                "Dear all,\n\nWe are looking into hiring a research associate with strong "
                "background in USRPs, please consider applying if interested:\n"
                "https://jobs.example.edu/postings/140981\n",
                is_bulk=True,
            )
        )
    )
    assert job.title == "research associate"


@pytest.mark.parametrize(
    ("subject", "employer"),
    [
        ("[USRP-users] SkySafe is hiring an SDR engineer", "SkySafe"),
        ("We’re Hiring: Firmware Engineers (Mid to Senior Levels) @ CoreWeave", "CoreWeave"),
        ("Hiring Java Developer at Dallas, TX", None),
        ("Hiring .NET Developer @ Austin TX", None),
        ("Hiring Java Developer at Remote", None),
        ("Client is hiring a Java developer", None),
        ("Need Java Developer at Bank of America", None),
    ],
)
def test_an_employers_subject_names_it(subject: str, employer: str | None) -> None:
    assert employer_in_subject(subject) == employer


def test_an_employers_own_post_names_it_as_client() -> None:
    job = only_job(
        extract(
            email(
                "[USRP-users] SkySafe is hiring an SDR engineer",
                "Hi all,\n\nWe are looking for an SDR engineer in San Diego, CA with C++ and "
                "Python. Please send resumes to me.\n",
                is_bulk=True,
            )
        )
    )
    assert job.client == "SkySafe"
