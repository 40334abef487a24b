"""Hand-written dev cases (``hm32``–``hm44``, mail indexes 340–352): WRITTEN BY US, not real
mail (issue 13, multi2 helper, 2026-12-07). Multi-role shapes rules 1.11.0 left unsplit,
written and labelled before any rule was changed for them: "Title - Java, Spring, Kafka" lines
(a title, a dash and the role's skills), bare title lines each over a paragraph of prose, tables
whose first column is a skill or technology rather than a title (one job per row, its title the
cell as written: vendors name the role by the skill), two roles in one prose sentence each with
its own city, long mails of 8–12 roles each headed by a job id and title over its own place /
rate lines, and a role list after a long intro. Skills are the taxonomy's canonical names. All
in ``dev/``."""

# ruff: noqa: E501  (bodies and labels are data)

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.corpus.real.labelled import hourly, job, requirement

Case = tuple[str, bytes, dict[str, Any]]
Mail = Callable[..., bytes]

_TITLE_DASH_SKILLS = (
    "Hi Partners,\n\nOur client in Charlotte, NC has the below openings (12 months, C2C)."
    " Please share resumes with rate and visa.\n\n"
    "Senior Java Developer - Java, Spring Boot, Kafka\n"
    "Python Developer - Python, Django, PostgreSQL\n"
    "React Developer - React, TypeScript, Redux\n"
    "DevOps Engineer - Jenkins, Terraform, Kubernetes\n"
    "QA Automation Engineer - Selenium, Java, Cucumber\n\n"
    "Thanks & Regards,\nRecruiter 340\nTechnical Recruiter | Example Staffing Inc.\n"
    "Phone: (000) 000-0000\n"
)

_BULLET_DASH_SKILLS = (
    "Hello Team,\n\nGreetings! Please find hot requirements below. Remote roles, 6+ months,"
    " W2 or C2C. Send your best consultants.\n\n"
    "• Data Engineer – Spark, Scala, AWS\n"
    "• Salesforce Developer – Apex, Lightning, Visualforce\n"
    "• .NET Developer – C#, ASP.NET, Azure\n"
    "• ServiceNow Developer – ITSM, JavaScript\n\n"
    "Regards\nRecruiter 341\n\n"
    "----\nDisclaimer: This email and any files transmitted with it are confidential. If you"
    " are not the intended recipient, please delete it. To unsubscribe reply REMOVE.\n"
)

_TITLES_OVER_PROSE = (
    "Hi,\n\nWe are hiring for three positions with a healthcare client. Details below.\n\n"
    "Java Developer\n"
    "The Java Developer will build microservices with Spring Boot in our Dallas, TX office."
    " Candidates need 8+ years of experience. This is a 12 month contract at $62/hr.\n\n"
    "Business Analyst\n"
    "The Business Analyst will gather requirements from claims teams and write user stories."
    " The role is in Nashville, TN, needs 6+ years of experience and runs 6 months at $50/hr.\n\n"
    "Data Analyst\n"
    "The Data Analyst will build Tableau dashboards and write SQL against the warehouse."
    " Remote, 5+ years of experience, 9 months at $48/hr.\n\n"
    "Please reply with resumes.\n\nRecruiter 342\n"
)

_HTML_TITLES_OVER_PROSE = """<p>Hi Partners,</p>
<p>Please review the roles below and share matching profiles.</p>
<p><b>Cloud Architect</b></p>
<p>Our banking client in Jersey City, NJ needs a Cloud Architect to lead the AWS migration.
10+ years of experience required. Hybrid, 12 months contract, $85/hr C2C.</p>
<p><b>Scrum Master</b></p>
<p>Lead two agile teams for the same client in Jersey City, NJ. 7+ years of experience.
Hybrid, 12 months contract, $60/hr C2C.</p>
<p><b>Network Engineer</b></p>
<p>Support Cisco routing and switching at the data center in Columbus, OH. 8+ years of
experience. Onsite, 6 months contract, $58/hr C2C.</p>
<p><b>Mainframe Developer</b></p>
<p>Maintain COBOL and JCL batch jobs from Columbus, OH. 10+ years of experience. Onsite,
6 months contract, $60/hr C2C.</p>
<p>Thanks,<br>Recruiter 343<br>Example Consulting LLC</p>"""

_SKILL_TABLE_HTML = """<p>Hi Team,</p>
<p>Below are the open needs for this week. Please send profiles with the skill in the subject.</p>
<table border="1">
<tr><th>Skill</th><th>Location</th><th>Rate</th><th>Duration</th></tr>
<tr><td>Java Spring Boot</td><td>Dallas, TX</td><td>$65/hr</td><td>12 months</td></tr>
<tr><td>SAP ABAP</td><td>Houston, TX</td><td>$70/hr</td><td>6 months</td></tr>
<tr><td>Workday HCM</td><td>Remote</td><td>$75/hr</td><td>9 months</td></tr>
<tr><td>Informatica</td><td>Chicago, IL</td><td>$60/hr</td><td>12 months</td></tr>
<tr><td>Snowflake</td><td>Denver, CO</td><td>$68/hr</td><td>6 months</td></tr>
</table>
<p>Regards,<br>Recruiter 344</p>"""

_SKILL_PIPE_ROWS = (
    "Hi All,\n\nCurrent needs (C2C). Reply with resumes and the technology in the subject line.\n\n"
    "Technology | Location | Exp | Rate\n"
    "Guidewire PolicyCenter | Hartford, CT | 8+ yrs | $72/hr\n"
    "Kafka | Phoenix, AZ | 6+ yrs | $65/hr\n"
    "Power BI | Remote | 5+ yrs | $55/hr\n"
    "Terraform | Atlanta, GA | 7+ yrs | $66/hr\n\n"
    "Thanks\nRecruiter 345\n"
)

_PROSE_TWO_CITIES = (
    "Hi,\n\nWe need a Java Developer in Dallas, TX and a QA Lead in Austin, TX. Both are"
    " 12 month contracts on W2. Please share resumes today.\n\nThanks,\nRecruiter 346\n"
)

_PROSE_TWO_ROLES_MODES = (
    "Hello,\n\nOur client is looking for a Python Developer (Remote) with 6+ years of Python and"
    " AWS, and a Data Analyst (Chicago, IL) with 4+ years of SQL and Tableau. Both are"
    " 6 month contracts. Kindly send your consultants' resumes.\n\nRegards,\nRecruiter 347\n"
)

_EIGHT_ID_BLOCKS = (
    "Hi Partners,\n\nPlease share profiles for the below requirements.\n\n"
    + "".join(
        f"JOB ID: {jid} | {title}\nLocation – {place}\nRate – ${rate}/hr\nDuration – {months} months\n\n"
        for jid, title, place, rate, months in (
            (4411, "Senior Java Developer", "Dallas, TX", 65, 12),
            (4412, "Angular Developer", "Irving, TX", 55, 6),
            (4413, "Data Engineer", "Charlotte, NC", 70, 12),
            (4414, "Salesforce Administrator", "Chicago, IL", 52, 6),
            (4415, "Oracle DBA", "Columbus, OH", 60, 12),
            (4416, "Scrum Master", "Atlanta, GA", 50, 9),
            (4417, "Network Engineer", "Reston, VA", 58, 12),
            (4418, "Business Analyst", "Tampa, FL", 48, 6),
        )
    )
    + "Thanks,\nRecruiter 348\n"
)

_TWELVE_ROLE_HEADS = (
    "Hello Team,\n\nBelow are 12 open roles with our clients. C2C is fine.\n\n"
    + "".join(
        f"Role #{n}: {title}\nLocation: {place}\nRate: ${rate}/hr\n\n"
        for n, (title, place, rate) in enumerate(
            (
                ("Java Developer", "Plano, TX", 62),
                ("Python Developer", "Austin, TX", 60),
                ("React Developer", "Remote", 55),
                ("DevOps Engineer", "Denver, CO", 66),
                ("Data Analyst", "Boston, MA", 50),
                ("Tableau Developer", "Phoenix, AZ", 54),
                ("Mainframe Developer", "Columbus, OH", 58),
                ("Scrum Master", "Atlanta, GA", 52),
                ("Network Engineer", "Raleigh, NC", 56),
                ("Oracle DBA", "Houston, TX", 64),
                ("Business Analyst", "Tampa, FL", 48),
                ("Cloud Architect", "Seattle, WA", 85),
            ),
            start=1,
        )
    )
    + "Thanks\nRecruiter 349\n"
)

_LONG_INTRO_LIST = (
    "Hi Partners,\n\n"
    "Hope you are doing well. We are a certified minority business working with several Fortune"
    " 500 clients across banking, insurance and retail. Over the last year we have placed more"
    " than two hundred consultants and we value our vendor partnerships.\n\n"
    "Before you submit, please note our process: every submission needs a skills matrix, two"
    " references from recent managers, a copy of the work authorization and the consultant's"
    " LinkedIn profile. Submissions without a rate confirmation will not be considered, and we"
    " do not accept duplicate submissions across vendors.\n\n"
    "We expect consultants to be available for a video interview within 48 hours. Please make"
    " sure the candidate is aware of the client and has not been submitted elsewhere.\n\n"
    "Current openings:\n\n"
    "Senior .NET Developer\nHouston, TX\n12 months\n\n"
    "Workday Integration Consultant\nRemote\n6 months\n\n"
    "Informatica Developer\nHartford, CT\n12 months\n\n"
    "Site Reliability Engineer\nSeattle, WA\n9 months\n\n"
    "Thanks and regards,\nRecruiter 350\n"
)

_NUMBERED_DASH_SKILLS = (
    "Hi,\n\nUrgent needs, all onsite in Phoenix, AZ, 12+ months, $60/hr C2C:\n\n"
    "1. Java Full Stack Developer - Java, Angular, Spring Boot\n"
    "2. ETL Developer - Informatica, Oracle, Unix\n"
    "3. Mobile Developer - Swift, Kotlin\n\n"
    "Please send resumes to the address below.\n\n"
    "Recruiter 351 | Example Tech Solutions\n"
    "This message was sent to you because you are a registered vendor.\n"
)

_UPPER_TITLES_OVER_PROSE = (
    "Hi Team,\n\nPlease find the two needs below.\n\n"
    "SAP FICO CONSULTANT\n"
    "Client in Houston, TX needs an SAP FICO consultant for an S/4HANA rollout. 10+ years of"
    " experience. 12 month contract, $80/hr.\n\n"
    "ETL TESTER\n"
    "Test Informatica loads for a bank in Charlotte, NC. 6+ years of experience. 6 month"
    " contract, $50/hr.\n\n"
    "Thanks,\nRecruiter 352\n"
)


def _id_block(
    jid: int, title: str, place: str, rate: int, months: int, skills: list[str]
) -> dict[str, Any]:
    return job(
        title,
        location=place,
        duration_months=months,
        rate=hourly(rate),
        skills=skills,
        job_id=str(jid),
    )


def multi_role_shape_cases(mail: Mail) -> list[Case]:
    return [
        (
            "hm32_title_dash_skills_lines.eml",
            mail(340, "5 openings - Charlotte, NC", _TITLE_DASH_SKILLS),
            requirement(
                "'Title - Java, Spring Boot, Kafka' lines, one per role, place, duration and C2C shared from the sentence above",
                *(
                    job(
                        title,
                        location="Charlotte, NC",
                        employment_types=["C2C"],
                        duration_months=12,
                        skills=skills,
                    )
                    for title, skills in (
                        ("Senior Java Developer", ["java", "spring boot", "kafka"]),
                        ("Python Developer", ["python", "django", "postgresql"]),
                        ("React Developer", ["react", "typescript", "redux"]),
                        ("DevOps Engineer", ["jenkins", "terraform", "kubernetes"]),
                        ("QA Automation Engineer", ["selenium", "java", "cucumber"]),
                    )
                ),
            ),
        ),
        (
            "hm33_bulleted_title_en_dash_skills.eml",
            mail(341, "Hot requirements - Remote", _BULLET_DASH_SKILLS),
            requirement(
                "bulleted '• Title – Spark, Scala, AWS' lines; remote, 6 months, W2/C2C shared; a disclaimer footer",
                *(
                    job(
                        title,
                        location="Remote",
                        work_mode="remote",
                        employment_types=["W2", "C2C"],
                        duration_months=6,
                        skills=skills,
                    )
                    for title, skills in (
                        ("Data Engineer", ["spark", "scala", "aws"]),
                        ("Salesforce Developer", ["salesforce", "apex", "visualforce"]),
                        (".NET Developer", [".net", "c#", "asp.net", "azure"]),
                        ("ServiceNow Developer", ["servicenow", "itsm", "javascript"]),
                    )
                ),
            ),
        ),
        (
            "hm34_bare_titles_over_prose_paragraphs.eml",
            mail(342, "Three positions - healthcare client", _TITLES_OVER_PROSE),
            requirement(
                "three bare title lines, each over a paragraph of prose holding its own place, years, duration and rate",
                job(
                    "Java Developer",
                    location="Dallas, TX",
                    duration_months=12,
                    rate=hourly(62),
                    skills=["java", "spring boot", "microservices"],
                    experience_years=8,
                ),
                job(
                    "Business Analyst",
                    location="Nashville, TN",
                    duration_months=6,
                    rate=hourly(50),
                    skills=["user stories"],
                    experience_years=6,
                ),
                job(
                    "Data Analyst",
                    location="Remote",
                    work_mode="remote",
                    duration_months=9,
                    rate=hourly(48),
                    skills=["tableau", "sql"],
                    experience_years=5,
                ),
            ),
        ),
        (
            "hm35_html_bold_titles_over_paragraphs.eml",
            mail(
                343,
                "Roles - banking and data center",
                "Please see the roles in the HTML part.\n",
                html=_HTML_TITLES_OVER_PROSE,
            ),
            requirement(
                "HTML: a bold title paragraph over a prose paragraph per role, each with its own place, mode, years and rate",
                job(
                    "Cloud Architect",
                    location="Jersey City, NJ",
                    work_mode="hybrid",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=hourly(85),
                    skills=["aws"],
                    experience_years=10,
                ),
                job(
                    "Scrum Master",
                    location="Jersey City, NJ",
                    work_mode="hybrid",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=hourly(60),
                    skills=["agile"],
                    experience_years=7,
                ),
                job(
                    "Network Engineer",
                    location="Columbus, OH",
                    work_mode="onsite",
                    employment_types=["C2C"],
                    duration_months=6,
                    rate=hourly(58),
                    skills=["cisco"],
                    experience_years=8,
                ),
                job(
                    "Mainframe Developer",
                    location="Columbus, OH",
                    work_mode="onsite",
                    employment_types=["C2C"],
                    duration_months=6,
                    rate=hourly(60),
                    skills=["mainframe", "cobol", "jcl"],
                    experience_years=10,
                ),
            ),
        ),
        (
            "hm36_html_table_skill_column.eml",
            mail(
                344,
                "Open needs this week",
                "Please see the table in the HTML part.\n",
                html=_SKILL_TABLE_HTML,
            ),
            requirement(
                "an HTML table whose first column is a skill (Skill | Location | Rate | Duration): one job per row, titled by the skill cell",
                job(
                    "Java Spring Boot",
                    location="Dallas, TX",
                    duration_months=12,
                    rate=hourly(65),
                    skills=["java", "spring boot"],
                ),
                job(
                    "SAP ABAP",
                    location="Houston, TX",
                    duration_months=6,
                    rate=hourly(70),
                    skills=["sap", "abap"],
                ),
                job(
                    "Workday HCM",
                    location="Remote",
                    work_mode="remote",
                    duration_months=9,
                    rate=hourly(75),
                    skills=["workday hcm"],
                ),
                job(
                    "Informatica",
                    location="Chicago, IL",
                    duration_months=12,
                    rate=hourly(60),
                    skills=["informatica"],
                ),
                job(
                    "Snowflake",
                    location="Denver, CO",
                    duration_months=6,
                    rate=hourly(68),
                    skills=["snowflake"],
                ),
            ),
        ),
        (
            "hm37_pipe_rows_technology_column.eml",
            mail(345, "Current needs - C2C", _SKILL_PIPE_ROWS),
            requirement(
                "plain-text 'Technology | Location | Exp | Rate' rows: one job per row, titled by the technology cell; C2C shared",
                job(
                    "Guidewire PolicyCenter",
                    location="Hartford, CT",
                    employment_types=["C2C"],
                    rate=hourly(72),
                    skills=["guidewire"],
                    experience_years=8,
                ),
                job(
                    "Kafka",
                    location="Phoenix, AZ",
                    employment_types=["C2C"],
                    rate=hourly(65),
                    skills=["kafka"],
                    experience_years=6,
                ),
                job(
                    "Power BI",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["C2C"],
                    rate=hourly(55),
                    skills=["power bi"],
                    experience_years=5,
                ),
                job(
                    "Terraform",
                    location="Atlanta, GA",
                    employment_types=["C2C"],
                    rate=hourly(66),
                    skills=["terraform"],
                    experience_years=7,
                ),
            ),
        ),
        (
            "hm38_two_roles_two_cities_in_prose.eml",
            mail(346, "Java Developer / QA Lead - Texas", _PROSE_TWO_CITIES),
            requirement(
                "'We need a Java Developer in Dallas, TX and a QA Lead in Austin, TX': two roles in one sentence, each with its own city; duration and W2 shared",
                job(
                    "Java Developer",
                    location="Dallas, TX",
                    employment_types=["W2"],
                    duration_months=12,
                    skills=["java"],
                ),
                job("QA Lead", location="Austin, TX", employment_types=["W2"], duration_months=12),
            ),
        ),
        (
            "hm39_two_roles_in_prose_place_in_brackets.eml",
            mail(347, "Python Developer and Data Analyst", _PROSE_TWO_ROLES_MODES),
            requirement(
                "'a Python Developer (Remote) with … and a Data Analyst (Chicago, IL) with …': two roles in one sentence, each with its own place, years and skills",
                job(
                    "Python Developer",
                    location="Remote",
                    work_mode="remote",
                    duration_months=6,
                    skills=["python", "aws"],
                    experience_years=6,
                ),
                job(
                    "Data Analyst",
                    location="Chicago, IL",
                    duration_months=6,
                    skills=["sql", "tableau"],
                    experience_years=4,
                ),
            ),
        ),
        (
            "hm40_eight_job_id_blocks_dash_labels.eml",
            mail(348, "8 requirements", _EIGHT_ID_BLOCKS),
            requirement(
                "eight 'JOB ID: N | Title' heads, each over 'Location – …' / 'Rate – …' / 'Duration – …' lines",
                _id_block(4411, "Senior Java Developer", "Dallas, TX", 65, 12, ["java"]),
                _id_block(4412, "Angular Developer", "Irving, TX", 55, 6, ["angular"]),
                _id_block(4413, "Data Engineer", "Charlotte, NC", 70, 12, []),
                _id_block(4414, "Salesforce Administrator", "Chicago, IL", 52, 6, ["salesforce"]),
                _id_block(4415, "Oracle DBA", "Columbus, OH", 60, 12, ["oracle"]),
                _id_block(4416, "Scrum Master", "Atlanta, GA", 50, 9, ["agile"]),
                _id_block(4417, "Network Engineer", "Reston, VA", 58, 12, []),
                _id_block(4418, "Business Analyst", "Tampa, FL", 48, 6, []),
            ),
        ),
        (
            "hm41_twelve_role_hash_heads.eml",
            mail(349, "12 open roles", _TWELVE_ROLE_HEADS),
            requirement(
                "twelve 'Role #N: Title' heads each over 'Location:' and 'Rate:' lines; C2C shared from the intro",
                *(
                    job(
                        title,
                        location=place,
                        work_mode="remote" if place == "Remote" else None,
                        employment_types=["C2C"],
                        rate=hourly(rate),
                        skills=skills,
                    )
                    for title, place, rate, skills in (
                        ("Java Developer", "Plano, TX", 62, ["java"]),
                        ("Python Developer", "Austin, TX", 60, ["python"]),
                        ("React Developer", "Remote", 55, ["react"]),
                        ("DevOps Engineer", "Denver, CO", 66, []),
                        ("Data Analyst", "Boston, MA", 50, []),
                        ("Tableau Developer", "Phoenix, AZ", 54, ["tableau"]),
                        ("Mainframe Developer", "Columbus, OH", 58, ["mainframe"]),
                        ("Scrum Master", "Atlanta, GA", 52, ["agile"]),
                        ("Network Engineer", "Raleigh, NC", 56, []),
                        ("Oracle DBA", "Houston, TX", 64, ["oracle"]),
                        ("Business Analyst", "Tampa, FL", 48, []),
                        ("Cloud Architect", "Seattle, WA", 85, []),
                    )
                ),
            ),
        ),
        (
            "hm42_role_list_after_long_intro.eml",
            mail(350, "Current openings", _LONG_INTRO_LIST),
            requirement(
                "three paragraphs of company and process intro, then four bare title / place / duration triples",
                job(
                    "Senior .NET Developer",
                    location="Houston, TX",
                    duration_months=12,
                    skills=[".net"],
                ),
                job(
                    "Workday Integration Consultant",
                    location="Remote",
                    work_mode="remote",
                    duration_months=6,
                    skills=["workday"],
                ),
                job(
                    "Informatica Developer",
                    location="Hartford, CT",
                    duration_months=12,
                    skills=["informatica"],
                ),
                job("Site Reliability Engineer", location="Seattle, WA", duration_months=9),
            ),
        ),
        (
            "hm43_numbered_title_dash_skills.eml",
            mail(351, "Urgent needs - Phoenix, AZ", _NUMBERED_DASH_SKILLS),
            requirement(
                "numbered '1. Title - Java, Angular, Spring Boot' lines; place, mode, duration, rate and C2C shared from the line above",
                *(
                    job(
                        title,
                        location="Phoenix, AZ",
                        work_mode="onsite",
                        employment_types=["C2C"],
                        duration_months=12,
                        rate=hourly(60),
                        skills=skills,
                    )
                    for title, skills in (
                        ("Java Full Stack Developer", ["java", "angular", "spring boot"]),
                        ("ETL Developer", ["etl", "informatica", "oracle", "linux"]),
                        ("Mobile Developer", ["swift", "kotlin"]),
                    )
                ),
            ),
        ),
        (
            "hm44_upper_titles_over_prose.eml",
            mail(352, "Two needs - Houston and Charlotte", _UPPER_TITLES_OVER_PROSE),
            requirement(
                "shouted title lines ('SAP FICO CONSULTANT') each over a paragraph of prose with its own place, years, duration and rate",
                job(
                    "SAP FICO Consultant",
                    location="Houston, TX",
                    duration_months=12,
                    rate=hourly(80),
                    skills=["sap", "sap fico", "s/4hana"],
                    experience_years=10,
                ),
                job(
                    "ETL Tester",
                    location="Charlotte, NC",
                    duration_months=6,
                    rate=hourly(50),
                    skills=["etl", "informatica"],
                    experience_years=6,
                ),
            ),
        ),
    ]
