"""The relational model: tenants, users, candidates, integrations, sync runs, the ledger, jobs."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    select,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, mapped_column


class Base(DeclarativeBase):
    type_annotation_map = {datetime: DateTime(timezone=True), dict[str, Any]: JSON}


class Tenant(Base):
    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class PortalUser(Base):
    __tablename__ = "portal_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str | None] = mapped_column(String(200))


class Candidate(Base):
    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # job titles the candidate wants; the union over a tenant is the sync's search keywords
    preferred_roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class IntegrationCounters(Base):
    """An integration's running totals, kept off its row: the jobwriter adds to them in every
    batch, and the integration row is what a fetcher keeps locked while it decides and takes
    its sync lease (services.db.leases), so sharing it made the two wait on each other."""

    __tablename__ = "integration_counters"

    integration_id: Mapped[int] = mapped_column(
        ForeignKey("email_integrations.id"), primary_key=True
    )
    emails_processed: Mapped[int] = mapped_column(Integer, default=0)
    jobs_created: Mapped[int] = mapped_column(Integer, default=0)


class EmailIntegration(Base):
    __tablename__ = "email_integrations"
    # a push notification names its mailbox by address
    __table_args__ = (Index("ix_email_integrations_provider_account", "provider", "account_email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("portal_users.id"), index=True)
    provider: Mapped[str] = mapped_column(String(20))
    account_email: Mapped[str | None] = mapped_column(String(320))
    # provider settings without secrets (maildir path, IMAP host/port ...)
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Fernet-encrypted secrets (issue 3); never filtered or indexed
    credentials_encrypted: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    sync_frequency_minutes: Mapped[int] = mapped_column(Integer, default=15)
    last_synced_at: Mapped[datetime | None]
    last_sync_status: Mapped[str | None] = mapped_column(String(20))
    last_sync_error: Mapped[str | None] = mapped_column(Text)
    # read-only: the totals in integration_counters (0 before the first email)
    emails_processed_count: Mapped[int] = column_property(
        func.coalesce(
            select(IntegrationCounters.emails_processed)
            .where(IntegrationCounters.integration_id == id)
            .scalar_subquery(),
            0,
        )
    )
    jobs_created_count: Mapped[int] = column_property(
        func.coalesce(
            select(IntegrationCounters.jobs_created)
            .where(IntegrationCounters.integration_id == id)
            .scalar_subquery(),
            0,
        )
    )
    provider_cursor: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # one sync per integration at a time: the fetcher replica holding the lease, and until when
    # (a crashed holder's lease simply expires)
    sync_lease_owner: Mapped[str | None] = mapped_column(String(200))
    sync_lease_until: Mapped[datetime | None]
    # set when the user disconnects through the API (is_active=false, credentials wiped)
    disconnected_at: Mapped[datetime | None]
    # when provider_cursor was last stored: the cursor's age in the health view
    cursor_updated_at: Mapped[datetime | None]
    # the refresh token: when the user granted it (connect, reconnect), when a sync last
    # stored it refreshed (used; Microsoft rotates it), when a sync found it expired or revoked
    # (cleared by a reconnect). Its known lapse follows (services.domain.token_health)
    token_granted_at: Mapped[datetime | None]
    token_refreshed_at: Mapped[datetime | None]
    token_failed_at: Mapped[datetime | None]


class IntegrationPush(Base):
    """An integration's push notifications (one row once it has any): the debounce mark, the
    provider watch and the last notification. See services.domain.push."""

    __tablename__ = "integration_push"

    integration_id: Mapped[int] = mapped_column(
        ForeignKey("email_integrations.id"), primary_key=True
    )
    # the push sync requested and not started yet: further notifications are debounced
    pending_sync_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    pending_since: Mapped[datetime | None]
    watch_expires_at: Mapped[datetime | None]
    watch_renewed_at: Mapped[datetime | None]
    # why the last watch attempt failed (no tokens); None once one succeeds
    watch_error: Mapped[str | None] = mapped_column(Text)
    last_notification_at: Mapped[datetime | None]
    # the highest history id notified: an older or equal one is a replay
    last_history_id: Mapped[int | None] = mapped_column(BigInteger)
    # Outlook: the Graph subscription notifications name (unique) and its clientState secret,
    # encrypted with the credential keys (services.common.crypto)
    graph_subscription_id: Mapped[str | None] = mapped_column(String(128), unique=True, index=True)
    graph_client_state: Mapped[str | None] = mapped_column(Text)


class SyncSlotClaim(Base):
    """One row per (integration, scheduler slot): the first scheduler replica to insert it emits."""

    __tablename__ = "sync_slot_claims"

    integration_id: Mapped[int] = mapped_column(
        ForeignKey("email_integrations.id"), primary_key=True
    )
    slot: Mapped[datetime] = mapped_column(primary_key=True)
    sync_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    claimed_by: Mapped[str] = mapped_column(String(200))
    claimed_at: Mapped[datetime] = mapped_column(server_default=func.now())


class SyncRun(Base):
    __tablename__ = "sync_runs"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    integration_id: Mapped[int] = mapped_column(ForeignKey("email_integrations.id"), index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    manual_trigger: Mapped[bool] = mapped_column(Boolean, default=False)
    # push | cron | manual (SyncReason); None for runs from before the reason existed
    reason: Mapped[str | None] = mapped_column(String(10))
    # running -> success | failed; "success" also when nothing matched
    status: Mapped[str] = mapped_column(String(20), default="running")
    message: Mapped[str | None] = mapped_column(Text)
    keywords_searched: Mapped[int] = mapped_column(Integer, default=0)
    emails_found: Mapped[int | None] = mapped_column(Integer)
    emails_processed: Mapped[int] = mapped_column(Integer, default=0)
    jobs_created: Mapped[int] = mapped_column(Integer, default=0)
    emails_failed: Mapped[int] = mapped_column(Integer, default=0)
    requested_at: Mapped[datetime | None]
    started_at: Mapped[datetime] = mapped_column(server_default=func.now(), index=True)
    fetched_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class SyncRunEmail(Base):
    """Which emails a sync run published; a run completes when all of them are accounted for."""

    __tablename__ = "sync_run_emails"

    sync_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sync_runs.id"), primary_key=True)
    provider_message_id: Mapped[str] = mapped_column(String(512), primary_key=True)
    handled: Mapped[bool] = mapped_column(Boolean, default=False)


class ProcessedEmail(Base):
    """The ledger: one row per (integration, provider message); its insert is the idempotency
    gate."""

    __tablename__ = "processed_emails"
    __table_args__ = (
        UniqueConstraint("integration_id", "provider_message_id"),
        Index("ix_processed_emails_tenant_message_key", "tenant_id", "message_key"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    integration_id: Mapped[int] = mapped_column(ForeignKey("email_integrations.id"))
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    sync_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    provider_message_id: Mapped[str] = mapped_column(String(512))
    thread_id: Mapped[str | None] = mapped_column(String(512))
    subject: Mapped[str | None] = mapped_column(Text)
    sender: Mapped[str | None] = mapped_column(String(512))
    received_at: Mapped[datetime | None]
    # job_created | skipped | failed
    result: Mapped[str] = mapped_column(String(20))
    skip_reason: Mapped[str | None] = mapped_column(String(200))
    category: Mapped[str | None] = mapped_column(String(40))
    confidence: Mapped[float | None] = mapped_column(Float)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job_postings.id"))
    jobs_created: Mapped[int] = mapped_column(Integer, default=0)
    processed_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # services.domain.messages.message_key: the same message in another mailbox of the tenant
    message_key: Mapped[str | None] = mapped_column(String(1010))


class JobPosting(Base):
    __tablename__ = "job_postings"
    __table_args__ = (
        UniqueConstraint("tenant_id", "integration_id", "provider_message_id", "job_index"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    integration_id: Mapped[int] = mapped_column(ForeignKey("email_integrations.id"))
    created_by_user_id: Mapped[int] = mapped_column(ForeignKey("portal_users.id"))
    provider_message_id: Mapped[str] = mapped_column(String(512))
    job_index: Mapped[int] = mapped_column(Integer)
    source_subject: Mapped[str | None] = mapped_column(Text)
    source_sender: Mapped[str | None] = mapped_column(String(512))
    source_received_at: Mapped[datetime | None]
    title: Mapped[str] = mapped_column(String(300))
    client: Mapped[str | None] = mapped_column(String(300))
    location: Mapped[str | None] = mapped_column(String(200))
    work_mode: Mapped[str | None] = mapped_column(String(20))
    employment_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    duration_months: Mapped[int | None] = mapped_column(Integer)
    rate_min: Mapped[float | None] = mapped_column(Float)
    rate_max: Mapped[float | None] = mapped_column(Float)
    rate_unit: Mapped[str | None] = mapped_column(String(10))
    rate_currency: Mapped[str | None] = mapped_column(String(3))
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    experience_years: Mapped[int | None] = mapped_column(Integer)
    visa: Mapped[list[str]] = mapped_column(JSON, default=list)
    job_ref: Mapped[str | None] = mapped_column(String(200))
    confidence: Mapped[float] = mapped_column(Float)
    extractor_name: Mapped[str] = mapped_column(String(100))
    extraction_version: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class RawEmailBlob(Base):
    """Raw emails too large for the email.raw topic; the message carries this row's key instead."""

    __tablename__ = "raw_email_blobs"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class ApiKey(Base):
    """A tenant's API key. Only the SHA-256 of the raw key is stored; the raw key is shown once."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # the first characters of the raw key, so people can tell their keys apart
    key_prefix: Mapped[str] = mapped_column(String(8))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    revoked_at: Mapped[datetime | None]
    # None: the key lives until revoked
    expires_at: Mapped[datetime | None]


class ApiSession(Base):
    """A browser's read-only session on the run-history page, signed in with an API key. Only the
    SHA-256 of the session token is stored; revoking the key ends its sessions at once."""

    __tablename__ = "api_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)


class OAuthState(Base):
    """One OAuth connect attempt: bound to tenant, user and provider, then (at the start endpoint)
    to one browser; single use, short-lived. The callback carries no API key, so this row and the
    browser's cookie are what authenticate it. Nothing here is usable on its own: the state and
    the browser nonce are stored as SHA-256 hashes, the PKCE verifier (or MSAL's flow) encrypted.
    """

    __tablename__ = "oauth_states"

    state_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("portal_users.id"))
    provider: Mapped[str] = mapped_column(String(20))
    # set once, by the first browser that opens the start URL
    browser_hash: Mapped[str | None] = mapped_column(String(64))
    # CredentialCipher token of {"code_verifier"} (Google) or {"flow"} (MSAL's auth-code flow)
    secrets_encrypted: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)


class Notification(Base):
    """The outbox of user emails about integration events: written in the transaction that
    decides to send, sent after its commit by a sender that sets ``sent_at``. The unique key
    makes one email per (integration, kind, event)."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("integration_id", "kind", "event_key"),
        # the sender's scan: only unsent rows, a handful at any time
        Index("ix_notifications_unsent", "id", postgresql_where=text("sent_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    integration_id: Mapped[int] = mapped_column(ForeignKey("email_integrations.id"))
    kind: Mapped[str] = mapped_column(String(40))
    event_key: Mapped[str] = mapped_column(String(200))
    # the message as decided; NULL only on rows sent before the outbox existed
    recipient: Mapped[str | None] = mapped_column(String(320))
    subject: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # after a failed attempt: not before this time, and why it failed (never a credential)
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class JobPostingHistory(Base):
    """A job posting's extracted fields before a newer extractor version replaced them."""

    __tablename__ = "job_posting_history"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    job_posting_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("job_postings.id"), index=True
    )
    changed_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # the version that produced ``fields`` (the posting's extraction_version before the change)
    extraction_version: Mapped[str] = mapped_column(String(50))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)


class _JobFields:
    """The extracted fields a requirement and each of its sightings carry."""

    title: Mapped[str] = mapped_column(String(300))
    client: Mapped[str | None] = mapped_column(String(300))
    location: Mapped[str | None] = mapped_column(String(200))
    work_mode: Mapped[str | None] = mapped_column(String(20))
    duration_months: Mapped[int | None] = mapped_column(Integer)
    rate_min: Mapped[float | None] = mapped_column(Float)
    rate_max: Mapped[float | None] = mapped_column(Float)
    rate_unit: Mapped[str | None] = mapped_column(String(10))


class Requirement(_JobFields, Base):
    """One requirement of a tenant however many vendors and mailboxes sent it; its fields are
    the best-supported values of its sightings (services.domain.requirements.canonical)."""

    __tablename__ = "requirements"
    __table_args__ = (Index("ix_requirements_tenant_block", "tenant_id", "block_key", "status"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    # title head + state: a new sighting compares only with requirements of its block
    block_key: Mapped[str] = mapped_column(String(200))
    # open | closed | on_hold | merged
    status: Mapped[str] = mapped_column(String(10), default="open")
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    job_ref: Mapped[str | None] = mapped_column(String(200))
    sightings: Mapped[int] = mapped_column(Integer, default=0)
    # a recruiter merged this one into that one (status "merged"): its matches go there
    merged_into_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("requirements.id", name="fk_requirements_merged_into"),
    )
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now())


class RequirementSighting(_JobFields, Base):
    """One vendor's copy of a requirement: a job of one email in one mailboxes. Its unique key
    is the job posting's, so a redelivery adds no sighting twice."""

    __tablename__ = "requirement_sightings"
    __table_args__ = (
        UniqueConstraint("tenant_id", "integration_id", "provider_message_id", "job_index"),
        Index("ix_requirement_sightings_tenant_job_ref", "tenant_id", "job_ref_key"),
        Index("ix_requirement_sightings_tenant_vendor_key", "tenant_id", "vendor_key"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    requirement_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("requirements.id"), index=True
    )
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    integration_id: Mapped[int] = mapped_column(ForeignKey("email_integrations.id"))
    provider_message_id: Mapped[str] = mapped_column(String(512))
    job_index: Mapped[int] = mapped_column(Integer)
    sender: Mapped[str | None] = mapped_column(String(512))
    vendor_domain: Mapped[str | None] = mapped_column(String(255))
    # the vendor's company: from the sender's domain, or its signature for a free-mail sender
    vendor_company: Mapped[str | None] = mapped_column(String(200))
    # who the vendor is when vendors are counted or grouped (services.domain.vendor_identity)
    vendor_key: Mapped[str | None] = mapped_column(String(255))
    received_at: Mapped[datetime | None]
    employment_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    job_ref: Mapped[str | None] = mapped_column(String(200))
    # job_ref normalized (services.domain.requirements.normalize_job_id): the first match rule
    job_ref_key: Mapped[str | None] = mapped_column(String(200))
    # [{field, source, start, end, text}] of this job, from the parser's evidence
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class RequirementHistory(Base):
    """A requirement field's earlier value, replaced when a sighting changed the best-supported
    one (a rate raised, a duration extended) or when a closing notice closed it."""

    __tablename__ = "requirement_history"
    __table_args__ = (
        Index("ix_requirement_history_message", "integration_id", "provider_message_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    requirement_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("requirements.id"), index=True
    )
    sighting_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("requirement_sightings.id")
    )
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    new_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    changed_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # the closing notice's email that changed the status (a redelivery finds it)
    integration_id: Mapped[int | None] = mapped_column(Integer)
    provider_message_id: Mapped[str | None] = mapped_column(String(512))


class RequirementOverride(Base):
    """A recruiter's merge (requirement → target) or split (a sighting of requirement out into
    target). A split pins later sightings of the same vendor's job id, or of the same message,
    to its target."""

    __tablename__ = "requirement_overrides"
    __table_args__ = (
        Index("ix_requirement_overrides_tenant_job_ref", "tenant_id", "job_ref_key"),
        Index(
            "ix_requirement_overrides_tenant_message",
            "tenant_id",
            "integration_id",
            "provider_message_id",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    # merge | split
    kind: Mapped[str] = mapped_column(String(10))
    requirement_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("requirements.id")
    )
    target_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("requirements.id")
    )
    sighting_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("requirement_sightings.id")
    )
    vendor_domain: Mapped[str | None] = mapped_column(String(255))
    # the split sighting's vendor key: a pin holds for that vendor's job id
    vendor_key: Mapped[str | None] = mapped_column(String(255))
    job_ref_key: Mapped[str | None] = mapped_column(String(200))
    integration_id: Mapped[int | None] = mapped_column(Integer)
    provider_message_id: Mapped[str | None] = mapped_column(String(512))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
