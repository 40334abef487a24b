"""Pydantic models: the Python side of every topic's contract.

The JSON Schemas in ``schemas/jsonschema`` are generated from these models (``make schemas``);
``tests/schemas`` proves the two agree and that every example validates against both.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

Id = Annotated[int, Field(ge=1)]


class Contract(BaseModel):
    # extra="forbid": a producer that adds a field must bump the schema version
    model_config = ConfigDict(extra="forbid", frozen=True)


class Provider(StrEnum):
    GMAIL = "gmail"
    OUTLOOK = "outlook"
    IMAP = "imap"
    MAILDIR = "maildir"


class SyncReason(StrEnum):
    """Why a sync was requested: each reason has its own start limits in the fetcher."""

    PUSH = "push"  # the mailbox provider notified a change (Gmail Pub/Sub, …)
    CRON = "cron"  # the scheduler's safety net
    MANUAL = "manual"  # a user pressed "sync now"


class SyncRequested(Contract):
    """email.sync.requested v1: one sync of one integration's mailbox."""

    model_config = ConfigDict(title="email_sync_requested")

    sync_id: UUID
    integration_id: Id
    user_id: Id
    tenant_id: Id
    provider: Provider
    manual_trigger: bool = False
    slot: datetime | None = Field(
        default=None, description="Scheduler slot this request belongs to; null for manual triggers"
    )
    requested_at: datetime
    reason: SyncReason | None = Field(
        default=None,
        description=(
            "Why the sync was requested; null (older producers): manual when manual_trigger, "
            "else cron"
        ),
    )

    @property
    def sync_reason(self) -> SyncReason:
        """The reason, also for requests written before the field existed."""
        if self.reason is not None:
            return self.reason
        return SyncReason.MANUAL if self.manual_trigger else SyncReason.CRON


class RawEmail(Contract):
    """email.raw v1: one fetched email as base64 RFC 822 bytes, or a reference when oversized."""

    model_config = ConfigDict(title="email_raw")

    sync_id: UUID
    integration_id: Id
    user_id: Id
    tenant_id: Id
    provider: Provider
    provider_message_id: Annotated[str, Field(min_length=1, max_length=512)]
    thread_id: str | None = None
    received_at: datetime | None = None
    raw_size: Annotated[int, Field(ge=0)]
    raw_b64: str | None = Field(default=None, description="base64 of the RFC 822 bytes")
    raw_ref: str | None = Field(
        default=None,
        description=(
            "Key of the raw bytes in the raw_email_blobs table when too large for the topic"
        ),
    )

    @model_validator(mode="after")
    def _exactly_one_body(self) -> RawEmail:
        if (self.raw_b64 is None) == (self.raw_ref is None):
            raise ValueError("exactly one of raw_b64 and raw_ref must be set")
        return self


class EmploymentType(StrEnum):
    C2C = "C2C"
    W2 = "W2"
    T1099 = "1099"
    FTE = "FTE"
    C2H = "C2H"


class Visa(StrEnum):
    USC = "USC"
    GC = "GC"
    EAD = "EAD"
    H1B = "H1B"
    TN = "TN"
    OPT = "OPT"
    CPT = "CPT"


class WorkMode(StrEnum):
    ONSITE = "onsite"
    HYBRID = "hybrid"
    REMOTE = "remote"


class Category(StrEnum):
    REQUIREMENT = "requirement"
    HOTLIST = "hotlist"
    SUBMISSION = "submission"
    INTERVIEW = "interview"
    RATE_CONFIRMATION = "rate_confirmation"
    JOB_ALERT_DIGEST = "job_alert_digest"
    NEWSLETTER = "newsletter"
    PERSONAL = "personal"
    CALENDAR = "calendar"
    BOUNCE = "bounce"
    SPAM = "spam"
    OTHER = "other"


class Rate(Contract):
    model_config = ConfigDict(title="rate")

    min: Annotated[float, Field(ge=0)] | None = None
    max: Annotated[float, Field(ge=0)] | None = None
    unit: Literal["hour", "year"]
    currency: Annotated[str, Field(min_length=3, max_length=3)] = "USD"


class ExtractedJob(Contract):
    """One job requirement in the extraction contract shared by every extractor."""

    model_config = ConfigDict(title="extracted_job")

    title: Annotated[str, Field(min_length=1, max_length=300)]
    client: str | None = None
    location: str | None = Field(default=None, description='"City, ST" or "Remote"')
    work_mode: WorkMode | None = None
    employment_types: list[EmploymentType] = Field(default_factory=list)
    duration_months: Annotated[int, Field(ge=0)] | None = None
    rate: Rate | None = None
    skills: Annotated[list[str], Field(max_length=8)] = Field(default_factory=list)
    experience_years: Annotated[int, Field(ge=0)] | None = None
    visa: list[Visa] = Field(default_factory=list)
    job_id: str | None = None


class Extractor(Contract):
    model_config = ConfigDict(title="extractor")

    name: Annotated[str, Field(min_length=1)]
    version: Annotated[str, Field(min_length=1)]


class FieldEvidence(Contract):
    """Where in the clean text (or an attachment's text) one extracted value came from."""

    model_config = ConfigDict(title="field_evidence")

    job_index: Annotated[int, Field(ge=0)]
    field: Annotated[str, Field(min_length=1, max_length=40)]
    source: Annotated[str, Field(min_length=1, max_length=300)] = Field(
        default="body", description='"body", or "attachment:<filename>"'
    )
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]
    text: Annotated[str, Field(max_length=500)]


class LlmUsage(Contract):
    """The language-model calls made for one email."""

    model_config = ConfigDict(title="llm_usage")

    model: Annotated[str, Field(min_length=1, max_length=200)]
    calls: Annotated[int, Field(ge=0)]
    prompt_tokens: Annotated[int, Field(ge=0)]
    completion_tokens: Annotated[int, Field(ge=0)]
    fallback: bool = Field(
        default=False, description="The offline result was used because the model call failed"
    )


class ParseStatus(StrEnum):
    OK = "ok"
    FAILED = "failed"


# bounds the parser keeps to by truncating (not maxLength: a tightened schema would reject data
# already on the topic); the ledger's columns hold sender and thread id in 512 characters
PARSED_SUBJECT_MAX = 1000
PARSED_COMPANY_MAX = 200


class RequirementNotice(Contract):
    """A "position filled / closed / on hold / no longer accepting submissions" notice: what it
    says and what names the requirement it is about."""

    model_config = ConfigDict(title="requirement_notice")

    status: Literal["closed", "on_hold"]
    job_ref: Annotated[str, Field(max_length=200)] | None = Field(
        default=None, description="The job id the notice names, if any"
    )
    title: Annotated[str, Field(max_length=300)] | None = Field(
        default=None, description="The role the notice names (from its subject or first lines)"
    )


PARSED_SENDER_MAX = 512
PARSED_THREAD_ID_MAX = 512
PARSED_ERROR_MAX = 2000


class ParsedEmail(Contract):
    """email.parsed v1: the extraction result for one raw email."""

    model_config = ConfigDict(title="email_parsed")

    sync_id: UUID
    integration_id: Id
    user_id: Id
    tenant_id: Id
    provider: Provider
    provider_message_id: Annotated[str, Field(min_length=1, max_length=512)]
    thread_id: str | None = Field(
        default=None, description=f"At most {PARSED_THREAD_ID_MAX} characters (truncated)"
    )
    subject: str | None = Field(
        default=None, description=f"At most {PARSED_SUBJECT_MAX} characters (truncated)"
    )
    sender: str | None = Field(
        default=None, description=f"At most {PARSED_SENDER_MAX} characters (truncated)"
    )
    received_at: datetime | None = None
    status: ParseStatus
    error: str | None = Field(
        default=None,
        description=f"Why parsing failed; null when status=ok. At most {PARSED_ERROR_MAX}"
        " characters (truncated)",
    )
    is_job: bool
    category: Category
    confidence: Annotated[float, Field(ge=0, le=1)]
    jobs: list[ExtractedJob] = Field(default_factory=list)
    extractor: Extractor
    evidence: list[FieldEvidence] = Field(default_factory=list)
    llm: LlmUsage | None = None
    llm_skip_reason: str | None = Field(
        default=None, description="Why no model was called (e.g. a clear non-job), when none was"
    )
    message_id: Annotated[str, Field(max_length=998)] | None = Field(
        default=None,
        description="The RFC 5322 Message-ID header: the same message in several mailboxes of a "
        "tenant is processed once for jobs",
    )
    body_digest: Annotated[str, Field(pattern="^[0-9a-f]{64}$")] | None = Field(
        default=None,
        description="SHA-256 (hex) of the normalized body text: the same message when there is "
        "no Message-ID",
    )
    sender_company: Annotated[str, Field(max_length=PARSED_COMPANY_MAX)] | None = Field(
        default=None,
        description="The sender's company: from its mail domain, or from the signature block "
        "for a free-mail sender",
    )
    notice: RequirementNotice | None = Field(
        default=None, description="Set when the email closes or holds a requirement"
    )


class JobCreated(Contract):
    """job.created v1: a job posting committed to the tenant's database."""

    model_config = ConfigDict(title="job_created")

    job_posting_id: Id
    tenant_id: Id
    integration_id: Id
    user_id: Id
    sync_id: UUID
    provider_message_id: Annotated[str, Field(min_length=1, max_length=512)]
    job_index: Annotated[int, Field(ge=0)]
    job: ExtractedJob
    extractor: Extractor
    created_at: datetime


class SightingRef(Contract):
    """The vendor email whose job made this requirement event."""

    model_config = ConfigDict(title="sighting_ref")

    integration_id: Id
    provider_message_id: Annotated[str, Field(min_length=1, max_length=512)]
    job_index: Annotated[int, Field(ge=0)] | None = Field(
        default=None, description="Null for a closing notice (an email without a job)"
    )
    vendor_domain: str | None = None
    received_at: datetime | None = None


class RequirementState(Contract):
    """A requirement as it stands after the jobwriter's commit: its best-supported fields and
    how many sightings and vendors it has."""

    requirement_id: Id
    tenant_id: Id
    status: Literal["open", "closed", "on_hold", "merged"]
    title: Annotated[str, Field(min_length=1, max_length=300)]
    client: str | None = None
    location: str | None = None
    work_mode: WorkMode | None = None
    duration_months: Annotated[int, Field(ge=0)] | None = None
    rate: Rate | None = None
    skills: list[str] = Field(default_factory=list)
    job_ref: str | None = None
    sightings: Annotated[int, Field(ge=1)]
    vendors: Annotated[int, Field(ge=0)]
    first_seen_at: datetime
    last_seen_at: datetime
    sighting: SightingRef | None = Field(
        default=None, description="The email behind this event; null for a recruiter's override"
    )
    merged_into: Id | None = Field(
        default=None, description="The surviving requirement, when status is merged"
    )


class RequirementCreated(RequirementState):
    """requirement.created v1: a tenant's first sighting of a requirement, committed."""

    model_config = ConfigDict(title="requirement_created")


class RequirementUpdated(RequirementState):
    """requirement.updated v1: another vendor's or mailbox's sighting of a requirement, a
    changed field or a closing notice, committed."""

    model_config = ConfigDict(title="requirement_updated")

    changed_fields: list[str] = Field(
        default_factory=list, description="Canonical fields this sighting changed (or status)"
    )


class IntegrationErrorType(StrEnum):
    TOKEN_EXPIRED = "token_expired"
    RATE_LIMITED = "rate_limited"
    TRANSIENT = "transient"
    CONFIGURATION = "configuration"


class IntegrationError(Contract):
    """integration.error v1: a mailbox integration failed; token_expired disables it."""

    model_config = ConfigDict(title="integration_error")

    integration_id: Id
    user_id: Id
    tenant_id: Id
    provider: Provider
    sync_id: UUID | None = None
    error_type: IntegrationErrorType
    error_message: Annotated[str, Field(max_length=2000)]
    occurred_at: datetime


class ImapWatch(Contract):
    """integration.imap.active v1: an active IMAP integration's folder, for the watcher that
    owns its partition to IDLE on. Compacted and keyed by integration id; a tombstone (null
    value) means the integration is no longer active. No secret: the watcher reads the password
    from PostgreSQL when it connects."""

    model_config = ConfigDict(title="integration_imap_active")

    integration_id: Id
    tenant_id: Id
    host: Annotated[str, Field(min_length=1, max_length=253)]
    port: Annotated[int, Field(ge=1, le=65535)]
    use_tls: bool = True
    username: Annotated[str, Field(min_length=1, max_length=320)]
    folder: Annotated[str, Field(min_length=1, max_length=1000)] = "INBOX"
