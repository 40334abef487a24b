"""The parser's pure steps: one fetched email (contract + raw bytes) → its extraction result.

No Kafka, DB, HTTP, os or clock here (house-style §2.1). Wiring resolves ``raw_b64``/``raw_ref``
to bytes and composes the steps: ``decode_and_extract`` (offline), optionally the model call
(``hybrid.py``, which needs the network), then ``build_parsed`` for ``email.parsed``.
``handle_raw_email`` is the offline composition.
"""

from __future__ import annotations

from collections.abc import Sequence

from schemas.contracts.models import (
    Category,
    Extractor,
    FieldEvidence,
    LlmUsage,
    ParsedEmail,
    ParseStatus,
    RawEmail,
)
from services.domain.errors import InvalidMessage
from services.parser.decoding.mime import DecodedEmail, decode_email
from services.parser.rules.extractor import EXTRACTOR, Extraction, extract

__all__ = [
    "EMPTY_BODY_ERROR",
    "FAILED_EXTRACTION",
    "OfflineResult",
    "build_parsed",
    "decode_and_extract",
    "handle_raw_email",
]

EMPTY_BODY_ERROR = "AI parsing failed: empty body"
# What a failed parse reports: nothing is claimed about the email.
FAILED_EXTRACTION = Extraction(is_job=False, category=Category.OTHER, confidence=0.0)


class OfflineResult:
    """A decoded email and the rules' extraction of it. The extraction is computed on first
    use: in openai mode only a model that cannot be reached needs it (the fallback)."""

    def __init__(
        self, decoded: DecodedEmail, extraction: Extraction | None = None, error: str | None = None
    ) -> None:
        self.decoded = decoded
        self.error = error  # set when there is nothing to extract from (no model call either)
        self._extraction = extraction

    @property
    def extraction(self) -> Extraction:
        if self._extraction is None:
            self._extraction = extract(self.decoded)
        return self._extraction


def decode_and_extract(raw_bytes: bytes) -> OfflineResult:
    """Decode, with the rules' extraction to follow on first use. Raises InvalidMessage only
    when there is nothing to parse at all; an email that decodes to no text is a *failed*
    parse, reported downstream."""
    if not raw_bytes.strip():
        raise InvalidMessage("raw email bytes are empty")
    decoded = decode_email(raw_bytes)
    if not decoded.text.strip():
        return OfflineResult(decoded, FAILED_EXTRACTION, EMPTY_BODY_ERROR)
    return OfflineResult(decoded)


def build_parsed(
    message: RawEmail,
    decoded: DecodedEmail,
    extraction: Extraction,
    *,
    extractor: Extractor = EXTRACTOR,
    error: str | None = None,
    evidence: Sequence[FieldEvidence] = (),
    llm: LlmUsage | None = None,
    skip_reason: str | None = None,
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
        extractor=extractor,
        evidence=list(evidence),
        llm=llm,
        llm_skip_reason=skip_reason,
    )


def handle_raw_email(message: RawEmail, raw_bytes: bytes) -> ParsedEmail:
    """The offline parser: decode, extract, build."""
    offline = decode_and_extract(raw_bytes)
    return build_parsed(
        message,
        offline.decoded,
        offline.extraction,
        error=offline.error,
        evidence=offline.extraction.evidence,
    )
