"""Hand-written dev cases (``hm01``–``hm10``, mail indexes 300–309): WRITTEN BY US, not real
mail (issue 13, multi5 helper, 2026-12-07). Multi-role layouts the corpora did not have yet,
written (and labelled) before any rule was changed for them: an HTML mail with every line its
own paragraph (so a blank line between a role's title, city and "experience: 6 to 8 years"
lines as well as between roles); "Position 1: …" headed roles with labelled fields and
"12+ months"; several roles under one client line; roles whose titles have no role noun
("Salesforce CPQ", "Workday Integrations") over city / "exp:" lines; bold HTML titles over
`<br>` lines; an HTML table with a job id, skills and experience column per role; "Req 1 of 3"
headers; roles with a skills line each (skills per role, not merged); and upper-case titles
with their years in brackets. Real multi-role vendor mail is not found in the public archives
searched so far (tests/corpus/real/README.md), so these stand in for it. Skills are labelled in
the taxonomy's canonical names where it has one ("Go" → golang, "Scrum" → agile). All in
``dev/``."""

# ruff: noqa: E501  (bodies and labels are data)

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.corpus.real.labelled import hourly, job, requirement

Case = tuple[str, bytes, dict[str, Any]]
Mail = Callable[..., bytes]


_PARAGRAPH_LINES_HTML = (
    "<p>Hello Partners,</p><p>We have the below requirements with our direct client. Please share"
    " matching profiles.</p>"
    "<p><b>ServiceNow ITOM Developer</b></p><p>Durham North Carolina 27707</p>"
    "<p>experience: 6 to 8 years</p>"
    "<p><b>Java Full Stack Developer</b></p><p>Charlotte, NC</p><p>experience: 8 to 10 years</p>"
    "<p><b>Data Engineer</b></p><p>Remote</p><p>experience: 5 to 7 years</p>"
    "<p><b>Scrum Master</b></p><p>Tampa, FL</p><p>experience: 10+ years</p>"
    "<p>Duration: 12+ months</p><p>Visa: H1B, GC, USC</p>"
    "<p>Thanks,</p><p>Recruiter 300</p>"
)

_BOLD_BR_HTML = (
    "<div>Hi,</div><div>Please send resumes for the openings below.</div><div><br></div>"
    "<div><b>Salesforce CPQ</b><br>Columbus, OH<br>exp: 7-9 yrs<br>12 months<br>$62/hr C2C</div>"
    "<div><br></div>"
    "<div><b>Workday Integrations</b><br>Remote<br>exp: 6-8 yrs<br>9 months<br>$60/hr C2C</div>"
    "<div><br></div>"
    "<div><b>SAP ABAP on HANA</b><br>Irving, TX<br>exp: 10+ yrs<br>6 months<br>$68/hr C2C</div>"
    "<div><br></div><div>Regards,<br>Recruiter 304</div>"
)

_ID_SKILLS_TABLE_HTML = (
    "<p>Hi team, reply with your best candidates for these roles (W2 only).</p>"
    '<table border="1"><tr><th>Job ID</th><th>Title</th><th>Location</th><th>Experience</th>'
    "<th>Duration</th><th>Key Skills</th></tr>"
    "<tr><td>REQ-4411</td><td>Python Developer</td><td>Austin, TX</td><td>5-7 years</td>"
    "<td>12 months</td><td>Python, Django, AWS</td></tr>"
    "<tr><td>REQ-4412</td><td>Angular Developer</td><td>Remote</td><td>6+ years</td>"
    "<td>6 months</td><td>Angular, TypeScript</td></tr>"
    "<tr><td>REQ-4413</td><td>Oracle DBA</td><td>Columbus, OH</td><td>10+ years</td>"
    "<td>18 months</td><td>Oracle, RAC, Data Guard</td></tr></table>"
    "<p>Thanks, Recruiter 305</p>"
)


def multi_role_more_cases(mail: Mail) -> list[Case]:
    return [
        (
            "hm01_html_paragraph_per_line_roles.eml",
            mail(
                300,
                "Requirements - 4 roles",
                "Please see the HTML version.\n",
                html=_PARAGRAPH_LINES_HTML,
            ),
            requirement(
                "HTML with every line its own <p>: bold title, 'City State ZIP' or city line and 'experience: N to M years' per role, a blank line between every line; shared duration and visa after the roles",
                job(
                    "ServiceNow ITOM Developer",
                    location="Durham, NC",
                    duration_months=12,
                    skills=["servicenow", "itom"],
                    experience_years=6,
                    visa=["H1B", "GC", "USC"],
                ),
                job(
                    "Java Full Stack Developer",
                    location="Charlotte, NC",
                    duration_months=12,
                    skills=["java"],
                    experience_years=8,
                    visa=["H1B", "GC", "USC"],
                ),
                job(
                    "Data Engineer",
                    location="Remote",
                    work_mode="remote",
                    duration_months=12,
                    experience_years=5,
                    visa=["H1B", "GC", "USC"],
                ),
                job(
                    "Scrum Master",
                    location="Tampa, FL",
                    duration_months=12,
                    skills=["agile"],
                    experience_years=10,
                    visa=["H1B", "GC", "USC"],
                ),
            ),
        ),
        (
            "hm02_position_n_headed_roles.eml",
            mail(
                301,
                "Two positions - C2C",
                "Hi Partners,\n\nPlease share profiles for the positions below.\n\nPosition 1: Azure DevOps Engineer\nLocation: Atlanta, GA (Hybrid)\nDuration: 12+ months\nExperience: 8-10 years\nRate: $65/hr C2C\n\nPosition 2: Business Analyst\nLocation: Remote\nDuration: 6+ months\nExperience: 5-7 years\nRate: $50/hr C2C\n\nThanks,\nRecruiter 301\n",
            ),
            requirement(
                "'Position N: Title' heads over labelled fields; '12+ months' is 12, 'Experience: 8-10 years' is 8",
                job(
                    "Azure DevOps Engineer",
                    location="Atlanta, GA",
                    work_mode="hybrid",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=hourly(65),
                    skills=["azure devops"],
                    experience_years=8,
                ),
                job(
                    "Business Analyst",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["C2C"],
                    duration_months=6,
                    rate=hourly(50),
                    experience_years=5,
                ),
            ),
        ),
        (
            "hm03_roles_under_one_client.eml",
            mail(
                302,
                "State of Ohio - 3 roles",
                "Hello,\n\nClient: State of Ohio\nLocation: Columbus, OH (onsite)\nDuration: 12 months\n\nRoles:\n1. Mainframe Developer - exp 8+ yrs - $60/hr\n2. Cobol Tester - exp 5+ yrs - $48/hr\n3. DB2 DBA - exp 10+ yrs - $66/hr\n\nUSC/GC only. Send resumes with rate.\n",
            ),
            requirement(
                "one client, place and duration over a numbered list of roles, each 'Title - exp N+ yrs - $rate'",
                job(
                    "Mainframe Developer",
                    client="State of Ohio",
                    location="Columbus, OH",
                    work_mode="onsite",
                    duration_months=12,
                    rate=hourly(60),
                    skills=["mainframe"],
                    experience_years=8,
                    visa=["USC", "GC"],
                ),
                job(
                    "Cobol Tester",
                    client="State of Ohio",
                    location="Columbus, OH",
                    work_mode="onsite",
                    duration_months=12,
                    rate=hourly(48),
                    skills=["cobol"],
                    experience_years=5,
                    visa=["USC", "GC"],
                ),
                job(
                    "DB2 DBA",
                    client="State of Ohio",
                    location="Columbus, OH",
                    work_mode="onsite",
                    duration_months=12,
                    rate=hourly(66),
                    skills=["db2"],
                    experience_years=10,
                    visa=["USC", "GC"],
                ),
            ),
        ),
        (
            "hm04_titles_without_role_noun.eml",
            mail(
                303,
                "Need profiles - 3 reqs",
                "Hi,\n\nNeed profiles for the below.\n\nSalesforce Marketing Cloud\nChicago, IL\nexp: 6-8 yrs\n\nGuidewire PolicyCenter\nHartford, CT\nexp: 8-10 yrs\n\nMuleSoft Integration\nRemote\nexp: 5-7 yrs\n\nAll roles 12 months, C2C.\n",
            ),
            requirement(
                "titles without a role noun (a product and module), each over a city and 'exp: N-M yrs' line; footer shared",
                job(
                    "Salesforce Marketing Cloud",
                    location="Chicago, IL",
                    employment_types=["C2C"],
                    duration_months=12,
                    skills=["salesforce marketing cloud"],
                    experience_years=6,
                ),
                job(
                    "Guidewire PolicyCenter",
                    location="Hartford, CT",
                    employment_types=["C2C"],
                    duration_months=12,
                    skills=["guidewire"],
                    experience_years=8,
                ),
                job(
                    "MuleSoft Integration",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["C2C"],
                    duration_months=12,
                    skills=["mulesoft"],
                    experience_years=5,
                ),
            ),
        ),
        (
            "hm05_bold_titles_over_br_lines.eml",
            mail(304, "Openings this week", "See the HTML part.\n", html=_BOLD_BR_HTML),
            requirement(
                "bold titles without a role noun, each over <br> lines: city, 'exp: N-M yrs', duration, rate",
                job(
                    "Salesforce CPQ",
                    location="Columbus, OH",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=hourly(62),
                    skills=["salesforce cpq"],
                    experience_years=7,
                ),
                job(
                    "Workday Integrations",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["C2C"],
                    duration_months=9,
                    rate=hourly(60),
                    skills=["workday"],
                    experience_years=6,
                ),
                job(
                    "SAP ABAP on HANA",
                    location="Irving, TX",
                    employment_types=["C2C"],
                    duration_months=6,
                    rate=hourly(68),
                    skills=["sap", "abap", "sap hana"],
                    experience_years=10,
                ),
            ),
        ),
        (
            "hm06_html_table_id_skills_columns.eml",
            mail(305, "W2 reqs", "Please see the table.\n", html=_ID_SKILLS_TABLE_HTML),
            requirement(
                "HTML table, one row per role, with job id, experience range, duration and a skills cell each",
                job(
                    "Python Developer",
                    location="Austin, TX",
                    employment_types=["W2"],
                    duration_months=12,
                    skills=["python", "django", "aws"],
                    experience_years=5,
                    job_id="REQ-4411",
                ),
                job(
                    "Angular Developer",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["W2"],
                    duration_months=6,
                    skills=["angular", "typescript"],
                    experience_years=6,
                    job_id="REQ-4412",
                ),
                job(
                    "Oracle DBA",
                    location="Columbus, OH",
                    employment_types=["W2"],
                    duration_months=18,
                    skills=["oracle", "rac", "data guard"],
                    experience_years=10,
                    job_id="REQ-4413",
                ),
            ),
        ),
        (
            "hm07_req_n_of_m_headers.eml",
            mail(
                306,
                "3 new reqs - Minneapolis",
                "Team,\n\nReq 1 of 3 - Network Engineer\nMinneapolis, MN | 12 months | exp 7+ yrs\nCisco, Palo Alto, BGP\n\nReq 2 of 3 - Linux Administrator\nMinneapolis, MN | 6 months | exp 5+ yrs\nRHEL, Ansible\n\nReq 3 of 3 - Splunk Engineer\nRemote | 9 months | exp 6+ yrs\nSplunk, Python\n\nShare resumes to recruiter306@example.com\n",
            ),
            requirement(
                "'Req N of M - Title' heads over a 'place | duration | exp' row and a bare skills line each",
                job(
                    "Network Engineer",
                    location="Minneapolis, MN",
                    duration_months=12,
                    skills=["cisco", "palo alto", "bgp"],
                    experience_years=7,
                ),
                job(
                    "Linux Administrator",
                    location="Minneapolis, MN",
                    duration_months=6,
                    skills=["linux", "rhel", "ansible"],
                    experience_years=5,
                ),
                job(
                    "Splunk Engineer",
                    location="Remote",
                    work_mode="remote",
                    duration_months=9,
                    skills=["splunk", "python"],
                    experience_years=6,
                ),
            ),
        ),
        (
            "hm08_numbered_blocks_skills_per_role.eml",
            mail(
                307,
                "Immediate needs: React and Go",
                "Hi,\n\nWe have two immediate needs.\n\n1. React Developer\nLocation: Phoenix, AZ\nExperience: 6+ years\nSkills: React, Redux, JavaScript\n\n2. Golang Developer\nLocation: Seattle, WA\nExperience: 8+ years\nSkills: Go, Kubernetes, gRPC\n\nBoth 12+ months, C2C ok.\nPlease send resumes.\n",
            ),
            requirement(
                "numbered blocks with their own Location / Experience / Skills labels; skills stay per role; footer term shared ('12+ months' → 12)",
                job(
                    "React Developer",
                    location="Phoenix, AZ",
                    employment_types=["C2C"],
                    duration_months=12,
                    skills=["react", "redux", "javascript"],
                    experience_years=6,
                ),
                job(
                    "Golang Developer",
                    location="Seattle, WA",
                    employment_types=["C2C"],
                    duration_months=12,
                    skills=["golang", "kubernetes", "grpc"],
                    experience_years=8,
                ),
            ),
        ),
        (
            "hm09_upper_case_titles_years_in_brackets.eml",
            mail(
                308,
                "HOT REQUIREMENTS",
                "Hello Partners,\n\nSR. JAVA DEVELOPER (10+ YEARS) - DALLAS, TX\n12 MONTHS, $70/HR C2C\n\nQA ANALYST (5+ YEARS) - PLANO, TX\n6 MONTHS, $45/HR C2C\n\nPROJECT MANAGER (12+ YEARS) - IRVING, TX\n12 MONTHS, $75/HR C2C\n\nPlease share resumes.\n",
            ),
            requirement(
                "upper-case 'TITLE (N+ YEARS) - CITY, ST' heads over 'N MONTHS, $rate C2C' rows",
                job(
                    "SR. JAVA DEVELOPER",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=hourly(70),
                    skills=["java"],
                    experience_years=10,
                ),
                job(
                    "QA ANALYST",
                    location="Plano, TX",
                    employment_types=["C2C"],
                    duration_months=6,
                    rate=hourly(45),
                    experience_years=5,
                ),
                job(
                    "PROJECT MANAGER",
                    location="Irving, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=hourly(75),
                    experience_years=12,
                ),
            ),
        ),
        (
            "hm10_title_city_exp_duration_no_blank_lines.eml",
            mail(
                309,
                "Requirements",
                "Hi,\n\nPlease share profiles for the below requirements:\n\nPower BI Developer\nRaleigh North Carolina 27601\nexperience: 6 to 8 years\nduration: 12+ months\nTableau Developer\nRichmond, VA\nexperience: 5 to 7 years\nduration: 6 months\nETL Developer\nRemote\nexperience: 7 to 9 years\nduration: 9 months\n\nThanks\n",
            ),
            requirement(
                "title / 'City State ZIP' / 'experience: N to M years' / 'duration: N months' quadruples with no blank line between roles",
                job(
                    "Power BI Developer",
                    location="Raleigh, NC",
                    duration_months=12,
                    skills=["power bi"],
                    experience_years=6,
                ),
                job(
                    "Tableau Developer",
                    location="Richmond, VA",
                    duration_months=6,
                    skills=["tableau"],
                    experience_years=5,
                ),
                job(
                    "ETL Developer",
                    location="Remote",
                    work_mode="remote",
                    duration_months=9,
                    skills=["etl"],
                    experience_years=7,
                ),
            ),
        ),
    ]
