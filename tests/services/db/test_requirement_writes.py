"""A sighting row's evidence is built field by field (services.db.requirement_writes): it
must be what the parser's spans dump to as JSON, without their job index."""

from __future__ import annotations

from uuid import uuid4

from schemas.contracts.models import (
    Category,
    ExtractedJob,
    Extractor,
    FieldEvidence,
    ParsedEmail,
    ParseStatus,
    Provider,
)
from services.db.requirement_writes import sighting_row


def test_sighting_evidence_is_its_jobs_spans_as_json_without_the_job_index() -> None:
    spans = [
        FieldEvidence(job_index=0, field="title", start=0, end=10, text="Sr Java Dev"),
        FieldEvidence(job_index=1, field="title", start=20, end=27, text="QA Lead"),
        FieldEvidence(
            job_index=1, field="client", source="attachment:jd.pdf", start=3, end=9, text="Acme"
        ),
    ]
    parsed = ParsedEmail(
        sync_id=uuid4(),
        integration_id=1,
        user_id=2,
        tenant_id=3,
        provider=Provider.MAILDIR,
        provider_message_id="m1",
        status=ParseStatus.OK,
        is_job=True,
        category=Category.REQUIREMENT,
        confidence=0.9,
        jobs=[ExtractedJob(title="Sr Java Dev"), ExtractedJob(title="QA Lead", client="Acme")],
        evidence=spans,
        extractor=Extractor(name="rules", version="1.0.0"),
    )

    row = sighting_row(parsed, 1, parsed.jobs[1], None)

    assert row["evidence"] == [
        span.model_dump(mode="json", exclude={"job_index"}) for span in spans[1:]
    ]
    assert [list(span) for span in row["evidence"]] == [
        list(span.model_dump(exclude={"job_index"})) for span in spans[1:]
    ]  # the keys in the model's order, as the JSON column's text had them
