"""The parser's pure steps: one fetched email (contract + raw bytes) → its ``email.parsed``.

No Kafka, DB, HTTP, os or clock here (house-style §2.1). The handler composes the parser's
parts: ``decode_and_extract`` (decoding, then the rules on first use, ``offline.py``), the
extraction policy when a model is configured (``hybrid.py``, injected by wiring as a
``ModelStep``) and ``build_parsed``. ``handle_raw_email`` is the offline composition
(``handle_raw_emails`` the same over a batch, as the offline service runs it), ``parse`` the
one the service runs with a model. Wiring resolves ``raw_b64``/``raw_ref`` to bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from schemas.contracts.models import (
    PARSED_ERROR_MAX,
    PARSED_SENDER_MAX,
    PARSED_SUBJECT_MAX,
    PARSED_THREAD_ID_MAX,
    Extractor,
    FieldEvidence,
    LlmUsage,
    ParsedEmail,
    ParseStatus,
    RawEmail,
)
from services.domain.messages import digest_body
from services.domain.requirement_notices import read_notice
from services.domain.vendor_companies import vendor_company
from services.parser.decoding import DecodedEmail
from services.parser.offline import (
    EMPTY_BODY_ERROR,
    FAILED_EXTRACTION,
    OfflineResult,
    Outcome,
    decode_and_extract,
    extractions,
)
from services.parser.rules import EXTRACTOR, Extraction

# what a dead-lettered email decoded to: nothing
_NOTHING_DECODED = DecodedEmail("", "", "", None, "", False, [], [])

__all__ = [
    "EMPTY_BODY_ERROR",
    "FAILED_EXTRACTION",
    "ModelStep",
    "OfflineResult",
    "build_parsed",
    "decode_and_extract",
    "failed_parsed",
    "handle_raw_email",
    "handle_raw_emails",
    "parse",
]


class ModelStep(Protocol):
    """What runs after the offline step when a model is configured: ``hybrid.HybridExtractor``,
    injected by wiring, so this module needs nothing from the model client."""

    async def run(self, offline: OfflineResult) -> Outcome: ...


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
        thread_id=_bounded(message.thread_id, PARSED_THREAD_ID_MAX),
        subject=_bounded(decoded.subject, PARSED_SUBJECT_MAX),
        sender=_bounded(decoded.sender, PARSED_SENDER_MAX),
        received_at=decoded.date or message.received_at,
        status=ParseStatus.FAILED if error else ParseStatus.OK,
        error=_bounded(error, PARSED_ERROR_MAX),
        is_job=extraction.is_job,
        category=extraction.category,
        confidence=extraction.confidence,
        jobs=extraction.jobs,
        extractor=extractor,
        evidence=list(evidence),
        llm=llm,
        llm_skip_reason=skip_reason,
        message_id=decoded.message_id.strip()[:998] or None,
        body_digest=digest_body(decoded.text) if decoded.text.strip() else None,
        sender_company=vendor_company(decoded.sender, decoded.text),
        notice=read_notice(decoded.subject, decoded.text),
    )


def failed_parsed(message: RawEmail, reason: str) -> ParsedEmail:
    """The email.parsed of an email the parser dead-lettered: nothing claimed, the reason."""
    return build_parsed(
        message, _NOTHING_DECODED, FAILED_EXTRACTION, error=f"dead-lettered: {reason}"
    )


def _bounded(value: str | None, limit: int) -> str | None:
    """``value`` cut to the contract's documented bound; None for an empty value."""
    return value[:limit] if value else None


def handle_raw_email(message: RawEmail, raw_bytes: bytes) -> ParsedEmail:
    """The offline parser: decode, extract, build."""
    offline = decode_and_extract(raw_bytes)
    return _offline_parsed(message, offline)


def handle_raw_emails(batch: Sequence[tuple[RawEmail, bytes]]) -> list[ParsedEmail]:
    """``handle_raw_email`` of each email, stage by stage: decode them all, then extract from
    them all, then build them all. One email's rules evict the decoder's and the builder's code
    and data from the CPU caches; by stages each stays warm across the batch (the same calls,
    so the same results)."""
    offline = [decode_and_extract(raw) for _, raw in batch]
    extracted = list(zip(offline, extractions(offline), strict=True))
    return [
        _built(message, result, extraction)
        for (message, _), (result, extraction) in zip(batch, extracted, strict=True)
    ]


async def parse(message: RawEmail, raw_bytes: bytes, *, hybrid: ModelStep | None) -> ParsedEmail:
    """The service's parser: offline without a model, else the hybrid policy decides."""
    offline = decode_and_extract(raw_bytes)
    if hybrid is None:
        return _offline_parsed(message, offline)
    outcome = await hybrid.run(offline)
    return build_parsed(
        message,
        offline.decoded,
        outcome.extraction,
        extractor=outcome.extractor,
        error=outcome.error,
        evidence=outcome.evidence,
        llm=outcome.llm,
        skip_reason=outcome.skip_reason,
    )


def _offline_parsed(message: RawEmail, offline: OfflineResult) -> ParsedEmail:
    return _built(message, offline, offline.extraction)


def _built(message: RawEmail, offline: OfflineResult, extraction: Extraction) -> ParsedEmail:
    return build_parsed(
        message, offline.decoded, extraction, error=offline.error, evidence=extraction.evidence
    )
