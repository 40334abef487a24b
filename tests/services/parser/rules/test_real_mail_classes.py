"""Failure classes real vendor mail shows (issue 13), one focused test each: locations, client
non-names, numbers, visa and type, look-alike categories, multi-role and terse mail."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from schemas.contracts.models import Category, EmploymentType, ExtractedJob, Visa, WorkMode
from services.parser.decoding import decode_email
from services.parser.rules import Extraction, VisibleText, check_jobs, extract, fields, tokens
from services.parser.rules.locations import normalise_location


@pytest.mark.parametrize(
    ("value", "location"),
    [
        ("Raleigh North Carolina 27601", "Raleigh, NC"),
        ("Durham North Carolina 27707", "Durham, NC"),
        ("Virginia", "VA"),
        ("Pennsylvania", "PA"),
        ("TX/OK/LA", "TX"),
        ("Ohio, Indiana & Michigan", "OH"),
        ("Maryland, Arizona & Pennsylvania", "MD"),
        ("Arizona/NJ, Massachusetts", "AZ"),
        ("Remote (CST hours)", "Remote"),
        ("Hybrid - 3 days onsite in Tampa", "Tampa, FL"),
        ("LA", "Los Angeles, CA"),
        ("Senior Developer Virginia", None),
    ],
)
def test_state_name_zip_state_only_and_lists(value: str, location: str | None) -> None:
    assert normalise_location(value) == location


def test_hybrid_days_in_a_city_is_hybrid() -> None:
    assert tokens.work_mode("Hybrid - 3 days onsite in Tampa") == WorkMode.HYBRID


def test_working_from_a_named_office_is_onsite() -> None:
    assert tokens.work_mode("working from Irvine office") == WorkMode.ONSITE
    assert tokens.work_mode("working from home office") is None


@pytest.mark.parametrize(
    "value",
    ["Undisclosed", "Confidential", "Healthcare domain", "A leading bank",
     "Investment Management Domain", "Confidential client", "Direct"],
)  # fmt: skip
def test_client_descriptions_are_not_names(value: str) -> None:
    assert fields.client_name(value) is None


def test_client_names_stay() -> None:
    assert fields.client_name("Bank of America") == "Bank of America"
    assert fields.client_name("Domain Tools Inc") == "Domain Tools Inc"


@pytest.mark.parametrize(
    ("text", "labelled", "years"),
    [
        ("8 years with a degree, or 12 years without", True, 8),
        ("8 years with a bachelor's degree, or 12 years without", False, 8),
        ("Python Developer\nAustin, TX\n6 to 8 years\n", False, 6),
        ("exp: 5-7 yrs", True, 5),
    ],
)
def test_experience_forms(text: str, labelled: bool, years: int) -> None:
    assert fields.experience_years(text, labelled=labelled) == years


@pytest.mark.parametrize(
    ("text", "months"),
    [("9m+ / W2 / USC,GC only", 9), ("12+ months", 12), ("exp: 5-7 yrs", None),
     ("6 to 8 years", None), ("5M+ users on C2C", None)],
)  # fmt: skip
def test_duration_forms(text: str, months: int | None) -> None:
    assert fields.duration_months(text, labelled=False) == months


def test_plural_visa_tokens_count() -> None:
    assert set(tokens.visas("GC/H1Bs/EADs")) == {Visa.GC, Visa.H1B, Visa.EAD}


def test_equal_opportunity_boilerplate_is_no_visa_statement() -> None:
    eeo = (
        "All qualified applicants will receive consideration for employment regardless of "
        "race, color, religion, sex, national origin, citizenship or disability."
    )
    assert tokens.visas(eeo) == []
    assert tokens.visas(f"USC/GC only.\n{eeo}") == [Visa.USC, Visa.GC]


def test_direct_hire_without_corp_to_corp_is_fte_only() -> None:
    assert tokens.employment_types("Direct hire - no corp to corp") == [EmploymentType.FTE]


def _mail(subject: str, body: str, attachment: tuple[str, bytes] | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = "Recruiter <recruiter@example.com>"
    message["To"] = "bench@example.net"
    message["Subject"] = subject
    message.set_content(body)
    if attachment is not None:
        name, data = attachment
        message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return bytes(message)


def _extract(subject: str, body: str, attachment: tuple[str, bytes] | None = None) -> Extraction:
    return extract(decode_email(_mail(subject, body, attachment)))


def test_bare_role_paragraphs_are_one_job_each_with_a_shared_trailer() -> None:
    body = (
        "Hi Team,\n\nPlease share matching consultants.\n\n"
        "Java Backend Developer\nCharlotte NC\nexp: 5-7 yrs\nJava, Spring Boot\n\n"
        "Angular UI Developer\nJersey City, NJ\nexp: 6-8 yrs\nAngular, TypeScript\n\n"
        "DevOps Engineer\nRemote\n10+ yrs\nAWS, Terraform\n\nC2C ok.\n"
    )
    result = _extract("Hot reqs", body)
    assert result.category == Category.REQUIREMENT
    got = [(j.title, j.location, j.experience_years, j.duration_months) for j in result.jobs]
    assert got == [
        ("Java Backend Developer", "Charlotte, NC", 5, None),
        ("Angular UI Developer", "Jersey City, NJ", 6, None),
        ("DevOps Engineer", "Remote", 10, None),
    ]
    assert all(j.employment_types == [EmploymentType.C2C] for j in result.jobs)
    assert result.jobs[1].skills == ["angular", "typescript"]


_ROLE_TRIPLES = (
    "Hi Network,\n\nPlease share suitable candidates.\n\n"
    "Sr. Java Developer\nIrving, TX\nexperience: 8 to 10 years\nJava, Spring Boot\n"
    "QA Automation Engineer\nCary, NC\nexperience: 5 to 7 years\nSelenium, Cucumber\n"
    "Power BI Developer\nPhoenix, AZ\nexperience: 6 to 8 years\nPower BI, DAX\n\n"
    "No OPTs and CPTs.\n"
)
_NUMBERED_TITLE_PLACE = (
    "Hi,\n\nPlease share resumes for the below positions.\n\n"
    "1) Java Developer - Columbus, OH\nExp: 8+ yrs\nSkills: Java, Spring Boot\n"
    "2) UI Developer - Tampa, FL\nExp: 6+ yrs\nSkills: React, JavaScript\n"
    "3) Data Engineer - Remote\nExp: 10+ yrs\nSkills: Python, Spark\n\nThanks\n"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # title/city/experience triples with no blank line between roles
        (_ROLE_TRIPLES, [("Sr. Java Developer", "Irving, TX", 8, ["java", "spring boot"]),
                         ("QA Automation Engineer", "Cary, NC", 5, ["selenium", "cucumber"]),
                         ("Power BI Developer", "Phoenix, AZ", 6, ["power bi", "dax"])]),
        # numbered roles naming their place on the title line, details below
        (_NUMBERED_TITLE_PLACE, [("Java Developer", "Columbus, OH", 8, ["java", "spring boot"]),
                                 ("UI Developer", "Tampa, FL", 6, ["react", "javascript"]),
                                 ("Data Engineer", "Remote", 10, ["python", "spark"])]),
    ],
    ids=["triples_without_blank_lines", "numbered_title_and_place"],
)  # fmt: skip
def test_multi_role_layouts_are_one_job_each(
    body: str, expected: list[tuple[str, str, int, list[str]]]
) -> None:
    result = _extract("Multiple Requirements Across USA", body)
    assert result.category == Category.REQUIREMENT
    got = [(j.title, j.location, j.experience_years, j.skills) for j in result.jobs]
    assert got == expected
    assert all(j.duration_months is None for j in result.jobs)  # "8 to 10 years" is experience


def test_employer_post_titles_the_role_not_the_hiring_manager() -> None:
    body = (
        "I'm the hiring manager for a DSP engineer role at Acme Radio. We are looking for "
        "skilled people who write C++ and Python for software receivers. Please apply through "
        "the job board link and send me a note.\n"
    )
    result = _extract("[radio-users] Acme Radio is hiring a DSP engineer", body)
    assert [j.title for j in result.jobs] == ["DSP engineer"]


def test_terse_phone_mail_is_a_job() -> None:
    result = _extract("DevOps Engineer - Phoenix AZ", "9m+ / W2 / USC,GC only\nrate 60/hr\n")
    assert result.is_job
    (job,) = result.jobs
    assert (job.title, job.location, job.duration_months) == ("DevOps Engineer", "Phoenix, AZ", 9)
    assert job.visa == [Visa.USC, Visa.GC]


def test_job_board_prose_without_a_call_for_resumes_is_a_job() -> None:
    body = (
        "Our client, a regional insurer, is looking for a Data Engineer who enjoys Python. "
        "Hybrid, three days a week at the Columbus, OH office. Bill rate up to $82/hr on C2C.\n"
    )
    result = _extract("Fwd: Opportunity in Columbus", body)
    assert result.is_job
    (job,) = result.jobs
    assert job.title == "Data Engineer"
    assert job.client is None
    assert job.rate is not None and (job.rate.min, job.rate.max) == (None, 82)


@pytest.mark.parametrize(
    ("subject", "body", "category"),
    [
        ("Staffing Tech Expo 2027 - early bird ends Friday",
         "Join us at the Expo. Keynote speakers and a call for speakers: submit your session "
         "proposal by January 15. Register now.", Category.NEWSLETTER),
        ("Call for Papers: ICDS 2027", "Submission Deadline: April 30. Proceedings published.",
         Category.NEWSLETTER),
        ("Solicit for your assistance", "I wish to seek your consent as the beneficiary to the "
         "total sum of GBP 15,000,000 of a deceased client, as the next of kin.", Category.SPAM),
        ("Looking for contact data?", "Let us know your target audience so we can run counts "
         "and samples for you.", Category.SPAM),
        ("Maths Vol 1 Pdf Free Download", "The book can be downloaded. Free download here.",
         Category.SPAM),
        # second-pass kinds (hand-written, after the real dev mail's classes)
        ("Hello", "Dear friend, the sum of USD 4.5 million left by my late client will be "
         "released to you. Your ATM card is ready.", Category.SPAM),
        ("Re: Reply", "We provide business loans to companies and individuals at 3% interest, "
         "with a 2 years moratorium.", Category.SPAM),
        ("Work with us and earn $5000 monthly", "We seek persons to act as intermediaries for "
         "our company and receive commission.", Category.SPAM),
        ("Partnership", "As a wholesaler of laptops we ship from stock. Kindly send us your "
         "product list and minimum order quantity.", Category.SPAM),
        ("NEW JOB ALERT", "Follow our client's pages and send us screenshots: daily salary "
         "paid to your wallet.", Category.SPAM),
        ("Announcing the Toolchain Hackfest 2027", "Registration is now open. Lightning talks "
         "and workshops will run all week.", Category.NEWSLETTER),
        ("[SDK] Release Candidate 2 of v5.1", "The release candidate is available for testing; "
         "see the changelog below.", Category.NEWSLETTER),
        ("Congrats, Priya!", "Just read the announcement about your new role on the "
         "toolchain team. Well deserved :)", Category.PERSONAL),
        ("Message undeliverable: Weekly sync", "Your message did not reach some or all of the "
         "intended recipients.", Category.BOUNCE),
    ],
)  # fmt: skip
def test_lookalikes_get_their_category(subject: str, body: str, category: Category) -> None:
    assert _extract(subject, body).category == category


def test_mail_carrying_cvs_is_a_submission() -> None:
    body = (
        "Hi,\n\nPlease find attached the resumes of two candidates for your Data Engineer "
        "role. Both are available immediately, on H1B, rate $60/hr C2C.\n"
    )
    result = _extract("Resumes for Data Engineer", body, ("Resume_C.pdf", b"%PDF-1.4\n"))
    assert result.category == Category.SUBMISSION


def test_model_guard_accepts_a_state_only_location_the_text_spells_out() -> None:
    text = VisibleText(subject="Salesforce Developer", body="Location: Virginia\nC2C")
    job = ExtractedJob(title="Salesforce Developer", location="VA")
    assert check_jobs([job], text).jobs[0].location == "VA"
    wrong = ExtractedJob(title="Salesforce Developer", location="TX")
    assert check_jobs([wrong], text).jobs[0].location is None
