"""The fields of the extraction contract, declared once.

``ExtractedJob`` (schemas/contracts/models.py) says what a field holds; this registry says what
kind of value it is and which ``job_postings`` columns store it. The parser's merge and model
guard, the evaluator's comparisons and the jobwriter's job rows and history all read it, so
adding a field to the contract means: the model attribute, one entry here, and the column
(``services/db/models/jobs.py`` plus its generated migration). ``tests/services/domain`` checks the
registry against the contract and the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

from schemas.contracts.models import ExtractedJob

__all__ = [
    "FIELDS",
    "FIELD_NAMES",
    "JOB_COLUMNS",
    "ExtractionField",
    "FieldKind",
    "get_field",
    "job_column_values",
]


class FieldKind(StrEnum):
    """What a field's value is; it fixes how values are compared, checked and stored."""

    TEXT = "text"  # a free string: title, client, location, job id
    CHOICE = "choice"  # one enum value: work mode
    NUMBER = "number"  # a whole count: months, years
    CHOICES = "choices"  # a set of enum values: employment types, visas
    NAMES = "names"  # a set of free strings: skills
    RATE = "rate"  # min and max, unit and currency

    @property
    def is_list(self) -> bool:
        return self in (FieldKind.CHOICES, FieldKind.NAMES)


_RATE_PARTS = ("min", "max", "unit", "currency")


@dataclass(frozen=True)
class ExtractionField:
    name: str  # the ExtractedJob attribute
    kind: FieldKind
    columns: tuple[str, ...]  # the job_postings columns that store it (a rate takes four)

    def present(self, job: ExtractedJob) -> bool:
        """Whether ``job`` has a value for this field (an empty list is none)."""
        return getattr(job, self.name) not in (None, [])

    def column_values(self, job: ExtractedJob) -> dict[str, Any]:
        """This field of ``job`` as ``job_postings`` column values."""
        value = getattr(job, self.name)
        if self.kind is FieldKind.RATE:
            parts = (getattr(value, part) if value is not None else None for part in _RATE_PARTS)
            return dict(zip(self.columns, parts, strict=True))
        if self.kind.is_list:
            stored: Any = [_plain(item) for item in value]
        else:
            stored = _plain(value)
        return {self.columns[0]: stored}


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _field(name: str, kind: FieldKind, *columns: str) -> ExtractionField:
    return ExtractionField(name, kind, columns or (name,))


# in ExtractedJob's order
FIELDS: tuple[ExtractionField, ...] = (
    _field("title", FieldKind.TEXT),
    _field("client", FieldKind.TEXT),
    _field("location", FieldKind.TEXT),
    _field("work_mode", FieldKind.CHOICE),
    _field("employment_types", FieldKind.CHOICES),
    _field("duration_months", FieldKind.NUMBER),
    _field("rate", FieldKind.RATE, "rate_min", "rate_max", "rate_unit", "rate_currency"),
    _field("skills", FieldKind.NAMES),
    _field("experience_years", FieldKind.NUMBER),
    _field("visa", FieldKind.CHOICES),
    _field("job_id", FieldKind.TEXT, "job_ref"),
)
FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
JOB_COLUMNS: tuple[str, ...] = tuple(column for f in FIELDS for column in f.columns)
_BY_NAME: Mapping[str, ExtractionField] = {f.name: f for f in FIELDS}


def get_field(name: str) -> ExtractionField:
    """The registry entry of one ``ExtractedJob`` attribute; ``KeyError`` for any other name."""
    return _BY_NAME[name]


def job_column_values(job: ExtractedJob) -> dict[str, Any]:
    """Every field of ``job`` as ``job_postings`` column values (``JOB_COLUMNS``)."""
    values: dict[str, Any] = {}
    for f in FIELDS:
        values.update(f.column_values(job))
    return values
