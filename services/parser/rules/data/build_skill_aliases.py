"""Build ``skill_aliases.tsv`` (alias → canonical lower-case skill) from the shipped sources.

Sources, both in this folder (README.md gives origin, version and licence):
- ``curated_aliases.txt``: the project's own canonical names and the aliases recruiters write
  ("k8s", "ReactJS", "MS SQL"). It wins wherever it names an alias.
- ``onet_technology_skills_it.tsv``: the IT-staffing subset of O*NET's Technology Skills
  (product names such as "Microsoft SQL Server", "Apache Solr", "Cascading style sheets CSS").
  Each O*NET name is reduced to the form mail uses: vendor prefix and " software" dropped,
  a trailing acronym taken ("… CSS" → css); a reduced form the curated file knows maps to its
  canonical, any other becomes a canonical of its own.

Refresh: ``python -m services.parser.rules.data.build_skill_aliases [--onet "Technology
Skills.txt"]``; with ``--onet`` the subset is first re-cut from a full O*NET release.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
CURATED = HERE / "curated_aliases.txt"
ONET_SUBSET = HERE / "onet_technology_skills_it.tsv"
OUTPUT = HERE / "skill_aliases.tsv"

# The subset: computer occupations (15-12xx), mathematical science / data (15-20xx) and IT
# managers (11-3021); of their examples, the "hot technologies" and those named by two or more.
_IT_OCCUPATIONS = ("15-12", "15-20", "11-3021")
_MIN_OCCUPATIONS = 2

_VENDORS = (
    "Amazon Web Services AWS", "Amazon Web Services", "Amazon", "Microsoft", "Oracle", "Apache",
    "IBM", "Atlassian", "Google", "Apple", "Adobe", "Cisco Systems", "Cisco", "SAP", "HashiCorp",
    "Hewlett Packard", "Hewlett-Packard", "HP", "JetBrains", "Red Hat", "VMware", "Eclipse",
    "Embarcadero", "Informatica Corporation", "Teradata", "Micro Focus", "BMC Software",
    "Computer Associates", "CA", "Salesforce.com", "Salesforce", "Elastic", "Cloudera",
    "Dassault Systemes", "Autodesk", "Quest", "Juniper Networks", "Sun Microsystems", "Meta",
    "Facebook", "Mozilla", "Splunk", "Tableau", "ServiceNow", "Workday", "Talend", "Pivotal",
)  # fmt: skip
_VENDOR = re.compile(r"^(?:" + "|".join(map(re.escape, _VENDORS)) + r")\s+(?=\S)")
_SOFTWARE = re.compile(r"\s+(?:software|systems?|operating systems?|programming language)$", re.I)
_ACRONYM = re.compile(r"\s([A-Z][A-Z0-9/&.+-]{1,9})$")
# O*NET names that are desk tools, social sites or generic words, not skills a requirement asks
# for, or that are ordinary words in mail ("Go", "Chef", "Blink"): left out. Lower case.
_LEFT_OUT = {
    "c", "j", "r", "go", "m", "forth", "eiffel", "blink", "loom", "eko", "canu", "chef", "bash",
    "facebook", "linkedin", "dropbox", "evernote", "facetime", "groupme", "flipgrid", "kapwing",
    "slack", "basecamp", "airtable", "jamboard", "mcafee", "word", "outlook", "powerpoint",
    "publisher", "onenote", "docs", "drive", "gmail", "meet", "sheets", "sites", "slides",
    "keynote", "safari", "frontpage", "internet explorer", "office", "lexisnexis", "notes",
    "honeypot", "delphi technology", "ethereal", "gotomeeting", "gotowebinar", "webex", "teams",
    "ads", "analytics", "middleware", "workspace", "cloud", "dynamics gp", "3m post-it app",
    "ado", "ui", "ux", "dns", "lan", "dos", "mis", "com", "ide", "gui", "spss", "ml", "amos",
    "api", "asp", "pig", "flex", "ant", "icon", "sam", "san", "wan", "bind", "scheme", "basic",
    "central", "zoom", "domino", "reports", "designer", "enterprise", "architect", "exchange",
    "access", "project", "windows", "software", "travis", "skype", "youtube", "moodle",
    "nearpod", "parentsquare", "wevideo", "screencastify", "screencast-o-matic", "cocoa",
    "spice", "sax", "rodin", "gauss", "oberon", "modula", "ids", "ips", "moss", "xde", "cms",
    "mvc", "erp", "crm", "business intelligence", "application server", "power systems",
    "software development tools", "software libraries", "operating system shells",
    "command interpreters", "social media sites", "database", "teradata database", "rust",
    "dart", "swift", "data pipeline", "open studio", "data fabric", "net manager", "ibm notes",
    "log analyzer", "change manager", "enterprise manager", "replication server", "apex",
    "dynamics", "smugmug flickr", "firefox", "libreoffice", "photoshop", "illustrator",
    "indesign", "acrobat", "distiller", "dreamweaver", "after effects", "final cut pro",
    "creative cloud", "google docs", "google drive", "google gmail", "google meet",
    "google sheets", "google sites", "google slides", "google ads", "apple keynote",
    "apple safari", "microsoft word", "microsoft outlook", "microsoft powerpoint",
    "microsoft publisher", "microsoft onenote", "microsoft teams", "microsoft frontpage",
    "microsoft internet explorer", "microsoft office software", "google workspace software",
    "logmein gotomeeting", "logmein gotowebinar", "cisco webex", "jersey", "cpl", "unix shell",
    "ada", "abl", "nips", "cgi",
}  # fmt: skip
# Reduced O*NET forms the rules above cannot tie to a curated canonical.
_SAME_AS = {
    "microservices architecture": "microservices", "jenkins ci": "jenkins",
    "hibernate orm": "hibernate", "ansible": "ansible", "terraform": "terraform",
    "azure devops services": "azure devops", "power bi": "power bi", "z/os": "mainframe",
    "websphere mq": "ibm mq", "db2": "db2", "infosphere datastage": "datastage",
    "powercenter": "informatica", "jira": "jira", "microsoft azure": "azure",
    "azure": "azure", "angular": "angular", "android": "android", "ios": "ios",
    "qradar siem": "qradar", "loadrunner": "loadrunner", "peoplesoft": "peoplesoft",
    "jd edwards enterpriseone": "jd edwards", "e-business suite": "oracle ebs",
    "fusion applications": "oracle fusion", "sql server": "sql server",
    "sharepoint": "sharepoint", "visio": "visio", "project": "ms project",
    "business objects": "business objects", "visual basic for applications vba": "vba",
    "visual basic": "visual basic", "transact-sql": "sql", "google cloud software": "gcp",
    "ec2": "aws", "s3": "aws", ".net framework": ".net",
    "asp.net core mvc": ".net core", "web services aws": "aws", "kafka": "kafka",
}  # fmt: skip


def cut_onet_subset(full: Path, out: Path = ONET_SUBSET) -> int:
    """The IT-staffing rows of a full O*NET ``Technology Skills.txt``, one per example."""
    with full.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file, delimiter="\t"))
    it_rows = [r for r in rows if r["O*NET-SOC Code"].startswith(_IT_OCCUPATIONS)]
    occupations = Counter(r["Example"] for r in it_rows)
    hot = {r["Example"] for r in rows if r["Hot Technology"] == "Y"}
    kept: dict[str, dict[str, str]] = {}
    for row in it_rows:
        name = row["Example"]
        if name not in kept and (name in hot or occupations[name] >= _MIN_OCCUPATIONS):
            kept[name] = row
    with out.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter="\t", lineterminator="\n")
        writer.writerow(["example", "commodity_title", "hot_technology", "it_occupations"])
        for name in sorted(kept, key=str.casefold):
            row = kept[name]
            hot_flag = "Y" if name in hot else "N"
            writer.writerow([name, row["Commodity Title"], hot_flag, occupations[name]])
    return len(kept)


def curated_aliases(text: str) -> dict[str, str]:
    """alias → canonical from the curated file's "canonical: alias, alias; …" entries."""
    table: dict[str, str] = {}
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    for entry in (e for line in lines for e in line.split(";") if e.strip()):
        canonical, _, aliases = entry.partition(":")
        canonical = canonical.strip()
        for alias in (canonical, *(a.strip() for a in aliases.split(","))):
            if alias:
                table.setdefault(alias, canonical)
    return table


def reduced_forms(name: str) -> list[str]:
    """The forms mail writes an O*NET name in, most specific first, lower case."""
    forms = [name]
    stripped = _SOFTWARE.sub("", _VENDOR.sub("", name))
    forms.append(stripped)
    acronym = _ACRONYM.search(stripped)
    if acronym and len(stripped.split()) >= 3:  # "Cascading style sheets CSS", not "IBM AIX"
        forms.append(acronym.group(1))
    return list(dict.fromkeys(f.strip().lower() for f in forms if f.strip()))


def _generic(name: str) -> bool:
    """A category rather than a product: "Database testing software", "Antivirus software"."""
    words = name.split()
    lower_tail = len(words) > 1 and all(w.islower() for w in words[1:])
    return lower_tail and _SOFTWARE.search(name) is not None


def onet_aliases(rows: list[dict[str, str]], curated: dict[str, str]) -> dict[str, str]:
    known = {alias.lower(): canonical for alias, canonical in curated.items()}
    table: dict[str, str] = {}
    for row in rows:
        name = row["example"]
        forms = reduced_forms(name)
        if _generic(name):
            continue
        vendor = _VENDOR.match(name)
        if vendor and vendor.group().strip().lower() in known:
            forms = forms[1:] or forms  # "Oracle PL/SQL" is two skills: oracle, pl/sql
        mapped = [known.get(f) or _SAME_AS.get(f) for f in forms]
        canonical = next((c for c in reversed(mapped) if c), None) or forms[-1]
        if canonical in _LEFT_OUT or forms[-1] in _LEFT_OUT or len(canonical) < 3:
            continue  # a left-out short form also leaves out its long one
        for form in forms:
            if len(form) >= 3 and form not in known and form not in _LEFT_OUT:
                table.setdefault(form, canonical)
    return table


def build() -> dict[str, str]:
    curated = curated_aliases(CURATED.read_text(encoding="utf-8"))
    with ONET_SUBSET.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file, delimiter="\t"))
    return {**onet_aliases(rows, curated), **curated}


def write(table: dict[str, str], out: Path = OUTPUT) -> None:
    lines = [
        "# generated by build_skill_aliases.py from curated_aliases.txt and O*NET: do not edit"
    ]
    lines += [f"{alias}\t{table[alias]}" for alias in sorted(table)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onet", type=Path, help="a full O*NET Technology Skills.txt to re-cut")
    args = parser.parse_args()
    if args.onet is not None:
        print(f"{cut_onet_subset(args.onet)} O*NET examples kept")  # noqa: T201
    table = build()
    write(table)
    print(f"{len(table)} aliases, {len(set(table.values()))} skills → {OUTPUT.name}")  # noqa: T201


if __name__ == "__main__":
    main()
