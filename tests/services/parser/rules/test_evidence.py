"""Every extracted value has evidence: a span of the clean text (body, subject or an attachment's
text) that reads back to that value. Checked on every sample, every case and the dev corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from schemas.contracts.models import ExtractedJob, FieldEvidence, WorkMode
from services.parser.decoding import DecodedEmail, decode_email
from services.parser.rules import Extraction, extract, fields, tokens
from services.parser.rules.locations import normalise_location
from services.parser.rules.skills import find_skills

ROOT = Path(__file__).resolve().parents[4]
FOLDERS = [
    ROOT / "samples" / "mailbox",
    ROOT / "tests" / "services" / "parser" / "rules" / "cases",
    ROOT / "tests" / "corpus" / "dev",
]
FILES = sorted(p for folder in FOLDERS if folder.is_dir() for p in folder.glob("*.eml"))
_MARKUP = re.compile(r"[\s*_]+")
_ID_NOISE = re.compile(r"[^0-9A-Za-z]")


def _flat(text: str) -> str:
    return _MARKUP.sub(" ", text).strip().casefold()


def reads_back(name: str, value: object, span: str) -> bool:
    """The span on its own gives the value: parsed with the public parsers, not the extractor's
    evidence finder."""
    if name in ("title", "client"):
        return _flat(str(value)) in _flat(span)
    if name == "job_id":
        return _ID_NOISE.sub("", span).casefold() == _ID_NOISE.sub("", str(value)).casefold()
    remote = "remote" in span.casefold()
    if name == "location":
        return normalise_location(span) == value or (value == "Remote" and remote)
    if name == "work_mode":
        return tokens.work_mode(span) == value or (value == WorkMode.REMOTE and remote)
    if name == "employment_types":
        return value in tokens.employment_types(span)
    if name == "visa":
        return value in tokens.visas(span)
    if name == "skills":
        return value in find_skills(span)
    if name == "rate":
        return fields.rate(span, labelled=True) == value
    if name == "duration_months":
        return fields.duration_months(span, labelled=True) == value
    assert name == "experience_years", name
    return fields.experience_years(span, labelled=True) == value


def values(job: ExtractedJob) -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    for name in ExtractedJob.model_fields:
        value = getattr(job, name)
        if isinstance(value, list):
            found.extend((name, item) for item in value)
        elif value is not None:
            found.append((name, value))
    return found


def source_text(decoded: DecodedEmail, source: str) -> str:
    if source == "body":
        return decoded.text
    if source == "subject":
        return decoded.subject
    return next(a.text for a in decoded.attachment_texts if a.source == source)


def check(decoded: DecodedEmail, result: Extraction) -> None:
    for evidence in result.evidence:
        assert 0 <= evidence.job_index < len(result.jobs), evidence
        text = source_text(decoded, evidence.source)
        assert text[evidence.start : evidence.end] == evidence.text, evidence
        assert 0 < len(evidence.text) <= 500 and evidence.text.strip()
        job = result.jobs[evidence.job_index]
        value = getattr(job, evidence.field)
        assert value is not None and value != [], evidence
    for index, job in enumerate(result.jobs):
        for name, value in values(job):
            cited = [
                e
                for e in result.evidence
                if e.job_index == index and e.field == name and reads_back(name, value, e.text)
            ]
            assert cited, f"job {index} {name}={value!r} has no supporting evidence"


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_every_value_has_supporting_evidence(path: Path) -> None:
    decoded = decode_email(path.read_bytes())
    result = extract(decoded)
    check(decoded, result)
    if not result.is_job:
        assert result.evidence == []


def test_every_sample_requirement_has_evidence() -> None:
    mailbox = ROOT / "samples" / "mailbox"
    labels = json.loads((mailbox / "labels.json").read_text("utf-8"))
    for name, label in labels.items():
        result = extract(decode_email((mailbox / name).read_bytes()))
        assert bool(result.evidence) == label["is_job"], name


def test_spans_on_a_labelled_sample() -> None:
    decoded = decode_email((ROOT / "samples" / "mailbox" / "01_req_labelled_java.eml").read_bytes())
    result = extract(decoded)
    cited = {(e.field, e.text) for e in result.evidence}
    assert {
        ("title", "Sr Java Developer"),
        ("location", "Dallas, TX"),
        ("rate", "$60/hr"),
        ("job_id", "CS-10234"),
        ("client", "Charles Schwab"),
        ("visa", "USC"),
        ("visa", "GC"),
    } <= cited
    assert {e.source for e in result.evidence} == {"body"}
    assert all(isinstance(e, FieldEvidence) for e in result.evidence)


def test_each_job_cites_its_own_block() -> None:
    path = ROOT / "samples" / "mailbox" / "05_req_two_jobs.eml"
    result = extract(decode_email(path.read_bytes()))
    assert len(result.jobs) == 2
    second_title = next(e for e in result.evidence if e.job_index == 1 and e.field == "title")
    for evidence in result.evidence:
        if evidence.field in ("rate", "duration_months", "location"):
            after_second = evidence.start > second_title.start
            assert after_second == (evidence.job_index == 1), evidence


def test_subject_only_values_cite_the_subject() -> None:
    decoded = DecodedEmail(
        subject="Need Java Developer - Dallas, TX - 6 months - $60/hr C2C",
        sender="x@vendor.test",
        message_id="<e@vendor.test>",
        date=None,
        text="Please share resumes for the below role. Local candidates only.",
        html_used=False,
    )
    result = extract(decoded)
    assert result.is_job
    by_field = {e.field: e for e in result.evidence}
    assert by_field["title"].source == "subject"
    assert by_field["rate"].text == "$60/hr" and by_field["rate"].source == "subject"
    check(decoded, result)


def test_list_fields_cite_each_item() -> None:
    text = (
        "Please share profiles.\nRole: Data Engineer\nLocation: Remote\nDuration: 12 months\n"
        "Rate: $65/hr C2C or W2\nVisa: USC/GC/H1B - No OPT\nSkills: Python, Spark, Airflow"
    )
    decoded = DecodedEmail("Data Engineer", "x@v.test", "<l@v.test>", None, text, False)
    result = extract(decoded)
    visas = [e.text for e in result.evidence if e.field == "visa"]
    assert visas == ["USC", "GC", "H1B"]
    skills = [e.text for e in result.evidence if e.field == "skills"]
    assert skills == ["Python", "Spark", "Airflow"]
    types = sorted(e.text for e in result.evidence if e.field == "employment_types")
    assert types == ["C2C", "W2"]
