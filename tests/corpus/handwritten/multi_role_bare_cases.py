"""Hand-written dev cases (``hs01``–``hs13``, mail indexes 210–222): multi-role mail whose roles
are bare title lines, in layouts the rules had not seen (issue 13, seg4 helper, written before
the segmentation rules were changed): a title line over city / "exp:" / rate / duration lines;
titles with a trailing place; numbered and lettered roles; roles parted by blank lines only, by
"----" and by "***"; a role's fields above its title; one shared footer (visa, C2C, client,
"send resumes to") that applies to every role; and single jobs with two title-like lines that
are not two roles (a "Job Title:" repeat, the subject repeated in the body, a recruiter's
signature over a city line, "Skills: Java Developer background"). All in ``dev/``."""

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


def multi_role_bare_cases(mail: Mail) -> list[Case]:
    return [*_split_cases(mail), *_single_cases(mail)]


def _split_cases(mail: Mail) -> list[Case]:
    return [
        (
            "hs01_title_city_exp_rate_duration_lines.eml",
            mail(
                210,
                "Immediate needs - 3 roles",
                "Hello Partners,\n\nWe have the below immediate needs with our implementation partner.\n\nJava Microservices Developer\nSt. Louis, MO\nexp: 8-10 yrs\n$64/hr on C2C\n12 months\n\nSalesforce Administrator\nDenver, CO\nexp: 5-7 yrs\n$55/hr on C2C\n6 months\n\nQA Automation Engineer\nRemote\nexp: 6+ yrs\n$50/hr on C2C\n9 months\n\nThanks & Regards\nRecruiter 210\n",
            ),
            _requirement(
                "three bare titles, each over city, 'exp: N-M yrs', rate and duration lines without labels",
                job(
                    "Java Microservices Developer",
                    location="St. Louis, MO",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=_hour(64),
                    skills=["java", "microservices"],
                    experience_years=8,
                ),
                job(
                    "Salesforce Administrator",
                    location="Denver, CO",
                    employment_types=["C2C"],
                    duration_months=6,
                    rate=_hour(55),
                    skills=["salesforce"],
                    experience_years=5,
                ),
                job(
                    "QA Automation Engineer",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["C2C"],
                    duration_months=9,
                    rate=_hour(50),
                    experience_years=6,
                ),
            ),
        ),
        (
            "hs02_title_dash_place_then_fields.eml",
            mail(
                211,
                "Multiple openings - C2C",
                "Hi,\n\nPlease find the current openings below.\n\nJava Developer - Dallas, TX\nExperience: 8+ years\n12 months\n$60/hr\n\nData Analyst - Tampa, FL\nExperience: 5+ years\n6 months\n$45/hr\n\nAzure Cloud Engineer - Remote\nExperience: 7+ years\n9 months\n$62/hr\n\nAll roles C2C. Visa: H1B, GC, USC.\nSend resumes to recruiter211@example.com\n",
            ),
            _requirement(
                "bare 'Title - City, ST' lines over experience/duration/rate lines; the footer's C2C and visa apply to all",
                job(
                    "Java Developer",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=_hour(60),
                    skills=["java"],
                    experience_years=8,
                    visa=["H1B", "GC", "USC"],
                ),
                job(
                    "Data Analyst",
                    location="Tampa, FL",
                    employment_types=["C2C"],
                    duration_months=6,
                    rate=_hour(45),
                    experience_years=5,
                    visa=["H1B", "GC", "USC"],
                ),
                job(
                    "Azure Cloud Engineer",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["C2C"],
                    duration_months=9,
                    rate=_hour(62),
                    skills=["azure"],
                    experience_years=7,
                    visa=["H1B", "GC", "USC"],
                ),
            ),
        ),
        (
            "hs03_numbered_paren_titles_dash_rows.eml",
            mail(
                212,
                "4 reqs - W2",
                "Team,\n\n1) Mainframe Developer\nHartford, CT - 12 months - $58/hr\n\n2) ETL Informatica Developer\nRichmond, VA - 6 months - $55/hr\n\n3) Oracle PL/SQL Developer\nPhoenix, AZ - 12 months - $57/hr\n\n4) Tableau Developer\nCharlotte, NC - 9 months - $52/hr\n\nW2 only, USC/GC.\n",
            ),
            _requirement(
                "'1)' numbered bare titles, each over one 'City, ST - N months - $N/hr' row; footer W2 and visa shared",
                job(
                    "Mainframe Developer",
                    location="Hartford, CT",
                    employment_types=["W2"],
                    duration_months=12,
                    rate=_hour(58),
                    skills=["mainframe"],
                    visa=["USC", "GC"],
                ),
                job(
                    "ETL Informatica Developer",
                    location="Richmond, VA",
                    employment_types=["W2"],
                    duration_months=6,
                    rate=_hour(55),
                    skills=["etl", "informatica"],
                    visa=["USC", "GC"],
                ),
                job(
                    "Oracle PL/SQL Developer",
                    location="Phoenix, AZ",
                    employment_types=["W2"],
                    duration_months=12,
                    rate=_hour(57),
                    skills=["oracle", "pl/sql"],
                    visa=["USC", "GC"],
                ),
                job(
                    "Tableau Developer",
                    location="Charlotte, NC",
                    employment_types=["W2"],
                    duration_months=9,
                    rate=_hour(52),
                    skills=["tableau"],
                    visa=["USC", "GC"],
                ),
            ),
        ),
        (
            "hs04_lettered_titles_lines.eml",
            mail(
                213,
                "Reqs for today",
                "Hi all,\n\nNeed profiles for below:\n\na. ServiceNow Developer\nRemote\n9 months\nexp 7+ yrs\n\nb. Workday HCM Consultant\nChicago, IL\n6 months\nexp 6+ yrs\n\nc. SAP FICO Consultant\nHouston, TX\n12 months\nexp 10+ yrs\n\nRegards,\nRecruiter 213\n",
            ),
            _requirement(
                "'a.' lettered bare titles, each over place, duration and experience lines",
                job(
                    "ServiceNow Developer",
                    location="Remote",
                    work_mode="remote",
                    duration_months=9,
                    skills=["servicenow"],
                    experience_years=7,
                ),
                job(
                    "Workday HCM Consultant",
                    location="Chicago, IL",
                    duration_months=6,
                    skills=["workday"],
                    experience_years=6,
                ),
                job(
                    "SAP FICO Consultant",
                    location="Houston, TX",
                    duration_months=12,
                    skills=["sap fico"],
                    experience_years=10,
                ),
            ),
        ),
        (
            "hs05_dash_rule_blocks.eml",
            mail(
                214,
                "Open requirements",
                "Hello,\n\nPlease share resumes for the following.\n----\nNetwork Engineer\nAtlanta, GA\n12 months, W2\n----\nSite Reliability Engineer\nSeattle, WA\n6 months, C2C\n----\nBusiness Analyst\nBoston, MA\n9 months, W2\n----\nThanks\n",
            ),
            _requirement(
                "roles between '----' rules, each a bare title, a city line and a 'N months, TYPE' line",
                job(
                    "Network Engineer",
                    location="Atlanta, GA",
                    employment_types=["W2"],
                    duration_months=12,
                ),
                job(
                    "Site Reliability Engineer",
                    location="Seattle, WA",
                    employment_types=["C2C"],
                    duration_months=6,
                ),
                job(
                    "Business Analyst",
                    location="Boston, MA",
                    employment_types=["W2"],
                    duration_months=9,
                ),
            ),
        ),
        (
            "hs06_star_rule_blocks_shared_client.eml",
            mail(
                215,
                "Urgent - 3 positions with our client",
                "Hi Team,\n\nEnd client: Northwind Health\n\n***\nPython Developer\nNashville, TN (Hybrid)\n8+ years\n***\nAWS DevOps Engineer\nNashville, TN (Onsite)\n10+ years\n***\nData Modeler\nRemote\n7+ years\n***\n\nC2C OK. H1B and GC-EAD fine.\n",
            ),
            _requirement(
                "roles between '***' rules; the client above and the C2C/visa footer apply to all three",
                job(
                    "Python Developer",
                    client="Northwind Health",
                    location="Nashville, TN",
                    work_mode="hybrid",
                    employment_types=["C2C"],
                    skills=["python"],
                    experience_years=8,
                    visa=["H1B", "EAD"],
                ),
                job(
                    "AWS DevOps Engineer",
                    client="Northwind Health",
                    location="Nashville, TN",
                    work_mode="onsite",
                    employment_types=["C2C"],
                    skills=["aws"],
                    experience_years=10,
                    visa=["H1B", "EAD"],
                ),
                job(
                    "Data Modeler",
                    client="Northwind Health",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["C2C"],
                    experience_years=7,
                    visa=["H1B", "EAD"],
                ),
            ),
        ),
        (
            "hs07_fields_above_title.eml",
            mail(
                216,
                "2 needs - Hartford and Columbus",
                "Hi,\n\nHartford, CT - 12 months - $65/hr\nSenior Mainframe Developer\nCOBOL, DB2, JCL\n\nColumbus, OH - 6 months - $55/hr\nGuidewire Developer\nGuidewire, Java\n\nReply with resume and rate.\n",
            ),
            _requirement(
                "each role's place/duration/rate line stands ABOVE its bare title, skills below",
                job(
                    "Senior Mainframe Developer",
                    location="Hartford, CT",
                    duration_months=12,
                    rate=_hour(65),
                    skills=["mainframe", "cobol", "db2", "jcl"],
                ),
                job(
                    "Guidewire Developer",
                    location="Columbus, OH",
                    duration_months=6,
                    rate=_hour(55),
                    skills=["guidewire", "java"],
                ),
            ),
        ),
        (
            "hs08_labelled_fields_shared_footer.eml",
            mail(
                217,
                "Need consultants - 3 roles",
                "Hi Partners,\n\nReact Native Developer\nLocation: Irving, TX\nExperience: 6+ years\n\nGolang Developer\nLocation: Remote\nExperience: 8+ years\n\nSnowflake Data Engineer\nLocation: Minneapolis, MN\nExperience: 9+ years\n\nDuration: 12 months\nEmployment: C2C\nVisa: USC, GC, H1B\nSend resumes to recruiter217@example.com\n",
            ),
            _requirement(
                "bare titles over labelled Location/Experience lines; the labelled footer (duration, type, visa) applies to all",
                job(
                    "React Native Developer",
                    location="Irving, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    skills=["react native"],
                    experience_years=6,
                    visa=["USC", "GC", "H1B"],
                ),
                job(
                    "Golang Developer",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["C2C"],
                    duration_months=12,
                    skills=["golang"],
                    experience_years=8,
                    visa=["USC", "GC", "H1B"],
                ),
                job(
                    "Snowflake Data Engineer",
                    location="Minneapolis, MN",
                    employment_types=["C2C"],
                    duration_months=12,
                    skills=["snowflake"],
                    experience_years=9,
                    visa=["USC", "GC", "H1B"],
                ),
            ),
        ),
        (
            "hs09_title_paren_place_pipe_rows.eml",
            mail(
                218,
                "Open reqs this week",
                "Hello,\n\nSalesforce Developer (Remote)\n6+ months | $60/hr | 8+ yrs\n\nPower BI Developer (Plano, TX)\n12 months | $50/hr | 5+ yrs\n\nKafka Engineer (Charlotte, NC)\n9 months | $65/hr | 7+ yrs\n\nThanks\n",
            ),
            _requirement(
                "'Title (Place)' lines over one 'duration | rate | years' row each",
                job(
                    "Salesforce Developer",
                    location="Remote",
                    work_mode="remote",
                    duration_months=6,
                    rate=_hour(60),
                    skills=["salesforce"],
                    experience_years=8,
                ),
                job(
                    "Power BI Developer",
                    location="Plano, TX",
                    duration_months=12,
                    rate=_hour(50),
                    skills=["power bi"],
                    experience_years=5,
                ),
                job(
                    "Kafka Engineer",
                    location="Charlotte, NC",
                    duration_months=9,
                    rate=_hour(65),
                    skills=["kafka"],
                    experience_years=7,
                ),
            ),
        ),
    ]


def _single_cases(mail: Mail) -> list[Case]:
    """Two title-like lines that are one role: these must stay one job."""
    return [
        (
            "hs10_title_then_job_title_label_repeat.eml",
            mail(
                219,
                "Java Developer - Dallas, TX",
                "Hi,\n\nJava Developer\nDallas, TX\n\nJob Title: Java Developer\nLocation: Dallas, TX\nDuration: 12 months\nRate: $60/hr C2C\nSkills: Java, Spring Boot, Kafka\n\nThanks\n",
            ),
            _requirement(
                "a bare title and city over the same title as a 'Job Title:' label: one job",
                job(
                    "Java Developer",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=_hour(60),
                    skills=["java", "spring boot", "kafka"],
                ),
            ),
        ),
        (
            "hs11_subject_repeat_and_recruiter_signature.eml",
            mail(
                220,
                "Sr. Python Developer - Austin, TX",
                "Sr. Python Developer - Austin, TX\n\nLocation: Austin, TX\nDuration: 12 months\nExperience: 9+ years\nSkills: Python, Django, AWS\n\nPlease share resumes.\n\nRecruiter 220\nSr. Technical Recruiter\nAustin, TX\nrecruiter220@example.com\n",
            ),
            _requirement(
                "the subject repeated as the body's first line, and a recruiter's signature title over a city line: one job",
                job(
                    "Sr. Python Developer",
                    location="Austin, TX",
                    duration_months=12,
                    skills=["python", "django", "aws"],
                    experience_years=9,
                ),
            ),
        ),
        (
            "hs12_skills_line_names_a_title.eml",
            mail(
                221,
                "Backend Engineer - Remote",
                "Hello,\n\nBackend Engineer\nRemote\nexp: 6-8 yrs\n\nSkills: Java Developer background, Spring, Microservices\nThe engineer works with QA Analysts and the Product Owner.\n\nRegards,\nRecruiter 221\nTalent Acquisition Manager\nDallas, TX\n",
            ),
            _requirement(
                "a skills line naming 'Java Developer' and a signature title over a city: one job",
                job(
                    "Backend Engineer",
                    location="Remote",
                    work_mode="remote",
                    skills=["java", "spring", "microservices"],
                    experience_years=6,
                ),
            ),
        ),
        (
            "hs13_reports_to_and_team_lines.eml",
            mail(
                222,
                "Lead Data Engineer",
                "Hi,\n\nLead Data Engineer\nCharlotte, NC\nexp: 10+ yrs\n12 months\n\nReports to: Director of Data Engineering\nTeam: Data Engineers, BI Developers\n\nSnowflake, dbt, Airflow, Python\n\nSend resumes to recruiter222@example.com\n",
            ),
            _requirement(
                "one bare role with 'Reports to:' and 'Team:' lines naming other roles: one job",
                job(
                    "Lead Data Engineer",
                    location="Charlotte, NC",
                    duration_months=12,
                    skills=["snowflake", "dbt", "airflow", "python"],
                    experience_years=10,
                ),
            ),
        ),
    ]
