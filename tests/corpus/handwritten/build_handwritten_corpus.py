"""Build the hand-written corpus (``dev/`` and ``heldout/``): mail WRITTEN BY US, not real.

    .venv/bin/python tests/corpus/handwritten/build_handwritten_corpus.py

Each message imitates one failure kind listed in issue 13 (multi-role without labels, terse
phone mail, job-board prose, PDF/DOCX attachment, locations, clients, numbers, visa/type,
look-alikes). Every name, company and address is invented; domains are example.com/.net.
Split: every message whose index is 1 or 3 modulo 5 goes to heldout (40 %).
"""

# ruff: noqa: E501  (bodies and labels are data)

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from tests.corpus.build_dev_corpus import docx_bytes, pdf_bytes
from tests.corpus.handwritten.employer_post_cases import employer_post_cases
from tests.corpus.handwritten.look_alike_cases import (
    look_alike_cases,
    more_look_alike_cases,
    server_sender_cases,
)
from tests.corpus.handwritten.multi_role_bare_cases import multi_role_bare_cases
from tests.corpus.handwritten.multi_role_cases import multi_role_cases
from tests.corpus.handwritten.multi_role_list_cases import multi_role_list_cases
from tests.corpus.handwritten.multi_role_more_cases import multi_role_more_cases
from tests.corpus.handwritten.multi_role_shape_cases import multi_role_shape_cases
from tests.corpus.handwritten.multi_role_vendor_cases import multi_role_vendor_cases
from tests.corpus.handwritten.varied_cases import varied_cases
from tests.corpus.real.labelled import job

HERE = Path(__file__).resolve().parent
START = datetime(2026, 11, 2, 14, 5, tzinfo=UTC)


def _mail(index: int, subject: str, body: str, html: str | None = None,
          attachment: tuple[str, str, bytes] | None = None) -> bytes:  # fmt: skip
    message = EmailMessage()
    message["From"] = f"Recruiter {index} <recruiter{index}@example.com>"
    message["To"] = "bench@example.net"
    message["Subject"] = subject
    message["Date"] = format_datetime(START + timedelta(hours=index))
    message["Message-ID"] = f"<hw{index:02d}@example.com>"
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    if attachment is not None:
        name, subtype, data = attachment
        message.add_attachment(data, maintype="application", subtype=subtype, filename=name)
    return bytes(message)


DOCX = "vnd.openxmlformats-officedocument.wordprocessingml.document"
TABLE_HTML = """<p>Hi Partners, please share profiles for the roles below.</p>
<table border="1"><tr><th>Role</th><th>Location</th><th>Exp</th><th>Rate</th></tr>
<tr><td>Sr Data Engineer</td><td>Dallas, TX</td><td>10+ yrs</td><td>$65/hr C2C</td></tr>
<tr><td>QA Automation Engineer</td><td>Remote</td><td>6+ yrs</td><td>$50/hr C2C</td></tr>
<tr><td>Scrum Master</td><td>Atlanta, GA</td><td>8+ yrs</td><td>$55/hr C2C</td></tr></table>
<p>Thanks, Recruiter 9</p>"""

CASES: list[tuple[str, bytes, dict[str, Any]]] = [
    ("hw01_multi_role_bare_lines.eml", _mail(1, "Hot reqs - need profiles today",
        "Hi Team,\n\nPlease share matching consultants.\n\nJava Backend Developer\nCharlotte NC\nexp: 5-7 yrs\nJava, Spring Boot, Kafka\n\nAngular UI Developer\nJersey City, NJ\nexp: 6-8 yrs\nAngular, TypeScript, RxJS\n\nDevOps Engineer\nRemote\nexp: 8+ yrs\nAWS, Terraform, Kubernetes\n\nC2C ok. Send to recruiter1@example.com\n"),
     {"is_job": True, "category": "requirement", "note": "three roles as bare title/city/exp lines; 'exp: 5-7 yrs' is experience 5, not a duration", "jobs": [
        job("Java Backend Developer", location="Charlotte, NC", employment_types=["C2C"], skills=["java", "spring boot", "kafka"], experience_years=5),
        job("Angular UI Developer", location="Jersey City, NJ", employment_types=["C2C"], skills=["angular", "typescript", "rxjs"], experience_years=6),
        job("DevOps Engineer", location="Remote", work_mode="remote", employment_types=["C2C"], skills=["aws", "terraform", "kubernetes"], experience_years=8)]}),
    ("hw02_terse_phone_dotnet.eml", _mail(2, "need .net", "Need .NET dev Houston TX 12m w2 only GC/USC\n\nSent from my iPhone\n"),
     {"is_job": True, "category": "requirement", "note": "terse phone mail", "jobs": [
        job(".NET dev", location="Houston, TX", employment_types=["W2"], duration_months=12, skills=[".net"], visa=["GC", "USC"])]}),
    ("hw03_job_board_prose_bill_rate.eml", _mail(3, "Fwd: Opportunity with our client in Columbus",
        "---------- Forwarded message ---------\n\nOur client, a regional insurer, is growing its data platform team and is looking for a Data Engineer who enjoys building reliable pipelines in Python and Snowflake. You will work with analysts and product owners in a hybrid setup, three days a week at the Columbus, OH office.\n\nThe engagement is 9m+ with possible extension. Bill rate up to $82/hr on C2C. At least 7 years of data engineering experience is expected, including Airflow and dbt.\n"),
     {"is_job": True, "category": "requirement", "note": "job-board prose forwarded; no call for resumes; 'regional insurer' is no client name", "jobs": [
        job("Data Engineer", location="Columbus, OH", work_mode="hybrid", employment_types=["C2C"], duration_months=9,
            rate={"min": None, "max": 82, "unit": "hour", "currency": "USD"}, skills=["python", "snowflake", "airflow", "dbt"], experience_years=7)]}),
    ("hw04_direct_hire_no_c2c_range.eml", _mail(4, "Salesforce Administrator - Denver",
        "Position: Salesforce Administrator\nLocation: Denver, CO (onsite)\nType: Direct hire - no corp to corp\nPay: $45/hr - $70/hr depending on experience\nExperience: 5+ years with Sales Cloud and Flows\n\nWe are an equal opportunity employer; all qualified applicants are considered regardless of citizenship, race or religion.\n"),
     {"is_job": True, "category": "requirement", "note": "direct hire without C2C → FTE only; EEO boilerplate is no visa statement", "jobs": [
        job("Salesforce Administrator", location="Denver, CO", work_mode="onsite", employment_types=["FTE"],
            rate={"min": 45, "max": 70, "unit": "hour", "currency": "USD"}, skills=["salesforce", "sales cloud", "salesforce flows"], experience_years=5)]}),
    ("hw05_pdf_jd_attached.eml", _mail(5, "Requirement - JD attached", "Hi,\n\nPlease find the JD attached. Share profiles if you have a match.\n",
        attachment=("Network_Engineer_JD.pdf", "pdf", pdf_bytes(["Job Title: Network Engineer", "Location: Phoenix, AZ", "Duration: 6 months", "Rate: $60/hr C2C", "Skills: Cisco, BGP, Palo Alto", "Visa: USC, GC"]))),
     {"is_job": True, "category": "requirement", "note": "the requirement is only in the PDF", "jobs": [
        job("Network Engineer", location="Phoenix, AZ", employment_types=["C2C"], duration_months=6,
            rate={"min": 60, "max": 60, "unit": "hour", "currency": "USD"}, skills=["cisco", "bgp", "palo alto"], visa=["USC", "GC"])]}),
    ("hw06_docx_jd_attached.eml", _mail(6, "New position", "Please see the attached job description.\n",
        attachment=("BA_JD.docx", DOCX, docx_bytes(["Role: Business Analyst", "Location: Raleigh North Carolina 27601", "Duration: 12+ months", "Client: A leading bank", "Must have: SQL, JIRA, user stories"], "Business Analyst"))),
     {"is_job": True, "category": "requirement", "note": "requirement only in the DOCX; state name + ZIP; 'A leading bank' is no client; 12+ months → 12", "jobs": [
        job("Business Analyst", location="Raleigh, NC", duration_months=12, skills=["sql", "jira", "user stories"])]}),
    ("hw07_locations_hybrid_remote.eml", _mail(7, "2 roles - Tampa hybrid and remote",
        "Role: Python Developer\nLocation: Hybrid - 3 days onsite in Tampa, FL\nDuration: 12 months\n\nRole: Cloud Architect\nLocation: Remote (CST hours)\nDuration: 6 months\nExperience: 8 years with a degree, or 12 years without\nVisa: GC/H1Bs/EADs\n"),
     {"is_job": True, "category": "requirement", "note": "hybrid with days onsite; remote with a time zone; degree/no-degree years → 8; H1Bs/EADs", "jobs": [
        job("Python Developer", location="Tampa, FL", work_mode="hybrid", duration_months=12, skills=["python"]),
        job("Cloud Architect", location="Remote", work_mode="remote", duration_months=6, experience_years=8, visa=["GC", "H1B", "EAD"])]}),
    ("hw08_html_table_three_roles.eml", _mail(8, "Urgent C2C reqs", "Please see the HTML version.\n", html=TABLE_HTML),
     {"is_job": True, "category": "requirement", "note": "HTML table with one row per role", "jobs": [
        job("Sr Data Engineer", location="Dallas, TX", employment_types=["C2C"], rate={"min": 65, "max": 65, "unit": "hour", "currency": "USD"}, experience_years=10),
        job("QA Automation Engineer", location="Remote", work_mode="remote", employment_types=["C2C"], rate={"min": 50, "max": 50, "unit": "hour", "currency": "USD"}, experience_years=6),
        job("Scrum Master", location="Atlanta, GA", employment_types=["C2C"], rate={"min": 55, "max": 55, "unit": "hour", "currency": "USD"}, skills=["agile"], experience_years=8)]}),
    ("hw09_conference_mailing.eml", _mail(9, "Join us at the Staffing Leaders Summit 2027",
        "Register now for the Staffing Leaders Summit, March 3-4 in Austin, TX. Sessions on VMS trends, bench sales and recruiter productivity. Early-bird pricing ends Friday.\n\nUnsubscribe: https://events.example.com/unsub\n"),
     {"is_job": False, "category": "newsletter", "note": "conference mailing → newsletter, not submission", "jobs": []}),
    ("hw10_submission_with_cv.eml", _mail(10, "Submission: Java Developer - Consultant A",
        "Hi,\n\nPlease find attached the resume of Consultant A for your Java Developer role in Charlotte, NC. Rate $62/hr C2C, H1B, available in 2 weeks.\n",
        attachment=("Consultant_A_Resume.pdf", "pdf", pdf_bytes(["Consultant A", "Java Developer, 9 years", "Java, Spring Boot, AWS"]))),
     {"is_job": False, "category": "submission", "note": "carries a candidate's CV → submission, not hotlist", "jobs": []}),
    ("hw11_hotlist_bench.eml", _mail(11, "Updated hotlist - available consultants",
        "Hi Partners,\n\nBelow are our available consultants:\n\n1. Java Developer - 10 yrs - H1B - Dallas, TX - relocate\n2. Data Analyst - 6 yrs - GC - Remote\n3. Salesforce Developer - 8 yrs - USC - NJ\n\nPlease reach out with C2C requirements.\n"),
     {"is_job": False, "category": "hotlist", "note": "bench list", "jobs": []}),
    ("hw12_interview_schedule.eml", _mail(12, "Interview scheduled - Consultant B - Data Engineer",
        "Hi,\n\nConsultant B's video interview with the hiring manager is confirmed for Tuesday 11 AM CST. Please make sure the candidate joins 5 minutes early.\n"),
     {"is_job": False, "category": "interview", "note": "interview scheduling", "jobs": []}),
    ("hw13_out_of_office.eml", _mail(13, "Automatic reply: Java Developer - Charlotte, NC",
        "I am out of the office until Monday with limited access to e-mail. For urgent requirements please contact recruiter2@example.com.\n"),
     {"is_job": False, "category": "other", "note": "out-of-office auto reply whose subject names a role", "jobs": []}),
]  # fmt: skip


# Written for the extractor's tuning (issue 13, h-extract): one or more per failure class, all in
# dev/ so the split of CASES above, and so heldout/, stays as it was.
CV = ("pdf", pdf_bytes(["Candidate", "Data Engineer, 8 years", "Python, Spark, AWS"]))
TABLE2_HTML = """<p>Team, we have the openings below with our end client. Reply with resumes.</p>
<table><tr><td><b>Job Title</b></td><td><b>City</b></td><td><b>Duration</b></td><td><b>Visa</b></td></tr>
<tr><td>Mainframe Developer</td><td>Columbus, OH</td><td>12 months</td><td>USC/GC</td></tr>
<tr><td>Oracle DBA</td><td>Hartford, CT</td><td>6 months</td><td>GC/H1Bs/EADs</td></tr></table>
<p>Regards</p>"""
DEV_CASES: list[tuple[str, bytes, dict[str, Any]]] = [
    (
        "hx01_numbered_bare_blocks.eml",
        _mail(
            21,
            "3 open positions - direct client",
            "Hello Partners,\n\nWe have below open positions with our direct client. Kindly share resumes.\n\n1. Python Developer\nAustin, TX\n6 to 8 years\nPython, Django, PostgreSQL\n\n2. Salesforce Administrator\nRemote (EST hours)\nexp: 4-6 yrs\nSalesforce, Apex\n\n3. Network Engineer\nAtlanta Georgia 30303\n8 years with a degree, or 12 years without\nCisco, BGP\n\nAll roles: W2 only, USC/GC.\n",
        ),
        {
            "is_job": True,
            "category": "requirement",
            "note": "numbered blocks of bare title/city/years lines; '6 to 8 years' is experience; '8 years with a degree, or 12 years without' → 8; a trailer line shared by all",
            "jobs": [
                job(
                    "Python Developer",
                    location="Austin, TX",
                    employment_types=["W2"],
                    skills=["python", "django", "postgresql"],
                    experience_years=6,
                    visa=["USC", "GC"],
                ),
                job(
                    "Salesforce Administrator",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["W2"],
                    skills=["salesforce", "apex"],
                    experience_years=4,
                    visa=["USC", "GC"],
                ),
                job(
                    "Network Engineer",
                    location="Atlanta, GA",
                    employment_types=["W2"],
                    skills=["cisco", "bgp"],
                    experience_years=8,
                    visa=["USC", "GC"],
                ),
            ],
        },
    ),
    (
        "hx02_terse_java_phone.eml",
        _mail(
            22, "need java", "Need Java dev Dallas TX 6m c2c USC/GC only\n\nSent from my iPhone\n"
        ),
        {
            "is_job": True,
            "category": "requirement",
            "note": "terse phone mail",
            "jobs": [
                job(
                    "Java dev",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=6,
                    skills=["java"],
                    visa=["USC", "GC"],
                )
            ],
        },
    ),
    (
        "hx03_terse_slashes_subject_title.eml",
        _mail(
            23,
            "DevOps Engineer - Phoenix AZ",
            "9m+ / W2 / USC,GC only\nrate 60/hr\n\nSent from my phone\n",
        ),
        {
            "is_job": True,
            "category": "requirement",
            "note": "terse: the title and place are in the subject only; '9m+' → 9",
            "jobs": [
                job(
                    "DevOps Engineer",
                    location="Phoenix, AZ",
                    employment_types=["W2"],
                    duration_months=9,
                    rate={"min": 60, "max": 60, "unit": "hour", "currency": "USD"},
                    visa=["USC", "GC"],
                )
            ],
        },
    ),
    (
        "hx04_job_board_direct_hire_eeo.eml",
        _mail(
            24,
            "Fwd: Backend Engineer at Contoso",
            "---------- Forwarded message ---------\n\nOur client Contoso is hiring a Backend Engineer to join its payments team in Denver, CO. This is a direct hire role - no corp to corp. The salary range is $120,000 - $140,000 per year plus bonus.\n\nYou will design and build services in Go and PostgreSQL on AWS. 5+ years of backend development experience required.\n\nContoso is an equal opportunity employer. All qualified applicants will receive consideration for employment regardless of race, color, religion, sex, national origin, citizenship or disability.\n",
        ),
        {
            "is_job": True,
            "category": "requirement",
            "note": "job-board prose; direct hire - no corp to corp → FTE only; EEO boilerplate is no visa statement",
            "jobs": [
                job(
                    "Backend Engineer",
                    client="Contoso",
                    location="Denver, CO",
                    employment_types=["FTE"],
                    rate={"min": 120000, "max": 140000, "unit": "year", "currency": "USD"},
                    skills=["golang", "postgresql", "aws"],
                    experience_years=5,
                )
            ],
        },
    ),
    (
        "hx05_job_board_hourly_range.eml",
        _mail(
            25,
            "Fwd: QA Lead (Contract)",
            "Posted by a partner:\n\nA growing fintech is seeking a QA Lead for a 12+ months contract in Charlotte, NC (hybrid, 2 days a week in office). Compensation is $45/hr - $70/hr depending on experience.\n\nThe ideal candidate has 7+ years of testing experience with Selenium and Cypress and has led small teams.\n",
        ),
        {
            "is_job": True,
            "category": "requirement",
            "note": "job-board prose; no call for resumes; '12+ months' → 12; 'A growing fintech' is no client",
            "jobs": [
                job(
                    "QA Lead",
                    location="Charlotte, NC",
                    work_mode="hybrid",
                    duration_months=12,
                    rate={"min": 45, "max": 70, "unit": "hour", "currency": "USD"},
                    skills=["selenium", "cypress"],
                    experience_years=7,
                )
            ],
        },
    ),
    (
        "hx06_html_table_job_title_city.eml",
        _mail(26, "Two reqs", "See the table in the HTML part.\n", html=TABLE2_HTML),
        {
            "is_job": True,
            "category": "requirement",
            "note": "HTML table, one row per role; 'GC/H1Bs/EADs' includes H1B and EAD",
            "jobs": [
                job(
                    "Mainframe Developer",
                    location="Columbus, OH",
                    duration_months=12,
                    skills=["mainframe"],
                    visa=["USC", "GC"],
                ),
                job(
                    "Oracle DBA",
                    location="Hartford, CT",
                    duration_months=6,
                    skills=["oracle"],
                    visa=["H1B", "GC", "EAD"],
                ),
            ],
        },
    ),
    (
        "hx07_event_mailing.eml",
        _mail(
            27,
            "Last chance: Staffing Tech Expo 2027 - early bird ends Friday",
            "Hello,\n\nJoin 2,000 recruiters and staffing leaders at Staffing Tech Expo 2027 in Las Vegas, NV on March 3-5. Keynote speakers, workshops on AI sourcing and a call for speakers: submit your session proposal by January 15.\n\nRegister now and save 30% with the early bird rate.\n\nSee you there,\nThe Expo Team\n",
        ),
        {
            "is_job": False,
            "category": "newsletter",
            "note": "an event mailing with a call for speakers → newsletter, not a submission",
            "jobs": [],
        },
    ),
    (
        "hx08_submission_two_cvs.eml",
        _mail(
            28,
            "Resumes for Data Engineer - Charlotte",
            "Hi,\n\nPlease find attached the resumes of two candidates for your Data Engineer role. Both are available immediately, on H1B, rate $60/hr C2C.\n\nThanks\n",
            attachment=("Resume_Candidate_C.pdf", *CV),
        ),
        {
            "is_job": False,
            "category": "submission",
            "note": "carries candidates' CVs → submission, not a hotlist",
            "jobs": [],
        },
    ),
    (
        "hx09_contact_list_spam.eml",
        _mail(
            29,
            "IT staffing decision makers email list",
            "Hi,\n\nWould you be interested in acquiring an email list of IT staffing decision makers? We have 25,000 verified contacts with phone numbers. Let us know your target audience so we can send counts and pricing.\n\nTo opt out reply REMOVE.\n",
        ),
        {"is_job": False, "category": "spam", "note": "a contact-list seller → spam", "jobs": []},
    ),
    (
        "hx10_roles_without_blank_lines.eml",
        _mail(
            30,
            "Today's Multiple Requirements Across USA",
            "Hi Network,\n\nPlease go through the below requirements and drop me an email if you have suitable candidates.\n\nSr. Java Developer\nIrving, TX\nexperience: 8 to 10 years\nJob Description:\nJava, Spring Boot, Kafka\nMicroservices on AWS\nQA Automation Engineer\nCary, NC\nexperience: 5 to 7 years\nJob Description:\nSelenium, Java, Cucumber\nPower BI Developer\nPhoenix, AZ\nexperience: 6 to 8 years\nJob Description:\nPower BI, DAX, SQL\n\nNo OPTs and CPTs.\n",
        ),
        {
            "is_job": True,
            "category": "requirement",
            "note": "bare title/city/'experience: 8 to 10 years' triples with no blank line between roles; 'No OPTs and CPTs' names no accepted visa",
            "jobs": [
                job(
                    "Sr. Java Developer",
                    location="Irving, TX",
                    skills=["java", "spring boot", "kafka", "microservices", "aws"],
                    experience_years=8,
                ),
                job(
                    "QA Automation Engineer",
                    location="Cary, NC",
                    skills=["selenium", "java", "cucumber"],
                    experience_years=5,
                ),
                job(
                    "Power BI Developer",
                    location="Phoenix, AZ",
                    skills=["power bi", "dax", "sql"],
                    experience_years=6,
                ),
            ],
        },
    ),
    (
        "hx11_numbered_title_city_lines.eml",
        _mail(
            31,
            "Multiple openings - share resumes",
            "Hi,\n\nPlease share resumes for the below positions.\n\n1) Java Developer - Columbus, OH\nExp: 8+ yrs\nSkills: Java, Spring Boot, Microservices\n2) UI Developer - Tampa, FL\nExp: 6+ yrs\nSkills: React, JavaScript\n3) Data Engineer - Remote\nExp: 10+ yrs\nSkills: Python, Spark, AWS\n\nThanks\n",
        ),
        {
            "is_job": True,
            "category": "requirement",
            "note": "numbered roles with their place on the title line, details below",
            "jobs": [
                job(
                    "Java Developer",
                    location="Columbus, OH",
                    skills=["java", "spring boot", "microservices"],
                    experience_years=8,
                ),
                job(
                    "UI Developer",
                    location="Tampa, FL",
                    skills=["react", "javascript"],
                    experience_years=6,
                ),
                job(
                    "Data Engineer",
                    location="Remote",
                    work_mode="remote",
                    skills=["python", "spark", "aws"],
                    experience_years=10,
                ),
            ],
        },
    ),
]

# Written for issue 13's remaining classes (h-labelfree): job-board prose with no labels (a title
# line, a client that "needs" a role, a JD attached as prose), spam dressed as jobs or accounts,
# and experience wordings; plus a requirement whose skills sound like spam words. All in dev/.
PROSE_JD = [
    "Cloud Security Engineer",
    "The Cloud Security Engineer will design and run security controls on AWS for a regional bank in Tampa, FL.",
    "This is a 6 month contract on W2. Pay rate $65/hr - $72/hr.",
    "8 years with a degree, or 12 years without.",
]
LABEL_FREE_CASES: list[tuple[str, bytes, dict[str, Any]]] = [
    (
        "hy01_prose_title_line_direct_hire.eml",
        _mail(
            31,
            "Fwd: Position",
            "Business Intelligence Developer\nPhoenix, AZ\n\nThis is a full-time, direct hire position with a healthcare company. Salary $110k - $130k per year. 5+ years with Power BI, SQL and SSIS required.\n",
        ),
        {
            "is_job": True,
            "category": "requirement",
            "note": "job-board prose: the title is a line of its own, no intent verb, subject without a role",
            "jobs": [
                job(
                    "Business Intelligence Developer",
                    location="Phoenix, AZ",
                    employment_types=["FTE"],
                    rate={"min": 110000, "max": 130000, "unit": "year", "currency": "USD"},
                    skills=["power bi", "sql", "ssis"],
                    experience_years=5,
                )
            ],
        },
    ),
    (
        "hy02_prose_client_needs_role.eml",
        _mail(
            32,
            "Sr. Salesforce Developer",
            "Hello,\n\nOur client in Richmond, VA needs a Sr. Salesforce Developer for a long-term engagement of 18 months. The rate is $75/hr on C2C. Minimum 10+ years in IT, with Apex and Visualforce.\n",
        ),
        {
            "is_job": True,
            "category": "requirement",
            "note": "prose only: 'needs a …' presents the job; 'Minimum 10+ years' → 10",
            "jobs": [
                job(
                    "Sr. Salesforce Developer",
                    location="Richmond, VA",
                    employment_types=["C2C"],
                    duration_months=18,
                    rate={"min": 75, "max": 75, "unit": "hour", "currency": "USD"},
                    skills=["salesforce", "apex", "visualforce"],
                    experience_years=10,
                )
            ],
        },
    ),
    (
        "hy03_prose_jd_pdf_no_labels.eml",
        _mail(
            33,
            "JD",
            "Please find the JD attached.\n",
            attachment=("JD.pdf", "pdf", pdf_bytes(PROSE_JD)),
        ),
        {
            "is_job": True,
            "category": "requirement",
            "note": "one-line body; the attached JD is prose without labels",
            "jobs": [
                job(
                    "Cloud Security Engineer",
                    location="Tampa, FL",
                    employment_types=["W2"],
                    duration_months=6,
                    rate={"min": 65, "max": 72, "unit": "hour", "currency": "USD"},
                    skills=["aws"],
                    experience_years=8,
                )
            ],
        },
    ),
    (
        "hy04_spam_verify_account.eml",
        _mail(
            34,
            "Action required: mailbox verification",
            "Dear user,\n\nYour mailbox is almost full and your account will be suspended within 24 hours. Verify your email account now to keep your current password and messages.\n\nIT Help Desk\n",
        ),
        {
            "is_job": False,
            "category": "spam",
            "note": "phishing 'verify your account' → spam",
            "jobs": [],
        },
    ),
    (
        "hy05_spam_loan_offer.eml",
        _mail(
            35,
            "You are pre-approved",
            "Hello,\n\nGood news: you are pre-approved for a personal loan of $50,000 with no credit check. Funds in 24 hours. Reply YES to claim your offer.\n",
        ),
        {"is_job": False, "category": "spam", "note": "loan offer → spam", "jobs": []},
    ),
    (
        "hy06_spam_work_from_home_job.eml",
        _mail(
            36,
            "Job offer - remote assistant",
            "Hi,\n\nWe are hiring remote assistants. Work only 2 hours a day and earn $500 daily from home. No experience needed, no interview. Send your name and phone number to start today.\n",
        ),
        {
            "is_job": False,
            "category": "spam",
            "note": "a scam dressed as a job: money per day, no skill → spam",
            "jobs": [],
        },
    ),
    (
        "hy07_spam_seo_offer.eml",
        _mail(
            37,
            "Quick question about your website",
            "Hi,\n\nI was checking your website and noticed it does not rank on the first page of Google for your main keywords. Our SEO services can fix that at an affordable price. Reply for a free audit.\n\nBest,\nSEO Team\n",
        ),
        {"is_job": False, "category": "spam", "note": "an SEO seller → spam", "jobs": []},
    ),
    (
        "hy08_experience_degree_reversed.eml",
        _mail(
            38,
            "Java Developer - Dallas, TX",
            "Hi,\n\nPlease share resumes for the role below.\n\nRole: Java Developer\nLocation: Dallas, TX\nDuration: 12 months\nType: C2C\n\nCandidates need 12 years without a degree or 8 years with a degree, with Java and Spring Boot.\n",
        ),
        {
            "is_job": True,
            "category": "requirement",
            "note": "'12 years without a degree or 8 years with a degree' → 8",
            "jobs": [
                job(
                    "Java Developer",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    skills=["java", "spring boot"],
                    experience_years=8,
                )
            ],
        },
    ),
    (
        "hy09_iam_role_with_spam_words.eml",
        _mail(
            39,
            "Need IAM Engineer - Remote",
            "Hi Partners,\n\nPlease share profiles for the role below.\n\nRole: IAM Engineer\nLocation: Remote\nDuration: 6 months\nExp: 5-7 yrs\nSkills: Okta, SailPoint\n\nThe engineer automates flows where users verify your account prompts, locked accounts and password expiry notices for a lending firm that offers personal loans online.\n",
        ),
        {
            "is_job": True,
            "category": "requirement",
            "note": "a genuine requirement that names phishing and loan words; 'Exp: 5-7 yrs' → 5",
            "jobs": [
                job(
                    "IAM Engineer",
                    location="Remote",
                    work_mode="remote",
                    duration_months=6,
                    skills=["okta", "sailpoint", "iam"],
                    experience_years=5,
                )
            ],
        },
    ),
]


def build() -> None:
    labels: dict[str, dict[str, Any]] = {"dev": {}, "heldout": {}}
    for split in labels:
        (HERE / split).mkdir(exist_ok=True)
        for old in (HERE / split).glob("*.eml"):
            old.unlink()
    for index, (name, raw, label) in enumerate(CASES):
        split = "heldout" if index % 5 in (1, 3) else "dev"
        (HERE / split / name).write_bytes(raw)
        labels[split][name] = {key: label[key] for key in ("is_job", "category", "jobs", "note")}
    for name, raw, label in [
        *DEV_CASES,
        *LABEL_FREE_CASES,
        *multi_role_cases(_mail),
        *varied_cases(_mail),  # real13b's shapes, all in dev/
        *more_look_alike_cases(_mail),  # look4's spam and personal styles, all in dev/
        *server_sender_cases(_mail),  # clsfix's non-bounces from server addresses, in dev/
        *multi_role_bare_cases(_mail),  # seg4's bare-title layouts, all in dev/
        *multi_role_more_cases(_mail),  # multi5's multi-role layouts, all in dev/
        *multi_role_vendor_cases(_mail),  # real6's vendor multi-role layouts, all in dev/
        *multi_role_list_cases(_mail),  # multi's list, table and quoted layouts, all in dev/
        *multi_role_shape_cases(
            _mail
        ),  # multi2's dash-skills, prose and skill-table shapes, in dev/
    ]:
        (HERE / "dev" / name).write_bytes(raw)
        labels["dev"][name] = {key: label[key] for key in ("is_job", "category", "jobs", "note")}
    # real13's cases, each list split like CASES by its own index
    for index, (name, raw, label) in [
        *enumerate(look_alike_cases(_mail)),
        *enumerate(employer_post_cases(_mail)),
    ]:
        split = "heldout" if index % 5 in (1, 3) else "dev"
        (HERE / split / name).write_bytes(raw)
        labels[split][name] = {key: label[key] for key in ("is_job", "category", "jobs", "note")}
    for split, content in labels.items():
        (HERE / split / "labels.json").write_text(json.dumps(content, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    build()
