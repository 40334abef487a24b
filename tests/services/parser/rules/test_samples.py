"""The bundled sample mailbox against its labels: is_job exactly, fields at >= 90 %.

Run with ``-s`` to see the per-field accuracy report.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime
from email import policy
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest

from services.parser.decoding import decode_email
from services.parser.evaluate import FIELDS, SKILLS_JACCARD
from services.parser.rules import Extraction, extract

MAILBOX = Path(__file__).resolve().parents[4] / "samples" / "mailbox"
LABELS: dict[str, dict[str, Any]] = json.loads((MAILBOX / "labels.json").read_text("utf-8"))
ROLE_KEYWORDS = re.compile(
    r"Java Developer|Data Engineer|DevOps Engineer|Python Developer|Salesforce Developer"
    r"|Business Analyst",
    re.IGNORECASE,
)
FAKE_DOMAIN = re.compile(r"(?:^|\.)(?:example\.(?:com|net|org)|[\w-]+\.test)$")


def _norm(value: Any) -> Any:
    return " ".join(value.casefold().split()) if isinstance(value, str) else value


def field_correct(name: str, expected: Any, got: Any) -> bool:
    if name in ("employment_types", "visa"):
        return set(expected) == set(got)
    if name == "skills":
        want, have = set(expected), set(got)
        if not want and not have:
            return True
        return len(want & have) / len(want | have) >= SKILLS_JACCARD
    return bool(_norm(expected) == _norm(got))


def run_mailbox() -> dict[str, Extraction]:
    return {name: extract(decode_email((MAILBOX / name).read_bytes())) for name in sorted(LABELS)}


@pytest.fixture(scope="module")
def results() -> dict[str, Extraction]:
    return run_mailbox()


def field_scores(results: dict[str, Extraction]) -> tuple[Counter[str], Counter[str], list[str]]:
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses: list[str] = []
    for name, label in LABELS.items():
        got = [job.model_dump(mode="json") for job in results[name].jobs]
        total["job_count"] += 1
        right["job_count"] += len(got) == len(label["jobs"])
        for index, expected in enumerate(label["jobs"]):
            actual = got[index] if index < len(got) else {}
            for field in FIELDS:
                total[field] += 1
                if field_correct(field, expected[field], actual.get(field)):
                    right[field] += 1
                else:
                    want, have = expected[field], actual.get(field)
                    misses.append(f"{name}#{index} {field}: want {want!r}, got {have!r}")
    return right, total, misses


def test_mailbox_shape() -> None:
    files = sorted(p.name for p in MAILBOX.glob("*.eml"))
    assert len(files) >= 24
    assert files == sorted(LABELS)
    categories = Counter(label["category"] for label in LABELS.values())
    assert categories["requirement"] >= 12
    assert sum(categories.values()) - categories["requirement"] >= 10
    for label in LABELS.values():
        assert label["is_job"] == (label["category"] == "requirement")
        assert bool(label["jobs"]) == label["is_job"]
        for job in label["jobs"]:
            assert set(job) == set(FIELDS)


@pytest.mark.parametrize("name", sorted(LABELS))
def test_sample_headers_are_realistic(name: str) -> None:
    message = BytesParser(policy=policy.default).parsebytes((MAILBOX / name).read_bytes())
    assert message["Message-ID"] and message["Subject"]
    assert parseaddr(str(message["To"]))[1] == "recruiter@demo.example.test"
    date = parsedate_to_datetime(str(message["Date"]))
    assert (date.year, date.month) == (2026, 11) and isinstance(date, datetime)
    domain = parseaddr(str(message["From"]))[1].rsplit("@", 1)[-1]
    assert FAKE_DOMAIN.search(domain), domain


def test_subjects_mix_keyword_and_plain() -> None:
    subjects = [decode_email((MAILBOX / name).read_bytes()).subject for name in LABELS]
    matching = [s for s in subjects if ROLE_KEYWORDS.search(s)]
    assert len(subjects) - len(matching) >= 2  # some mail a keyword filter would never fetch
    lookalikes = [
        s
        for name, s in zip(LABELS, subjects, strict=True)
        if not LABELS[name]["is_job"] and ROLE_KEYWORDS.search(s)
    ]
    assert len(lookalikes) >= 8  # look-alikes pass the same subject filter as jobs


def test_is_job_exact_for_every_sample(results: dict[str, Extraction]) -> None:
    wrong = {
        n: results[n].is_job for n, label in LABELS.items() if results[n].is_job != label["is_job"]
    }
    predicted = sum(r.is_job for r in results.values())
    actual = sum(label["is_job"] for label in LABELS.values())
    hits = sum(results[n].is_job and label["is_job"] for n, label in LABELS.items())
    print(f"\nis_job precision {hits / max(predicted, 1):.3f} recall {hits / max(actual, 1):.3f}")
    assert wrong == {}


def test_categories(results: dict[str, Extraction]) -> None:
    wrong = {
        name: (results[name].category.value, label["category"])
        for name, label in LABELS.items()
        if results[name].category.value != label["category"]
    }
    accuracy = 1 - len(wrong) / len(LABELS)
    print(f"\ncategory accuracy {accuracy:.3f} {wrong or ''}")
    assert accuracy >= 0.9, wrong


def test_field_accuracy(results: dict[str, Extraction]) -> None:
    right, total, misses = field_scores(results)
    report = "\n".join(
        f"  {f:<17} {right[f]:>3}/{total[f]:<3} {right[f] / total[f]:.3f}" for f in total
    )
    overall = sum(right[f] for f in FIELDS) / sum(total[f] for f in FIELDS)
    print(f"\nper-field accuracy (overall {overall:.3f}):\n{report}")
    for miss in misses:
        print("  miss:", miss)
    assert right["job_count"] == total["job_count"], misses
    assert overall >= 0.9, misses
    assert all(right[f] / total[f] >= 0.8 for f in FIELDS), report


def test_confidence_ranks_right_answers_higher(results: dict[str, Extraction]) -> None:
    for result in results.values():
        assert 0.0 <= result.confidence <= 1.0
    requirement_confidence = [r.confidence for r in results.values() if r.is_job]
    assert min(requirement_confidence) >= 0.6
