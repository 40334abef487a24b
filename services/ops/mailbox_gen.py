"""Synthetic recruiter mailboxes: N realistic .eml files in a folder, deterministic per seed.

The mix is what a US IT-staffing inbox looks like: requirements in several formats (labelled
plain text, an HTML table, prose, two requirements in one mail, quoted-printable), look-alikes
whose subjects carry the same role keywords (hotlists, submissions, interview schedules,
newsletters) and mail whose subject matches no role at all. Same ``seed`` and ``tag`` → the same
bytes, file names and Message-IDs. Pure apart from writing the files.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path

# the roles the chaos tenant's candidates prefer: the fetcher's subject keywords
ROLE_KEYWORDS = (
    "Java Developer",
    "Data Engineer",
    "DevOps Engineer",
    "Python Developer",
    "Salesforce Developer",
    "Business Analyst",
)
SENIORITY = ("", "Sr ", "Senior ", "Lead ", "")
CITIES = (
    "Dallas, TX",
    "Charlotte, NC",
    "Jersey City, NJ",
    "Chicago, IL",
    "Atlanta, GA",
    "Phoenix, AZ",
    "Columbus, OH",
    "Nashville, TN",
)
WORK_MODES = ("Hybrid - 3 days onsite", "Onsite", "Remote")
CLIENTS = ("Charles Schwab", "Bank of America", "Verizon", "Humana", "Fidelity", "Capital One")
VISAS = ("USC/GC only", "USC, GC, GC-EAD, H1B", "Any visa", "USC/GC/H4-EAD")
VENDORS = (
    ("Ravi Kumar", "acmeitsolutions.example.com", "Acme IT Solutions Inc."),
    ("Priya Sharma", "bluepeak.example.test", "BluePeak Consulting LLC"),
    ("Suresh Naidu", "tekvista.example.net", "TekVista Systems"),
    ("Meera Iyer", "nextgen-staff.example.org", "NextGen Staffing"),
)
SKILLS = {
    "Java Developer": "Java 17, Spring Boot, Microservices, Kafka, AWS",
    "Data Engineer": "PySpark, Databricks, Azure Data Factory, SQL, Snowflake",
    "DevOps Engineer": "Terraform, Kubernetes, Jenkins, AWS, Ansible",
    "Python Developer": "Python, Django, FastAPI, PostgreSQL, REST APIs",
    "Salesforce Developer": "Apex, LWC, Visualforce, Sales Cloud, Service Cloud",
    "Business Analyst": "Requirements gathering, JIRA, SQL, Agile, UAT",
}
CONSULTANTS = ("Anil Reddy", "Deepa Menon", "Vikram Singh", "Lakshmi Rao", "Arjun Patel")

# kind → weight; the first five are requirements, the rest are not
KINDS: dict[str, int] = {
    "labelled": 25,
    "html_table": 12,
    "prose": 10,
    "two_jobs": 8,
    "quoted_printable": 8,
    "hotlist": 8,
    "submission": 7,
    "interview": 5,
    "newsletter": 5,
    "unrelated": 12,
}
REQUIREMENT_KINDS = frozenset({"labelled", "html_table", "prose", "two_jobs", "quoted_printable"})
BASE_DATE = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class GeneratedEmail:
    filename: str
    message_id: str  # without angle brackets: the maildir provider's provider_message_id
    subject: str
    kind: str
    # the subject carries one of ROLE_KEYWORDS (the fetcher would select it)
    matching: bool


@dataclass(frozen=True)
class RequirementSpec:
    role: str
    title: str
    city: str
    mode: str
    client: str
    rate: int
    months: int
    visa: str
    years: int
    job_id: str


def _requirement(rng: random.Random, index: int) -> RequirementSpec:
    role = rng.choice(ROLE_KEYWORDS)
    return RequirementSpec(
        role=role,
        title=f"{rng.choice(SENIORITY)}{role}",
        city=rng.choice(CITIES),
        mode=rng.choice(WORK_MODES),
        client=rng.choice(CLIENTS),
        rate=rng.randrange(45, 95),
        months=rng.choice((6, 12, 18, 24)),
        visa=rng.choice(VISAS),
        years=rng.randrange(5, 14),
        job_id=f"REQ-{rng.randrange(10000, 99999)}-{index}",
    )


def _labelled_body(req: RequirementSpec) -> str:
    return (
        f"Role: {req.title}\n"
        f"Location: {req.city} ({req.mode})\n"
        f"Duration: {req.months}+ Months\n"
        f"Rate: ${req.rate}/hr on C2C\n"
        f"Visa: {req.visa}\n"
        f"Client: {req.client}\n"
        f"Job ID: {req.job_id}\n"
        f"Experience: {req.years}+ years\n\n"
        f"Must have skills: {SKILLS[req.role]}\n"
    )


def _signature(vendor: tuple[str, str, str]) -> str:
    name, domain, company = vendor
    first = name.split()[0].lower()
    return f"\nThanks & Regards,\n{name}\nTechnical Recruiter | {company}\n{first}@{domain}\n"


def _labelled(req: RequirementSpec, vendor: tuple[str, str, str]) -> Mail:
    subject = f"Urgent Requirement: {req.title} - {req.city} ({req.mode.split(' ')[0]}) - C2C"
    body = (
        "Hi,\n\nHope you are doing well!\n\nPlease find the below requirement and let me know "
        "if you have any suitable consultants.\n\n" + _labelled_body(req) + _signature(vendor)
    )
    return Mail(subject, body)


def _quoted_printable(req: RequirementSpec, vendor: tuple[str, str, str]) -> Mail:
    subject = f"Immediate need – {req.title} – {req.city} – {req.months} months"
    body = (
        "Hello Partner,\n\nWe have an immediate opening with our direct client. Résumés with "
        "rate and visa, please — interviews this week.\n\n"
        + _labelled_body(req)
        + _signature(vendor)
    )
    return Mail(subject, body, cte="quoted-printable")


def _html_table(req: RequirementSpec, vendor: tuple[str, str, str]) -> Mail:
    subject = f"{req.title} - {req.city} - Long Term - C2C/W2"
    rows = (
        ("Job Title", req.title),
        ("Location", f"{req.city} ({req.mode})"),
        ("Duration", f"{req.months} Months"),
        ("Rate", f"${req.rate} - ${req.rate + 5}/hr on C2C"),
        ("Employment Type", "Contract (C2C / W2)"),
        ("Visa", req.visa),
        ("Experience", f"{req.years}+ years"),
        ("Must Have Skills", SKILLS[req.role]),
    )
    cells = "\n".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in rows)
    html = (
        "<html><body>\n<p>Hi Partner,</p>\n<p>We are looking for a "
        f"{req.role} for one of our direct clients. Please share matching profiles.</p>\n"
        f'<table border="1" cellspacing="0">\n{cells}\n</table>\n'
        f"<p>Thanks,<br>{vendor[0]}<br>{vendor[2]}</p>\n</body></html>\n"
    )
    return Mail(subject, html, subtype="html")


def _prose(req: RequirementSpec, vendor: tuple[str, str, str]) -> Mail:
    subject = f"Looking for a {req.title} in {req.city}"
    body = (
        f"Hi there,\n\nOur client {req.client} is hiring a {req.title} for a {req.months} month "
        f"contract in {req.city} ({req.mode.lower()}). The rate is ${req.rate}/hr on C2C and "
        f"they need someone with {req.years}+ years of experience with {SKILLS[req.role]}. "
        f"Visa: {req.visa}.\n\nPlease send me your best consultants' resumes today.\n"
        + _signature(vendor)
    )
    return Mail(subject, body)


def _two_jobs(rng: random.Random, index: int, vendor: tuple[str, str, str]) -> Mail:
    first, second = _requirement(rng, index), _requirement(rng, index + 100_000)
    subject = f"2 Requirements: {first.title} and {second.title} - C2C"
    body = (
        "Hi,\n\nPlease find two open requirements below.\n\n"
        "Requirement 1\n" + _labelled_body(first) + "\nRequirement 2\n" + _labelled_body(second)
    ) + _signature(vendor)
    return Mail(subject, body)


def _hotlist(rng: random.Random, index: int, vendor: tuple[str, str, str]) -> Mail:
    roles = rng.sample(ROLE_KEYWORDS, 3)
    subject = f"Daily Hotlist - {', '.join(roles)} available for C2C"
    lines = "\n".join(
        f"{rng.choice(CONSULTANTS):<14}{role:<22}{rng.randrange(6, 15)} years  "
        f"{rng.choice(CITIES):<16}H1B     Yes"
        for role in roles
    )
    body = (
        "Hi,\n\nBelow is our hotlist of consultants available immediately for C2C projects. "
        "Please let me know if you have any suitable requirements for them.\n\n"
        f"Name          Role                  Experience Location        Visa    Relocation\n"
        f"{lines}\n\nPlease add me to your distribution list.\n" + _signature(vendor)
    )
    return Mail(subject, body)


def _submission(rng: random.Random, index: int, vendor: tuple[str, str, str]) -> Mail:
    req = _requirement(rng, index)
    consultant = rng.choice(CONSULTANTS)
    subject = f"Submission: {req.title} - {req.job_id} - {consultant}"
    body = (
        f"Hi,\n\nPlease find the resume of {consultant} for the {req.title} position "
        f"(Job ID: {req.job_id}).\n\nCandidate Details:\nFull Name: {consultant}\n"
        f"Current Location: {req.city}\nVisa: H1B\nRate: ${req.rate - 3}/hr on C2C\n"
        f"Total Experience: {req.years} years\n\nRight to Represent: I confirm that we have "
        "the right to represent the candidate for this position.\n" + _signature(vendor)
    )
    return Mail(subject, body)


def _interview(rng: random.Random, index: int, vendor: tuple[str, str, str]) -> Mail:
    req = _requirement(rng, index)
    consultant = rng.choice(CONSULTANTS)
    subject = f"Interview scheduled: {req.title} - {consultant} - Thursday 11 AM CST"
    body = (
        f"Hi,\n\nThe client would like to interview {consultant} for the {req.title} role on "
        "Thursday at 11 AM CST over Teams. Please confirm availability and share a contact "
        "number.\n" + _signature(vendor)
    )
    return Mail(subject, body)


def _newsletter(rng: random.Random, index: int, vendor: tuple[str, str, str]) -> Mail:
    role = rng.choice(ROLE_KEYWORDS)
    subject = f"Market watch: {role} rates this week"
    body = (
        f"This week in IT staffing\n\nAverage C2C rates for {role} roles rose "
        f"{rng.randrange(1, 6)}% in {rng.choice(CITIES)}. Read our full report on the website.\n\n"
        "You are receiving this newsletter because you subscribed. Unsubscribe any time.\n"
    )
    return Mail(subject, body)


def _unrelated(rng: random.Random, index: int, vendor: tuple[str, str, str]) -> Mail:
    subject = rng.choice(
        (
            "Timesheet reminder for week ending Friday",
            "Lunch on Friday?",
            "W-9 and onboarding documents",
            "Position closed - thanks for your support",
            "Updated vendor agreement",
        )
    )
    return Mail(subject, "Hi,\n\nJust a quick note, see the subject.\n" + _signature(vendor))


@dataclass(frozen=True)
class Mail:
    subject: str
    body: str
    subtype: str = "plain"
    cte: str | None = None


Layout = Callable[[RequirementSpec, tuple[str, str, str]], Mail]
# one requirement, the ways a vendor lays it out
REQUIREMENT_LAYOUTS: dict[str, Layout] = {
    "labelled": _labelled,
    "html_table": _html_table,
    "prose": _prose,
    "quoted_printable": _quoted_printable,
}


def _one_requirement(layout: Layout) -> Callable[[random.Random, int, tuple[str, str, str]], Mail]:
    return lambda rng, index, vendor: layout(_requirement(rng, index), vendor)


_BUILDERS: dict[str, Callable[[random.Random, int, tuple[str, str, str]], Mail]] = {
    **{kind: _one_requirement(layout) for kind, layout in REQUIREMENT_LAYOUTS.items()},
    "two_jobs": _two_jobs,
    "hotlist": _hotlist,
    "submission": _submission,
    "interview": _interview,
    "newsletter": _newsletter,
    "unrelated": _unrelated,
}


def subject_has_role(subject: str, roles: tuple[str, ...] = ROLE_KEYWORDS) -> bool:
    folded = " ".join(subject.split()).lower()
    return any(role.lower() in folded for role in roles)


def build_email(index: int, *, seed: int, tag: str) -> tuple[GeneratedEmail, bytes]:
    """The ``index``-th email of the mailbox (``seed``, ``tag``): its description and bytes."""
    rng = random.Random(f"{seed}:{tag}:{index}")
    kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
    vendor = rng.choice(VENDORS)
    mail = _BUILDERS[kind](rng, index, vendor)
    message_id = f"gen-{tag}-{index:05d}@{vendor[1]}"
    # oldest first in index order, a few minutes apart
    sent = BASE_DATE + timedelta(minutes=7 * index, seconds=rng.randrange(0, 300))
    raw = render_email(mail, message_id=message_id, sent=sent, vendor=vendor)
    described = GeneratedEmail(
        filename=f"{index:05d}_{kind}.eml",
        message_id=message_id,
        subject=mail.subject,
        kind=kind,
        matching=subject_has_role(mail.subject),
    )
    return described, raw


def render_email(
    mail: Mail, *, message_id: str, sent: datetime, vendor: tuple[str, str, str]
) -> bytes:
    name, domain, _ = vendor
    msg = EmailMessage(policy=SMTP.clone(max_line_length=200))
    msg["Message-ID"] = f"<{message_id}>"
    msg["Date"] = format_datetime(sent)
    msg["From"] = f'"{name}" <{name.split()[0].lower()}@{domain}>'
    msg["To"] = "recruiter@chaos.example.test"
    msg["Subject"] = mail.subject
    msg.set_content(mail.body, subtype=mail.subtype, charset="utf-8", cte=mail.cte)
    return msg.as_bytes()


def generate_mailbox(
    folder: Path, *, count: int, seed: int, tag: str = "mbx"
) -> list[GeneratedEmail]:
    """Write ``count`` emails as ``folder/NNNNN_<kind>.eml`` (a flat folder the maildir provider
    reads); returns what was written, in index order."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for index in range(count):
        described, raw = build_email(index, seed=seed, tag=tag)
        (folder / described.filename).write_bytes(raw)
        written.append(described)
    return written
