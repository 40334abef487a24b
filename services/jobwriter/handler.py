"""The jobwriter's rules, pure: what a parsed email becomes (the ledger's result, skip reason and
jobs) and what an integration error writes (the integration's status, and the emails to queue)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from schemas.contracts.models import (
    IntegrationError,
    IntegrationErrorType,
    ParsedEmail,
    ParseStatus,
)
from services.domain.decisions import Decision, EmailResult
from services.domain.integrations import IntegrationContact

DEFAULT_CONFIDENCE_THRESHOLD = 0.7
PARSING_FAILED = "AI parsing failed"
NOT_JOB = "not_job"
NO_JOBS_EXTRACTED = "no_jobs_extracted"
# the same message (Message-ID or body) reached another mailbox of the tenant first: its jobs
# are that mailbox's, this one records the message as seen
SAME_MESSAGE = "same_message_in_another_mailbox"
TOKEN_EXPIRED_MESSAGE = "Token expired - please reconnect"


def low_confidence_reason(confidence: float) -> str:
    return f"low_confidence_{confidence:.2f}"


def decide(
    parsed: ParsedEmail,
    *,
    threshold: float = DEFAULT_CONFIDENCE_THRESHOLD,
    seen_elsewhere: bool = False,
) -> Decision:
    """The seed's process-single-email rules, applied to the parser's output; a message another
    mailbox of the tenant already took makes no jobs twice."""
    if parsed.status is ParseStatus.FAILED:
        return Decision(EmailResult.FAILED, PARSING_FAILED)
    if not parsed.is_job:
        return Decision(EmailResult.SKIPPED, NOT_JOB)
    if parsed.confidence < threshold:
        return Decision(EmailResult.SKIPPED, low_confidence_reason(parsed.confidence))
    if not parsed.jobs:
        return Decision(EmailResult.SKIPPED, NO_JOBS_EXTRACTED)
    if seen_elsewhere:
        return Decision(EmailResult.SKIPPED, SAME_MESSAGE)
    return Decision(EmailResult.JOB_CREATED, None, list(enumerate(parsed.jobs)))


RECONNECT = "reconnect"  # the notification kind of a token-expired integration


@dataclass(frozen=True)
class EmailToSend:
    """An outbox row: written in the transaction that decided it, sent after commit."""

    kind: str
    event_key: str  # with the integration and kind, unique: queued once
    recipient: str
    subject: str
    body: str


@dataclass(frozen=True)
class IntegrationErrorPlan:
    """What an integration.error event writes: the integration's status, and the emails."""

    disable: bool
    status: str
    error_text: str
    emails: tuple[EmailToSend, ...] = ()
    # the token was found expired or revoked at this time (token health "failed")
    token_failed_at: datetime | None = None


def notification_key(event: IntegrationError) -> str:
    """The event's own key (its failed sync, else its time): a redelivery queues nothing new."""
    return str(event.sync_id) if event.sync_id else event.occurred_at.isoformat()


def integration_error_plan(
    event: IntegrationError, integration: IntegrationContact
) -> IntegrationErrorPlan:
    """The seed's handle-integration-error: token_expired disables and notifies; others log.

    ``integration`` is as found under its row lock. Only the event that disables an active
    integration emails its user: later expiry events (other failed syncs, redeliveries) find
    it inactive until a reconnect revives it, so the user gets one reconnect email per
    disconnection."""
    if event.error_type is not IntegrationErrorType.TOKEN_EXPIRED:
        return IntegrationErrorPlan(
            disable=False, status="failed", error_text=event.error_message[:500]
        )
    emails: tuple[EmailToSend, ...] = ()
    if integration.active and integration.user_email:
        subject, body = reconnect_email(integration.provider)
        emails = (
            EmailToSend(RECONNECT, notification_key(event), integration.user_email, subject, body),
        )
    return IntegrationErrorPlan(
        disable=True,
        status="failed",
        error_text=TOKEN_EXPIRED_MESSAGE,
        emails=emails,
        token_failed_at=event.occurred_at,
    )


def ownership_problem(parsed: ParsedEmail, owner: tuple[int, int] | None) -> str | None:
    """Why a parsed email must not be applied to its integration, given the integration's
    (tenant, user); None when it may. A message naming another tenant's integration would
    write jobs under the wrong tenant and take the genuine email's ledger key."""
    if owner is None:
        return f"unknown integration {parsed.integration_id}"
    tenant_id, user_id = owner
    if (parsed.tenant_id, parsed.user_id) != (tenant_id, user_id):
        return (
            f"integration {parsed.integration_id} belongs to tenant {tenant_id} user {user_id},"
            f" not tenant {parsed.tenant_id} user {parsed.user_id}"
        )
    return None


def reconnect_email(provider: str) -> tuple[str, str]:
    """Subject and body of the user notification for a disconnected integration."""
    subject = "Action Required: Reconnect Your Email Integration"
    body = (
        f"Your {provider.title()} email integration has been disconnected due to an expired "
        "token.\n\nPlease log in and reconnect your email account in Settings → Integrations.\n"
    )
    return subject, body
