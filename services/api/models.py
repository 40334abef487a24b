"""Request and response bodies. Public models carry no secrets: credentials never leave the DB."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, SecretStr

from services.db.models import EmailIntegration


class OAuthProvider(StrEnum):
    GMAIL = "gmail"
    OUTLOOK = "outlook"


class AuthorizationUrl(BaseModel):
    authorization_url: str


class ConnectedIntegration(BaseModel):
    integration_id: int
    provider: str


class ImapCreate(BaseModel):
    user_id: int
    host: str = Field(min_length=1, max_length=253)
    port: int = Field(ge=1, le=65535)
    username: str = Field(min_length=1, max_length=320)
    # SecretStr: a repr or a log line shows "**********"
    password: SecretStr = Field(min_length=1)
    use_tls: bool = True
    folder: str = Field(default="INBOX", min_length=1, max_length=200)


class IntegrationStats(BaseModel):
    emails_processed: int
    jobs_created: int
    last_synced_at: datetime | None
    last_sync_status: str | None
    last_sync_error: str | None


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

    @classmethod
    def from_row(cls, row: EmailIntegration) -> IntegrationPublic:
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
        )
