"""Multi-role shapes rules 1.13.0 read (issue 13, multi2 helper): "Title - Java, Spring Boot,
Kafka" lines, bare title lines over prose paragraphs, a table keyed by a skill column, and two
roles asked for in one sentence; and the single jobs that must stay one job. Each mail here is
written for the test, not one of the corpus cases (handwritten/multi_role_shape_cases.py)."""

from __future__ import annotations

from schemas.contracts.models import Category
from services.parser.rules import Extraction
from tests.services.parser.rules.plain_mail import extract_plain as _extract


def _rows(result: Extraction) -> list[tuple[str, str | None, list[str]]]:
    assert result.category == Category.REQUIREMENT
    return [(j.title, j.location, j.skills) for j in result.jobs]


def test_title_dash_skills_lines_are_one_role_each() -> None:
    body = (
        "Hi,\n\nOpenings with our client in Tampa, FL, 12 months. Please share resumes.\n\n"
        "Golang Developer - Go, Docker, Kubernetes\n"
        "Android Developer - Kotlin, Java\n"
        "Data Scientist - Python, TensorFlow, SQL\n\n"
        "Thanks\n"
    )
    assert _rows(_extract("Openings - Tampa", body)) == [
        ("Golang Developer", "Tampa, FL", ["golang", "docker", "kubernetes"]),
        ("Android Developer", "Tampa, FL", ["android", "kotlin", "java"]),
        ("Data Scientist", "Tampa, FL", ["python", "tensorflow", "sql"]),
    ]


def test_title_dash_one_word_is_no_skills_list() -> None:
    body = (
        "Hi,\n\nWe need a Golang Developer - Go for our client in Tampa, FL, 12 months.\n"
        "Please share resumes.\n"
    )
    assert [j.title for j in _extract("Golang Developer", body).jobs] == ["Golang Developer"]


def test_bare_titles_over_prose_paragraphs_are_one_role_each() -> None:
    body = (
        "Hello,\n\nTwo roles below.\n\n"
        "Golang Developer\n\n"
        "Build payment services in Go for a fintech client in Tampa, FL. 7+ years of"
        " experience, 12 months contract at $70/hr.\n\n"
        "Android Developer\n\n"
        "Ship the client's Kotlin app from Miami, FL. 5+ years of experience, 6 months"
        " contract at $60/hr.\n\n"
        "Please reply with resumes.\n"
    )
    result = _extract("Roles", body)
    assert [(j.title, j.location, j.duration_months, j.experience_years) for j in result.jobs] == [
        ("Golang Developer", "Tampa, FL", 12, 7),
        ("Android Developer", "Miami, FL", 6, 5),
    ]


def test_a_title_over_its_description_and_a_signature_is_one_job() -> None:
    body = (
        "Golang Developer\n\n"
        "Build payment services in Go for a fintech client in Tampa, FL. 7+ years of"
        " experience, 12 months contract at $70/hr. Please share resumes.\n"
    )
    assert [j.title for j in _extract("Golang Developer", body).jobs] == ["Golang Developer"]


def test_table_keyed_by_skill_is_one_role_per_row() -> None:
    body = (
        "Hi,\n\nNeeds this week:\n\n"
        "Skill | Location | Rate | Duration\n"
        "Golang | Tampa, FL | $70/hr | 12 months\n"
        "Kotlin Android | Miami, FL | $60/hr | 6 months\n\n"
        "Thanks\n"
    )
    result = _extract("Needs", body)
    assert [(j.title, j.location, j.duration_months) for j in result.jobs] == [
        ("Golang", "Tampa, FL", 12),
        ("Kotlin Android", "Miami, FL", 6),
    ]


def test_two_roles_in_one_sentence_are_two_jobs() -> None:
    body = (
        "Hi,\n\nOur client is looking for a Golang Developer in Tampa, FL with Docker, and an"
        " Android Developer in Miami, FL with Kotlin. Both are 6 month contracts. Please share"
        " resumes.\n"
    )
    assert _rows(_extract("Golang and Android", body)) == [
        ("Golang Developer", "Tampa, FL", ["golang", "docker"]),
        ("Android Developer", "Miami, FL", ["android", "kotlin"]),
    ]


def test_a_role_working_with_others_is_one_job() -> None:
    body = (
        "Hi,\n\nWe need a Golang Developer in Tampa, FL for 12 months. You will work with a"
        " Product Owner and a Scrum Master. Please share resumes.\n"
    )
    assert [j.title for j in _extract("Golang Developer", body).jobs] == ["Golang Developer"]
