"""Build the labelled duplicate-requirement set: vendor emails WRITTEN BY US from varied vendor
templates (not real mail), grouped into requirement clusters with near-misses.

Each base requirement is sent by 2-5 "vendors", each rewording the title (Sr/Senior,
Dev/Developer), shuffling and trimming skills, marking the rate up or down, naming or hiding
the end client, and using its own or the end client's job id. Near-miss siblings share most
words with a base but are another requirement: the same title in another city, the same client
for another role, another seniority. Clusters are split once into dev (to calibrate on) and
heldout (scored separately, never tuned on); a base and its near-misses land in the same split.

Run: python tests/corpus/requirements/build_requirements_set.py  (rewrites emails/ and
labels.json deterministically).
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Base:
    seniority: str  # "Senior", "Junior", "Lead", ""
    role: str  # "Java Developer"
    client: str
    city: str
    state: str
    skills: tuple[str, ...]
    rate: int
    job_id: str | None


BASES = [
    Base(
        "Senior",
        "Java Developer",
        "Wells Fargo",
        "Charlotte",
        "NC",
        ("Java", "Spring Boot", "Microservices", "Kafka", "AWS"),
        65,
        "WF-88121",
    ),
    Base(
        "Senior",
        "Data Engineer",
        "Capital One",
        "McLean",
        "VA",
        ("Python", "Spark", "Snowflake", "Airflow", "SQL"),
        70,
        None,
    ),
    Base(
        "",
        ".NET Developer",
        "State Farm",
        "Bloomington",
        "IL",
        ("C#", ".NET Core", "Azure", "SQL Server", "Angular"),
        58,
        "SF-2291",
    ),
    Base(
        "Lead",
        "QA Automation Engineer",
        "Verizon",
        "Irving",
        "TX",
        ("Selenium", "Java", "Cucumber", "TestNG", "Jenkins"),
        60,
        None,
    ),
    Base(
        "Senior",
        "DevOps Engineer",
        "Comcast",
        "Philadelphia",
        "PA",
        ("Kubernetes", "Terraform", "AWS", "Jenkins", "Docker"),
        72,
        "CMC-7710",
    ),
    Base(
        "",
        "Salesforce Developer",
        "Humana",
        "Louisville",
        "KY",
        ("Apex", "Lightning", "Visualforce", "SOQL"),
        62,
        None,
    ),
    Base(
        "Senior",
        "Business Analyst",
        "JPMorgan Chase",
        "Columbus",
        "OH",
        ("Agile", "JIRA", "SQL", "Requirements Gathering"),
        55,
        "JPMC-44120",
    ),
    Base(
        "",
        "Python Developer",
        "Cigna",
        "Bloomfield",
        "CT",
        ("Python", "Django", "REST APIs", "PostgreSQL", "AWS"),
        60,
        None,
    ),
    Base(
        "Senior",
        "React Developer",
        "Target",
        "Minneapolis",
        "MN",
        ("React", "TypeScript", "Redux", "Node.js"),
        63,
        "TGT-5530",
    ),
    Base(
        "",
        "Network Engineer",
        "AT&T",
        "Dallas",
        "TX",
        ("Cisco", "BGP", "OSPF", "Palo Alto", "F5"),
        57,
        None,
    ),
    Base(
        "Senior",
        "Scrum Master",
        "Fannie Mae",
        "Reston",
        "VA",
        ("Scrum", "SAFe", "JIRA", "Agile Coaching"),
        66,
        "FM-1002",
    ),
    Base(
        "",
        "Mainframe Developer",
        "USAA",
        "San Antonio",
        "TX",
        ("COBOL", "JCL", "DB2", "CICS"),
        55,
        None,
    ),
    Base(
        "Lead",
        "Data Scientist",
        "Walmart",
        "Bentonville",
        "AR",
        ("Python", "Machine Learning", "TensorFlow", "SQL"),
        80,
        "WM-33012",
    ),
    Base(
        "",
        "ServiceNow Developer",
        "Pfizer",
        "Tampa",
        "FL",
        ("ServiceNow", "JavaScript", "ITSM", "Glide"),
        64,
        None,
    ),
    Base(
        "Senior",
        "Cloud Architect",
        "Delta Air Lines",
        "Atlanta",
        "GA",
        ("AWS", "Azure", "Terraform", "Kubernetes"),
        85,
        None,
    ),
    Base(
        "Junior",
        "Java Developer",
        "Bank of America",
        "Charlotte",
        "NC",
        ("Java", "Spring", "SQL", "Git"),
        40,
        None,
    ),
    Base(
        "",
        "Tableau Developer",
        "Kaiser Permanente",
        "Oakland",
        "CA",
        ("Tableau", "SQL", "Alteryx", "Snowflake"),
        58,
        "KP-9011",
    ),
    Base(
        "Senior",
        "Oracle DBA",
        "Nationwide",
        "Columbus",
        "OH",
        ("Oracle", "RAC", "Data Guard", "PL/SQL"),
        62,
        None,
    ),
    Base(
        "",
        "Android Developer",
        "T-Mobile",
        "Bellevue",
        "WA",
        ("Kotlin", "Android", "Jetpack Compose", "REST"),
        68,
        None,
    ),
    Base(
        "Senior",
        "Golang Developer",
        "Fidelity",
        "Boston",
        "MA",
        ("Go", "gRPC", "Kubernetes", "PostgreSQL"),
        75,
        "FID-6612",
    ),
]

# Near-misses of some bases (index → change): another requirement all the same.
NEAR_MISSES = [
    (0, {"city": "Phoenix", "state": "AZ", "job_id": "WF-90210"}),  # same title, other city
    (0, {"seniority": "Junior", "rate": 45, "job_id": None}),  # other seniority
    (1, {"role": "Data Analyst", "skills": ("SQL", "Tableau", "Excel", "Python"), "rate": 50}),
    (2, {"city": "Dallas", "state": "TX", "job_id": None}),  # other city
    (4, {"seniority": "", "role": "Site Reliability Engineer", "job_id": None}),
    (6, {"seniority": "Junior", "rate": 40, "job_id": None}),
    (8, {"role": "Angular Developer", "skills": ("Angular", "TypeScript", "RxJS"), "job_id": None}),
    (9, {"city": "Atlanta", "state": "GA"}),
    (12, {"seniority": "Senior", "job_id": None}),
    (15, {"seniority": "Senior", "client": "Truist", "rate": 62}),
]

VENDORS = [
    ("Ravi Kumar", "techvendor.com", "TechVendor Inc"),
    ("Priya Sharma", "infosolutions.net", "Info Solutions LLC"),
    ("Mike Johnson", "apexstaffing.com", "Apex Staffing"),
    ("Anil Reddy", "nextgensys.com", "NextGen Systems"),
    ("Sarah Lee", "brightpathit.com", "BrightPath IT"),
    ("Kiran Rao", "cloudbridge.us", "CloudBridge Consulting"),
]

_SHORT = {"Senior": "Sr.", "Junior": "Jr.", "Lead": "Lead", "": ""}
_ROLE_SHORT = {"Developer": "Dev", "Engineer": "Engg", "Manager": "Mgr"}


def title_variant(base: Base, rng: random.Random) -> str:
    seniority = base.seniority if rng.random() < 0.5 else _SHORT[base.seniority]
    role = base.role
    if rng.random() < 0.35:
        for long, short in _ROLE_SHORT.items():
            if role.endswith(long) and short != "Engg":
                role = role[: -len(long)] + short
    return f"{seniority} {role}".strip()


def render(
    base: Base,
    vendor: int,
    template: int,
    rng: random.Random,
    *,
    end_client_id: bool,
    when: datetime,
    number: int,
) -> str:
    name, domain, company = VENDORS[vendor]
    title = title_variant(base, rng)
    skills = list(base.skills)
    rng.shuffle(skills)
    skills = skills[: max(3, len(skills) - rng.randint(0, 1))]
    rate = base.rate + rng.choice((-5, -3, 0, 0, 2, 5))
    job_id = (
        base.job_id if (end_client_id and base.job_id) else f"{domain[:3].upper()}-{number:04d}"
    )
    show_client = rng.random() < 0.8
    where = f"{base.city}, {base.state}"
    head = (
        f"From: {name} <{name.split()[0].lower()}@{domain}>\n"
        f"To: recruiter@agency.example\n"
        f"Message-ID: <req{number}.{vendor}@{domain}>\n"
        f"Date: {format_datetime(when)}\n"
        "Content-Type: text/plain; charset=utf-8\n"
    )
    client_line = f"Client: {base.client}\n" if show_client else ""
    if template == 0:
        subject = f"Urgent Requirement: {title} - {where}"
        body = (
            "Hi,\n\nPlease find the below requirement and share suitable profiles.\n\n"
            f"Role: {title}\nLocation: {where} (Onsite)\n{client_line}"
            f"Duration: 12 Months\nRate: ${rate}/hr on C2C\nJob ID: {job_id}\n\n"
            f"Skills: {', '.join(skills)}\n"
        )
    elif template == 1:
        subject = f"{title} || {where} || Contract"
        body = (
            "Hello Partner,\n\nWe have an immediate need for the below position.\n\n"
            f"Position : {title}\nWork Location : {where}\n{client_line.replace(':', ' :')}"
            f"Pay Rate : ${rate}/hr W2\nReq # : {job_id}\n"
            f"Mandatory Skills : {', '.join(skills)}\n"
        )
    elif template == 2:
        subject = f"Hiring {title} in {base.city}, {base.state}"
        body = (
            "Good morning,\n\n"
            f"Job Title: {title}\nLocation: {where}\n{client_line}"
            f"Employment Type: Contract (C2C/W2)\nRate: ${rate - 2}-{rate + 3}/hr\n"
            f"Job ID: {job_id}\n"
            f"Required Skills:\n" + "".join(f"- {skill}\n" for skill in skills)
        )
    else:
        subject = f"Req: {title} ({base.state})"
        body = (
            "Hi Team,\n\n"
            f"Title: {title}\nLocation: {where} - Hybrid\n{client_line}"
            f"Duration: 6+ months\nBill Rate: ${rate}/hr\nRequirement ID: {job_id}\n\n"
            f"Skills: {' | '.join(skills)}\n"
        )
    return head + f"Subject: {subject}\n\n" + body + f"\nThanks,\n{name}\n{company}\n"


def build() -> None:
    rng = random.Random(14)
    bases = [(index, base) for index, base in enumerate(BASES)]
    for parent, change in NEAR_MISSES:
        bases.append((parent, replace(BASES[parent], **change)))  # type: ignore[arg-type]
    emails_dir = HERE / "emails"
    shutil.rmtree(emails_dir, ignore_errors=True)
    emails_dir.mkdir()
    labels: dict[str, dict[str, object]] = {}
    number = 0
    start = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    for cluster, (family, base) in enumerate(bases):
        split = "heldout" if family % 3 == 2 else "dev"
        copies = rng.randint(2, 5)
        vendors = rng.sample(range(len(VENDORS)), copies)
        for copy, vendor in enumerate(vendors):
            number += 1
            when = start + timedelta(days=cluster % 7, hours=copy * 3 + rng.randint(0, 2))
            text = render(
                base,
                vendor,
                rng.randrange(4),
                rng,
                end_client_id=rng.random() < 0.4,
                when=when,
                number=number,
            )
            name = f"c{cluster:02d}_{copy}_{VENDORS[vendor][1].split('.')[0]}.eml"
            (emails_dir / name).write_text(text)
            labels[name] = {"cluster": f"c{cluster:02d}", "split": split}
    (HERE / "labels.json").write_text(json.dumps(labels, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    build()
