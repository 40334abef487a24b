"""The model guard checks every field of the registry: a value the text does not carry is
dropped, whatever field it is in."""

from __future__ import annotations

from schemas.contracts.models import ExtractedJob
from services.domain.fields import FIELDS
from services.parser.rules import support
from services.parser.rules.support import VisibleText, check_jobs
from tests.extracted_jobs import FULL_JOB


def test_every_field_but_the_title_has_a_finder() -> None:
    # the title has its own rule: without it the whole job goes
    assert set(support._FINDERS) == {f.name for f in FIELDS} - {"title"}  # noqa: SLF001


def test_values_the_text_does_not_carry_are_dropped_field_by_field() -> None:
    text = VisibleText(subject="Sr Java Developer", body="We need a Sr Java Developer.")
    checked = check_jobs([FULL_JOB], text)  # none of its values but the title is in the text

    # "Java" is in the title, so that skill stands; "Spring" and every other value go
    assert checked.jobs == [ExtractedJob(title="Sr Java Developer", skills=["Java"])]
    dropped = {entry.split(".", 1)[1].split(":", 1)[0] for entry in checked.dropped}
    assert dropped == {f.name for f in FIELDS} - {"title"}
    assert [e.field for e in checked.evidence] == ["title", "skills"]
