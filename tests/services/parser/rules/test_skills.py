"""Skill aliases resolve to one lower-case canonical name, from the curated list and from O*NET's
product names; the shipped table is what the build script makes of the shipped sources."""

from __future__ import annotations

import pytest

from services.parser.rules import skills
from services.parser.rules.data import build_skill_aliases as build
from services.parser.rules.skills import MAX_SKILLS, find_skills, named_skills


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("k8s", "kubernetes"),
        ("ReactJS", "react"),
        ("React.js", "react"),
        ("MS SQL", "sql server"),
        ("MSSQL", "sql server"),
        ("Microsoft SQL Server", "sql server"),  # O*NET's name, the curated canonical
        ("Apache Kafka", "kafka"),
        ("Atlassian JIRA", "jira"),
        ("Amazon Redshift", "redshift"),
        ("Hypertext markup language HTML", "html"),  # O*NET's long form with its acronym
        ("Transact-SQL", "sql"),
        ("Apache Solr", "solr"),  # skills the hand-kept list never had
        ("Solr", "solr"),
        ("IBM Informix", "informix"),
        ("MariaDB", "mariadb"),
        ("Apache Tomcat", "tomcat"),
        ("Nagios", "nagios"),
        ("HashiCorp Vagrant", "vagrant"),
        ("NoSQL", "nosql"),
    ],
)
def test_alias_resolves_to_its_canonical_skill(text: str, canonical: str) -> None:
    assert find_skills(f"Must have: {text} experience") == [canonical]


@pytest.mark.parametrize(
    "text",
    [
        "Location: Jersey City, NJ",  # O*NET's "Eclipse Jersey" is left out
        "Please complete the project by Friday",  # "Microsoft Project" is ms project, not "project"
        "Access to the building is badge only",
        "Post on Facebook and LinkedIn",
        "Reports to the Director of Engineering",
        "ADA accommodations are available",
    ],
)
def test_ordinary_words_of_the_taxonomy_are_not_skills(text: str) -> None:
    assert find_skills(text) == []


def test_first_mention_first_and_at_most_eight() -> None:
    text = "Solr, k8s, ReactJS, Tomcat, MS SQL, Kafka, Nagios, MariaDB, Vagrant, Informix"
    assert find_skills(text) == [
        "solr", "kubernetes", "react", "tomcat", "sql server", "kafka", "nagios", "mariadb",
    ][:MAX_SKILLS]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Solr, k8s, ReactJS, Tomcat, MS SQL, Kafka, Nagios, MariaDB, Vagrant, Informix",
        "SAP FICO", "Go", "Go live", "Palo Alto, CA", "Spring Boot", "", "no skills here",
    ],
)  # fmt: skip
def test_named_skills_are_find_skills_first_eight(text: str) -> None:
    assert named_skills(text) == frozenset(find_skills(text))
    assert named_skills(text) is named_skills(text)  # remembered


def test_the_shipped_table_is_the_build_of_the_shipped_sources() -> None:
    shipped = build.OUTPUT.read_text(encoding="utf-8")
    lines = [line for line in shipped.splitlines() if not line.startswith("#")]
    assert dict(line.split("\t") for line in lines) == build.build()


def test_every_canonical_name_is_lower_case() -> None:
    assert all(c == c.lower() for c in skills._INSENSITIVE_MAP.values())


def test_curated_aliases_win_over_onet() -> None:
    curated = build.curated_aliases("kubernetes: k8s; sql server: ms sql")
    rows = [{"example": "Microsoft SQL Server"}, {"example": "Cascading style sheets CSS"}]
    assert build.onet_aliases(rows, curated) == {
        "microsoft sql server": "sql server",
        "cascading style sheets css": "css",
        "css": "css",
    }


def test_onet_categories_are_not_skills() -> None:
    assert build.onet_aliases([{"example": "Database testing software"}], {}) == {}
