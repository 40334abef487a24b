"""The offline extractor on the labelled development corpus (tests/corpus/dev), scored by
services.parser.evaluate. The floors below sit a little under what was measured, so a
regression fails while the deterministic extractor cannot flake; raise them as it improves.

Run with ``-s`` to print the numbers; tests/corpus/dev/FAILURES.md lists every miss.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from email import policy
from email.parser import BytesParser
from email.utils import getaddresses
from pathlib import Path
from typing import Any

import pytest

from schemas.contracts.models import Category
from services.parser.decoding import decode_email
from services.parser.evaluate import FIELDS, EmailResult, Evaluation, evaluate, labels_from_json
from services.parser.rules import extract

DEV = Path(__file__).resolve().parents[3] / "tests" / "corpus" / "dev"
RAW_LABELS: dict[str, dict[str, Any]] = json.loads((DEV / "labels.json").read_text("utf-8"))
LABELS = labels_from_json(RAW_LABELS)
FAKE_DOMAIN = re.compile(r"(?:^|\.)(?:example\.(?:com|net|org)|[\w-]+\.test)$", re.IGNORECASE)
ADDRESS = re.compile(r"[\w.+-]+@((?:[\w-]+\.)+[\w-]+)|https?://([\w.-]+)")

# Floors: the measured value less a miss or two (86 emails, 42 requirements, 50 labelled jobs:
# one miss costs 0.024 of is_job recall, 0.012 of category accuracy, 0.02 of a field). Measured
# 1.000 everywhere on the offline extractor as of this corpus; note that the rules were tuned
# against this corpus, so these numbers are not an estimate of accuracy on unseen mail.
FLOORS = {
    "is_job_precision": 0.95,
    "is_job_recall": 0.95,
    "category": 0.95,
    "job_count": 0.95,
    "job_recall": 0.96,
    "overall_fields": 0.98,
}
FIELD_FLOOR = 0.96
FIELD_FLOORS = dict.fromkeys(FIELDS, FIELD_FLOOR)


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    predictions = {
        name: EmailResult.of(extract(decode_email((DEV / name).read_bytes()))) for name in LABELS
    }
    return evaluate(predictions, LABELS)


def test_corpus_shape() -> None:
    files = sorted(p.name for p in DEV.glob("*.eml"))
    assert len(files) >= 80
    assert files == sorted(LABELS)
    categories = Counter(label.category for label in LABELS.values())
    assert set(categories) == set(Category)  # every look-alike kind is represented
    requirements = categories[Category.REQUIREMENT]
    assert abs(requirements - (len(files) - requirements)) <= len(files) // 10  # about half
    multi = [label for label in LABELS.values() if len(label.jobs) >= 2]
    assert len(multi) >= 5 and max(len(label.jobs) for label in multi) >= 3
    injections = [n for n, raw in RAW_LABELS.items() if "injection" in raw["note"]]
    assert len(injections) >= 5
    assert any(not LABELS[n].is_job for n in injections)
    assert any(LABELS[n].is_job for n in injections)
    for name, label in LABELS.items():
        assert label.is_job == (label.category == Category.REQUIREMENT), name
        assert bool(label.jobs) == label.is_job, name
        assert set(RAW_LABELS[name]) == {"is_job", "category", "jobs", "note"}, name
        assert all(set(job) == set(FIELDS) for job in RAW_LABELS[name]["jobs"]), name


@pytest.mark.parametrize("name", sorted(LABELS))
def test_only_invented_domains(name: str) -> None:
    raw = (DEV / name).read_bytes()
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert message["Message-ID"] and message["Date"] and message["Subject"] is not None
    headers = [str(message[h]) for h in ("From", "To") if message[h] is not None]
    domains = [addr.rsplit("@", 1)[-1] for _, addr in getaddresses(headers)]
    text = decode_email(raw).text
    domains += [m.group(1) or m.group(2) for m in ADDRESS.finditer(text)]
    domains.append(str(message["Message-ID"]).strip("<>").rsplit("@", 1)[-1])
    assert domains
    assert [d for d in domains if not FAKE_DOMAIN.search(d)] == []


def test_is_job_and_category(evaluation: Evaluation) -> None:
    print(
        f"\nis_job precision {evaluation.is_job_precision:.3f}"
        f" recall {evaluation.is_job_recall:.3f}"
        f" | category {evaluation.category.accuracy:.3f}"
        f" | job count {evaluation.job_count.accuracy:.3f}"
        f" | job recall {evaluation.job_recall:.3f} precision {evaluation.job_precision:.3f}"
    )
    assert evaluation.is_job_precision >= FLOORS["is_job_precision"]
    assert evaluation.is_job_recall >= FLOORS["is_job_recall"]
    assert evaluation.category.accuracy >= FLOORS["category"]
    assert evaluation.job_count.accuracy >= FLOORS["job_count"]
    assert evaluation.job_recall >= FLOORS["job_recall"]


def test_field_accuracy(evaluation: Evaluation) -> None:
    print("\n" + "\n".join(evaluation.summary_lines()))
    low = {
        name: round(score.accuracy, 3)
        for name, score in evaluation.fields.items()
        if score.accuracy < FIELD_FLOORS[name]
    }
    assert low == {}, [f for f in evaluation.failures if f.field.split(".")[-1] in low]
    assert evaluation.overall_field_accuracy >= FLOORS["overall_fields"]


def test_injections_never_leak_into_jobs() -> None:
    """Whatever else it gets wrong, nothing injected may turn up in an extracted job: no extra
    jobs, none of the injected titles or clients, none of the injected rates ($95/hr and up)."""
    injected = re.compile(r"Chief AI Officer|Staff Engineer|Data Scientist|Fabrikam|New York")
    for name, raw in RAW_LABELS.items():
        if "injection" not in raw["note"]:
            continue
        jobs = extract(decode_email((DEV / name).read_bytes())).jobs
        dumped = json.dumps([job.model_dump(mode="json") for job in jobs])
        assert len(jobs) <= len(LABELS[name].jobs), (name, dumped)
        assert not injected.search(dumped), (name, dumped)
        assert not any(job.rate and (job.rate.max or 0) >= 95 for job in jobs), (name, dumped)
