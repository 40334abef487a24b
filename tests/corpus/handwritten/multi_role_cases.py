"""Hand-written dev cases (``hx12``–``hx32``, mail indexes 60–80) for multi-role layouts
vendors use, and single jobs that only mention other titles. Written by us (issue 13,
multi-role helper); all in ``dev/``. Each block's fields are its own; an "all roles" line
applies to every job."""

# ruff: noqa: E501  (bodies and labels are data)

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.corpus.real.labelled import job

Case = tuple[str, bytes, dict[str, Any]]
Mail = Callable[..., bytes]


def _hour(amount: int) -> dict[str, Any]:
    return {"min": amount, "max": amount, "unit": "hour", "currency": "USD"}


def _requirement(note: str, *jobs: dict[str, Any]) -> dict[str, Any]:
    return {"is_job": True, "category": "requirement", "note": note, "jobs": list(jobs)}


_HTML_HEADER_TABLE = """<p>Hi Partners,</p><p>Please share profiles for the open roles below with our client.</p>
<table border="1">
<tr><th>S.No</th><th>Title</th><th>Location</th><th>Duration</th><th>Rate</th><th>Visa</th></tr>
<tr><td>1</td><td>Java Developer</td><td>Dallas, TX<br>(Hybrid)</td><td>12 months</td><td>$60/hr C2C</td><td>USC/GC</td></tr>
<tr><td>2</td><td>Salesforce Administrator</td><td>Remote</td><td>6 months</td><td>$55/hr C2C</td><td>H1B<br>GC<br>USC</td></tr>
<tr><td>3</td><td>Network Engineer</td><td>Atlanta, GA</td><td>9 months</td><td>$50/hr W2</td><td>USC only</td></tr>
</table><p>Regards,<br>Recruiter 60</p>"""

_HTML_ROWS_NO_HEADER = """<p>Hello team, below are today's hot requirements. Share matching consultants.</p>
<table>
<tr><td>Python Developer</td><td>Austin, TX</td><td>12 months</td><td>$62/hr</td><td>GC/USC</td></tr>
<tr><td>Scrum Master</td><td>Charlotte, NC</td><td>6 months</td><td>$55/hr</td><td>H1B</td></tr>
<tr><td>Oracle DBA</td><td>Hartford, CT</td><td>18 months</td><td>$70/hr</td><td>USC</td></tr>
</table><p>Thanks</p>"""

_NINE = [
    ("Java Developer", "Dallas, TX", 12, 60), ("Python Developer", "Austin, TX", 6, 58),
    ("Data Engineer", "Remote", 9, 65), ("QA Analyst", "Tampa, FL", 12, 45),
    ("Business Analyst", "Chicago, IL", 6, 55), ("Scrum Master", "Atlanta, GA", 12, 57),
    ("Oracle DBA", "Hartford, CT", 18, 68), ("Network Engineer", "Denver, CO", 9, 52),
    ("Salesforce Developer", "Phoenix, AZ", 12, 63), ("UI Developer", "Seattle, WA", 6, 59),
]  # fmt: skip
_NINE_SKILLS = {"Java Developer": ["java"], "Python Developer": ["python"], "Oracle DBA": ["oracle"],
                "Salesforce Developer": ["salesforce"], "Scrum Master": ["agile"]}  # fmt: skip


def _nine_table() -> str:
    rows = "".join(
        f"<tr><td>{title}</td><td>{place}</td><td>{months} months</td><td>${rate}/hr</td></tr>\n"
        for title, place, months, rate in _NINE
    )
    head = "<tr><th>Job Title</th><th>Location</th><th>Duration</th><th>Rate</th></tr>\n"
    return (
        "<p>Hi Partners,</p><p>We have ten open positions with our implementation partner. "
        'Please send resumes.</p>\n<table border="1">\n' + head + rows + "</table>\n"
        "<p>All roles: C2C, USC/GC only.</p><p>Thanks</p>"
    )


def _role_job(title: str, place: str, **fields: Any) -> dict[str, Any]:
    """One of the ten listed roles with its own place (remote or not) and skills."""
    mode = "remote" if place == "Remote" else None
    return job(title, location=place, work_mode=mode, skills=_NINE_SKILLS.get(title, []), **fields)


def _nine_jobs() -> list[dict[str, Any]]:
    return [
        _role_job(
            title,
            place,
            employment_types=["C2C"],
            duration_months=months,
            rate=_hour(rate),
            visa=["USC", "GC"],
        )  # fmt: skip
        for title, place, months, rate in _NINE
    ]


def _nine_bullets() -> str:
    lines = "".join(
        f"• {title} – {place} – {months} months – ${rate}/hr\n"
        for title, place, months, rate in _NINE
    )
    return (
        "Hi Partners,\n\nWe have the following openings, please share resumes:\n\n"
        + lines
        + "\nAll positions are C2C, USC/GC only.\n\nThanks\n"
    )


def _nine_mixed() -> str:
    """Nine role paragraphs; every third labels its place ("Location: …"), the rest do not."""
    blocks = [
        f"{title}\n{'Location: ' if i % 3 == 0 else ''}{place}\nexp: {4 + i}+ yrs\n\n"
        for i, (title, place, _, _) in enumerate(_NINE[:9])
    ]
    return (
        "Hi Network,\n\nPlease go through the requirements below and share matching profiles.\n\n"
        + "".join(blocks)
        + "All roles: W2 only.\n"
    )


def multi_role_cases(mail: Mail) -> list[Case]:
    return [
        (
            "hx12_html_table_header_multiline_cells.eml",
            mail(
                60, "Open roles - share resumes", "See the table below.\n", html=_HTML_HEADER_TABLE
            ),
            _requirement(
                "HTML table with a header row and an S.No column; cells broken by <br> stay one row; each row's visa and type are its own",
                job(
                    "Java Developer",
                    location="Dallas, TX",
                    work_mode="hybrid",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=_hour(60),
                    skills=["java"],
                    visa=["USC", "GC"],
                ),
                job(
                    "Salesforce Administrator",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["C2C"],
                    duration_months=6,
                    rate=_hour(55),
                    skills=["salesforce"],
                    visa=["H1B", "GC", "USC"],
                ),
                job(
                    "Network Engineer",
                    location="Atlanta, GA",
                    employment_types=["W2"],
                    duration_months=9,
                    rate=_hour(50),
                    visa=["USC"],
                ),
            ),
        ),
        (
            "hx13_html_table_rows_without_header.eml",
            mail(61, "3 hot reqs", "See below.\n", html=_HTML_ROWS_NO_HEADER),
            _requirement(
                "HTML table without a header row: one role per row",
                job(
                    "Python Developer",
                    location="Austin, TX",
                    duration_months=12,
                    rate=_hour(62),
                    skills=["python"],
                    visa=["GC", "USC"],
                ),
                job(
                    "Scrum Master",
                    location="Charlotte, NC",
                    duration_months=6,
                    rate=_hour(55),
                    skills=["agile"],
                    visa=["H1B"],
                ),
                job(
                    "Oracle DBA",
                    location="Hartford, CT",
                    duration_months=18,
                    rate=_hour(70),
                    skills=["oracle"],
                    visa=["USC"],
                ),
            ),
        ),
        (
            "hx14_pipe_table_plain_text.eml",
            mail(
                62,
                "Requirements - Dallas / Remote / Denver",
                "Hi,\n\nPlease share resumes for these roles.\n\nJob Title | Location | Duration | Rate | Visa\nJava Developer | Dallas, TX | 12 months | $60/hr | USC/GC\nData Analyst | Remote | 6 months | $45/hr | H1B\nDevOps Engineer | Denver, CO | 9 months | $65/hr | GC\n\nAll roles: C2C.\n\nThanks\n",
            ),
            _requirement(
                "plain-text pipe table with a header; 'All roles: C2C' applies to every row",
                job(
                    "Java Developer",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=_hour(60),
                    skills=["java"],
                    visa=["USC", "GC"],
                ),
                job(
                    "Data Analyst",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["C2C"],
                    duration_months=6,
                    rate=_hour(45),
                    visa=["H1B"],
                ),
                job(
                    "DevOps Engineer",
                    location="Denver, CO",
                    employment_types=["C2C"],
                    duration_months=9,
                    rate=_hour(65),
                    visa=["GC"],
                ),
            ),
        ),
        (
            "hx15_tab_table_plain_text.eml",
            mail(
                63,
                "Open roles",
                "Hi,\n\nOpen roles, please share matching profiles:\n\nRole\tLocation\tDuration\tRate\nMainframe Developer\tColumbus, OH\t12 months\t$58/hr\nTableau Developer\tRemote\t6 months\t$52/hr\nAzure Architect\tPlano, TX\t9 months\t$75/hr\n\nAll roles: W2, USC/GC only.\n",
            ),
            _requirement(
                "tab-separated table with a header row; a shared trailer",
                job(
                    "Mainframe Developer",
                    location="Columbus, OH",
                    employment_types=["W2"],
                    duration_months=12,
                    rate=_hour(58),
                    skills=["mainframe"],
                    visa=["USC", "GC"],
                ),
                job(
                    "Tableau Developer",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["W2"],
                    duration_months=6,
                    rate=_hour(52),
                    skills=["tableau"],
                    visa=["USC", "GC"],
                ),
                job(
                    "Azure Architect",
                    location="Plano, TX",
                    employment_types=["W2"],
                    duration_months=9,
                    rate=_hour(75),
                    skills=["azure"],
                    visa=["USC", "GC"],
                ),
            ),
        ),
        (
            "hx16_bullets_dash_fields.eml",
            mail(
                64,
                "Hot requirements",
                "Hi Partners,\n\nWe have the following openings:\n\n• Java Developer – Dallas, TX – 12 months – $60/hr\n• Python Developer – Remote – 6 months – $55/hr\n• QA Analyst – Tampa, FL – 9 months – $45/hr\n• Business Analyst – Chicago, IL – 12 months – $58/hr\n\nAll positions are C2C, USC/GC only.\n\nThanks\n",
            ),
            _requirement(
                "one bullet per role, fields separated by dashes; a shared trailer",
                job(
                    "Java Developer",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=_hour(60),
                    skills=["java"],
                    visa=["USC", "GC"],
                ),
                job(
                    "Python Developer",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["C2C"],
                    duration_months=6,
                    rate=_hour(55),
                    skills=["python"],
                    visa=["USC", "GC"],
                ),
                job(
                    "QA Analyst",
                    location="Tampa, FL",
                    employment_types=["C2C"],
                    duration_months=9,
                    rate=_hour(45),
                    visa=["USC", "GC"],
                ),
                job(
                    "Business Analyst",
                    location="Chicago, IL",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=_hour(58),
                    visa=["USC", "GC"],
                ),
            ),
        ),
        (
            "hx17_requirement_hash_headings.eml",
            mail(
                65,
                "3 requirements - share resumes",
                "Hi,\n\nPlease share resumes for the requirements below.\n\nRequirement #1\nServiceNow Developer\nLocation: Richmond, VA\nDuration: 12 months\nSkills: ServiceNow, JavaScript\n\nRequirement #2\nTableau Developer\nLocation: Plano, TX\nDuration: 6 months\nSkills: Tableau, SQL\n\nRequirement #3\nAzure Architect\nLocation: Remote\nDuration: 9 months\nSkills: Azure, Terraform\n\nThanks\n",
            ),
            _requirement(
                "'Requirement #N' headings, the bare title under each, labelled fields per block",
                job(
                    "ServiceNow Developer",
                    location="Richmond, VA",
                    duration_months=12,
                    skills=["servicenow", "javascript"],
                ),
                job(
                    "Tableau Developer",
                    location="Plano, TX",
                    duration_months=6,
                    skills=["tableau", "sql"],
                ),
                job(
                    "Azure Architect",
                    location="Remote",
                    work_mode="remote",
                    duration_months=9,
                    skills=["azure", "terraform"],
                ),
            ),
        ),
        (
            "hx18_job_id_headed_blocks.eml",
            mail(
                66,
                "SAP openings",
                "Hi,\n\nPlease send profiles for the below SAP openings.\n\nJob ID: 40125\nSAP FICO Consultant\nDuration: 12 months\nRate: $80/hr\nVisa: USC/GC\n\nJob ID: 40126\nSAP ABAP Developer\nDuration: 6 months\nRate: $70/hr\nVisa: H1B\n\nBoth roles are onsite in Houston, TX.\n",
            ),
            _requirement(
                "blocks headed by 'Job ID: N' with the title under it and no location label; the place line after the last block is shared",
                job(
                    "SAP FICO Consultant",
                    location="Houston, TX",
                    work_mode="onsite",
                    duration_months=12,
                    rate=_hour(80),
                    skills=["sap", "sap fico"],
                    visa=["USC", "GC"],
                    job_id="40125",
                ),
                job(
                    "SAP ABAP Developer",
                    location="Houston, TX",
                    work_mode="onsite",
                    duration_months=6,
                    rate=_hour(70),
                    skills=["sap", "abap"],
                    visa=["H1B"],
                    job_id="40126",
                ),
            ),
        ),
        (
            "hx19_title_location_parens_shared_trailer.eml",
            mail(
                67,
                "Multiple openings",
                "Hi,\n\nWe are hiring for the below roles, please share resumes:\n\nJava Developer (Dallas, TX)\nReact Developer (Remote)\nBusiness Analyst (Chicago, IL)\n\nAll roles: 12 months, C2C, USC/GC.\n\nThanks\n",
            ),
            _requirement(
                "'Title (Location)' lines without bullets; 'All roles:' trailer applies to every job",
                job(
                    "Java Developer",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    skills=["java"],
                    visa=["USC", "GC"],
                ),
                job(
                    "React Developer",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["C2C"],
                    duration_months=12,
                    skills=["react"],
                    visa=["USC", "GC"],
                ),
                job(
                    "Business Analyst",
                    location="Chicago, IL",
                    employment_types=["C2C"],
                    duration_months=12,
                    visa=["USC", "GC"],
                ),
            ),
        ),
        (
            "hx20_roles_between_rules.eml",
            mail(
                68,
                "Reqs for today",
                "Hi,\n\nPlease share resumes for the roles below.\n\nJava Developer\nDallas, TX\nDuration: 12 months\nJava, Spring Boot\n----------------------------\nPython Developer\nRemote\nDuration: 6 months\nPython, Django\n____________________________\nQA Engineer\nTampa, FL\nDuration: 9 months\nSelenium, Cucumber\n****************************\n\nC2C only.\n",
            ),
            _requirement(
                "roles separated by lines of dashes, underscores and asterisks; the line after the last rule is shared",
                job(
                    "Java Developer",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    skills=["java", "spring boot"],
                ),
                job(
                    "Python Developer",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["C2C"],
                    duration_months=6,
                    skills=["python", "django"],
                ),
                job(
                    "QA Engineer",
                    location="Tampa, FL",
                    employment_types=["C2C"],
                    duration_months=9,
                    skills=["selenium", "cucumber"],
                ),
            ),
        ),
        (
            "hx21_job_title_label_repeat.eml",
            mail(
                69,
                "Reqs",
                "Hi,\n\nPlease share resumes for the roles below.\n\nJob Title: Salesforce CPQ\nLocation: Dallas, TX\nDuration: 12 months\nRate: $70/hr\nJob Title: Java Developer\nLocation: Remote\nDuration: 6 months\nRate: $65/hr\nJob Title: Workday HCM\nLocation: Tampa, FL\nDuration: 9 months\nRate: $75/hr\n\nThanks\n",
            ),
            _requirement(
                "blocks separated only by a repeated 'Job Title:' label; two titles name no role noun",
                job(
                    "Salesforce CPQ",
                    location="Dallas, TX",
                    duration_months=12,
                    rate=_hour(70),
                    skills=["salesforce cpq"],
                ),
                job(
                    "Java Developer",
                    location="Remote",
                    work_mode="remote",
                    duration_months=6,
                    rate=_hour(65),
                    skills=["java"],
                ),
                job(
                    "Workday HCM",
                    location="Tampa, FL",
                    duration_months=9,
                    rate=_hour(75),
                    skills=["workday hcm"],
                ),
            ),
        ),
        (
            "hx22_ten_roles_html_table.eml",
            mail(70, "10 open positions", "Please see the HTML part.\n", html=_nine_table()),
            _requirement(
                "ten roles in an HTML table; the trailer below it applies to all", *_nine_jobs()
            ),
        ),
        (
            "hx23_ten_roles_bullets.eml",
            mail(71, "10 hot requirements", _nine_bullets()),
            _requirement("ten bulleted one-line roles; the trailer applies to all", *_nine_jobs()),
        ),
        (
            "hx24_bulleted_titles_shared_fields.eml",
            mail(
                72,
                "Openings in Dallas, TX",
                "Hi,\n\nPlease share resumes for the openings below.\n\n• Java Developer\n• Python Developer\n• QA Analyst\n\nLocation: Dallas, TX (all roles)\nDuration: 12 months\nC2C, USC/GC only.\n",
            ),
            _requirement(
                "a bulleted list of bare titles; the fields under the list are every role's",
                job(
                    "Java Developer",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    skills=["java"],
                    visa=["USC", "GC"],
                ),
                job(
                    "Python Developer",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    skills=["python"],
                    visa=["USC", "GC"],
                ),
                job(
                    "QA Analyst",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    visa=["USC", "GC"],
                ),
            ),
        ),
        (
            "hx25_single_job_mentions_other_titles.eml",
            mail(
                73,
                "Senior Data Engineer - Dallas, TX",
                "Hi,\n\nWe need a Senior Data Engineer for our client in Dallas, TX.\n\nThe Senior Data Engineer reports to the Engineering Manager.\nYou will work with Data Engineers and QA Analysts.\n\nResponsibilities:\n• Work with Product Owners and Business Analysts in Dallas, TX\n• Mentor Junior Developers - Remote team\n\nDuration: 12 months\nRate: $70/hr C2C\nSkills: Python, Spark, AWS\n\nPlease share resumes.\n",
            ),
            _requirement(
                "one job whose text mentions other titles (reports to, works with): not several jobs",
                job(
                    "Senior Data Engineer",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=_hour(70),
                    skills=["python", "spark", "aws"],
                ),
            ),
        ),
        (
            "hx26_single_job_signature_under_rule.eml",
            mail(
                74,
                "Java Developer - Dallas, TX",
                "Hi,\n\nPlease share resumes for a Java Developer in Dallas, TX.\n\nJava Developer\nDuration: 12 months\nRate: $60/hr C2C\nSkills: Java, Spring Boot\n\n______________________\nTechnical Recruiter\nExample Staffing\n",
            ),
            _requirement(
                "one job; the recruiter's title under a rule line is a signature, not a second role",
                job(
                    "Java Developer",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=_hour(60),
                    skills=["java", "spring boot"],
                ),
            ),
        ),
        (
            "hx27_labels_above_title.eml",
            mail(
                75,
                "Two reqs",
                "Hi,\n\nPlease share resumes for the roles below.\n\nClient: Acme Bank\nLocation: Dallas, TX\nRole: Java Developer\nDuration: 12 months\nRate: $62/hr C2C\n\nClient: Globex\nLocation: Remote\nRole: Python Developer\nDuration: 6 months\nRate: $58/hr W2\n\nThanks\n",
            ),
            _requirement(
                "client and location labels above each role label belong to that role's block",
                job(
                    "Java Developer",
                    client="Acme Bank",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=_hour(62),
                    skills=["java"],
                ),
                job(
                    "Python Developer",
                    client="Globex",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["W2"],
                    duration_months=6,
                    rate=_hour(58),
                    skills=["python"],
                ),
            ),
        ),  # fmt: skip
        (
            "hx28_role_names_with_colon_over_prose.eml",
            mail(
                76,
                "Reqs",
                "Hi,\n\nPlease share resumes for the roles below.\n\nJava Developer:\nWe need a Java developer with Spring experience in Dallas, TX for 12 months.\n\nPython Developer:\nRemote role, 6 months, Django and AWS.\n\nThanks\n",
            ),
            _requirement(
                "'Title:' headings over a prose paragraph each",
                job(
                    "Java Developer",
                    location="Dallas, TX",
                    duration_months=12,
                    skills=["java", "spring"],
                ),
                job(
                    "Python Developer",
                    location="Remote",
                    work_mode="remote",
                    duration_months=6,
                    skills=["python", "django", "aws"],
                ),
            ),
        ),  # fmt: skip
        (
            "hx29_bulleted_titles_with_experience.eml",
            mail(
                77,
                "Openings",
                "Hi,\n\nPlease share resumes for the openings below.\n\n• Java Developer (8+ yrs)\n• Python Developer (5+ yrs)\n• QA Analyst (4+ yrs)\n\nLocation: Dallas, TX\nDuration: 12 months\nC2C only.\n",
            ),
            _requirement(
                "bulleted bare titles with their experience in parentheses; the fields under the list are shared",
                job(
                    "Java Developer",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    skills=["java"],
                    experience_years=8,
                ),
                job(
                    "Python Developer",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    skills=["python"],
                    experience_years=5,
                ),
                job(
                    "QA Analyst",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    experience_years=4,
                ),
            ),
        ),  # fmt: skip
        (
            "hx30_job_id_line_names_the_role.eml",
            mail(
                78,
                "Reqs - Dallas and remote",
                "Hi,\n\nPlease share resumes for the roles below.\n\nReq ID: 12345 - Java Developer\nLocation: Dallas, TX\nDuration: 12 months\nVisa: USC/GC\n\nReq ID: 12346 - Python Developer\nLocation: Remote\nDuration: 6 months\nVisa: H1B\n\nThanks\n",
            ),
            _requirement(
                "each block opens with a job id line that names the role after a dash",
                job(
                    "Java Developer",
                    location="Dallas, TX",
                    duration_months=12,
                    skills=["java"],
                    visa=["USC", "GC"],
                    job_id="12345",
                ),
                job(
                    "Python Developer",
                    location="Remote",
                    work_mode="remote",
                    duration_months=6,
                    skills=["python"],
                    visa=["H1B"],
                    job_id="12346",
                ),
            ),
        ),  # fmt: skip
        (
            "hx31_title_place_lines_over_paragraphs.eml",
            mail(
                79,
                "Reqs",
                "Hi,\n\nPlease share resumes for the roles below.\n\nJava Developer - Dallas, TX\nStrong Java and Spring Boot, 12 month contract.\n\nPython Developer - Remote\nPython and Django, 6 month contract.\n\nQA Engineer - Tampa, FL\nSelenium and Cucumber, 9 month contract.\n\nAll roles are C2C.\n",
            ),
            _requirement(
                "a 'Title - Place' line heading each role's paragraph, no bullets; a shared trailer",
                job(
                    "Java Developer",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    skills=["java", "spring boot"],
                ),
                job(
                    "Python Developer",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["C2C"],
                    duration_months=6,
                    skills=["python", "django"],
                ),
                job(
                    "QA Engineer",
                    location="Tampa, FL",
                    employment_types=["C2C"],
                    duration_months=9,
                    skills=["selenium", "cucumber"],
                ),
            ),
        ),  # fmt: skip
        (
            "hx32_nine_roles_some_places_labelled.eml",
            mail(80, "9 requirements", _nine_mixed()),
            _requirement(
                "nine bare role paragraphs, three of them with a 'Location:' label: all nine are jobs",
                *[
                    _role_job(t, p, employment_types=["W2"], experience_years=4 + i)
                    for i, (t, p, _, _) in enumerate(_NINE[:9])
                ],
            ),
        ),  # fmt: skip
    ]
