"""Hand-written dev cases (``hv01``–``hv35``, mail indexes 120–154), one shape each, for the
classes issue 13 names: multi-role mail with many roles (eight bare titles with a one-line
field row, ten bare titles sharing the fields above them, numbered "Position N:" blocks with
abbreviated labels, an HTML table with one row per role), terse phone mails, job-board postings,
state-name + ZIP and state-only locations, several locations, non-client phrases, experience
wordings, visa lists, equal-opportunity boilerplate, one opening at two levels, prose that
states no duration; and look-alikes (advance-fee, loan, payroll phishing, a B2B pitch to
staffing firms, a job scam; a call for papers and a release announcement; a list's
membership reminder, a CI and a bug-tracker notification). Written by us (issue 13, real13b
helper) before the rules that handle them were read; all in ``dev/``."""

# ruff: noqa: E501  (bodies and labels are data)

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.corpus.real.labelled import job

Case = tuple[str, bytes, dict[str, Any]]
Mail = Callable[..., bytes]


def _hour(low: int, high: int | None = None) -> dict[str, Any]:
    return {"min": low, "max": low if high is None else high, "unit": "hour", "currency": "USD"}


def _requirement(note: str, *jobs: dict[str, Any]) -> dict[str, Any]:
    return {"is_job": True, "category": "requirement", "note": note, "jobs": list(jobs)}


def _not_job(category: str, note: str) -> dict[str, Any]:
    return {"is_job": False, "category": category, "note": note, "jobs": []}


_EIGHT = [
    ("Java Full Stack Developer", "Irving, TX", 12, 62, ["java"]),
    ("Python Data Engineer", "Plano, TX", 6, 60, ["python"]),
    ("React Developer", "Remote", 9, 55, ["react"]),
    ("Mainframe Developer", "Columbus, OH", 12, 58, ["mainframe"]),
    ("Salesforce Developer", "Jersey City, NJ", 6, 65, ["salesforce"]),
    ("Tableau Developer", "Charlotte, NC", 12, 52, ["tableau"]),
    ("Oracle DBA", "Hartford, CT", 18, 68, ["oracle"]),
    ("Scrum Master", "Atlanta, GA", 6, 50, ["agile"]),
]  # fmt: skip


def _eight_body() -> str:
    blocks = "".join(
        f"{title}\n{place} \u2022 {months} months \u2022 ${rate}/hr\n\n"
        for title, place, months, rate, _ in _EIGHT
    )
    return (
        "Hi Partners,\n\nPlease send consultants for the following, all C2C:\n\n"
        + blocks
        + "Thanks,\nRecruiter 120\n"
    )


def _eight_jobs() -> list[dict[str, Any]]:
    return [
        job(
            title,
            location=place,
            work_mode="remote" if place == "Remote" else None,
            employment_types=["C2C"],
            duration_months=months,
            rate=_hour(rate),
            skills=skills,
        )
        for title, place, months, rate, skills in _EIGHT
    ]


_TEN = [
    ("Java Developer", ["java"]), ("Python Developer", ["python"]),
    ("QA Automation Tester", []), ("Business Analyst", []), ("Project Manager", []),
    ("Scrum Master", ["agile"]), ("Data Architect", []), ("Angular Developer", ["angular"]),
    ("Linux Administrator", ["linux"]), ("SharePoint Developer", ["sharepoint"]),
]  # fmt: skip

_TABLE_HTML = """<p>Hello Partners,</p><p>Below are this week's open requirements. Reply with resume, rate and visa copy.</p>
<table border="1" cellpadding="4">
<tr><th>Req ID</th><th>Position</th><th>Work Location</th><th>Mode</th><th>Bill Rate</th><th>Visa</th></tr>
<tr><td>REQ-4410</td><td>Java Developer</td><td>Plano TX 75024</td><td>Onsite</td><td>$60/hr C2C</td><td>USC/GC</td></tr>
<tr><td>REQ-4411</td><td>DevOps Engineer</td><td>Remote (PST hours)</td><td>Remote</td><td>$65/hr C2C</td><td>H1B/GC/USC</td></tr>
<tr><td>REQ-4412</td><td>Data Analyst</td><td>Tampa, FL</td><td>Hybrid</td><td>$48/hr W2</td><td>USC/GC/GC-EAD</td></tr>
<tr><td>REQ-4413</td><td>Salesforce Administrator</td><td>Columbus Ohio 43215</td><td>Onsite</td><td>$55/hr C2C</td><td>Any</td></tr>
<tr><td>REQ-4414</td><td>Network Engineer</td><td>Virginia</td><td>Onsite</td><td>$58/hr W2</td><td>USC only</td></tr>
</table>
<p>Regards,<br>Recruiter 122<br>Talent Desk, Example Staffing Inc.</p>"""


def _multi_role_cases(mail: Mail) -> list[Case]:
    return [
        (
            "hv01_eight_titles_bullet_field_rows.eml",
            mail(120, "8 urgent openings - Irving TX and around", _eight_body()),
            _requirement(
                "eight roles, each a bare title line over one 'City, ST \u2022 N months \u2022 $N/hr' line; 'all C2C' applies to every role",
                *_eight_jobs(),
            ),
        ),
        (
            "hv02_position_n_abbreviated_labels.eml",
            mail(
                121,
                "4 positions - W2 only",
                "Hello,\n\nBelow positions are open with our direct client. W2 only, no C2C.\n\nPosition 1: Senior .NET Developer\nLoc: Richmond, VA (Hybrid)\nDur: 12+ months\nExp: 10-12 yrs\nMust: C#, ASP.NET Core, Azure\n\nPosition 2: Business Systems Analyst\nLoc: Raleigh, NC\nDur: 6 months\nExp: 7 yrs min\nMust: SQL, JIRA, Agile\n\nPosition 3: Cloud Engineer\nLoc: Remote\nDur: 9 months\nExp: 6+ yrs\nMust: AWS, Terraform\n\nPosition 4: ETL Developer\nLoc: Tampa, FL\nDur: 12 months\nExp: 5 to 8 years\nMust: Informatica, Oracle, Teradata\n\nRegards\n",
            ),
            _requirement(
                "numbered 'Position N: <title>' blocks with abbreviated labels (Loc/Dur/Exp/Must); 'direct client' is no name; 'W2 only, no C2C' → W2 for all; 'Exp: 10-12 yrs' is experience, not a duration",
                job(
                    "Senior .NET Developer",
                    location="Richmond, VA",
                    work_mode="hybrid",
                    employment_types=["W2"],
                    duration_months=12,
                    skills=[".net", "c#", ".net core", "azure"],
                    experience_years=10,
                ),
                job(
                    "Business Systems Analyst",
                    location="Raleigh, NC",
                    employment_types=["W2"],
                    duration_months=6,
                    skills=["sql", "jira", "agile"],
                    experience_years=7,
                ),
                job(
                    "Cloud Engineer",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["W2"],
                    duration_months=9,
                    skills=["aws", "terraform"],
                    experience_years=6,
                ),
                job(
                    "ETL Developer",
                    location="Tampa, FL",
                    employment_types=["W2"],
                    duration_months=12,
                    skills=["etl", "informatica", "oracle", "teradata"],
                    experience_years=5,
                ),
            ),
        ),
        (
            "hv03_html_table_req_ids_mixed_places.eml",
            mail(
                122,
                "This week's requirements",
                "Please view this mail in HTML.\n",
                html=_TABLE_HTML,
            ),
            _requirement(
                "HTML table, one row per role, with a Req ID, a Mode and a Visa column; places as 'Plano TX 75024', 'Columbus Ohio 43215', a state alone ('Virginia' → VA) and 'Remote (PST hours)'; 'Any' names no visa; GC-EAD → EAD",
                job(
                    "Java Developer",
                    location="Plano, TX",
                    work_mode="onsite",
                    employment_types=["C2C"],
                    rate=_hour(60),
                    skills=["java"],
                    visa=["USC", "GC"],
                    job_id="REQ-4410",
                ),
                job(
                    "DevOps Engineer",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["C2C"],
                    rate=_hour(65),
                    visa=["H1B", "GC", "USC"],
                    job_id="REQ-4411",
                ),
                job(
                    "Data Analyst",
                    location="Tampa, FL",
                    work_mode="hybrid",
                    employment_types=["W2"],
                    rate=_hour(48),
                    visa=["USC", "GC", "EAD"],
                    job_id="REQ-4412",
                ),
                job(
                    "Salesforce Administrator",
                    location="Columbus, OH",
                    work_mode="onsite",
                    employment_types=["C2C"],
                    rate=_hour(55),
                    skills=["salesforce"],
                    job_id="REQ-4413",
                ),
                job(
                    "Network Engineer",
                    location="VA",
                    work_mode="onsite",
                    employment_types=["W2"],
                    rate=_hour(58),
                    visa=["USC"],
                    job_id="REQ-4414",
                ),
            ),
        ),
        (
            "hv04_ten_bare_titles_fields_above.eml",
            mail(
                123,
                "10 openings - Columbus OH - onsite",
                "Hi team,\n\nOur client in Columbus, OH has the following ten openings (onsite, 12 months, W2 only, USC/GC):\n\n"
                + "".join(f"{title}\n" for title, _ in _TEN)
                + "\nSend resumes with rate and availability.\n",
            ),
            _requirement(
                "ten bare title lines, no bullets, sharing the place, mode, duration, type and visa stated in the sentence above them",
                *[
                    job(
                        title,
                        location="Columbus, OH",
                        work_mode="onsite",
                        employment_types=["W2"],
                        duration_months=12,
                        skills=skills,
                        visa=["USC", "GC"],
                    )
                    for title, skills in _TEN
                ],
            ),
        ),
    ]


def _single_role_cases(mail: Mail) -> list[Case]:
    return [
        (
            "hv05_terse_dashes_h1b_ok.eml",
            mail(
                124,
                "req",
                "Sr Python dev - Remote - 6m+ - $70/hr c2c - H1B ok\n\nSent from my Galaxy\n",
            ),
            _requirement(
                "terse phone mail, fields between dashes; subject says nothing",
                job(
                    "Sr Python dev",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["C2C"],
                    duration_months=6,
                    rate=_hour(70),
                    skills=["python"],
                    visa=["H1B"],
                ),
            ),
        ),
        (
            "hv06_terse_several_states.eml",
            mail(
                125,
                "Oracle DBA TX/OK/LA",
                "Need Oracle DBA onsite TX/OK/LA 12m+ w2 USC/GC/GC-EAD pls\n\nSent from Yahoo Mail on Android\n",
            ),
            _requirement(
                "terse mail with several states 'TX/OK/LA' → the first, state only; GC-EAD → EAD",
                job(
                    "Oracle DBA",
                    location="TX",
                    work_mode="onsite",
                    employment_types=["W2"],
                    duration_months=12,
                    skills=["oracle"],
                    visa=["USC", "GC", "EAD"],
                ),
            ),
        ),
        (
            "hv07_job_board_state_name_zip_eeo.eml",
            mail(
                126,
                "Fwd: Job posting",
                "---------- Forwarded message ---------\n\nSite Reliability Engineer\nRaleigh North Carolina 27601\nFull-time | Salary: $130,000 - $150,000\n\nAbout the role\nWe are a growing software company building payment infrastructure. As a Site Reliability Engineer you will run our Kubernetes platform on Google Cloud, automate with Terraform and improve observability with Prometheus and Grafana. You bring at least 6 years in production operations.\n\nApply now: https://jobs.example.com/sre-4471\n\nWe are an equal opportunity employer. We consider all applicants without regard to race, color, religion, sex, national origin, age, disability, citizenship status or protected veteran status.\n",
            ),
            _requirement(
                "forwarded job-board posting: title line, state name + ZIP line, 'Full-time | Salary' line, prose; EEO boilerplate naming citizenship is no visa statement; the id only in the link → null; 'a growing software company' is no client",
                job(
                    "Site Reliability Engineer",
                    location="Raleigh, NC",
                    employment_types=["FTE"],
                    rate={"min": 130000, "max": 150000, "unit": "year", "currency": "USD"},
                    skills=["kubernetes", "gcp", "terraform", "prometheus", "grafana"],
                    experience_years=6,
                ),
            ),
        ),
        (
            "hv08_job_board_pipe_headline_words_years.eml",
            mail(
                127,
                "Senior DevOps Engineer | Contract | Remote",
                "Senior DevOps Engineer | Contract | $60 - $68 per hour | Remote (EST)\n\nOur partner, a national healthcare provider, is hiring a Senior DevOps Engineer for a 6-month contract with possible extension. The role builds CI/CD pipelines in Azure DevOps and GitHub Actions and manages AKS clusters.\n\nRequirements\n- Minimum of five (5) years of DevOps experience\n- Azure, Kubernetes, Helm\n- Must be able to work EST hours\n",
            ),
            _requirement(
                "job-board headline 'Title | Contract | $60 - $68 per hour | Remote (EST)' over prose; 'five (5) years' → 5; a bare 'Contract' adds no type; 'a national healthcare provider' is no client",
                job(
                    "Senior DevOps Engineer",
                    location="Remote",
                    work_mode="remote",
                    duration_months=6,
                    rate=_hour(60, 68),
                    skills=[
                        "ci/cd",
                        "azure devops",
                        "github actions",
                        "kubernetes",
                        "azure",
                        "helm",
                    ],
                    experience_years=5,
                ),
            ),
        ),
        (
            "hv09_two_cities_confidential_client.eml",
            mail(
                128,
                "Workday HCM Consultant - Boston MA / Hartford CT",
                "Hi,\n\nRole: Workday HCM Consultant\nClient: Confidential\nLocation: Boston, MA / Hartford, CT (hybrid, 2 days onsite)\nDuration: 12 months\nRate: $85/hr C2C\nExperience: 10-12 years\nVisa: USC, GC, H1B\n\nPlease share resume, DL and visa copy.\n",
            ),
            _requirement(
                "two cities → the first; 'Client: Confidential' → null; 'Experience: 10-12 years' → 10, not a duration",
                job(
                    "Workday HCM Consultant",
                    location="Boston, MA",
                    work_mode="hybrid",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=_hour(85),
                    skills=["workday hcm"],
                    experience_years=10,
                    visa=["USC", "GC", "H1B"],
                ),
            ),
        ),
        (
            "hv10_state_only_fortune_500_client.eml",
            mail(
                129,
                "Need Java Developer - Virginia - onsite",
                "Role: Java Developer\nLocation: Virginia (onsite 5 days a week)\nClient: A Fortune 500 retailer\nDuration: 6+ months\nType: W2 / C2C\nSkills: Java 17, Spring Boot, Microservices, Kafka\nVisa: USC only (Public Trust)\n",
            ),
            _requirement(
                "a state alone → its code; 'A Fortune 500 retailer' is no client; 'USC only' → USC",
                job(
                    "Java Developer",
                    location="VA",
                    work_mode="onsite",
                    employment_types=["W2", "C2C"],
                    duration_months=6,
                    skills=["java", "spring boot", "microservices", "kafka"],
                    visa=["USC"],
                ),
            ),
        ),
        (
            "hv11_three_states_contract_to_hire.eml",
            mail(
                130,
                "Field Network Technician - Ohio, Indiana & Michigan",
                "Position: Field Network Technician\nLocation: Ohio, Indiana & Michigan (travel 50%)\nTerm: 3 months contract to hire\nPay: $35/hr on W2\nRequirements: Cisco routing and switching, 3+ years of field experience.\n",
            ),
            _requirement(
                "'Ohio, Indiana & Michigan' → the first state, OH; contract to hire → C2H with W2; '3 months' is the duration, '3+ years' the experience",
                job(
                    "Field Network Technician",
                    location="OH",
                    employment_types=["C2H", "W2"],
                    duration_months=3,
                    rate=_hour(35),
                    skills=["cisco"],
                    experience_years=3,
                ),
            ),
        ),
        (
            "hv12_domain_client_and_partner.eml",
            mail(
                131,
                "Snowflake Data Engineer - Dallas TX",
                "Hi Partners,\n\nJob Title: Snowflake Data Engineer\nEnd Client: Healthcare domain\nImplementation Partner: Infosys\nLocation: Dallas, TX (Day 1 onsite)\nDuration: Long term\nRate: $60-65/hr C2C\nExperience: 10+ yrs overall, 5+ yrs in Snowflake\nSkills: Snowflake, dbt, Python, Airflow\n",
            ),
            _requirement(
                "'End Client: Healthcare domain' and an implementation partner are no client; 'Long term' → null; '10+ yrs overall, 5+ yrs in Snowflake' → 10; '$60-65/hr' → 60..65",
                job(
                    "Snowflake Data Engineer",
                    location="Dallas, TX",
                    work_mode="onsite",
                    employment_types=["C2C"],
                    rate=_hour(60, 65),
                    skills=["snowflake", "dbt", "python", "airflow"],
                    experience_years=10,
                ),
            ),
        ),
        (
            "hv13_visa_list_with_exclusions.eml",
            mail(
                132,
                "SAP FICO Consultant - Houston, TX",
                "Role: SAP FICO Consultant\nLocation: Houston, TX\nDuration: 9 months\nVisa: USC, GC, GC-EAD, H4-EAD, TN (no H1B transfers, no OPT/CPT)\nRate: $80/hr W2\nNeed 12+ years with S/4HANA implementation experience.\n",
            ),
            _requirement(
                "visa list with EAD kinds and TN, exclusions in parentheses left out; an SAP module implies sap (the alias table's rule)",
                job(
                    "SAP FICO Consultant",
                    location="Houston, TX",
                    employment_types=["W2"],
                    duration_months=9,
                    rate=_hour(80),
                    skills=["sap", "sap fico", "s/4hana"],
                    experience_years=12,
                    visa=["USC", "GC", "EAD", "TN"],
                ),
            ),
        ),
        (
            "hv14_eeo_citizens_encouraged.eml",
            mail(
                133,
                "QA Automation Engineer - Charlotte NC - 12 months",
                "Hello,\n\nTitle: QA Automation Engineer\nLocation: Charlotte, NC (Hybrid)\nDuration: 12 months\nVisa: H1B, GC\nExp: 7+ years\nSkills: Selenium, Java, TestNG, REST API testing\n\nEqual Opportunity Employer: we do not discriminate on the basis of race, religion, color, sex, age, national origin, citizenship, disability or veteran status. U.S. citizens and those authorized to work in the U.S. are encouraged to apply.\n",
            ),
            _requirement(
                "EEO paragraph naming citizenship and 'U.S. citizens … encouraged to apply' is boilerplate, not a visa statement: the Visa line decides",
                job(
                    "QA Automation Engineer",
                    location="Charlotte, NC",
                    work_mode="hybrid",
                    duration_months=12,
                    skills=["selenium", "java", "testng", "rest api"],
                    experience_years=7,
                    visa=["H1B", "GC"],
                ),
            ),
        ),
        (
            "hv25_one_opening_two_levels.eml",
            mail(
                144,
                "We're hiring: Backend Engineers (mid and senior) @ Northwind",
                "Hi all,\n\nNorthwind is growing its platform team in Austin, TX and has openings at two levels:\n\n- Mid-Level (4+ yrs): build and own Go services on PostgreSQL.\n- Senior-Level (9+ yrs): lead the design of our Kafka event pipeline and mentor the team.\n\nStack: Go, PostgreSQL, Kafka, Kubernetes.\n\nApply: Backend Engineer https://careers.example.com/jobs/101\nSenior Backend Engineer https://careers.example.com/jobs/102\n\nRecruiter 144 | Technical Recruiter, Northwind\n",
            ),
            _requirement(
                "an employer's one opening at two levels → two jobs, titled by the two apply lines, each with its own years; the employer is the client",
                job(
                    "Backend Engineer",
                    client="Northwind",
                    location="Austin, TX",
                    skills=["golang", "postgresql", "kafka", "kubernetes"],
                    experience_years=4,
                ),
                job(
                    "Senior Backend Engineer",
                    client="Northwind",
                    location="Austin, TX",
                    skills=["kafka", "golang", "postgresql", "kubernetes"],
                    experience_years=9,
                ),
            ),
        ),
        (
            "hv26_prose_post_founded_months_ago.eml",
            mail(
                145,
                "Embedded Software Engineer at Fabrikam Robotics",
                "Hello list,\n\nFabrikam Robotics started 18 months ago and we are now hiring an Embedded Software Engineer, full time and interns welcome, to write firmware for our motor controllers in C++ and Python.\n\nIf interested, reply to me directly.\n\nRecruiter 145\nResearch Scientist\nUniversity of Example, Department of Electrical Engineering\n",
            ),
            _requirement(
                "employer's prose post: '18 months ago' is no duration; 'full time and interns' → FTE; the sender's university in the signature is neither client nor location",
                job(
                    "Embedded Software Engineer",
                    client="Fabrikam Robotics",
                    employment_types=["FTE"],
                    skills=["c++", "python"],
                ),
            ),
        ),
    ]


def _look_alike_cases(mail: Mail) -> list[Case]:
    return [
        (
            "hv15_advance_fee_next_of_kin.eml",
            mail(
                134,
                "Confidential business proposal",
                "Dear Friend,\n\nI am Barrister James Okoro, personal attorney to a late engineer who died with his family in an accident. He left a deposit of US$12,500,000 with a bank here and no next of kin. I seek your consent to present you as the next of kin so that the proceeds can be paid to you; we will share 50/50.\n\nReply with your full name, phone number and address.\n",
            ),
            _not_job("spam", "advance-fee fraud → spam"),
        ),
        (
            "hv16_business_funding_loan.eml",
            mail(
                135,
                "Funding approved for your business",
                "Hi there,\n\nYour business qualifies for working capital up to $500,000. No collateral, approval in 24 hours, funds in 48. Apply in 2 minutes at https://fund.example.net.\n\nTo stop receiving these offers reply STOP.\n",
            ),
            _not_job("spam", "business loan offer → spam"),
        ),
        (
            "hv17_payroll_phishing.eml",
            mail(
                136,
                "Action needed: confirm your direct deposit for payroll",
                "Dear employee,\n\nHR has updated the payroll system. To avoid a delay in your next salary payment, sign in with your email password at the employee portal below and confirm your direct deposit details before 5 PM today.\n\nhttps://payroll-update.example.net/login\n\nHuman Resources Department\n",
            ),
            _not_job("spam", "phishing dressed as an HR payroll notice → spam"),
        ),
        (
            "hv18_offshore_recruiting_pitch.eml",
            mail(
                137,
                "Offshore recruiting support for your open requirements",
                "Hi,\n\nDo you have more requirements than your recruiters can handle? Our offshore sourcing team works in your time zone and screens W2 and C2C consultants for $9 per hour per recruiter. We handle job board posting, resume sourcing and bench sales.\n\nCan I send you a quick proposal? Reply 'not interested' to opt out.\n",
            ),
            _not_job(
                "spam",
                "a B2B pitch to staffing firms that names requirements, W2/C2C and an hourly price → spam",
            ),
        ),
        (
            "hv19_mystery_shopper_job_scam.eml",
            mail(
                138,
                "Part-time position available - mystery shopper",
                "Hello,\n\nYou have been selected for a paid part-time position as a mystery shopper in your city. You will evaluate stores and earn $400 per assignment. We will mail you a check to cover the purchases; deposit it and send the balance by gift cards to our coordinator. No experience required.\n\nReply with your name, address and cell phone number.\n",
            ),
            _not_job("spam", "a check-and-gift-card scam dressed as a part-time position → spam"),
        ),
        (
            "hv20_workshop_call_for_papers.eml",
            mail(
                139,
                "CFP: 2027 Workshop on Embedded Systems Security (WESS) - deadline March 15",
                "Call for Papers\n\nThe 2027 Workshop on Embedded Systems Security invites submissions on firmware security, secure boot, trusted execution and side channels. Papers up to 6 pages are due March 15, 2027; notification April 20. The workshop is held in Boston, MA on June 10.\n\nPlease forward to interested colleagues.\n",
            ),
            _not_job(
                "newsletter", "a workshop's call for papers (submissions, a place) → newsletter"
            ),
        ),
        (
            "hv21_release_announcement.eml",
            mail(
                140,
                "[ANNOUNCE] pktgen-tools 3.2.0 released",
                "Hi all,\n\nWe are pleased to announce the release of pktgen-tools 3.2.0.\n\nHighlights:\n- new JSON output\n- requirements: Python 3.9 or later, libpcap 1.10\n- bug fixes for IPv6 flows\n\nDownload: https://example.org/pktgen-tools/3.2.0.tar.gz\nFull changelog in NEWS.\n\nThanks to all contributors.\n",
            ),
            _not_job("newsletter", "a release announcement naming requirements → newsletter"),
        ),
        (
            "hv22_mailman_membership_reminder.eml",
            mail(
                141,
                "lists.example.org mailing list memberships reminder",
                "This is a reminder, sent out once a month, about your lists.example.org mailing list memberships. It includes your subscription info and how to use it to change it or unsubscribe from a list.\n\nPasswords for person@example.net:\n\nList                                     Password // URL\n----                                     --------\ndevtools-list@lists.example.org          hidden\nhttps://lists.example.org/mailman/options/devtools-list/person%40example.net\n",
            ),
            _not_job("other", "a list's monthly membership reminder (housekeeping) → other"),
        ),
        (
            "hv23_ci_build_failed.eml",
            mail(
                142,
                "[ci] Build failed: backend/main #4812",
                'Build #4812 of backend on branch main failed.\n\nJob: test-python (3.11)\nStage: test\nDuration: 12 min 4 s\nCommit: 9f2c1ab "Bump requirements for the Java client" by Developer A\n\nFailed tests:\n  tests/test_jobs.py::test_location_parse\n\nView the build: https://ci.example.org/backend/4812\n\nYou are receiving this because you are subscribed to failed builds.\n',
            ),
            _not_job(
                "other",
                "a CI notification with 'Job:', 'Duration:', 'requirements' and 'Java' → other",
            ),
        ),
        (
            "hv24_bug_tracker_new_bug.eml",
            mail(
                143,
                "[Bug 20431] New: crash in scheduler when location is empty",
                "https://bugs.example.org/show_bug.cgi?id=20431\n\n            Bug ID: 20431\n           Summary: crash in scheduler when location is empty\n           Product: JobBoard\n           Version: 2.4\n          Hardware: PC\n                OS: Linux\n            Status: NEW\n          Severity: normal\n          Priority: P2\n         Component: scheduler\n          Assignee: dev-team@example.org\n          Reporter: person@example.net\n\nSteps: post a Senior Java Developer role with Remote selected; the scheduler crashes.\n\n-- \nYou are receiving this mail because:\nYou are the assignee for the bug.\n",
            ),
            _not_job(
                "other",
                "a bug tracker's new-bug notification that quotes a role and 'Remote' → other",
            ),
        ),
    ]


def _more_look_alike_cases(mail: Mail) -> list[Case]:
    """Written after the look-alike rules were read (hv01-hv26 were written before): other
    scripts' phishing, list moderation, patch and issue-tracker mail, a webinar, a personal
    reply and a data-entry scam."""
    return [
        (
            "hv27_japanese_account_phishing.eml",
            mail(
                146,
                "【重要】アカウントの確認が必要です",
                "お客様のアカウントで異常なアクティビティが検出されました。24時間以内に以下のリンクからアカウント情報を確認してください。確認されない場合、アカウントは停止されます。\n\nhttps://account-verify.example.net/login\n",
            ),
            _not_job("spam", "Japanese account-verification phishing → spam"),
        ),
        (
            "hv28_chinese_invoice_spam.eml",
            mail(
                147,
                "代开发票 增值税专用发票",
                "您好！本公司可代开全国各地增值税发票，税点低，可验证后付款。详情请联系微信 example123。\n",
            ),
            _not_job("spam", "Chinese invoice-issuing spam → spam"),
        ),
        (
            "hv29_list_moderation_notice.eml",
            mail(
                148,
                "Your message to devtools-list awaits moderator approval",
                "Your mail to 'devtools-list' with the subject\n\n    Java Developer - Remote - 12 months\n\nIs being held until the list moderator can review it for approval.\n\nThe reason it is being held:\n\n    Post by non-member to a members-only list\n\nEither the message will get posted to the list, or you will receive notification of the moderator's decision.\n",
            ),
            _not_job("other", "a list's moderation notice quoting a job subject → other"),
        ),
        (
            "hv30_patch_mail.eml",
            mail(
                149,
                "[PATCH v2 3/5] ntb: relax the link-up timeout requirement",
                "The link-up path waits 12 seconds for the peer, which is longer than the 5 second requirement of the spec. Wait for the doorbell instead.\n\nSigned-off-by: Developer A <developer.a@example.com>\n---\n drivers/ntb/ntb.c | 4 ++--\n 1 file changed, 2 insertions(+), 2 deletions(-)\n",
            ),
            _not_job("other", "a patch under a 'requirement' subject → other"),
        ),
        (
            "hv31_issue_tracker_notification.eml",
            mail(
                150,
                "[example/parser] Location parsing fails for remote roles (Issue #482)",
                "Developer B opened an issue:\n\nWhen a posting says 'Remote (CST hours)' for a Senior Java Developer, the location comes out empty.\n\n-- \nReply to this email directly, view it on GitHub: https://github.com/example/parser/issues/482\nYou are receiving this because you are subscribed to this thread.\n",
            ),
            _not_job(
                "other", "an issue tracker's notification naming a role and a location → other"
            ),
        ),
        (
            "hv32_webinar_invitation.eml",
            mail(
                151,
                "Webinar: hiring trends for IT contractors in 2027 - Thursday 2 PM ET",
                "Join our panel of staffing leaders for a one-hour webinar on contractor rates, C2C versus W2 demand and the skills clients ask for in 2027.\n\nRegister now: https://events.example.com/webinar\n\nYou received this email because you subscribed to Example Staffing News.\n",
            ),
            _not_job("newsletter", "a webinar invitation about rates and C2C/W2 → newsletter"),
        ),
        (
            "hv33_personal_lunch_reply.eml",
            mail(
                152,
                "Re: lunch on Friday?",
                "Sounds good, see you at noon at the usual place. I'll bring the slides from the Java meetup.\n",
            ),
            _not_job("personal", "a colleague's reply about lunch → personal"),
        ),
        (
            "hv34_data_entry_job_scam.eml",
            mail(
                153,
                "Remote Data Entry Clerk - $35/hr - no interview",
                "We are hiring remote data entry clerks. Pay: $35/hr, flexible hours. No experience required, training provided. To apply, text your full name and age to our hiring manager on WhatsApp. Equipment will be purchased with a check we mail you.\n",
            ),
            _not_job("spam", "a data-entry job scam with an hourly rate → spam"),
        ),
        (
            "hv35_soldier_advance_fee.eml",
            mail(
                154,
                "Hello",
                "Hello dear,\n\nMy name is Sergeant Mary Cole, a US army nurse on a peace mission abroad. I have a lucrative business deal that will benefit us both and I need a trusted partner to receive a consignment on my behalf.\n\nI am awaiting your urgent reply.\n\nRemain blessed,\nMary\n",
            ),
            _not_job(
                "spam", "advance-fee letter from a stranger's persona, no money sum named → spam"
            ),
        ),
    ]


def varied_cases(mail: Mail) -> list[Case]:
    return [
        *_multi_role_cases(mail),
        *_single_role_cases(mail),
        *_look_alike_cases(mail),
        *_more_look_alike_cases(mail),
    ]
