"""The offline step: decode the email now, run the rules on first use; and ``Outcome``, what
an extraction step hands the handler.

In openai mode only a model that cannot be reached needs the rules' result (the fallback), so
it is not computed up front. Composes the decoding and rules façades; pure, like the handler,
which therefore needs nothing from the model client (``hybrid.py`` builds on this module)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from schemas.contracts.models import Category, Extractor, FieldEvidence, LlmUsage
from services.domain.errors import InvalidMessage
from services.parser.decoding import DecodedEmail, decode_email
from services.parser.rules import EXTRACTOR, Extraction, extract, extracting

__all__ = [
    "EMPTY_BODY_ERROR",
    "FAILED_EXTRACTION",
    "OfflineResult",
    "Outcome",
    "decode_and_extract",
    "extractions",
]

EMPTY_BODY_ERROR = "AI parsing failed: empty body"
# What a failed parse reports: nothing is claimed about the email.
FAILED_EXTRACTION = Extraction(is_job=False, category=Category.OTHER, confidence=0.0)


@dataclass(frozen=True)
class Outcome:
    """Everything ``handler.build_parsed`` needs beyond the envelope."""

    extraction: Extraction
    extractor: Extractor = EXTRACTOR
    error: str | None = None
    evidence: Sequence[FieldEvidence] = field(default_factory=tuple)
    llm: LlmUsage | None = None
    skip_reason: str | None = None


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


def extractions(results: Sequence[OfflineResult]) -> list[Extraction]:
    """Each result's extraction, those still to make made as one batch (rules.extracting)."""
    pending = [r.decoded for r in results if r._extraction is None]
    with extracting(pending):
        return [r.extraction for r in results]
