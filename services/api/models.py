"""Request and response bodies. Public models carry no secrets: credentials never leave the DB."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationInfo, field_validator

from services.api.crud import RunEmail
from services.db.models import EmailIntegration, IntegrationPush, SyncRun
from services.db.token_facts import token_facts_of
from services.domain.push import (
    PushState,
    WatchFacts,
    age_seconds,
    push_state,
    watch_lifetime,
)
from services.domain.token_health import TokenHealth, TokenLapsePolicy, lapse_at, token_health
from services.domain.wire_text import require_wire_safe


class AuthorizationUrl(BaseModel):
    authorization_url: str


class ConnectedIntegration(BaseModel):
    integration_id: int
    provider: str
    # the mailbox that was attached, for the user to check it is theirs
    account_email: str | None


class ApiKeyPublic(BaseModel):
    """A key as its tenant may see it: never the key or its hash."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    key_prefix: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None


MAX_PASSWORD_LENGTH = 1024  # characters; app passwords are ~20, a 30 MB one was stored


class ImapCreate(BaseModel):
    user_id: int
    host: str = Field(min_length=1, max_length=253)
    port: int = Field(ge=1, le=65535)
    username: str = Field(min_length=1, max_length=320)
    # SecretStr: a repr or a log line shows "**********"
    password: SecretStr = Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)
    use_tls: bool = True
    folder: str = Field(default="INBOX", min_length=1, max_length=200)

    # every one of these reaches the IMAP server in a command line: a CR LF would start another
    # command (the deployment's host, port and TLS rules are applied by the route)
    @field_validator("host", "username", "folder")
    @classmethod
    def _no_control_characters(cls, value: str, info: ValidationInfo) -> str:
        return require_wire_safe(str(info.field_name), value)

    @field_validator("password")
    @classmethod
    def _password_without_control_characters(cls, value: SecretStr) -> SecretStr:
        require_wire_safe("password", value.get_secret_value())
        return value


class IntegrationStats(BaseModel):
    emails_processed: int
    jobs_created: int
    last_synced_at: datetime | None
    last_sync_status: str | None
    last_sync_error: str | None


class ConnectionHealth(BaseModel):
    """How fresh an integration's view of its mailbox is."""

    # off | active | renewing | expiring | failed (services.domain.push.PushState)
    push_state: PushState
    watch_expires_at: datetime | None
    watch_error: str | None  # the kind of failure of the last watch attempt (AuthRevoked …)
    last_notification_at: datetime | None
    # when the provider cursor was last stored, and how many seconds ago
    cursor_updated_at: datetime | None
    cursor_age_seconds: float | None
    # ok | expiring | failed | none (services.domain.token_health.TokenHealth), and when the
    # stored refresh token is known to lapse (None: no known lapse)
    token_health: TokenHealth
    token_lapses_at: datetime | None

    @classmethod
    def of(
        cls,
        row: EmailIntegration,
        push: IntegrationPush | None,
        *,
        now: datetime,
        policy: TokenLapsePolicy,
    ) -> ConnectionHealth:
        facts = WatchFacts(
            push.watch_expires_at if push else None,
            push.watch_renewed_at if push else None,
            push.watch_error if push else None,
        )
        token = token_facts_of(row)
        return cls(
            push_state=push_state(facts, now=now, lifetime=watch_lifetime(row.provider)),
            watch_expires_at=facts.expires_at,
            watch_error=facts.error.split(":", 1)[0] if facts.error else None,
            last_notification_at=push.last_notification_at if push else None,
            cursor_updated_at=row.cursor_updated_at,
            cursor_age_seconds=age_seconds(row.cursor_updated_at, now=now),
            token_health=token_health(token, now=now, policy=policy),
            token_lapses_at=None if token.failed_at else lapse_at(token, policy),
        )


class IntegrationPublic(BaseModel):
    id: int
    provider: str
    user_id: int
    account_email: str | None
    # active | disabled (stopped by the pipeline, e.g. an expired token) | disconnected (by a user)
    status: str
    is_active: bool
    has_credentials: bool
    config: dict[str, Any]
    sync_frequency_minutes: int
    created_at: datetime
    disconnected_at: datetime | None
    stats: IntegrationStats
    health: ConnectionHealth | None = None  # in the list (GET /integrations)

    @classmethod
    def from_row(
        cls,
        row: EmailIntegration,
        push: IntegrationPush | None = None,
        *,
        now: datetime | None = None,
        policy: TokenLapsePolicy | None = None,
    ) -> IntegrationPublic:
        if row.disconnected_at is not None:
            status = "disconnected"
        elif not row.is_active:
            status = "disabled"
        else:
            status = "active"
        return cls(
            id=row.id,
            provider=row.provider,
            user_id=row.user_id,
            account_email=row.account_email,
            status=status,
            is_active=row.is_active,
            has_credentials=row.credentials_encrypted is not None,
            config=row.config or {},
            sync_frequency_minutes=row.sync_frequency_minutes,
            created_at=row.created_at,
            disconnected_at=row.disconnected_at,
            stats=IntegrationStats(
                emails_processed=row.emails_processed_count,
                jobs_created=row.jobs_created_count,
                last_synced_at=row.last_synced_at,
                last_sync_status=row.last_sync_status,
                last_sync_error=row.last_sync_error,
            ),
            health=(
                None
                if now is None
                else ConnectionHealth.of(row, push, now=now, policy=policy or TokenLapsePolicy())
            ),
        )


# --- status API (integration status, sync runs, per-email outcomes, jobs) ----------------------


class IntegrationStatus(BaseModel):
    """An integration's state and counters; no configuration and no credentials."""

    id: int
    provider: str
    account_email: str | None
    # active | disabled | disconnected, as in IntegrationPublic
    status: str
    is_active: bool
    sync_frequency_minutes: int
    last_synced_at: datetime | None
    last_sync_status: str | None
    last_sync_error: str | None
    emails_processed_count: int
    jobs_created_count: int
    created_at: datetime
    disconnected_at: datetime | None

    @classmethod
    def from_row(cls, row: EmailIntegration) -> IntegrationStatus:
        public = IntegrationPublic.from_row(row)
        return cls(
            id=row.id,
            provider=row.provider,
            account_email=row.account_email,
            status=public.status,
            is_active=row.is_active,
            sync_frequency_minutes=row.sync_frequency_minutes,
            last_synced_at=row.last_synced_at,
            last_sync_status=row.last_sync_status,
            last_sync_error=row.last_sync_error,
            emails_processed_count=row.emails_processed_count,
            jobs_created_count=row.jobs_created_count,
            created_at=row.created_at,
            disconnected_at=row.disconnected_at,
        )


class SyncRunSummary(BaseModel):
    """One sync run: its outcome, counters and timings."""

    sync_id: UUID
    integration_id: int
    manual_trigger: bool
    # running | success | failed
    status: str
    message: str | None
    keywords_searched: int
    emails_found: int | None
    emails_processed: int
    jobs_created: int
    emails_failed: int
    requested_at: datetime | None
    started_at: datetime
    fetched_at: datetime | None
    finished_at: datetime | None
    duration_seconds: float | None

    @classmethod
    def from_row(cls, row: SyncRun) -> SyncRunSummary:
        return cls(**_run_fields(row))


class EmailOutcome(StrEnum):
    JOB_CREATED = "job_created"
    SKIPPED = "skipped"
    FAILED = "failed"
    # published by the fetcher, not yet written by the jobwriter
    PENDING = "pending"


class JobLink(BaseModel):
    id: int
    href: str


class SyncEmail(BaseModel):
    """One email of a sync run and what became of it."""

    provider_message_id: str
    subject: str | None
    sender: str | None
    received_at: datetime | None
    result: EmailOutcome
    skip_reason: str | None
    category: str | None
    confidence: float | None
    processed_at: datetime | None
    job_ids: list[int]
    jobs: list[JobLink]

    @classmethod
    def from_outcome(cls, outcome: RunEmail) -> SyncEmail:
        ledger = outcome.ledger
        return cls(
            provider_message_id=outcome.provider_message_id,
            subject=ledger.subject if ledger else None,
            sender=ledger.sender if ledger else None,
            received_at=ledger.received_at if ledger else None,
            result=EmailOutcome(ledger.result) if ledger else EmailOutcome.PENDING,
            skip_reason=ledger.skip_reason if ledger else None,
            category=ledger.category if ledger else None,
            confidence=ledger.confidence if ledger else None,
            processed_at=ledger.processed_at if ledger else None,
            job_ids=list(outcome.job_ids),
            jobs=[JobLink(id=job_id, href=f"/jobs/{job_id}") for job_id in outcome.job_ids],
        )


class SyncRunDetail(SyncRunSummary):
    """A sync run with its per-email outcomes."""

    emails: list[SyncEmail]

    @classmethod
    def from_run(cls, row: SyncRun, emails: list[RunEmail]) -> SyncRunDetail:
        return cls(**_run_fields(row), emails=[SyncEmail.from_outcome(e) for e in emails])


def _run_fields(row: SyncRun) -> dict[str, Any]:
    duration = (row.finished_at - row.started_at).total_seconds() if row.finished_at else None
    return {
        "sync_id": row.id,
        "integration_id": row.integration_id,
        "manual_trigger": row.manual_trigger,
        "status": row.status,
        "message": row.message,
        "keywords_searched": row.keywords_searched,
        "emails_found": row.emails_found,
        "emails_processed": row.emails_processed,
        "jobs_created": row.jobs_created,
        "emails_failed": row.emails_failed,
        "requested_at": row.requested_at,
        "started_at": row.started_at,
        "fetched_at": row.fetched_at,
        "finished_at": row.finished_at,
        "duration_seconds": duration,
    }


class JobPostingPublic(BaseModel):
    """A job posting extracted from an email."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    integration_id: int
    provider_message_id: str
    job_index: int
    source_subject: str | None
    source_sender: str | None
    source_received_at: datetime | None
    title: str
    client: str | None
    location: str | None
    work_mode: str | None
    employment_types: list[str]
    duration_months: int | None
    rate_min: float | None
    rate_max: float | None
    rate_unit: str | None
    rate_currency: str | None
    skills: list[str]
    experience_years: int | None
    visa: list[str]
    job_ref: str | None
    confidence: float
    extractor_name: str
    extraction_version: str
    created_at: datetime


class SyncAccepted(BaseModel):
    """A manual sync request was published; follow it at /syncs/{sync_id}."""

    sync_id: UUID
    integration_id: int
    manual_trigger: bool
