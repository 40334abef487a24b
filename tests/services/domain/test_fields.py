"""The field registry agrees with the extraction contract and the job_postings table."""

from __future__ import annotations

import types
import typing
from enum import Enum
from typing import Any

import pytest

from schemas.contracts.models import ExtractedJob, Rate
from services.db.models import JobPosting
from services.domain.fields import (
    FIELD_NAMES,
    FIELDS,
    JOB_COLUMNS,
    ExtractionField,
    FieldKind,
    get_field,
    job_column_values,
)
from tests.extracted_jobs import FULL_JOB


def test_every_contract_field_is_registered_in_order() -> None:
    assert tuple(ExtractedJob.model_fields) == FIELD_NAMES


def _parts(annotation: Any) -> set[Any]:
    """``X | None`` → {X}; ``Annotated[X, …]`` → {X}."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _parts(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return {p for arg in typing.get_args(annotation) for p in _parts(arg)} - {type(None)}
    return {annotation}


def _is_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, Enum)


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.name)
def test_the_kind_matches_the_contract_type(field: ExtractionField) -> None:
    (annotation,) = _parts(ExtractedJob.model_fields[field.name].annotation)
    item = typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else None
    expected = {
        FieldKind.TEXT: annotation is str,
        FieldKind.CHOICE: _is_enum(annotation),
        FieldKind.NUMBER: annotation is int,
        FieldKind.CHOICES: item is not None and _is_enum(_parts(item).pop()),
        FieldKind.NAMES: item is not None and _parts(item) == {str},
        FieldKind.RATE: annotation is Rate,
    }
    assert expected[field.kind], (field.name, annotation)


def test_every_column_is_a_job_postings_column() -> None:
    table = set(JobPosting.__table__.columns.keys())
    assert set(JOB_COLUMNS) <= table
    assert len(JOB_COLUMNS) == len(set(JOB_COLUMNS))


def test_a_job_becomes_its_column_values() -> None:
    assert job_column_values(FULL_JOB) == {
        "title": "Sr Java Developer",
        "client": "Contoso Bank",
        "location": "Dallas, TX",
        "work_mode": "hybrid",
        "employment_types": ["C2C", "W2"],
        "duration_months": 12,
        "rate_min": 55.0,
        "rate_max": 60.0,
        "rate_unit": "hour",
        "rate_currency": "USD",
        "skills": ["Java", "Spring"],
        "experience_years": 10,
        "visa": ["USC", "GC"],
        "job_ref": "JR-1042",
    }


def test_a_bare_job_stores_nulls_and_empty_lists() -> None:
    values = job_column_values(ExtractedJob(title="QA Analyst"))
    assert list(values) == list(JOB_COLUMNS)
    assert values["rate_min"] is values["work_mode"] is values["job_ref"] is None
    assert values["employment_types"] == values["skills"] == values["visa"] == []


def test_presence_treats_empty_lists_as_missing() -> None:
    bare = ExtractedJob(title="QA Analyst")
    assert [f.name for f in FIELDS if f.present(bare)] == ["title"]
    assert all(f.present(FULL_JOB) for f in FIELDS)
    with pytest.raises(KeyError):
        get_field("salary")
