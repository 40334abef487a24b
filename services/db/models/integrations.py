"""A connected mailbox: the integration row (provider, encrypted credentials, cursor, sync lease,
token facts), its running totals kept off that row, its push state, and the outbox of user
emails about its events."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    select,
    text,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column

from services.db.models.base import Base


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
