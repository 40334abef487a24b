"""Fetcher rules: integration validity, keywords, which emails to publish, the sync rate limit.

Pure: no Kafka, database, HTTP, environment or clock; ``now`` is passed in.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from schemas.contracts.models import RawEmail, SyncRequested
from services.domain.integrations import IntegrationState

MAX_EMAILS_PER_SYNC = 50
SYNCS_PER_PERIOD = 10
RATE_PERIOD = timedelta(minutes=1)
# JSON + base64 inflate by ~4/3; keep the message under the topic's 1 MiB max.message.bytes
MAX_INLINE_RAW_BYTES = 700 * 1024
INACTIVE_MESSAGE = "Integration not found or inactive"
NO_KEYWORDS_MESSAGE = "No candidate preferred roles found"
# a run that failed this way may run again when its request is re-driven from the DLQ
EXHAUSTED_PREFIX = "Provider unavailable after retries"


@dataclass(frozen=True)
class MessageRef:
    """One listed email: provider ids and the subject, before its raw bytes are fetched."""

    provider_message_id: str
    thread_id: str | None
    received_at: datetime | None
    subject: str


def integration_problem(request: SyncRequested, integration: IntegrationState | None) -> str | None:
    """The seed's get-integration step: exists, belongs to the user, active."""
    if integration is None or integration.user_id != request.user_id:
        return INACTIVE_MESSAGE
    if integration.tenant_id != request.tenant_id or not integration.is_active:
        return INACTIVE_MESSAGE
    return None


def should_run(status: str, message: str | None) -> bool:
    """A request runs when its run is new or was interrupted (running), or when it failed only
    because the provider stayed unavailable (a re-drive); finished runs are not repeated."""
    if status == "running":
        return True
    return status == "failed" and (message or "").startswith(EXHAUSTED_PREFIX)


def search_keywords(preferred_roles: Iterable[Iterable[str]]) -> list[str]:
    """Keywords from the tenant's candidates' preferred roles: trimmed, case-folded, unique."""
    seen: dict[str, None] = {}
    for roles in preferred_roles:
        for role in roles:
            keyword = " ".join(role.split()).lower()
            if keyword:
                seen.setdefault(keyword, None)
    return sorted(seen)


def subject_matches(subject: str, keywords: Sequence[str]) -> bool:
    """Case-insensitive substring match, the semantics IMAP SEARCH SUBJECT has too."""
    folded = " ".join(subject.split()).lower()
    return any(k in folded for k in keywords)


def select_emails(
    emails: Iterable[MessageRef],
    *,
    keywords: Sequence[str],
    already_processed: set[str],
    limit: int = MAX_EMAILS_PER_SYNC,
) -> list[MessageRef]:
    """Matching, not yet processed, oldest first, at most ``limit``: the rest waits for the next
    sync, so a backlog drains in order and nothing is skipped."""
    fresh = {
        e.provider_message_id: e
        for e in emails
        if e.provider_message_id not in already_processed and subject_matches(e.subject, keywords)
    }
    ordered = sorted(
        fresh.values(),
        key=lambda e: (e.received_at is None, e.received_at or datetime.min, e.provider_message_id),
    )
    return ordered[:limit]


def rate_limit_wait(
    recent_starts: Sequence[datetime],
    now: datetime,
    *,
    limit: int = SYNCS_PER_PERIOD,
    period: timedelta = RATE_PERIOD,
) -> float:
    """Seconds until another sync may start (0 when allowed): at most ``limit`` per period."""
    window = sorted(t for t in recent_starts if t > now - period)
    if len(window) < limit:
        return 0.0
    oldest_that_must_expire = window[len(window) - limit]
    return max(0.0, (oldest_that_must_expire + period - now).total_seconds())


def blob_key(request: SyncRequested, raw: bytes) -> str:
    digest = hashlib.sha256(raw).hexdigest()[:40]
    return f"{request.tenant_id}-{request.integration_id}-{digest}"


def build_raw_email(
    request: SyncRequested,
    email: MessageRef,
    raw: bytes,
    *,
    max_inline: int = MAX_INLINE_RAW_BYTES,
) -> tuple[RawEmail, bytes | None]:
    """The email.raw message, and the bytes to store out of band when too large to inline."""
    oversized = len(raw) > max_inline
    message = RawEmail(
        sync_id=request.sync_id,
        integration_id=request.integration_id,
        user_id=request.user_id,
        tenant_id=request.tenant_id,
        provider=request.provider,
        provider_message_id=email.provider_message_id,
        thread_id=email.thread_id,
        received_at=email.received_at,
        raw_size=len(raw),
        raw_b64=None if oversized else base64.b64encode(raw).decode("ascii"),
        raw_ref=blob_key(request, raw) if oversized else None,
    )
    return message, (raw if oversized else None)
