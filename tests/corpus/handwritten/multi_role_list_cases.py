"""Hand-written dev cases (``hm17``–``hm26``, mail indexes 316–325): WRITTEN BY US, not real
mail (issue 13, multi helper, 2026-12-07). Multi-role vendor layouts the corpora did not have
yet, written and labelled before any rule was changed for them: seven bare titles each over
unlabelled place / duration / rate lines; numbered roles with indented "- Location:" sub-bullets;
"Position N" alone on a line over a bare title and unlabelled lines; roles between underscore
rules with "Location - …" dash labels; an HTML table with a header row and a client column;
"Title (2 openings) - City, ST - $N/hr" lines; six "Title - City, ST" lines over a labelled
footer every role shares; bare titles each with its own "Client:" line; a forwarded message
whose list is quoted with "> "; and Outlook's nested bullets ("• Title" over "o Location: …").
Skills are the taxonomy's canonical names. All in ``dev/``."""

# ruff: noqa: E501  (bodies and labels are data)

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.corpus.real.labelled import hourly, job, requirement

Case = tuple[str, bytes, dict[str, Any]]
Mail = Callable[..., bytes]

_BARE_QUADS = (
    "Hi Partners,\n\nPlease find the below requirements from our implementation partner."
    " Share resumes with visa and rate.\n\n"
    "Java Developer\nDallas, TX\n12 months\n$65/hr\n\n"
    "Python Developer\nAustin, TX\n6 months\n$60/hr\n\n"
    "React Developer\nRemote\n12 months\n$58/hr\n\n"
    "Data Engineer\nCharlotte, NC\n9 months\n$70/hr\n\n"
    "Salesforce Administrator\nChicago, IL\n6 months\n$55/hr\n\n"
    "Oracle DBA\nColumbus, OH\n12 months\n$62/hr\n\n"
    "Scrum Master\nAtlanta, GA\n6 months\n$50/hr\n\n"
    "Thanks,\nRecruiter 316\n"
)

_SUB_BULLETS = (
    "Hello Team,\n\nWe have the following open roles with our client. Please send matching profiles.\n\n"
    "1. Senior Java Developer\n   - Location: Jersey City, NJ (Hybrid)\n   - Duration: 12 months\n"
    "   - Rate: $70/hr C2C\n   - Skills: Java, Spring Boot, Kafka\n"
    "2. Azure DevOps Engineer\n   - Location: Remote\n   - Duration: 6 months\n"
    "   - Rate: $65/hr C2C\n   - Skills: Azure, Terraform\n"
    "3. Business Analyst\n   - Location: Charlotte, NC\n   - Duration: 9 months\n"
    "   - Rate: $55/hr C2C\n   - Skills: SQL, JIRA\n"
    "4. Tableau Developer\n   - Location: Phoenix, AZ\n   - Duration: 12 months\n"
    "   - Rate: $60/hr C2C\n   - Skills: Tableau, SQL\n\n"
    "Regards,\nRecruiter 317\n"
)

_POSITION_HEADERS = (
    "Hi,\n\nGreetings from our team. Below are the current openings, please share resumes.\n\n"
    "Position 1\nCloud Security Engineer\nReston, VA\n12 months contract\n10+ years\n\n"
    "Position 2\nMainframe Developer\nPlano, TX\n6 months contract\n8+ years\n\n"
    "Position 3\nPower BI Developer\nRemote\n9 months contract\n5+ years\n\n"
    "Position 4\nNetwork Engineer\nRaleigh, NC\n12 months contract\n7+ years\n\n"
    "Thanks\nRecruiter 318\n"
)

_UNDERSCORE_RULES = (
    "Hi All,\n\nPlease share resumes for the below roles.\n\n"
    "____________________________\n\n"
    "Golang Developer\nLocation - Sunnyvale, CA\nDuration - 12 months\nRate - $75/hr\n\n"
    "____________________________\n\n"
    "Kafka Engineer\nLocation - Jersey City, NJ\nDuration - 6 months\nRate - $70/hr\n\n"
    "____________________________\n\n"
    "Snowflake Developer\nLocation - Minneapolis, MN\nDuration - 12 months\nRate - $68/hr\n\n"
    "____________________________\n\n"
    "Visa: H1B, GC, USC\n\nThanks,\nRecruiter 319\n"
)

_CLIENT_TABLE_HTML = (
    "<p>Hi Partners, please share your consultants for the roles below (C2C).</p>"
    '<table border="1"><tr><th>S.No</th><th>Job Title</th><th>Client</th><th>Location</th>'
    "<th>Duration</th><th>Rate</th></tr>"
    "<tr><td>1</td><td>Java Developer</td><td>Northwind Bank</td><td>Charlotte, NC</td><td>12 months</td><td>$65/hr</td></tr>"
    "<tr><td>2</td><td>Python Developer</td><td>Contoso Health</td><td>Nashville, TN</td><td>6 months</td><td>$60/hr</td></tr>"
    "<tr><td>3</td><td>Angular Developer</td><td>Fabrikam Retail</td><td>Remote</td><td>9 months</td><td>$55/hr</td></tr>"
    "<tr><td>4</td><td>Data Analyst</td><td>Northwind Bank</td><td>Charlotte, NC</td><td>12 months</td><td>$50/hr</td></tr>"
    "<tr><td>5</td><td>DevOps Engineer</td><td>Tailspin Air</td><td>Dallas, TX</td><td>12 months</td><td>$68/hr</td></tr>"
    "<tr><td>6</td><td>Business Analyst</td><td>Contoso Health</td><td>Nashville, TN</td><td>6 months</td><td>$52/hr</td></tr>"
    "</table><p>Thanks, Recruiter 320</p>"
)

_OPENINGS = (
    "Hi,\n\nUrgent needs, please share resumes ASAP:\n\n"
    "Java Developer (2 openings) - Dallas, TX - $62/hr\n"
    "QA Automation Engineer (3 openings) - Remote - $50/hr\n"
    "Data Analyst (1 opening) - Tampa, FL - $45/hr\n"
    "Network Engineer (2 positions) - Raleigh, NC - $60/hr\n\n"
    "All roles 12 months C2C.\n\nRecruiter 321\n"
)

_SHARED_FOOTER = (
    "Hi Vendors,\n\nWe have the below openings with our insurance client. Send your best profiles.\n\n"
    "Informatica Developer - Hartford, CT\n"
    "Teradata Developer - Hartford, CT\n"
    "Mainframe Developer - Hartford, CT\n"
    "Cognos Developer - Hartford, CT\n"
    "PL/SQL Developer - Hartford, CT\n"
    "Tableau Developer - Hartford, CT\n\n"
    "Rate: $60/hr on C2C\nDuration: 12+ months\nVisa: H1B, GC, USC\n\n"
    "Thanks,\nRecruiter 322\n"
)

_CLIENT_PER_ROLE = (
    "Hello,\n\nPlease find our current requirements below and share matching resumes.\n\n"
    "Java Architect\nClient: Northwind Bank\nCharlotte, NC\n12 months\n\n"
    "ServiceNow Developer\nClient: Contoso Health\nNashville, TN\n6 months\n\n"
    "Workday Consultant\nClient: Fabrikam Retail\nRemote\n9 months\n\n"
    "Thanks,\nRecruiter 323\n"
)

_QUOTED_FORWARD = (
    "Team, please check the below and share profiles.\n\n"
    "---------- Forwarded message ---------\n"
    "From: Account Manager <manager@example.org>\n"
    "Date: Mon, Nov 30, 2026 at 9:10 AM\n"
    "Subject: Urgent requirements\n"
    "To: vendors@example.net\n\n"
    "> Hi All,\n>\n> Please find below requirements and share resumes.\n>\n"
    "> 1) ServiceNow Developer - Dallas, TX - 10+ yrs\n"
    "> 2) SAP BASIS Consultant - Remote - 8+ yrs\n"
    "> 3) Guidewire Developer - Chicago, IL - 7+ yrs\n"
    "> 4) Power BI Developer - Tampa, FL - 5+ yrs\n>\n"
    "> Duration: 12 months\n"
)

_OUTLOOK_NESTED = (
    "Hi Team,\n\nPlease share resumes for below positions.\n\n"
    "•\tSalesforce Developer\n"
    "o\tLocation: Irving, TX\no\tExperience: 8+ years\no\tRate: $65/hr\n"
    "•\tWorkday Consultant\n"
    "o\tLocation: Remote\no\tExperience: 6+ years\no\tRate: $70/hr\n"
    "•\tSAP ABAP Developer\n"
    "o\tLocation: Houston, TX\no\tExperience: 10+ years\no\tRate: $72/hr\n"
    "•\tData Scientist\n"
    "o\tLocation: Boston, MA\no\tExperience: 5+ years\no\tRate: $75/hr\n"
    "•\tiOS Developer\n"
    "o\tLocation: Cupertino, CA\no\tExperience: 7+ years\no\tRate: $68/hr\n\n"
    "Thanks\nRecruiter 325\n"
)

_ID_PAREN_ROWS = (
    "Hi, please share resumes for the below roles.\n\n"
    "Java Developer (Job ID: 40231)\nDallas, TX | 12 months | $60/hr\n\n"
    "Python Developer (Job ID: 40232)\nAustin, TX | 6 months | $55/hr\n\n"
    "Data Engineer (Job ID: 40233)\nRemote | 12 months | $70/hr\n\n"
    "Thanks,\nRecruiter 326\n"
)

_ID_LED_ROWS = (
    "Hi Vendors,\n\nPlease share resumes for the below requisitions.\n\n"
    "JR-4412 | Java Developer | Dallas, TX | 12 months\n"
    "JR-4413 | Python Developer | Austin, TX | 6 months\n"
    "JR-4414 | Data Engineer | Remote | 12 months\n"
    "JR-4415 | QA Analyst | Tampa, FL | 6 months\n"
    "JR-4416 | Scrum Master | Atlanta, GA | 9 months\n\n"
    "C2C only, USC/GC.\n\nRecruiter 327\n"
)

_REQ_HASH_TITLES = (
    "Hello Partners,\n\nKindly share profiles for the open reqs below.\n\n"
    "REQ#10234 Java Developer\nLocation: Dallas, TX\nExperience: 8+ years\n\n"
    "REQ#10235 Python Developer\nLocation: Austin, TX\nExperience: 6+ years\n\n"
    "REQ#10236 Salesforce Developer\nLocation: Chicago, IL\nExperience: 7+ years\n\n"
    "Regards,\nRecruiter 328\n"
)


_MIXED_LABELLED_AND_BARE = (
    "Hi Partners,\n\nPlease find our open roles below and share matching resumes.\n\n"
    "Job Title: Mulesoft Developer\nLocation: Irving, TX\nDuration: 12 months\n\n"
    "Job Title: Kotlin Developer\nLocation: Remote\nDuration: 6 months\n\n"
    "Solution Architect\nLocation: Boston, MA\nDuration: 9 months\n\n"
    "Site Reliability Engineer\nLocation: Seattle, WA\nDuration: 12 months\n\n"
    "Informatica Developer\nLocation: Hartford, CT\nDuration: 6 months\n\n"
    "Thanks,\nRecruiter 329\n"
)

_UNBULLETED_YEARS_LINES = (
    "Hi Team,\n\nPlease share resumes for these roles with our client in Columbus, OH"
    " (12 months, W2):\n\n"
    "Mainframe Developer (10+ years)\n"
    "Tableau Developer (6+ years)\n"
    "Network Engineer (8+ years)\n"
    "Business Analyst (7+ years)\n\n"
    "Recruiter 330\n"
)


def multi_role_list_cases(mail: Mail) -> list[Case]:
    return [
        (
            "hm17_bare_titles_over_place_duration_rate_lines.eml",
            mail(316, "Requirements - implementation partner", _BARE_QUADS),
            requirement(
                "seven bare titles, each over unlabelled 'City, ST' / 'N months' / '$N/hr' lines, blank lines between roles",
                job(
                    "Java Developer",
                    location="Dallas, TX",
                    duration_months=12,
                    rate=hourly(65),
                    skills=["java"],
                ),
                job(
                    "Python Developer",
                    location="Austin, TX",
                    duration_months=6,
                    rate=hourly(60),
                    skills=["python"],
                ),
                job(
                    "React Developer",
                    location="Remote",
                    work_mode="remote",
                    duration_months=12,
                    rate=hourly(58),
                    skills=["react"],
                ),
                job("Data Engineer", location="Charlotte, NC", duration_months=9, rate=hourly(70)),
                job(
                    "Salesforce Administrator",
                    location="Chicago, IL",
                    duration_months=6,
                    rate=hourly(55),
                    skills=["salesforce"],
                ),
                job(
                    "Oracle DBA",
                    location="Columbus, OH",
                    duration_months=12,
                    rate=hourly(62),
                    skills=["oracle"],
                ),
                job(
                    "Scrum Master",
                    location="Atlanta, GA",
                    duration_months=6,
                    rate=hourly(50),
                    skills=["agile"],
                ),
            ),
        ),
        (
            "hm18_numbered_roles_with_sub_bullets.eml",
            mail(317, "Open roles with our client", _SUB_BULLETS),
            requirement(
                "'1. Title' lines each over indented '- Location:' / '- Duration:' / '- Rate:' / '- Skills:' sub-bullets, no blank lines between roles",
                job(
                    "Senior Java Developer",
                    location="Jersey City, NJ",
                    work_mode="hybrid",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=hourly(70),
                    skills=["java", "spring boot", "kafka"],
                ),
                job(
                    "Azure DevOps Engineer",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["C2C"],
                    duration_months=6,
                    rate=hourly(65),
                    skills=["azure devops", "azure", "terraform"],
                ),
                job(
                    "Business Analyst",
                    location="Charlotte, NC",
                    employment_types=["C2C"],
                    duration_months=9,
                    rate=hourly(55),
                    skills=["sql", "jira"],
                ),
                job(
                    "Tableau Developer",
                    location="Phoenix, AZ",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=hourly(60),
                    skills=["tableau", "sql"],
                ),
            ),
        ),
        (
            "hm19_position_n_over_unlabelled_lines.eml",
            mail(318, "Current openings", _POSITION_HEADERS),
            requirement(
                "'Position N' alone on a line over a bare title, a city, 'N months contract' and 'N+ years' lines",
                job(
                    "Cloud Security Engineer",
                    location="Reston, VA",
                    duration_months=12,
                    experience_years=10,
                ),
                job(
                    "Mainframe Developer",
                    location="Plano, TX",
                    duration_months=6,
                    experience_years=8,
                    skills=["mainframe"],
                ),
                job(
                    "Power BI Developer",
                    location="Remote",
                    work_mode="remote",
                    duration_months=9,
                    experience_years=5,
                    skills=["power bi"],
                ),
                job(
                    "Network Engineer",
                    location="Raleigh, NC",
                    duration_months=12,
                    experience_years=7,
                ),
            ),
        ),
        (
            "hm20_roles_between_underscore_rules_dash_labels.eml",
            mail(319, "Need resumes - 3 roles", _UNDERSCORE_RULES),
            requirement(
                "roles between underscore rules, each a bare title over 'Location - …' / 'Duration - …' / 'Rate - …' lines; visa after the last rule shared",
                job(
                    "Golang Developer",
                    location="Sunnyvale, CA",
                    duration_months=12,
                    rate=hourly(75),
                    skills=["golang"],
                    visa=["H1B", "GC", "USC"],
                ),
                job(
                    "Kafka Engineer",
                    location="Jersey City, NJ",
                    duration_months=6,
                    rate=hourly(70),
                    skills=["kafka"],
                    visa=["H1B", "GC", "USC"],
                ),
                job(
                    "Snowflake Developer",
                    location="Minneapolis, MN",
                    duration_months=12,
                    rate=hourly(68),
                    skills=["snowflake"],
                    visa=["H1B", "GC", "USC"],
                ),
            ),
        ),
        (
            "hm21_html_table_client_column.eml",
            mail(
                320,
                "6 roles - C2C",
                "Please see the table in the HTML part.\n",
                html=_CLIENT_TABLE_HTML,
            ),
            requirement(
                "an HTML table with a header row (S.No, Job Title, Client, Location, Duration, Rate), one row per role, each with its own client",
                job(
                    "Java Developer",
                    client="Northwind Bank",
                    location="Charlotte, NC",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=hourly(65),
                    skills=["java"],
                ),
                job(
                    "Python Developer",
                    client="Contoso Health",
                    location="Nashville, TN",
                    employment_types=["C2C"],
                    duration_months=6,
                    rate=hourly(60),
                    skills=["python"],
                ),
                job(
                    "Angular Developer",
                    client="Fabrikam Retail",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["C2C"],
                    duration_months=9,
                    rate=hourly(55),
                    skills=["angular"],
                ),
                job(
                    "Data Analyst",
                    client="Northwind Bank",
                    location="Charlotte, NC",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=hourly(50),
                ),
                job(
                    "DevOps Engineer",
                    client="Tailspin Air",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=hourly(68),
                ),
                job(
                    "Business Analyst",
                    client="Contoso Health",
                    location="Nashville, TN",
                    employment_types=["C2C"],
                    duration_months=6,
                    rate=hourly(52),
                ),
            ),
        ),
        (
            "hm22_titles_with_openings_counts.eml",
            mail(321, "Urgent needs", _OPENINGS),
            requirement(
                "'Title (2 openings) - City, ST - $N/hr' lines: one job per role, the count not in the title; duration and C2C shared after the list",
                job(
                    "Java Developer",
                    location="Dallas, TX",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=hourly(62),
                    skills=["java"],
                ),
                job(
                    "QA Automation Engineer",
                    location="Remote",
                    work_mode="remote",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=hourly(50),
                ),
                job(
                    "Data Analyst",
                    location="Tampa, FL",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=hourly(45),
                ),
                job(
                    "Network Engineer",
                    location="Raleigh, NC",
                    employment_types=["C2C"],
                    duration_months=12,
                    rate=hourly(60),
                ),
            ),
        ),
        (
            "hm23_title_place_lines_shared_labelled_footer.eml",
            mail(322, "Openings - insurance client", _SHARED_FOOTER),
            requirement(
                "six 'Title - City, ST' lines in one paragraph over a labelled Rate / Duration / Visa footer every role shares",
                *(
                    job(
                        title,
                        location="Hartford, CT",
                        employment_types=["C2C"],
                        duration_months=12,
                        rate=hourly(60),
                        skills=skills,
                        visa=["H1B", "GC", "USC"],
                    )
                    for title, skills in (
                        ("Informatica Developer", ["informatica"]),
                        ("Teradata Developer", ["teradata"]),
                        ("Mainframe Developer", ["mainframe"]),
                        ("Cognos Developer", ["cognos"]),
                        ("PL/SQL Developer", ["pl/sql"]),
                        ("Tableau Developer", ["tableau"]),
                    )
                ),
            ),
        ),
        (
            "hm24_bare_titles_with_client_line_each.eml",
            mail(323, "Current requirements", _CLIENT_PER_ROLE),
            requirement(
                "bare titles each over its own 'Client:' line, a city and 'N months'",
                job(
                    "Java Architect",
                    client="Northwind Bank",
                    location="Charlotte, NC",
                    duration_months=12,
                    skills=["java"],
                ),
                job(
                    "ServiceNow Developer",
                    client="Contoso Health",
                    location="Nashville, TN",
                    duration_months=6,
                    skills=["servicenow"],
                ),
                job(
                    "Workday Consultant",
                    client="Fabrikam Retail",
                    location="Remote",
                    work_mode="remote",
                    duration_months=9,
                    skills=["workday"],
                ),
            ),
        ),
        (
            "hm25_forwarded_list_quoted.eml",
            mail(324, "Fwd: Urgent requirements", _QUOTED_FORWARD),
            requirement(
                "a forwarded message whose numbered one-line roles are quoted with '> '; the quoted duration shared",
                job(
                    "ServiceNow Developer",
                    location="Dallas, TX",
                    duration_months=12,
                    experience_years=10,
                    skills=["servicenow"],
                ),
                job(
                    "SAP BASIS Consultant",
                    location="Remote",
                    work_mode="remote",
                    duration_months=12,
                    experience_years=8,
                    skills=["sap basis"],
                ),
                job(
                    "Guidewire Developer",
                    location="Chicago, IL",
                    duration_months=12,
                    experience_years=7,
                    skills=["guidewire"],
                ),
                job(
                    "Power BI Developer",
                    location="Tampa, FL",
                    duration_months=12,
                    experience_years=5,
                    skills=["power bi"],
                ),
            ),
        ),
        (
            "hm26_outlook_nested_bullets.eml",
            mail(325, "Positions - please share resumes", _OUTLOOK_NESTED),
            requirement(
                "Outlook's nested bullets in plain text: '•<TAB>Title' over 'o<TAB>Location:' / 'o<TAB>Experience:' / 'o<TAB>Rate:' lines",
                job(
                    "Salesforce Developer",
                    location="Irving, TX",
                    experience_years=8,
                    rate=hourly(65),
                    skills=["salesforce"],
                ),
                job(
                    "Workday Consultant",
                    location="Remote",
                    work_mode="remote",
                    experience_years=6,
                    rate=hourly(70),
                    skills=["workday"],
                ),
                job(
                    "SAP ABAP Developer",
                    location="Houston, TX",
                    experience_years=10,
                    rate=hourly(72),
                    skills=["abap"],
                ),
                job("Data Scientist", location="Boston, MA", experience_years=5, rate=hourly(75)),
                job(
                    "iOS Developer",
                    location="Cupertino, CA",
                    experience_years=7,
                    rate=hourly(68),
                    skills=["ios"],
                ),
            ),
        ),
        (
            "hm27_title_job_id_paren_over_field_rows.eml",
            mail(326, "3 roles - please share", _ID_PAREN_ROWS),
            requirement(
                "'Title (Job ID: N)' lines each over a 'City, ST | N months | $N/hr' row; the last row opens with 'Remote |'",
                job(
                    "Java Developer",
                    location="Dallas, TX",
                    duration_months=12,
                    rate=hourly(60),
                    skills=["java"],
                    job_id="40231",
                ),
                job(
                    "Python Developer",
                    location="Austin, TX",
                    duration_months=6,
                    rate=hourly(55),
                    skills=["python"],
                    job_id="40232",
                ),
                job(
                    "Data Engineer",
                    location="Remote",
                    work_mode="remote",
                    duration_months=12,
                    rate=hourly(70),
                    job_id="40233",
                ),
            ),
        ),
        (
            "hm28_id_led_pipe_rows_without_header.eml",
            mail(327, "Open requisitions", _ID_LED_ROWS),
            requirement(
                "pipe rows without a header, each opening with its requisition id: 'JR-4412 | Title | City, ST | N months'; C2C and visa shared after them",
                *(
                    job(
                        title,
                        location=place,
                        work_mode="remote" if place == "Remote" else None,
                        employment_types=["C2C"],
                        duration_months=months,
                        skills=skills,
                        visa=["USC", "GC"],
                        job_id=jid,
                    )
                    for jid, title, place, months, skills in (
                        ("JR-4412", "Java Developer", "Dallas, TX", 12, ["java"]),
                        ("JR-4413", "Python Developer", "Austin, TX", 6, ["python"]),
                        ("JR-4414", "Data Engineer", "Remote", 12, []),
                        ("JR-4415", "QA Analyst", "Tampa, FL", 6, []),
                        ("JR-4416", "Scrum Master", "Atlanta, GA", 9, ["agile"]),
                    )
                ),
            ),
        ),
        (
            "hm29_req_hash_ids_ahead_of_titles.eml",
            mail(328, "Open reqs", _REQ_HASH_TITLES),
            requirement(
                "'REQ#N Title' lines over labelled Location / Experience lines: the id is the job's, not its title's",
                job(
                    "Java Developer",
                    location="Dallas, TX",
                    experience_years=8,
                    skills=["java"],
                    job_id="10234",
                ),
                job(
                    "Python Developer",
                    location="Austin, TX",
                    experience_years=6,
                    skills=["python"],
                    job_id="10235",
                ),
                job(
                    "Salesforce Developer",
                    location="Chicago, IL",
                    experience_years=7,
                    skills=["salesforce"],
                    job_id="10236",
                ),
            ),
        ),
        (
            "hm30_labelled_and_bare_titles_mixed.eml",
            mail(329, "Open roles", _MIXED_LABELLED_AND_BARE),
            requirement(
                "two roles with 'Job Title:' labels, then three bare titles, each over labelled Location / Duration lines",
                job(
                    "Mulesoft Developer",
                    location="Irving, TX",
                    duration_months=12,
                    skills=["mulesoft"],
                ),
                job(
                    "Kotlin Developer",
                    location="Remote",
                    work_mode="remote",
                    duration_months=6,
                    skills=["kotlin"],
                ),
                job("Solution Architect", location="Boston, MA", duration_months=9),
                job("Site Reliability Engineer", location="Seattle, WA", duration_months=12),
                job(
                    "Informatica Developer",
                    location="Hartford, CT",
                    duration_months=6,
                    skills=["informatica"],
                ),
            ),
        ),
        (
            "hm31_unbulleted_title_years_lines.eml",
            mail(330, "Roles in Columbus", _UNBULLETED_YEARS_LINES),
            requirement(
                "four unbulleted 'Title (N+ years)' lines in a row; place, duration and W2 shared from the sentence above",
                *(
                    job(
                        title,
                        location="Columbus, OH",
                        employment_types=["W2"],
                        duration_months=12,
                        skills=skills,
                        experience_years=years,
                    )
                    for title, years, skills in (
                        ("Mainframe Developer", 10, ["mainframe"]),
                        ("Tableau Developer", 6, ["tableau"]),
                        ("Network Engineer", 8, []),
                        ("Business Analyst", 7, []),
                    )
                ),
            ),
        ),
    ]
