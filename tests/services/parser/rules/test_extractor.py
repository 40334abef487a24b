"""Rule extractor: field normal forms, multi-job splitting, look-alike categories, the case
mailbox (tests/services/parser/rules/cases) and the reliability of the confidence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from schemas.contracts.models import Category, EmploymentType, ExtractedJob, Rate, Visa, WorkMode
from services.parser.decoding import AttachmentInfo, DecodedEmail, decode_email
from services.parser.rules import (
    EXTRACTOR,
    Extraction,
    classify,
    extract,
    extracting,
    fields,
    tokens,
)
from services.parser.rules.locations import normalise_location
from services.parser.rules.skills import MAX_SKILLS, find_skills
from tests.services.parser.rules.test_samples import field_correct


def email(
    subject: str,
    text: str,
    *,
    sender: str = "Ravi Kumar <ravi@acme.example.com>",
    content_types: list[str] | None = None,
    attachments: list[AttachmentInfo] | None = None,
    is_bulk: bool = False,
) -> DecodedEmail:
    return DecodedEmail(
        subject=subject,
        sender=sender,
        message_id="<t@example.test>",
        date=None,
        text=text,
        html_used=False,
        attachments=attachments or [],
        content_types=content_types or ["text/plain"],
        is_bulk=is_bulk,
    )


def labelled(**fields_: str) -> str:
    lines = [f"{name.replace('_', ' ').title()}: {value}" for name, value in fields_.items()]
    return "Hi,\n\nPlease find the requirement below and share suitable profiles.\n\n" + "\n".join(
        lines
    )


def only_job(result: Extraction) -> ExtractedJob:
    assert result.is_job, result
    assert len(result.jobs) == 1, result.jobs
    return result.jobs[0]


def test_extractor_identity() -> None:
    assert (EXTRACTOR.name, EXTRACTOR.version) == ("rules", "1.18.0")


@pytest.mark.parametrize(
    ("value", "months"),
    [
        ("12 months", 12),
        ("6+ months", 6),
        ("6+ Months (extension likely)", 6),
        ("1 year", 12),
        ("2 years", 24),
        ("18 Months+", 18),
        ("6-12 months", 6),
        ("Six months", 6),
        ("Long term", None),
        ("Long-term / ongoing", None),
        ("90 days", 3),
        ("6m", 6),
        ("09/01/2026 - 08/31/2027", 12),
    ],
)
def test_duration_normal_form(value: str, months: int | None) -> None:
    assert fields.duration_months(value, labelled=True) == months
    text = labelled(role="Java Developer", rate="$60/hr C2C", duration=value)
    assert only_job(extract(email("Java Developer", text))).duration_months == months


def test_duration_in_prose_ignores_experience_and_schedules() -> None:
    text = "10+ years of experience required. Hybrid, 2 days/week onsite. 6-month contract."
    assert fields.duration_months(text, labelled=False) == 6
    assert fields.duration_months("Need 10 years of Java", labelled=False) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("$60/hr", Rate(min=60, max=60, unit="hour")),
        ("$60 per hour on C2C", Rate(min=60, max=60, unit="hour")),
        ("up to $60/hr", Rate(min=None, max=60, unit="hour")),
        ("Max $65/hr on C2C", Rate(min=None, max=65, unit="hour")),
        ("$65/hr max", Rate(min=None, max=65, unit="hour")),
        ("$55-60/hr", Rate(min=55, max=60, unit="hour")),
        ("$55 - $60 per hour", Rate(min=55, max=60, unit="hour")),
        ("$120k", Rate(min=120000, max=120000, unit="year")),
        ("$120K - $140K per year + bonus", Rate(min=120000, max=140000, unit="year")),
        ("$120-140k", Rate(min=120000, max=140000, unit="year")),
        ("120,000 per annum", Rate(min=120000, max=120000, unit="year")),
        ("60 C2C", Rate(min=60, max=60, unit="hour")),
        ("DOE", None),
        ("Market rate", None),
    ],
)
def test_rate_normal_form(value: str, expected: Rate | None) -> None:
    assert fields.rate(value, labelled=True) == expected


def test_rate_in_prose_needs_a_currency_or_unit() -> None:
    assert fields.rate("W2 or 1099, 10 openings", labelled=False) is None
    assert fields.rate("Earn $5,000/week from home", labelled=False) is None
    assert fields.rate("pays up to $70/hr on W2", labelled=False) == Rate(max=70, unit="hour")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("USC/GC only", [Visa.USC, Visa.GC]),
        ("USC, GC, GC-EAD, H4-EAD; No H1B", [Visa.USC, Visa.GC, Visa.EAD]),
        ("USC/GC/H1B (No OPT/CPT)", [Visa.USC, Visa.GC, Visa.H1B]),
        ("No H1B, No OPT", []),
        ("Any visa except H1B and OPT", []),
        ("H1B transfers are not accepted. GC and Citizens only", [Visa.USC, Visa.GC]),
        ("US Citizens and Green Card holders only", [Visa.USC, Visa.GC]),
        ("OPT EAD, CPT, STEM OPT", [Visa.OPT, Visa.CPT]),
        ("USC/GC/TN", [Visa.USC, Visa.GC, Visa.TN]),
        ("H-1B ok", [Visa.H1B]),
        ("Any", []),
    ],
)
def test_visa_inclusions_and_exclusions(value: str, expected: list[Visa]) -> None:
    assert tokens.visas(value) == expected


def test_tn_state_is_not_a_visa() -> None:
    assert tokens.visas("Location: Nashville, TN. Visa: USC/GC") == [Visa.USC, Visa.GC]
    assert tokens.visas("we opt for a quick turnaround") == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("C2C/W2", [EmploymentType.C2C, EmploymentType.W2]),
        ("No C2C, W2 only", [EmploymentType.W2]),
        ("Contract to Hire on W2", [EmploymentType.W2, EmploymentType.C2H]),
        ("Corp-to-Corp or 1099", [EmploymentType.C2C, EmploymentType.T1099]),
        ("Full Time / Permanent", [EmploymentType.FTE]),
        ("This is a full time contract", []),
        ("Permanent Resident only", []),
    ],
)
def test_employment_types(value: str, expected: list[EmploymentType]) -> None:
    assert tokens.employment_types(value) == expected


@pytest.mark.parametrize(
    ("value", "mode"),
    [
        ("Remote", WorkMode.REMOTE),
        ("100% remote (EST hours)", WorkMode.REMOTE),
        ("Hybrid - 3 days onsite", WorkMode.HYBRID),
        ("Dallas, TX (3 days a week in office)", WorkMode.HYBRID),
        ("Onsite (no remote)", WorkMode.ONSITE),
        ("Day 1 onsite", WorkMode.ONSITE),
        ("Collaborate with onsite and offshore teams", None),
        ("Remote: No", None),
    ],
)
def test_work_mode(value: str, mode: WorkMode | None) -> None:
    assert tokens.work_mode(value) == mode


@pytest.mark.parametrize(
    ("value", "location"),
    [
        ("Dallas, TX", "Dallas, TX"),
        ("Dallas TX 75201", "Dallas, TX"),
        ("Dallas, Texas (Hybrid)", "Dallas, TX"),
        ("Jersey City, NJ / Charlotte, NC", "Jersey City, NJ"),
        ("Remote (US)", "Remote"),
        ("100% Remote", "Remote"),
        ("NYC", "New York, NY"),
        ("Washington D.C.", "Washington, DC"),
        ("Multiple locations", None),
    ],
)
def test_location_normal_form(value: str, location: str | None) -> None:
    assert normalise_location(value) == location


def test_skill_aliases_are_canonical_and_bounded() -> None:
    text = "ADF, k8s, ReactJS, Node.js, C#, .NET Core, Spring Boot, PL/SQL, REST APIs, JavaScript"
    assert find_skills(text, limit=20) == [
        "azure data factory",
        "kubernetes",
        "react",
        "node.js",
        "c#",
        ".net core",
        "spring boot",
        "pl/sql",
        "rest api",
        "javascript",
    ]
    assert len(find_skills(text)) == MAX_SKILLS
    assert find_skills("able to react quickly and rest assured") == []


def test_labelled_requirement_all_fields() -> None:
    text = labelled(
        role="Sr Java Developer",
        location="Dallas, TX (Hybrid - 3 days onsite)",
        duration="12+ Months",
        rate="$60/hr on C2C",
        visa="USC/GC only",
        client="Charles Schwab",
        job_id="CS-10234",
        experience="10+ years",
        skills="Java, Spring Boot, Microservices, k8s",
    )
    job = only_job(extract(email("Urgent Requirement: Sr Java Developer - Dallas, TX", text)))
    assert job == ExtractedJob(
        title="Sr Java Developer",
        client="Charles Schwab",
        location="Dallas, TX",
        work_mode=WorkMode.HYBRID,
        employment_types=[EmploymentType.C2C],
        duration_months=12,
        rate=Rate(min=60, max=60, unit="hour"),
        skills=["java", "spring boot", "microservices", "kubernetes"],
        experience_years=10,
        visa=[Visa.USC, Visa.GC],
        job_id="CS-10234",
    )


@pytest.mark.parametrize(
    ("client_lines", "expected"),
    [
        ("Client: Infosys / End client: Wells Fargo", "Wells Fargo"),
        ("End Client: Wells Fargo\nImplementation Partner: Cognizant", "Wells Fargo"),
        ("Client: Infosys", None),
        ("Client: Confidential", None),
        ("Client: Direct client", None),
    ],
)
def test_end_client_not_the_partner(client_lines: str, expected: str | None) -> None:
    text = f"Please share resumes.\n\nRole: Salesforce Developer\n{client_lines}\nRate: $58/hr C2C"
    assert only_job(extract(email("Salesforce Developer", text))).client == expected


def test_client_in_prose() -> None:
    text = "Our client Capital One is looking for a Business Analyst in Plano, TX. Send resumes."
    assert only_job(extract(email("Business Analyst - Plano, TX", text))).client == "Capital One"


def test_terse_one_liner() -> None:
    job = only_job(
        extract(email("Java Developer - Dallas TX - C2C", "Need Java dev Dallas TX 6m C2C $60/hr"))
    )
    assert (job.title, job.location, job.duration_months) == ("Java dev", "Dallas, TX", 6)
    assert job.employment_types == [EmploymentType.C2C]
    assert job.rate == Rate(min=60, max=60, unit="hour")


def test_prose_requirement() -> None:
    text = (
        "We have an immediate need for a Senior DevOps Engineer with AWS and Terraform for our "
        "client in Charlotte, NC. 6-month contract-to-hire, up to $70/hr on W2. Only GC and USC; "
        "no H1B. Please send me your resume."
    )
    job = only_job(extract(email("DevOps Engineer - Charlotte, NC", text)))
    assert job.title == "Senior DevOps Engineer"
    assert job.location == "Charlotte, NC"
    assert job.duration_months == 6
    assert job.rate == Rate(max=70, unit="hour")
    assert job.employment_types == [EmploymentType.W2, EmploymentType.C2H]
    assert job.visa == [Visa.USC, Visa.GC]
    assert job.skills == ["aws", "terraform"]


def test_title_falls_back_to_subject() -> None:
    text = "Location: Remote\nDuration: 6 months\nRate: $55/hr C2C\nPlease share profiles."
    job = only_job(extract(email("Urgent Requirement: Python Developer - Remote - C2C", text)))
    assert job.title == "Python Developer"


def test_two_jobs_in_one_email_share_a_trailing_visa_line() -> None:
    text = (
        "We have two openings. Please share profiles.\n\n"
        "Job ID: PY-3301\nRole: Python Developer\nLocation: Remote\nRate: $55-60/hr C2C\n\n"
        "Job ID: BA-3302\nRole: Business Analyst\nLocation: Richmond, VA (Hybrid)\n"
        "Rate: up to $50/hr on W2\n\nVisa: USC, GC, H4-EAD"
    )
    result = extract(email("Python Developer & Business Analyst", text))
    assert [j.title for j in result.jobs] == ["Python Developer", "Business Analyst"]
    python, analyst = result.jobs
    assert (python.job_id, python.location, python.work_mode) == ("PY-3301", "Remote", "remote")
    assert (analyst.job_id, analyst.location, analyst.work_mode) == (
        "BA-3302",
        "Richmond, VA",
        "hybrid",
    )
    assert python.employment_types == [EmploymentType.C2C]
    assert analyst.employment_types == [EmploymentType.W2]
    assert python.visa == analyst.visa == [Visa.USC, Visa.GC, Visa.EAD]


def test_jobs_table() -> None:
    text = (
        "All roles are C2C. Please send resumes.\n\n"
        "Job ID  Job Title         Location      Rate\n"
        "SS-901  Java Developer    Irving, TX    $62/hr\n"
        "SS-902  DevOps Engineer   Remote        $70/hr\n"
    )
    result = extract(email("Multiple openings - C2C", text))
    assert [(j.job_id, j.title, j.location) for j in result.jobs] == [
        ("SS-901", "Java Developer", "Irving, TX"),
        ("SS-902", "DevOps Engineer", "Remote"),
    ]
    assert all(j.employment_types == [EmploymentType.C2C] for j in result.jobs)


def test_list_of_one_line_jobs_keeps_fields_apart() -> None:
    text = (
        "Please send resumes for:\n"
        "1) Java Developer - Dallas, TX - $60/hr C2C - 12 months\n"
        "2) DevOps Engineer - Remote - $65/hr C2C - 6 months\n"
        "3) Business Analyst - Richmond, VA - $50/hr W2\n"
    )
    jobs = extract(email("Hot reqs - C2C", text)).jobs
    assert [(j.title, j.location, j.duration_months) for j in jobs] == [
        ("Java Developer", "Dallas, TX", 12),
        ("DevOps Engineer", "Remote", 6),
        ("Business Analyst", "Richmond, VA", None),
    ]
    assert [j.work_mode for j in jobs] == [None, WorkMode.REMOTE, None]
    assert jobs[2].employment_types == [EmploymentType.W2]


def test_prose_mentioning_its_job_twice_is_one_job() -> None:
    text = (
        "We need a Java Developer in Dallas, TX on C2C at $60/hr.\n"
        "The Java Developer will work 6 months, C2C, onsite in Dallas, TX.\nPlease send resumes."
    )
    job = only_job(extract(email("Java Developer", text)))
    assert (job.title, job.duration_months, job.work_mode) == ("Java Developer", 6, WorkMode.ONSITE)


def test_signature_address_is_not_the_job_location() -> None:
    text = (
        "Need a Java Developer for 12 months on C2C. Please share resumes.\n\nThanks,\nRavi\n"
        "100 Wood Avenue South, Suite 210, Iselin, NJ 08830\nPh: (732) 555-0142"
    )
    assert only_job(extract(email("Java Developer - C2C", text))).location is None


LOOKALIKES: list[tuple[str, str, dict[str, object], Category]] = [
    (
        "Daily Hotlist - Java Developer, Data Engineer available",
        "Our consultants are available immediately. Let me know if you have any suitable "
        "requirements.\n\nName   Role   Visa\nAnil   Sr Java Developer   H1B",
        {},
        Category.HOTLIST,
    ),
    (
        "Available: Sr Python Developer | H1B | Open to Relocate",
        "I have a strong consultant available for new projects. Please share C2C requirements.\n"
        "Role: Sr Python Developer\nLocation: Dallas, TX (open to relocate)\nVisa: H1B\n"
        "Rate: $55/hr C2C\nAvailability: Immediate",
        {},
        Category.HOTLIST,
    ),
    (
        "Submission: Sr Java Developer - CS-10234 - Anil Reddy",
        "Please find the attached resume of Anil Reddy for the Sr Java Developer role.\n"
        "Rate: $58/hr C2C\nVisa: H1B\n"
        "I, Anil Reddy, authorize VendorHub to represent me for this role.",
        {"attachments": [AttachmentInfo("Anil_Reddy_Resume.pdf", "application/pdf", 100)]},
        Category.SUBMISSION,
    ),
    (
        "Interview Scheduled: Data Engineer - Ravi Teja",
        "Your interview for the Data Engineer position has been scheduled for Thursday 11 AM CST."
        "\nTeams meeting link: https://teams.example.net/x",
        {},
        Category.INTERVIEW,
    ),
    (
        "Rate Confirmation - Salesforce Developer",
        "Please confirm the rate of $58/hr on C2C for the Salesforce Developer role in "
        "Charlotte, NC.",
        {},
        Category.RATE_CONFIRMATION,
    ),
    (
        "7 new Python Developer jobs matching your alert",
        "Senior Python Developer - Austin, TX - $65/hr\nApply now\nPython Developer - Remote\n"
        "Apply now\nManage your job alerts",
        {"sender": "alerts@jobs.example.net", "is_bulk": True},
        Category.JOB_ALERT_DIGEST,
    ),
    (
        "StaffingPulse Weekly: Data Engineer rates up 8%",
        "In this issue: the median C2C rate for a Senior Data Engineer reached $72/hr in "
        "Dallas, TX.\nRead more on our blog.\nYou are receiving this email because you "
        "subscribed to StaffingPulse.",
        {"is_bulk": True},
        Category.NEWSLETTER,
    ),
    (
        "Undeliverable: Salesforce Developer - Remote - C2C",
        "Delivery has failed.\n\nRole: Salesforce Developer\nLocation: Remote\nRate: $60/hr C2C",
        {"sender": "Mail Delivery Subsystem <mailer-daemon@mx.example.test>"},
        Category.BOUNCE,
    ),
    (
        "Invitation: Requirement call - Business Analyst @ Wed Nov 11, 2026",
        "Requirement call - Business Analyst (Plano, TX, hybrid, $55-60/hr C2C)",
        {"content_types": ["multipart/alternative", "text/plain", "text/calendar"]},
        Category.CALENDAR,
    ),
    (
        "Python Developer? Earn $5,000/week from home!!!",
        "Congratulations! You have been selected. No experience needed. Click here now to claim "
        "your spot.",
        {},
        Category.SPAM,
    ),
    (
        "Lunch on Friday?",
        "Hey Chris,\n\nAre you free for lunch on Friday? How was the weekend with the kids?",
        {},
        Category.PERSONAL,
    ),
    (
        "Position closed: DevOps Engineer (Req 88231)",
        "The DevOps Engineer requirement (Req 88231, Remote, $70/hr C2C) has been closed by the "
        "client. Please do not submit any more profiles.",
        {},
        Category.OTHER,
    ),
]


@pytest.mark.parametrize(
    ("subject", "text", "extra", "category"), LOOKALIKES, ids=[c.value for *_, c in LOOKALIKES]
)
def test_lookalikes_are_not_jobs(
    subject: str, text: str, extra: dict[str, object], category: Category
) -> None:
    result = extract(email(subject, text, **extra))  # type: ignore[arg-type]  # test table
    assert (result.category, result.is_job, result.jobs) == (category, False, [])
    assert 0.0 <= result.confidence <= 1.0


def test_requirement_confidence_is_high_and_deterministic() -> None:
    message = email(
        "Java Developer - Dallas, TX", labelled(role="Java Developer", rate="$60/hr C2C")
    )
    first, second = extract(message), extract(message)
    assert first == second
    assert first.category == Category.REQUIREMENT
    assert 0.5 < first.confidence <= 1.0


def test_a_bare_title_is_not_a_job() -> None:
    result = extract(email("Re: Java Developer", "Yes, still open. Please send the resume asap."))
    assert (result.category, result.is_job) == (Category.OTHER, False)


def test_nothing_recognisable_is_other_with_low_confidence() -> None:
    result = extract(email("Quick question", "Can you call me back when you get a chance?"))
    assert (result.category, result.is_job) == (Category.OTHER, False)
    assert result.confidence < 0.5


# ------------------------------------------------------------------ generalisation regressions


def test_short_requirement_without_greeting_or_jd_is_a_clear_job() -> None:
    text = "Role: Java Developer\nLocation: Dallas, TX\nDuration: 12 Months\nRate: $60/hr C2C"
    result = extract(email("Java Developer", text))
    assert result.is_job and result.confidence >= 0.9, result
    job = only_job(result)
    assert (job.location, job.duration_months) == ("Dallas, TX", 12)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("8+ years of Java", 8),
        ("Must have 10 yrs in Python and AWS", 10),
        ("5 years hands-on Salesforce development", 5),
        ("Java: 8+ years; Spring: 5 years", 8),
        ("12+ years managing infrastructure projects", 12),
        ("7+ years in test automation", 7),
        ("2 years contract, extendable", None),
        ("Our company has 25 years of history", None),
    ],
)
def test_experience_from_years_of_a_skill(text: str, years: int | None) -> None:
    assert fields.experience_years(text, labelled=False) == years


@pytest.mark.parametrize("label", ["Role", "Position", "Job Title", "Req", "Job Role", "Opening"])
def test_title_labels(label: str) -> None:
    text = f"{label}: ServiceNow Developer\nLocation: Raleigh, NC\nDuration: 6 months\nRate: $70/hr"
    assert only_job(extract(email("Requirement", text))).title == "ServiceNow Developer"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Max Bill Rate: $75.00/hr", Rate(max=75, unit="hour")),
        ("NTE Rate: $80/hr", Rate(max=80, unit="hour")),
        ("Rate: up to $72/hr on C2C", Rate(max=72, unit="hour")),
        ("Salary: $140,000 - $160,000 per year", Rate(min=140000, max=160000, unit="year")),
        ("Compensation: $150K-$170K base + bonus", Rate(min=150000, max=170000, unit="year")),
        ("Rate: 70-75/hr on C2C", Rate(min=70, max=75, unit="hour")),
    ],
)
def test_rate_labels(line: str, expected: Rate) -> None:
    text = f"Role: Java Developer\nDuration: 12 months\nLocation: Dallas, TX\n{line}"
    assert only_job(extract(email("Java Developer", text))).rate == expected


@pytest.mark.parametrize(
    ("value", "mode"),
    [
        ("Onsite 5 days a week", WorkMode.ONSITE),
        ("5 days onsite", WorkMode.ONSITE),
        ("3 days onsite", WorkMode.HYBRID),
        ("onsite 2 days/week", WorkMode.HYBRID),
    ],
)
def test_office_days(value: str, mode: WorkMode) -> None:
    assert tokens.work_mode(value) == mode


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("H1B, GC, USC - NO OPT/CPT", [Visa.USC, Visa.GC, Visa.H1B]),
        ("USC/GC, no H1B", [Visa.USC, Visa.GC]),
        ("H1B: No", []),
        ("H1B Transfer OK, No OPT/CPT", [Visa.H1B]),
    ],
)
def test_visa_exclusions_apply_to_what_they_precede(value: str, expected: list[Visa]) -> None:
    assert tokens.visas(value) == expected


def test_a_trailer_for_both_jobs_applies_to_both() -> None:
    text = (
        "Please share profiles.\n\n1) Java Developer\n   Location: Iselin, NJ\n"
        "   Duration: 12 months\n\n2) React Developer\n   Location: Remote\n"
        "   Duration: 6 months\n\nVisa for both: H1B, GC, USC"
    )
    result = extract(email("2 positions", text))
    assert [job.visa for job in result.jobs] == [[Visa.USC, Visa.GC, Visa.H1B]] * 2


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        ("Skills: Go, gRPC, Kubernetes", ["golang", "grpc", "kubernetes"]),
        ("We go live in May; go to the portal", []),
        ("Onsite in Palo Alto, CA", []),
        ("Palo Alto firewalls, F5, BGP and OSPF", ["palo alto", "f5", "bgp", "ospf"]),
        ("SAP FICO and S/4HANA", ["sap", "sap fico", "s/4hana"]),
        ("Epic Beaker analyst; write each Epic in Jira", ["epic beaker", "jira"]),
        ("Workday Studio, EIB, XSLT", ["workday studio", "eib", "xslt"]),
        ("Data modeling with Erwin, Snowflake", ["data modeling", "erwin", "snowflake"]),
    ],
)
def test_skill_vocabulary(text: str, skills: list[str]) -> None:
    assert find_skills(text) == skills


@pytest.mark.parametrize(
    ("text", "client"),
    [
        (
            "We have two positions with our direct client Tailspin Toys. Please share",
            "Tailspin Toys",
        ),
        ("Direct hire opportunity with Trey Research.", "Trey Research"),
        ("Two openings with Relecloud:", "Relecloud"),
        ("An opening with Infosys for their client", None),
        ("A new role at Dallas, TX", None),
        ("The position with Acme Corp. in Boston", "Acme Corp"),
        ("A role at Contoso Pharma, NJ", None),
    ],
)
def test_client_in_prose_stops_at_the_sentence(text: str, client: str | None) -> None:
    assert fields.client_from_prose(text) == client


@pytest.mark.parametrize(
    ("subject", "text", "category"),
    [
        (
            "Automatic reply: Java Developer - Dallas, TX - $60/hr C2C",
            "I am out of the office until Monday with limited access to email.",
            Category.OTHER,
        ),
        (
            "Java Developer - interview availability",
            "Can you share the candidate's availability for a 30 min Teams interview tomorrow?",
            Category.INTERVIEW,
        ),
        (
            "Re: Hot Req: Kafka Engineer - Remote - C2C",
            "Is this one still open? I may have someone next week.",
            Category.OTHER,
        ),
        (
            "Java Developer looking for C2C opportunities",
            "I am a Java developer with 8 years of experience looking for C2C roles. Visa: H1B.",
            Category.HOTLIST,
        ),
    ],
)
def test_conversations_about_jobs_are_not_jobs(subject: str, text: str, category: Category) -> None:
    result = extract(email(subject, text))
    assert (result.category, result.is_job) == (category, False)


# ------------------------------------------------------------------ the case mailbox

CASES = Path(__file__).resolve().parent / "cases"
CASE_LABELS: dict[str, dict[str, Any]] = json.loads((CASES / "labels.json").read_text("utf-8"))


def test_case_mailbox_shape() -> None:
    assert sorted(p.name for p in CASES.glob("*.eml")) == sorted(CASE_LABELS)
    requirements = [n for n, label in CASE_LABELS.items() if label["is_job"]]
    assert len(CASE_LABELS) >= 60 and len(requirements) >= 30
    assert len(CASE_LABELS) - len(requirements) >= 25


@pytest.mark.parametrize("name", sorted(CASE_LABELS))
def test_case(name: str) -> None:
    label = CASE_LABELS[name]
    result = extract(decode_email((CASES / name).read_bytes()))
    assert (result.category.value, result.is_job) == (label["category"], label["is_job"]), result
    assert len(result.jobs) == len(label["jobs"]), [job.title for job in result.jobs]
    for job, expected in zip(result.jobs, label["jobs"], strict=True):
        got = job.model_dump(mode="json")
        wrong = {k: (v, got[k]) for k, v in expected.items() if not field_correct(k, v, got[k])}
        assert wrong == {}, f"(expected, got) per field: {wrong}"


# ------------------------------------------------------------------ reliability of confidence

ROOT = Path(__file__).resolve().parents[4]
LABELLED = [ROOT / "samples" / "mailbox", CASES, ROOT / "tests" / "corpus" / "dev"]
BUCKETS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0)


def reliability(rows: list[tuple[float, bool]]) -> list[tuple[float, float, int, float]]:
    """(low, high, count, accuracy) per confidence bucket with predictions in it."""
    table = []
    for low, high in zip(BUCKETS, BUCKETS[1:], strict=False):
        inside = [ok for conf, ok in rows if low <= conf < high or (high == 1.0 and conf == 1.0)]
        if inside:
            table.append((low, high, len(inside), sum(inside) / len(inside)))
    return table


def labelled_results() -> list[tuple[str, dict[str, Any], Extraction]]:
    found = []
    for folder in LABELLED:
        if not (folder / "labels.json").is_file():
            continue  # the dev corpus is optional
        labels = json.loads((folder / "labels.json").read_text("utf-8"))
        for name, label in sorted(labels.items()):
            found.append((name, label, extract(decode_email((folder / name).read_bytes()))))
    return found


@pytest.fixture(scope="module")
def labelled_mail() -> list[tuple[str, dict[str, Any], Extraction]]:
    return labelled_results()


def test_accuracy_rises_with_confidence(
    labelled_mail: list[tuple[str, dict[str, Any], Extraction]],
) -> None:
    rows = [(r.confidence, r.category.value == label["category"]) for _, label, r in labelled_mail]
    table = reliability(rows)
    print("\nconfidence bucket   n   category accuracy")
    for low, high, count, accuracy in table:
        print(f"  [{low:.2f}, {high:.2f})  {count:>4}   {accuracy:.3f}")
    populated = [accuracy for _, _, count, accuracy in table if count >= 5]
    assert populated == sorted(populated), table
    for low, _, count, accuracy in table:
        assert count < 5 or accuracy >= low, table  # never less right than it claims


def test_clear_requirements_score_at_least_090(
    labelled_mail: list[tuple[str, dict[str, Any], Extraction]],
) -> None:
    low = [
        (n, r.confidence) for n, label, r in labelled_mail if label["is_job"] and r.confidence < 0.9
    ]
    assert low == []


def test_lookalikes_are_not_jobs_and_marked_ones_are_confident(
    labelled_mail: list[tuple[str, dict[str, Any], Extraction]],
) -> None:
    for name, label, result in labelled_mail:
        if not label["is_job"]:
            assert not result.is_job and result.jobs == [], name
    by_name = {name: result for name, _, result in labelled_mail}
    # an explicit hotlist, a right-to-represent and a rate confirmation are certain of their kind
    for name in ("15_hotlist_multi.eml", "17_submission_rtr.eml", "31_rate_confirmation.eml"):
        assert by_name[name].confidence >= 0.9, (name, by_name[name])


def test_a_batch_extracted_together_is_each_email_extracted_alone() -> None:
    paths = sorted((ROOT / "tests" / "corpus" / "dev").glob("*.eml"))[:60]
    emails = [decode_email(path.read_bytes()) for path in paths]
    alone = [extract(email) for email in emails]
    with extracting(emails):
        together = [extract(email) for email in emails]
    assert together == alone
    assert not classify._BODY_ANY._scanned and not classify._SUBJECT_ANY._scanned
