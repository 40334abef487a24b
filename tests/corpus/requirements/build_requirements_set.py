"""Build the labelled duplicate-requirement set: vendor emails WRITTEN BY US (not real mail), in
the ten house styles of vendor_styles.py, grouped into requirement clusters with near-misses.

Each cluster is one requirement as 2-5 vendors sent it: each vendor words the title its own way
(Sr/Senior, Dev/Developer, Engg, upper case, "Sales force"), writes the location, rate and
skills its own way, names or hides the end client, quotes the client's job id, its own or none,
and some resend it later with a changed rate. Near-miss clusters share most words with another
cluster but are another requirement: the same title in another city, the same client for
another role, another seniority, and the same vendor's blast for a second opening (same
template, another job id of the same scheme).

Clusters are split once, by family (a requirement and its near-misses), into ``dev`` (to
calibrate and change rules on) and ``heldout`` (scored, never tuned on); the split is in each
cluster's definition below and in labels.json.

Run: python -m tests.corpus.requirements.build_requirements_set  (from the repository root;
rewrites emails/ and labels.json deterministically).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from tests.corpus.requirements.vendor_styles import VENDORS, Copy, Vendor, two_positions

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Cluster:
    name: str
    split: str
    copies: tuple[tuple[int, Copy], ...]  # (days after the start, the vendor's copy)


def cluster(name: str, split: str, base: Copy, *variants: tuple[int, dict[str, Any]]) -> Cluster:
    copies = tuple((day, replace(base, **change)) for day, change in variants)
    return Cluster(name, split, copies)


JAVA_SKILLS = ("Java 11", "Spring Boot", "Microservices", "Kafka", "AWS")
JAVA = Copy(
    "veritek", "Senior Java Developer", "Charlotte, NC", "$65/hr", "Wells Fargo", None,
    JAVA_SKILLS, mode="Hybrid",
)  # fmt: skip
DATA = Copy(
    "bluepeak", "Data Engineer", "McLean, VA", "$70/hr", "Capital One", None,
    ("Python", "Spark", "Snowflake", "Airflow", "SQL"), mode="Hybrid",
)  # fmt: skip
DOTNET = Copy(
    "apex", ".NET Developer", "Bloomington, IL", "$58/hr", "State Farm", "SF-2291",
    ("C#", ".NET Core", "Azure", "SQL Server", "Angular"),
)  # fmt: skip
SALESFORCE = Copy(
    "itsdirect", "Salesforce Developer", "Phoenix, AZ", "", None, None,
    ("Salesforce", "Lightning", "Apex", "SOQL", "Visualforce"), duration="6 months",
)  # fmt: skip
QA = Copy(
    "infosol", "Lead QA Automation Engineer", "Irving, TX", "$60/hr", "Verizon", "VZ-20411",
    ("Selenium", "Java", "Cucumber", "TestNG", "Jenkins"),
)  # fmt: skip
DEVOPS = Copy(
    "cloudbridge", "Senior DevOps Engineer", "Philadelphia, PA", "$72/hr", "Comcast", None,
    ("Kubernetes", "Terraform", "AWS", "Jenkins", "Docker"), mode="Hybrid",
)  # fmt: skip
BA = Copy(
    "brightpath", "Senior Business Analyst", "Columbus, OH", "$55/hr", "JPMorgan Chase",
    "JPMC-44120", ("Agile", "JIRA", "SQL", "Requirements Gathering", "UAT"),
)  # fmt: skip
PYTHON = Copy(
    "talentwave", "Python Developer", "Bloomfield, CT", "$60/hr", "Cigna", None,
    ("Python", "Django", "REST APIs", "PostgreSQL", "AWS"), mode="Remote",
)  # fmt: skip
REACT = Copy(
    "tekvista", "Senior React Developer", "Minneapolis, MN", "$63/hr", "Target", "TGT-5530",
    ("React", "TypeScript", "Redux", "Node.js", "Jest"),
)  # fmt: skip
SCRUM = Copy(
    "nextgen", "Scrum Master", "Reston, VA", "$66/hr", "Fannie Mae", None,
    ("Scrum", "SAFe", "JIRA", "Agile Coaching"), mode="Hybrid",
)  # fmt: skip

SCIENTIST = Copy(
    "bluepeak", "Senior Data Scientist", "Bentonville, AR", "$80/hr", "Walmart", "WM-33012",
    ("Python", "Machine Learning", "TensorFlow", "SQL", "Spark"),
)  # fmt: skip
SERVICENOW = Copy(
    "apex", "ServiceNow Developer", "Tampa, FL", "$64/hr", "Pfizer", None,
    ("ServiceNow", "JavaScript", "ITSM", "Glide", "REST"),
)  # fmt: skip
CLOUD = Copy(
    "brightpath", "Cloud Architect", "Atlanta, GA", "$85/hr", "Delta Air Lines", None,
    ("AWS", "Azure", "Terraform", "Kubernetes", "Networking"), mode="Hybrid",
)  # fmt: skip
DBA = Copy(
    "tekvista", "Senior Oracle DBA", "Columbus, OH", "$62/hr", "Nationwide", None,
    ("Oracle 19c", "RAC", "Data Guard", "PL/SQL", "OEM"),
)  # fmt: skip
ANDROID = Copy(
    "cloudbridge", "Android Developer", "Bellevue, WA", "$68/hr", "T-Mobile", "TMO-7781",
    ("Kotlin", "Android SDK", "Jetpack Compose", "REST", "MVVM"),
)  # fmt: skip
GOLANG = Copy(
    "infosol", "Senior Golang Developer", "Boston, MA", "$75/hr", "Fidelity", "FID-6612",
    ("Go", "gRPC", "Kubernetes", "PostgreSQL", "Kafka"),
)  # fmt: skip
TABLEAU = Copy(
    "veritek", "Tableau Developer", "Oakland, CA", "$58/hr", "Kaiser Permanente", None,
    ("Tableau", "SQL", "Alteryx", "Snowflake"),
)  # fmt: skip
MAINFRAME = Copy(
    "itsdirect", "Mainframe Developer", "San Antonio, TX", "$55/hr", "USAA", None,
    ("COBOL", "JCL", "DB2", "CICS", "VSAM"),
)  # fmt: skip
SAP = Copy(
    "nextgen", "SAP FICO Consultant", "Houston, TX", "$90/hr", "Chevron", None,
    ("SAP FICO", "S/4HANA", "General Ledger", "Asset Accounting"),
)  # fmt: skip

DEV = "dev"
HELD = "heldout"

CLUSTERS = [
    # --- dev ---------------------------------------------------------------------------------
    cluster(
        "java-wf-charlotte",
        DEV,
        JAVA,
        (0, {}),
        (0, {"vendor": "itsdirect", "title": "Sr. Java Developer", "rate": "$62/hr"}),
        (
            1,
            {
                "vendor": "apex",
                "title": "Sr Java Dev",
                "client": None,
                "rate": "$60-65/hr",
                "skills": ("Spring Boot", "Java 11", "Kafka", "AWS"),
            },
        ),
        (
            1,
            {
                "vendor": "bluepeak",
                "title": "Senior Java Developer (W2/C2C)",
                "job_id": "WF-88121",
                "location": "Charlotte, North Carolina",
            },
        ),
        # the first vendor again: the client raised the rate
        (4, {"rate": "$70/hr", "note": "Rate increased - still open"}),
    ),
    cluster(  # the same title in another city, same client
        "java-wf-phoenix",
        DEV,
        replace(JAVA, location="Phoenix, AZ", vendor="talentwave"),
        (2, {}),
        (2, {"vendor": "cloudbridge", "title": "Sr. Java Developer", "rate": "$58/hr"}),
    ),
    cluster(  # another seniority, same client and city
        "java-wf-lead",
        DEV,
        replace(
            JAVA,
            title="Lead Java Developer",
            vendor="brightpath",
            rate="$80/hr",
            skills=JAVA_SKILLS + ("Team Leadership",),
        ),
        (3, {}),
        (3, {"vendor": "infosol", "title": "Java Lead Developer"}),
        (4, {"vendor": "tekvista", "title": "Lead Java Dev", "rate": "$78/hr"}),
    ),
    cluster(  # same client and city, another role
        "python-wf-charlotte",
        DEV,
        replace(
            JAVA,
            title="Senior Python Developer",
            vendor="nextgen",
            skills=("Python", "FastAPI", "Pandas", "AWS Lambda", "PostgreSQL"),
        ),
        (2, {}),
        (3, {"vendor": "apex", "title": "Sr. Python Developer"}),
    ),  # fmt: skip
    cluster(
        "data-engineer-capone",
        DEV,
        DATA,
        (0, {}),
        (0, {"vendor": "veritek", "title": "Data Engineer (Spark/Snowflake)"}),
        (1, {"vendor": "tekvista", "rate": "$68/hr", "client": None}),
        (
            2,
            {
                "vendor": "nextgen",
                "title": "Big Data Engineer",
                "rate": "$72/hr",
                "skills": ("PySpark", "Snowflake", "Airflow", "Python"),
            },
        ),
    ),
    cluster(  # same client and city, another role
        "data-analyst-capone",
        DEV,
        replace(
            DATA,
            title="Data Analyst",
            vendor="infosol",
            rate="$50/hr",
            skills=("SQL", "Tableau", "Excel", "Python"),
        ),
        (1, {}),
        (2, {"vendor": "cloudbridge", "title": "Sr Data Analyst"}),
    ),  # fmt: skip
    cluster(
        "dotnet-statefarm-bloomington",
        DEV,
        DOTNET,
        (0, {}),
        (0, {"vendor": "brightpath", "title": ".Net Developer", "job_id": None}),
        (1, {"vendor": "itsdirect", "title": "DOTNET Developer", "rate": "$55/hr"}),
    ),
    cluster(  # the same title in another city, another job id scheme
        "dotnet-statefarm-dallas",
        DEV,
        replace(DOTNET, location="Dallas, TX", job_id="SF-2307", vendor="veritek"),
        (1, {}),
        (2, {"vendor": "talentwave", "title": ".NET Dev"}),
    ),
    cluster(  # adapted from the real Salesforce mail in tests/corpus/real/dev
        "salesforce-phoenix",
        DEV,
        SALESFORCE,
        (0, {}),
        (0, {"title": "Sales force Developer"}),
        (1, {"vendor": "veritek", "title": "Salesforce Developer", "rate": "$60/hr"}),
        (2, {"vendor": "cloudbridge", "title": "SFDC Salesforce Developer"}),
    ),
    cluster(
        "qa-lead-verizon-20411",
        DEV,
        QA,
        (0, {}),
        (1, {"vendor": "apex", "title": "QA Automation Lead"}),
        (1, {"vendor": "bluepeak", "title": "Lead QA Automation Engg", "rate": "$62/hr"}),
        (2, {"vendor": "brightpath", "title": "Lead QA Automation Engineer", "job_id": None}),
    ),
    cluster(  # the same vendor's blast for a second opening: another job id, same template
        "qa-lead-verizon-20412",
        DEV,
        replace(QA, job_id="VZ-20412"),
        (1, {}),
        (2, {"vendor": "talentwave", "rate": "$58/hr"}),
    ),
    cluster(
        "devops-comcast",
        DEV,
        DEVOPS,
        (0, {}),
        (1, {"vendor": "tekvista", "title": "Sr DevOps Engg"}),
        (2, {"vendor": "infosol", "title": "SENIOR DEVOPS ENGINEER", "rate": "$75/hr"}),
        (2, {"vendor": "apex", "title": "Sr. AWS DevOps Engineer"}),
    ),
    cluster(  # same client and city, another cloud: another role
        "azure-devops-comcast",
        DEV,
        replace(
            DEVOPS,
            title="Senior Azure DevOps Engineer",
            vendor="veritek",
            skills=("Azure DevOps", "ARM Templates", "Terraform", "AKS", "PowerShell"),
        ),
        (3, {}),
        (3, {"vendor": "brightpath", "title": "Sr Azure DevOps Engg"}),
    ),  # fmt: skip
    cluster(
        "ba-jpmc-senior",
        DEV,
        BA,
        (0, {}),
        (0, {"vendor": "cloudbridge", "title": "Sr. Business Analyst", "job_id": None}),
        (1, {"vendor": "veritek", "title": "Senior BA", "rate": "$52/hr"}),
    ),
    cluster(  # another seniority, same client and city
        "ba-jpmc-junior",
        DEV,
        replace(
            BA,
            title="Junior Business Analyst",
            job_id="JPMC-44187",
            rate="$38/hr",
            vendor="itsdirect",
        ),
        (1, {}),
        (2, {"vendor": "nextgen", "title": "Jr. Business Analyst"}),
    ),
    cluster(
        "python-cigna",
        DEV,
        PYTHON,
        (0, {}),
        (0, {"vendor": "apex", "title": "Python Dev", "rate": "$58/hr"}),
        (2, {"vendor": "bluepeak", "title": "Python Developer - Remote"}),
    ),
    cluster(
        "react-target",
        DEV,
        REACT,
        (0, {}),
        (1, {"vendor": "veritek", "title": "Sr. React JS Developer", "job_id": None}),
        (1, {"vendor": "cloudbridge", "title": "Senior ReactJS Dev", "rate": "$60/hr"}),
    ),
    cluster(
        "scrum-fanniemae",
        DEV,
        SCRUM,
        (0, {}),
        (0, {"vendor": "brightpath", "title": "Scrum Master (SAFe)"}),
        (
            3,
            {
                "vendor": "talentwave",
                "rate": "$68/hr",
                "client": None,
                "location": "Reston, VA 20190",
            },
        ),
    ),
    # --- heldout -----------------------------------------------------------------------------
    cluster(
        "scientist-walmart-senior",
        HELD,
        SCIENTIST,
        (0, {}),
        (0, {"vendor": "itsdirect", "title": "Sr. Data Scientist"}),
        (1, {"vendor": "nextgen", "title": "Senior Data Scientist - ML", "job_id": None}),
        (2, {"vendor": "talentwave", "title": "Sr Data Scientist", "rate": "$78/hr"}),
    ),
    cluster(  # another seniority, same client and city
        "scientist-walmart-lead",
        HELD,
        replace(
            SCIENTIST, title="Lead Data Scientist", job_id="WM-33090", rate="$95/hr", vendor="apex"
        ),
        (1, {}),
        (2, {"vendor": "veritek"}),
    ),
    cluster(
        "servicenow-pfizer-tampa",
        HELD,
        SERVICENOW,
        (0, {}),
        (1, {"vendor": "tekvista", "title": "ServiceNow Dev"}),
        (1, {"vendor": "brightpath", "title": "Service Now Developer", "rate": "$66/hr"}),
    ),
    cluster(  # the same title in another city
        "servicenow-pfizer-collegeville",
        HELD,
        replace(SERVICENOW, location="Collegeville, PA", vendor="cloudbridge"),
        (2, {}),
        (3, {"vendor": "infosol", "title": "ServiceNow Developer (ITSM)"}),
    ),
    cluster(
        "cloud-architect-delta",
        HELD,
        CLOUD,
        (0, {}),
        (0, {"vendor": "itsdirect", "title": "Cloud Architect - AWS/Azure"}),
        (2, {"vendor": "veritek", "title": "Cloud Architect", "rate": "$82/hr", "client": None}),
    ),
    cluster(
        "oracle-dba-nationwide",
        HELD,
        DBA,
        (0, {}),
        (1, {"vendor": "apex", "title": "Sr Oracle DBA"}),
        (1, {"vendor": "talentwave", "title": "Senior Oracle Database Administrator"}),
    ),
    cluster(  # same client and city, another role
        "sqlserver-dba-nationwide",
        HELD,
        replace(
            DBA,
            title="Senior SQL Server DBA",
            vendor="bluepeak",
            skills=("SQL Server", "T-SQL", "SSIS", "Always On", "Azure SQL"),
        ),
        (1, {}),
        (2, {"vendor": "nextgen", "title": "Sr. SQL Server DBA"}),
    ),  # fmt: skip
    cluster(
        "android-tmobile",
        HELD,
        ANDROID,
        (0, {}),
        (0, {"vendor": "infosol", "title": "Android Dev", "job_id": None}),
        (
            1,
            {
                "vendor": "apex",
                "title": "Android Developer (Kotlin)",
                "rate": "$65/hr",
                "location": "Bellevue, WA 98006",
            },
        ),
    ),
    cluster(
        "golang-fidelity-6612",
        HELD,
        GOLANG,
        (0, {}),
        (1, {"vendor": "itsdirect", "title": "Sr. Golang Developer"}),
        (1, {"vendor": "brightpath", "title": "Senior Go Developer", "job_id": None}),
        # the first vendor again: the rate went up
        (5, {"rate": "$80/hr", "note": "Rate revised - client increased the budget"}),
    ),
    cluster(  # the same vendor's blast for a second opening: another job id, same template
        "golang-fidelity-6613",
        HELD,
        replace(GOLANG, job_id="FID-6613"),
        (2, {}),
        (3, {"vendor": "cloudbridge", "title": "Sr Golang Dev"}),
    ),
    cluster(  # same client and city, another tool: another role
        "powerbi-kaiser",
        HELD,
        replace(
            TABLEAU,
            title="Power BI Developer",
            vendor="infosol",
            skills=("Power BI", "DAX", "SQL", "Azure Synapse"),
        ),
        (2, {}),
        (2, {"vendor": "itsdirect", "title": "PowerBI Developer"}),
    ),
    cluster(
        "tableau-kaiser",
        HELD,
        TABLEAU,
        (0, {}),
        (1, {"vendor": "nextgen", "rate": "$60/hr"}),
        (1, {"vendor": "talentwave", "title": "Tableau Dev", "location": "Oakland, California"}),
    ),
    cluster(
        "mainframe-usaa",
        HELD,
        MAINFRAME,
        (0, {}),
        (2, {"vendor": "bluepeak", "title": "Mainframe COBOL Developer", "client": None}),
    ),
    cluster(
        "sap-fico-chevron",
        HELD,
        SAP,
        (0, {}),
        (1, {"vendor": "brightpath", "title": "SAP FICO Consultant - S/4"}),
        (1, {"vendor": "apex", "title": "SAP FI/CO Consultant", "rate": "$88/hr"}),
    ),
]

# one mail, two openings: (days after the start, vendor, first copy's cluster and copy,
# second's); the copies are the clusters' own with this vendor's wording
BUNDLES: list[tuple[int, str, str, dict[str, Any], str, dict[str, Any]]] = [
    (2, "tekvista", "python-cigna", {"title": "Python Developer"},
     "scrum-fanniemae", {"title": "Scrum Master", "client": None}),
    (3, "talentwave", "data-analyst-capone", {"title": "Data Analyst"},
     "java-wf-phoenix", {"title": "Sr Java Developer"}),
    (2, "nextgen", "cloud-architect-delta", {"title": "Sr. Cloud Architect"},
     "mainframe-usaa", {"title": "Mainframe Developer (COBOL)"}),
    (3, "cloudbridge", "servicenow-pfizer-tampa", {"title": "ServiceNow Developer"},
     "sap-fico-chevron", {"title": "SAP FICO Consultant"}),
]  # fmt: skip
START = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)
RECIPIENTS = ("recruiter@agency.example", "jobs@agency.example", "ana.lopez@agency.example")


def build() -> None:
    emails_dir = HERE / "emails"
    shutil.rmtree(emails_dir, ignore_errors=True)
    emails_dir.mkdir()
    labels: dict[str, dict[str, Any]] = {}
    number = 0
    for index, group in enumerate(CLUSTERS):
        for copy_index, (day, copy) in enumerate(group.copies):
            number += 1
            key = copy.vendor
            vendor = VENDORS[key]
            msg = vendor.render(copy, vendor)
            when = START + timedelta(days=day, hours=(index * 5 + copy_index * 2) % 9)
            _address(msg, vendor, number, when, key)
            name = f"{group.name}_{copy_index}_{key}.eml"
            (emails_dir / name).write_bytes(msg.as_bytes())
            labels[name] = {"cluster": group.name, "split": group.split}
    by_name = {group.name: group for group in CLUSTERS}
    for day, key, first, first_change, second, second_change in BUNDLES:
        number += 1
        vendor = VENDORS[key]
        one = replace(by_name[first].copies[0][1], **first_change)
        two = replace(by_name[second].copies[0][1], **second_change)
        msg = two_positions(one, two, vendor)
        _address(msg, vendor, number, START + timedelta(days=day, hours=number % 7), key)
        name = f"two_{first}_{second}_{key}.eml"
        (emails_dir / name).write_bytes(msg.as_bytes())
        split = by_name[first].split
        assert by_name[second].split == split
        labels[name] = {"jobs": [first, second], "split": split}
    (HERE / "labels.json").write_text(json.dumps(labels, indent=1, sort_keys=True) + "\n")


def _address(msg: EmailMessage, vendor: Vendor, number: int, when: datetime, key: str) -> None:
    msg["From"] = f'"{vendor.person}" <{vendor.address}>'
    msg["To"] = RECIPIENTS[number % len(RECIPIENTS)]
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<req{number:03d}.{key}@{vendor.address.split('@')[1]}>"


if __name__ == "__main__":
    build()
