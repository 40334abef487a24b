"""Offline rules first, the model when it can add something: the parser's extraction policy.

- ``offline`` mode: the rules only (no model, no network).
- ``openai`` mode: the model for every email with text.
- ``hybrid`` mode: a clear non-job (the rules say not a requirement, with confidence at or
  above ``PARSER_LLM_SKIP_CONFIDENCE``) skips the call; its ``llm_skip_reason`` says why.

A model answer keeps only values the visible text supports (``rules.check_jobs``); each dropped
value lowers the confidence. A model that cannot be reached, is rate limited twice or refuses
leaves the rules' result in place (``llm.fallback``); one that answers garbage twice marks the
email failed ("AI parsing failed: …"), the seed's Parsing Error row.

The policy composes the rules and model façades; it reads no settings (``wiring.build_hybrid``
turns PARSER_* into a model client and a ``HybridPolicy``) and the handler calls it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from schemas.contracts.models import Category, Extractor, LlmUsage
from services.parser.model import Answered, FellBack, LlmAnswer, LlmExtractor
from services.parser.offline import FAILED_EXTRACTION, OfflineResult, Outcome
from services.parser.rules import Extraction, VisibleText, check_jobs

__all__ = [
    "HybridExtractor",
    "HybridPolicy",
    "Outcome",
    "from_answer",
    "skip_reason",
]

log = logging.getLogger(__name__)
AI_FAILED = "AI parsing failed"
_MAX_JOBS = 50  # per email, as offline: more is a job-board dump


@dataclass(frozen=True)
class HybridPolicy:
    skip_confidence: float | None = 0.8  # None: never skip (openai mode)
    dropped_value_factor: float = 0.9  # confidence × this per unsupported value
    dropped_job_factor: float = 0.7  # … and × this per job whose title is unsupported
    not_job_confidence: float = 0.3  # cap when every job the model named was unsupported


def skip_reason(offline: OfflineResult, policy: HybridPolicy) -> str | None:
    """Why no model call is needed, or None when one is."""
    if offline.error is not None:
        return "empty body"
    if policy.skip_confidence is None:
        return None  # openai mode: the rules' result is not asked for (it is computed lazily)
    found = offline.extraction
    if found.category is not Category.REQUIREMENT and found.confidence >= policy.skip_confidence:
        return f"offline classifier: {found.category.value} ({found.confidence:.2f})"
    return None


def from_answer(
    answer: LlmAnswer,
    *,
    subject: str,
    body: str,
    usage: LlmUsage,
    extractor: Extractor,
    policy: HybridPolicy,
) -> Outcome:
    """The model's answer, keeping only what the text it saw supports."""
    if not (answer.is_job and answer.category is Category.REQUIREMENT):
        return Outcome(Extraction(False, answer.category, answer.confidence), extractor, llm=usage)
    checked = check_jobs(answer.jobs[:_MAX_JOBS], VisibleText(subject=subject, body=body))
    if checked.dropped:
        log.info("unsupported model values dropped: %s", ", ".join(checked.dropped))
    whole_jobs = sum(1 for d in checked.dropped if "." not in d)
    penalty = policy.dropped_value_factor ** (len(checked.dropped) - whole_jobs)
    penalty *= policy.dropped_job_factor**whole_jobs
    confidence = round(answer.confidence * penalty, 3)
    if not checked.jobs:
        # every job the model named was unsupported: a conversation about a job, or made up
        capped = min(confidence, policy.not_job_confidence)
        return Outcome(Extraction(False, Category.OTHER, capped), extractor, llm=usage)
    extraction = Extraction(True, Category.REQUIREMENT, confidence, checked.jobs)
    return Outcome(extraction, extractor, evidence=tuple(checked.evidence), llm=usage)


class HybridExtractor:
    def __init__(self, *, llm: LlmExtractor, policy: HybridPolicy) -> None:
        self._llm = llm
        self._policy = policy

    async def close(self) -> None:
        await self._llm.close()

    async def run(self, offline: OfflineResult) -> Outcome:
        reason = skip_reason(offline, self._policy)
        if reason is not None:
            return Outcome(
                offline.extraction,
                error=offline.error,
                skip_reason=reason,
                evidence=tuple(offline.extraction.evidence),
            )
        result = await self._llm.extract(offline.decoded)
        if isinstance(result, Answered):
            return from_answer(
                result.answer,
                subject=offline.decoded.subject,
                body=result.body,
                usage=result.usage,
                extractor=self._llm.extractor,
                policy=self._policy,
            )
        if isinstance(result, FellBack):
            return Outcome(
                offline.extraction, llm=result.usage, evidence=tuple(offline.extraction.evidence)
            )
        return Outcome(
            FAILED_EXTRACTION,
            self._llm.extractor,
            error=f"{AI_FAILED}: {result.reason}",
            llm=result.usage,
        )
