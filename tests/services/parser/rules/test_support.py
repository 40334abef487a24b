"""The model guard checks every field of the registry: a value the text does not carry is
dropped, whatever field it is in."""

from __future__ import annotations

import pytest

from schemas.contracts.models import ExtractedJob
from services.domain.fields import FIELDS, ExtractionField, FieldKind
from services.parser.rules.support import VisibleText, check_jobs, finder
from tests.extracted_jobs import FULL_JOB


@pytest.mark.parametrize("field", [f for f in FIELDS if f.name != "title"], ids=lambda f: f.name)
def test_every_field_but_the_title_has_a_finder(field: ExtractionField) -> None:
    # the title has its own rule: without it the whole job goes
    assert callable(finder(field))


def test_a_field_of_a_kind_without_a_default_needs_its_own_finder() -> None:
    with pytest.raises(KeyError):
        finder(ExtractionField("hours_per_week", FieldKind.NUMBER, ("hours_per_week",)))
    assert finder(ExtractionField("recruiter", FieldKind.TEXT, ("recruiter",))) is not None


def test_values_the_text_does_not_carry_are_dropped_field_by_field() -> None:
    text = VisibleText(subject="Sr Java Developer", body="We need a Sr Java Developer.")
    checked = check_jobs([FULL_JOB], text)  # none of its values but the title is in the text

    # "Java" is in the title, so that skill stands; "Spring" and every other value go
    assert checked.jobs == [ExtractedJob(title="Sr Java Developer", skills=["Java"])]
    dropped = {entry.split(".", 1)[1].split(":", 1)[0] for entry in checked.dropped}
    assert dropped == {f.name for f in FIELDS} - {"title"}
    assert [e.field for e in checked.evidence] == ["title", "skills"]
