"""``job_evidence`` looks up a list field's items in one pass over each region's scan, makes a
region given as how to make it and cuts each region's text only when asked: the same evidence as
the search as first written, one value at a time (every corpus mail's jobs, and random jobs over
random regions)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.contracts.models import (
    EmploymentType,
    ExtractedJob,
    FieldEvidence,
    Rate,
    Visa,
    WorkMode,
)
from services.parser.decoding import decode_email
from services.parser.rules import evidence, extract, extractor
from services.parser.rules.evidence import Region, _field_values, job_evidence
from tests.services.parser.rules.evidence_long_way import long_support

CORPUS = Path(__file__).parents[3] / "corpus"
CASES = Path(__file__).parent / "cases"


def _long_way(job: ExtractedJob, index: int, regions: list[Region]) -> list[FieldEvidence]:
    """The evidence search as first written: each value on its own, region by region."""
    found = []
    for name, value in _field_values(job):
        for region in regions:
            span = long_support(name, value, region)
            if span is not None:
                start, end = span
                text = region.text[start:end]
                found.append(
                    FieldEvidence(
                        job_index=index,
                        field=name,
                        source=region.source,
                        start=start,
                        end=end,
                        text=text,
                    )
                )
                break
    return found


def _asked(paths: list[Path], monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    """The (job, index, regions, own scans) the extractor asks evidence for, over ``paths``."""
    asked: list[tuple[object, ...]] = []

    def recording(
        job: ExtractedJob,
        index: int,
        regions: list[Region | Callable[[], Region]],
        own_scans: Mapping[str, Iterable[tuple[int, int, object]]] | None = None,
    ) -> list[FieldEvidence]:
        made = [r if isinstance(r, Region) else r() for r in regions]
        scans = {name: list(scan) for name, scan in (own_scans or {}).items()}
        asked.append((job, index, made, scans))
        return evidence.job_evidence(job, index, regions, own_scans)

    monkeypatch.setattr(extractor, "job_evidence", recording)
    for path in paths:
        extract(decode_email(path.read_bytes()))
    return asked


def test_every_corpus_job_has_the_long_ways_evidence(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = sorted(CORPUS.rglob("*.eml")) + sorted(CASES.glob("*.eml"))
    asked = _asked(paths, monkeypatch)
    assert len(asked) > 100
    # the employment types' scan of a job's own block, handed over from build_job's
    assert sum(bool(scans) for *_, scans in asked) > len(asked) // 2
    for job, index, regions, scans in asked:
        assert isinstance(job, ExtractedJob) and isinstance(index, int)
        assert isinstance(regions, list) and isinstance(scans, dict)
        expected = _long_way(job, index, regions)
        assert job_evidence(job, index, regions, scans) == expected, job


_LINES = [
    "Role: Java Developer", "Skills: Java, Python, AWS, Kafka", "Visa: USC/GC, H1B", "No H1B",
    "C2C or W2", "W2 only, no C2C", "Location: Dallas, TX (Hybrid)", "Remote", "Rate: $60/hr",
    "Duration: 6 months", "8+ years of Java", "Job ID: REQ-123", "Client: Acme", "python",
    "GC-EAD and OPT", "full time position", "contract to hire", "aws lambda", "", "  ",
]  # fmt: skip
_SKILLS = ["java", "python", "aws", "kafka", "spring boot"]


@st.composite
def _cases(draw: st.DrawFn) -> tuple[ExtractedJob, list[Region]]:
    lines = draw(st.lists(st.sampled_from(_LINES), min_size=1, max_size=10))
    body = "\n".join(lines)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    first = draw(st.integers(0, len(lines) - 1))
    last = draw(st.integers(first, len(lines) - 1))
    end = starts[last] + len(lines[last])
    labels = tuple(
        (starts[i] + lines[i].index(":") + 2, starts[i] + len(lines[i]))
        for i in draw(st.lists(st.integers(0, len(lines) - 1), max_size=3))
        if ": " in lines[i]
    )
    subject = draw(st.sampled_from(["", "Java Developer - Remote - C2C", "H1B ok, GC"]))
    regions = [
        Region("body", body, starts[first], end, labels),
        Region("body", body, 0, len(body)),
        Region("subject", subject, 0, len(subject)),
    ]
    job = ExtractedJob(
        title="Java Developer",
        client=draw(st.sampled_from([None, "Acme"])),
        location=draw(st.sampled_from([None, "Dallas, TX", "Remote"])),
        work_mode=draw(st.sampled_from([None, *WorkMode])),
        employment_types=draw(st.lists(st.sampled_from(list(EmploymentType)), max_size=4)),
        duration_months=draw(st.sampled_from([None, 6])),
        rate=draw(st.sampled_from([None, Rate(min=60, max=60, unit="hour")])),
        skills=draw(st.lists(st.sampled_from(_SKILLS), max_size=6)),
        experience_years=draw(st.sampled_from([None, 8])),
        visa=draw(st.lists(st.sampled_from(list(Visa)), max_size=5)),
        job_id=draw(st.sampled_from([None, "REQ-123"])),
    )
    return job, regions


@settings(max_examples=300, deadline=None)
@given(_cases())
def test_random_jobs_have_the_long_ways_evidence(case: tuple[ExtractedJob, list[Region]]) -> None:
    job, regions = case
    assert job_evidence(job, 2, regions) == _long_way(job, 2, regions)


def test_a_region_given_as_how_to_make_it_is_made_once_when_reached() -> None:
    """Later regions may be given as how to make them: made once, only for a value the earlier
    regions do not support, with the evidence of the regions given made."""
    body = "Role: Java Developer\nRate: $60/hr\n\nClient: Acme, Dallas, TX"
    own = Region("body", body, 0, 33)
    whole = Region("body", body, 0, len(body))
    made: list[Region] = []

    def make() -> Region:
        made.append(whole)
        return whole

    in_own = ExtractedJob(title="Java Developer", rate=Rate(min=60, max=60, unit="hour"))
    assert job_evidence(in_own, 0, [own, make]) == job_evidence(in_own, 0, [own, whole])
    assert made == []
    beyond = in_own.model_copy(update={"client": "Acme", "location": "Dallas, TX"})
    expected = job_evidence(beyond, 0, [own, whole])
    assert {e.field for e in expected} == {"title", "rate", "client", "location"}
    assert job_evidence(beyond, 0, [own, make]) == expected
    assert made == [whole]
