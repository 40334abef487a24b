"""Skill mentions → lower-case canonical names through one alias table."""

from __future__ import annotations

import re

__all__ = ["MAX_SKILLS", "find_skills"]

MAX_SKILLS = 8

# canonical name → aliases matched case-insensitively. The canonical name itself always matches.
_ALIASES: dict[str, tuple[str, ...]] = {
    "java": ("core java", "java 8", "java 11", "java 17", "java8", "java11", "java17"),
    "java ee": ("j2ee", "jee"),
    "spring boot": ("springboot", "spring-boot"),
    "spring": ("spring framework", "spring mvc", "spring core"),
    "hibernate": ("jpa/hibernate",),
    "microservices": ("micro services", "micro-services", "microservice"),
    "rest api": ("restful", "rest apis", "restful api", "restful apis", "restful services",
                 "rest services", "restful web services", "rest web services"),
    "graphql": (),
    "kafka": ("apache kafka", "confluent kafka"),
    "javascript": ("java script", "ecmascript", "es6"),
    "typescript": (),
    "react": ("reactjs", "react.js", "react js"),  # bare "react" is a verb: case-sensitive
    "react native": (),
    "angular": ("angularjs", "angular.js", "angular js"),
    "vue": ("vue.js", "vuejs"),
    "node.js": ("nodejs", "node js", "node"),
    "html": ("html5",),
    "css": ("css3",),
    "python": ("python3", "python 3"),
    "django": (),
    "flask": (),
    "fastapi": ("fast api",),
    "pandas": (),
    "c#": ("c sharp",),
    ".net": ("dotnet", "dot net"),
    ".net core": ("dotnet core", "asp.net core"),
    "asp.net": ("asp .net", "asp.net mvc"),
    "golang": (),
    "scala": (),
    "kotlin": (),
    "ruby on rails": ("ror",),
    "php": (),
    "c++": ("cpp",),
    "aws": ("amazon web services",),
    "aws lambda": ("lambda functions",),
    "azure": ("microsoft azure", "ms azure"),
    "gcp": ("google cloud", "google cloud platform"),
    "azure data factory": ("adf",),
    "azure databricks": (),
    "databricks": (),
    "azure synapse": ("synapse analytics", "synapse"),
    "azure devops": ("ado", "vsts"),
    "spark": ("apache spark", "spark sql"),
    "pyspark": ("py spark",),
    "hadoop": ("hdfs",),
    "hive": (),
    "airflow": ("apache airflow",),
    "snowflake": (),
    "dbt": (),
    "redshift": (),
    "bigquery": ("big query",),
    "etl": ("elt",),
    "informatica": ("informatica powercenter", "iics"),
    "ssis": (),
    "sql": ("t-sql", "tsql"),
    "pl/sql": ("plsql",),
    "sql server": ("ms sql", "mssql", "ms sql server"),
    "oracle": ("oracle db",),
    "postgresql": ("postgres",),
    "mysql": (),
    "mongodb": ("mongo db", "mongo"),
    "cassandra": (),
    "redis": (),
    "dynamodb": ("dynamo db",),
    "elasticsearch": ("elastic search",),
    "docker": (),
    "kubernetes": ("k8s", "k8", "aks", "eks"),
    "openshift": (),
    "helm": (),
    "terraform": (),
    "ansible": (),
    "jenkins": (),
    "ci/cd": ("cicd", "ci cd", "ci-cd"),
    "github actions": (),
    "gitlab": ("gitlab ci",),
    "git": ("github", "bitbucket"),
    "linux": ("unix", "rhel", "red hat linux"),
    "shell scripting": ("bash", "shell script", "bash scripting", "shell"),
    "powershell": (),
    "prometheus": (),
    "grafana": (),
    "splunk": (),
    "datadog": (),
    "salesforce": ("sfdc",),
    "apex": ("apex triggers",),
    "lightning web components": ("lwc", "lightning web component"),
    "visualforce": (),
    "soql": (),
    "salesforce cpq": ("cpq",),
    "sales cloud": (),
    "service cloud": (),
    "servicenow": ("service now",),
    "workday": (),
    "sap": (),
    "tableau": (),
    "power bi": ("powerbi",),
    "excel": ("ms excel", "advanced excel"),
    "jira": (),
    "confluence": (),
    "agile": ("scrum",),
    "requirements gathering": ("requirement gathering", "requirements elicitation"),
    "user stories": ("user story",),
    "uat": ("user acceptance testing",),
    "uml": (),
    "visio": ("ms visio",),
    "selenium": ("selenium webdriver",),
    "cucumber": (),
    "cypress": (),
    "playwright": (),
    "appium": (),
    "jmeter": (),
    "postman": (),
    "junit": (),
    "machine learning": ("ml",),
    "deep learning": (),
    "tensorflow": (),
    "pytorch": (),
    "nlp": (),
    "generative ai": ("genai", "gen ai", "llm", "llms"),
    "mulesoft": ("mule",),
    "guidewire": (),
    "pega": (),
    "dynamics 365": ("d365", "ms dynamics"),
    "sharepoint": (),
    "mainframe": (),
    "cobol": (),
    "ios": (),
    "android": (),
    "flutter": (),
    "okta": (),
    "sailpoint": (),
    "active directory": (),
    "vmware": (),
    "maven": (),
}  # fmt: skip

# Upper-case acronyms and words that are ordinary English in lower case: matched only as written.
_CASE_SENSITIVE: dict[str, str] = {
    "REST": "rest api", "ADF": "azure data factory", "ADO": "azure devops",
    "ML": "machine learning", "SAP": "sap", "UAT": "uat", "LWC": "lightning web components",
    "CPQ": "salesforce cpq",
    "Spring": "spring", "Hive": "hive", "Excel": "excel", "Lambda": "aws lambda",
    "Node": "node.js", "Shell": "shell scripting", "Mule": "mulesoft",
    "Oracle": "oracle", "S3": "aws", "EC2": "aws", "Git": "git", "Scrum": "agile",
    "React": "react", "REACT": "react", "Swift": "swift",
}  # fmt: skip
# Generic words in the insensitive table that need the case-sensitive variant instead.
_INSENSITIVE_EXCLUDED = {
    "spring",
    "hive",
    "excel",
    "node",
    "shell",
    "mule",
    "ml",
    "ado",
    "sap",
    "react",
}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_INSENSITIVE_MAP: dict[str, str] = {}
for _canonical, _aliases in _ALIASES.items():
    for _alias in (_canonical, *_aliases):
        if _alias not in _INSENSITIVE_EXCLUDED:
            _INSENSITIVE_MAP[_alias] = _canonical
# A skill token is not glued to letters/digits, nor to "+", "#" or a dotted suffix (".js").
_EDGE_LEFT = r"(?<![\w+#.])"
_EDGE_RIGHT = r"(?![\w+#]|\.\w)"
_INSENSITIVE = re.compile(
    _EDGE_LEFT + "(" + _alternation(list(_INSENSITIVE_MAP)) + ")" + _EDGE_RIGHT, re.IGNORECASE
)
_SENSITIVE = re.compile(_EDGE_LEFT + "(" + _alternation(list(_CASE_SENSITIVE)) + ")" + _EDGE_RIGHT)
_SPACES = re.compile(r"\s+")


def find_skills(*texts: str, limit: int = MAX_SKILLS) -> list[str]:
    """Canonical skills in order of first mention; earlier texts (e.g. a skills line) rank first."""
    found: list[str] = []
    for text in texts:
        hits: list[tuple[int, str]] = []
        covered: set[int] = set()
        for match in _INSENSITIVE.finditer(text):
            alias = _SPACES.sub(" ", match.group(1).lower())
            hits.append((match.start(), _INSENSITIVE_MAP.get(alias, alias)))
            covered.update(range(match.start(), match.end()))
        # "Spring" inside "Spring Boot": the longer, insensitive match wins.
        hits.extend(
            (m.start(), _CASE_SENSITIVE[m.group(1)])
            for m in _SENSITIVE.finditer(text)
            if m.start() not in covered
        )
        for _, canonical in sorted(hits):
            if canonical not in found:
                found.append(canonical)
                if len(found) == limit:
                    return found
    return found
