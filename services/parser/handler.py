"""The parser's pure step: one fetched email (contract + raw bytes) → its extraction result.

No Kafka, DB, HTTP, os or clock here (house-style §2.1): wiring resolves ``raw_b64``/``raw_ref``
to bytes, calls ``handle_raw_email`` and produces the returned ParsedEmail to ``email.parsed``.
"""

from __future__ import annotations

from schemas.contracts.models import Category, ParsedEmail, ParseStatus, RawEmail
from services.common.errors import InvalidMessage
from services.parser.extractor import EXTRACTOR, Extraction, extract
from services.parser.mime import DecodedEmail, decode_email

__all__ = ["EMPTY_BODY_ERROR", "handle_raw_email"]

EMPTY_BODY_ERROR = "AI parsing failed: empty body"


def handle_raw_email(message: RawEmail, raw_bytes: bytes) -> ParsedEmail:
    """Decode and extract. Raises InvalidMessage only when there is nothing to parse at all;
    an email that decodes to no text is a *failed* parse, reported downstream, not dead-lettered."""
    if not raw_bytes.strip():
        raise InvalidMessage("raw email bytes are empty")
    decoded = decode_email(raw_bytes)
    if not decoded.text.strip():
        failed = Extraction(is_job=False, category=Category.OTHER, confidence=0.0)
        return _parsed(message, decoded, failed, error=EMPTY_BODY_ERROR)
    return _parsed(message, decoded, extract(decoded), error=None)


def _parsed(
    message: RawEmail, decoded: DecodedEmail, extraction: Extraction, *, error: str | None
) -> ParsedEmail:
    return ParsedEmail(
        sync_id=message.sync_id,
        integration_id=message.integration_id,
        user_id=message.user_id,
        tenant_id=message.tenant_id,
        provider=message.provider,
        provider_message_id=message.provider_message_id,
        thread_id=message.thread_id,
        subject=decoded.subject or None,
        sender=decoded.sender or None,
        received_at=decoded.date or message.received_at,
        status=ParseStatus.FAILED if error else ParseStatus.OK,
        error=error,
        is_job=extraction.is_job,
        category=extraction.category,
        confidence=extraction.confidence,
        jobs=extraction.jobs,
        extractor=EXTRACTOR,
    )
