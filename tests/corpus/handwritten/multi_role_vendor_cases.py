"""Hand-written dev cases (``hm11``–``hm16``, mail indexes 310–315): WRITTEN BY US, not real
mail (issue 13, real6 helper, 2026-12-07). Multi-role layouts real vendors use that the
corpora did not have yet, written and labelled before any rule was changed for them: nine
numbered one-line roles "1) Title – City, ST – 6+ yrs"; pipe-separated rows under a header row;
"Position 1 – Title" blocks with short "Skills:" / "Exp:" lines; rows pasted from a spreadsheet
(tab-separated) with a header; numbered one-line roles with a "(Remote)" or "(Hybrid)" mode and
a "Exp 7+" tail; and two roles in one sentence of prose. The sixth real-corpus pass found no
real multi-role vendor mail in the public archives it searched (tests/corpus/real/README.md).
Skills are the taxonomy's canonical names, title first ("DevOps" and "QA automation" are
none, so those roles have no skill). All in ``dev/``."""

# ruff: noqa: E501  (bodies and labels are data)

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.corpus.real.labelled import job, requirement

Case = tuple[str, bytes, dict[str, Any]]
Mail = Callable[..., bytes]

_NINE_ROLES = (
    "Hi Partners,\n\nWe have the below 9 open positions with our direct client. Please share"
    " matching resumes with rate and visa.\n\n"
    "1) Java Developer – Dallas, TX – 8+ yrs\n"
    "2) Python Developer – Austin, TX – 6+ yrs\n"
    "3) DevOps Engineer – Phoenix, AZ – 7+ yrs\n"
    "4) Data Analyst – Charlotte, NC – 5+ yrs\n"
    "5) Salesforce Developer – Chicago, IL – 6+ yrs\n"
    "6) Oracle DBA – Columbus, OH – 10+ yrs\n"
    "7) QA Automation Engineer – Tampa, FL – 6+ yrs\n"
    "8) Scrum Master – Atlanta, GA – 8+ yrs\n"
    "9) .NET Developer – Denver, CO – 7+ yrs\n\n"
    "All roles are 12 months contract, C2C OK.\n\nThanks,\nRecruiter 310\n"
)

_PIPE_ROWS = (
    "Hello,\n\nPlease send profiles for the roles below (W2 only).\n\n"
    "Title | Location | Experience | Skills\n"
    "Angular Developer | Irving, TX | 6+ years | Angular, TypeScript\n"
    "Tableau Developer | Remote | 5+ years | Tableau, SQL\n"
    "Azure Data Engineer | Seattle, WA | 8+ years | Azure, Databricks, Python\n"
    "Workday HCM Consultant | Boston, MA | 7+ years | Workday\n\n"
    "Duration: 6 months\n\nRegards,\nRecruiter 311\n"
)

_POSITION_DASH_BLOCKS = (
    "Hi,\n\nGreetings! Kindly share resumes for the positions below.\n\n"
    "Position 1 – SAP FICO Consultant\nLocation: Houston, TX\nExp: 10+ Yrs\n"
    "Skills: SAP FICO, S/4HANA\n\n"
    "Position 2 – React Developer\nLocation: Remote\nExp: 5+ Yrs\nSkills: React, Redux, JavaScript\n\n"
    "Position 3 – Network Engineer\nLocation: Raleigh, NC\nExp: 8+ Yrs\nSkills: Cisco, BGP, Palo Alto\n\n"
    "Duration for all: 12 months\nC2C\n\nThanks\nRecruiter 312\n"
)

_TAB_ROWS = (
    "Team,\n\nBelow are our hot requirements, please share suitable resumes.\n\n"
    "Role\tLocation\tExp\n"
    "Golang Developer\tSunnyvale, CA\t7+ yrs\n"
    "Snowflake Developer\tMinneapolis, MN\t6+ yrs\n"
    "Kafka Engineer\tJersey City, NJ\t8+ yrs\n\n"
    "Long term contract.\n\nRecruiter 313\n"
)

_NUMBERED_MODE = (
    "Hello Vendors,\n\nNeed your best consultants for these roles. Please share resumes.\n\n"
    "1. Mainframe Developer (Hybrid) - Plano, TX - Exp 10+\n"
    "2. ServiceNow Developer (Remote) - Exp 6+\n"
    "3. Business Analyst (Onsite) - Richmond, VA - Exp 8+\n\n"
    "Duration: 12 months, H1B/GC/USC.\n\nThanks,\nRecruiter 314\n"
)

_PROSE_TWO_ROLES = (
    "Hi,\n\nOur client in Minneapolis, MN is looking for a Senior Java Developer with 10+ years"
    " of experience in Java and Spring Boot, and a QA Analyst with 5+ years of experience in"
    " Selenium. Both roles are 12 month contracts, onsite. Please send resumes if you have"
    " matching candidates.\n\nThanks,\nRecruiter 315\n"
)


def _nine(title: str, city: str, years: int, skills: list[str]) -> dict[str, Any]:
    return job(title, location=city, employment_types=["C2C"], duration_months=12, skills=skills,
               experience_years=years)  # fmt: skip


def multi_role_vendor_cases(mail: Mail) -> list[Case]:
    return [
        (
            "hm11_nine_numbered_one_line_roles.eml",
            mail(310, "9 open positions - direct client", _NINE_ROLES),
            requirement(
                "nine numbered one-line roles '1) Title – City, ST – N+ yrs' (en dashes); duration and C2C shared after the list",
                _nine("Java Developer", "Dallas, TX", 8, ["java"]),
                _nine("Python Developer", "Austin, TX", 6, ["python"]),
                _nine("DevOps Engineer", "Phoenix, AZ", 7, []),
                _nine("Data Analyst", "Charlotte, NC", 5, []),
                _nine("Salesforce Developer", "Chicago, IL", 6, ["salesforce"]),
                _nine("Oracle DBA", "Columbus, OH", 10, ["oracle"]),
                _nine("QA Automation Engineer", "Tampa, FL", 6, []),
                _nine("Scrum Master", "Atlanta, GA", 8, ["agile"]),
                _nine(".NET Developer", "Denver, CO", 7, [".net"]),
            ),
        ),
        (
            "hm12_pipe_separated_rows.eml",
            mail(311, "Requirements - W2", _PIPE_ROWS),
            requirement(
                "plain-text rows 'Title | City, ST | N+ years | skills' under a header row; duration shared after them",
                job(
                    "Angular Developer",
                    location="Irving, TX",
                    employment_types=["W2"],
                    duration_months=6,
                    skills=["angular", "typescript"],
                    experience_years=6,
                ),
                job(
                    "Tableau Developer",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["W2"],
                    duration_months=6,
                    skills=["tableau", "sql"],
                    experience_years=5,
                ),
                job(
                    "Azure Data Engineer",
                    location="Seattle, WA",
                    employment_types=["W2"],
                    duration_months=6,
                    skills=["azure", "databricks", "python"],
                    experience_years=8,
                ),
                job(
                    "Workday HCM Consultant",
                    location="Boston, MA",
                    employment_types=["W2"],
                    duration_months=6,
                    skills=["workday hcm", "workday"],
                    experience_years=7,
                ),
            ),
        ),
        (
            "hm13_position_dash_blocks_with_skills.eml",
            mail(312, "3 positions - C2C", _POSITION_DASH_BLOCKS),
            requirement(
                "'Position N – Title' heads over Location / 'Exp: N+ Yrs' / 'Skills:' lines; duration and C2C shared after the blocks",
                job(
                    "SAP FICO Consultant",
                    location="Houston, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    skills=["sap fico", "s/4hana"],
                    experience_years=10,
                ),
                job(
                    "React Developer",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["C2C"],
                    duration_months=12,
                    skills=["react", "redux", "javascript"],
                    experience_years=5,
                ),
                job(
                    "Network Engineer",
                    location="Raleigh, NC",
                    employment_types=["C2C"],
                    duration_months=12,
                    skills=["cisco", "bgp", "palo alto"],
                    experience_years=8,
                ),
            ),
        ),
        (
            "hm14_tab_separated_rows.eml",
            mail(313, "Hot requirements", _TAB_ROWS),
            requirement(
                "rows pasted from a spreadsheet: 'Title<TAB>City, ST<TAB>N+ yrs' under a header row; 'Long term' is no duration",
                job(
                    "Golang Developer",
                    location="Sunnyvale, CA",
                    skills=["golang"],
                    experience_years=7,
                ),
                job(
                    "Snowflake Developer",
                    location="Minneapolis, MN",
                    skills=["snowflake"],
                    experience_years=6,
                ),
                job(
                    "Kafka Engineer",
                    location="Jersey City, NJ",
                    skills=["kafka"],
                    experience_years=8,
                ),
            ),
        ),
        (
            "hm15_numbered_roles_with_mode.eml",
            mail(314, "Need consultants - 3 roles", _NUMBERED_MODE),
            requirement(
                "numbered one-line roles 'Title (Mode) - City, ST - Exp N+', one with no city; duration and visa shared after the list",
                job(
                    "Mainframe Developer",
                    location="Plano, TX",
                    work_mode="hybrid",
                    duration_months=12,
                    skills=["mainframe"],
                    experience_years=10,
                    visa=["H1B", "GC", "USC"],
                ),
                job(
                    "ServiceNow Developer",
                    location="Remote",
                    work_mode="remote",
                    duration_months=12,
                    skills=["servicenow"],
                    experience_years=6,
                    visa=["H1B", "GC", "USC"],
                ),
                job(
                    "Business Analyst",
                    location="Richmond, VA",
                    work_mode="onsite",
                    duration_months=12,
                    experience_years=8,
                    visa=["H1B", "GC", "USC"],
                ),
            ),
        ),
        (
            "hm16_two_roles_in_prose.eml",
            mail(315, "Java Developer and QA Analyst - Minneapolis", _PROSE_TWO_ROLES),
            requirement(
                "two roles in one sentence of prose, each with its own years and skills; place, duration and mode shared",
                job(
                    "Senior Java Developer",
                    location="Minneapolis, MN",
                    work_mode="onsite",
                    duration_months=12,
                    skills=["java", "spring boot"],
                    experience_years=10,
                ),
                job(
                    "QA Analyst",
                    location="Minneapolis, MN",
                    work_mode="onsite",
                    duration_months=12,
                    skills=["selenium"],
                    experience_years=5,
                ),
            ),
        ),
    ]
