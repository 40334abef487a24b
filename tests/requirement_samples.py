"""Sample jobs and parsed emails for the requirement tests (domain, db, jobwriter)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from schemas.contracts.models import (
    Category,
    ExtractedJob,
    Extractor,
    ParsedEmail,
    ParseStatus,
    Provider,
    Rate,
)
from services.demo.seed import DemoIds

RECEIVED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def java_job(**fields: object) -> ExtractedJob:
    """A senior Java developer role in Charlotte for Wells Fargo; ``fields`` change it."""
    values: dict[str, object] = {
        "title": "Senior Java Developer",
        "client": "Wells Fargo",
        "location": "Charlotte, NC",
        "skills": ["java", "spring boot", "kafka", "aws"],
        "rate": Rate(min=65, max=65, unit="hour"),
    }
    values.update(fields)
    return ExtractedJob.model_validate(values)


def vendor_email(
    ids: DemoIds, message: str, sender: str, *jobs: ExtractedJob, **extra: object
) -> ParsedEmail:
    """A parsed requirement email of ``ids``'s integration, sent by ``sender``."""
    fields: dict[str, object] = {
        "sync_id": uuid.UUID(int=14),
        "integration_id": ids.integration_id,
        "user_id": ids.user_id,
        "tenant_id": ids.tenant_id,
        "provider": Provider.MAILDIR,
        "provider_message_id": message,
        "sender": sender,
        "received_at": RECEIVED,
        "status": ParseStatus.OK,
        "is_job": True,
        "category": Category.REQUIREMENT,
        "confidence": 0.9,
        "jobs": list(jobs),
        "extractor": Extractor(name="rules", version="1.0.0"),
    }
    fields.update(extra)
    return ParsedEmail.model_validate(fields)
