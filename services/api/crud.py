"""The API's integration reads and writes (the template's crud.py): keyword-only, a Session
first, the caller owns the transaction. Every lookup is scoped to the caller's tenant."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from services.common.crypto import CredentialCipher
from services.db.credentials import store_credentials, wipe_credentials
from services.db.models import (
    EmailIntegration,
    JobPosting,
    PortalUser,
    ProcessedEmail,
    SyncRun,
    SyncRunEmail,
)
from services.db.token_facts import record_token_granted
from services.domain.quotas import IntegrationLimitReached


def user_in_tenant(session: Session, *, user_id: int, tenant_id: int) -> bool:
    user = session.get(PortalUser, user_id)
    return user is not None and user.tenant_id == tenant_id


def get_integration(
    session: Session, *, tenant_id: int, integration_id: int
) -> EmailIntegration | None:
    row = session.get(EmailIntegration, integration_id)
    if row is None or row.tenant_id != tenant_id:
        return None
    return row


def list_integrations(session: Session, *, tenant_id: int) -> list[EmailIntegration]:
    stmt = (
        select(EmailIntegration)
        .where(EmailIntegration.tenant_id == tenant_id)
        .order_by(EmailIntegration.id)
    )
    return list(session.scalars(stmt))


def connect_integration(
    session: Session,
    *,
    tenant_id: int,
    user_id: int,
    provider: str,
    account_email: str | None,
    config: dict[str, Any],
    cipher: CredentialCipher,
    credentials: dict[str, Any],
    max_active: int | None = None,
    now: datetime | None = None,
) -> EmailIntegration:
    """Create the integration with its encrypted credentials, or revive the same mailbox's.

    Reconnecting a mailbox (after a disconnect or an expired token) reuses its integration, so
    its ledger and cursor carry over and old emails do not become jobs a second time. A tenant
    with ``max_active`` active integrations gets IntegrationLimitReached for one more (updating
    an active one is fine)."""
    account_email = account_email.strip().lower() if account_email else None
    row = _same_mailbox(
        session,
        tenant_id=tenant_id,
        user_id=user_id,
        provider=provider,
        account_email=account_email,
    )
    adds_one = row is None or not row.is_active
    if (
        adds_one
        and max_active is not None
        and active_integration_count(session, tenant_id=tenant_id) >= max_active
    ):
        raise IntegrationLimitReached(max_active)
    if row is None:
        row = EmailIntegration(
            tenant_id=tenant_id,
            user_id=user_id,
            provider=provider,
            account_email=account_email,
            config=config,
            is_active=True,
        )
        session.add(row)
    else:
        row.account_email = account_email
        row.config = config
        row.is_active = True
        row.disconnected_at = None
        row.last_sync_error = None
    record_token_granted(row, now=now or datetime.now(UTC))
    session.flush()
    store_credentials(session, integration_id=row.id, cipher=cipher, credentials=credentials)
    return row


def active_integration_count(session: Session, *, tenant_id: int) -> int:
    stmt = select(func.count()).where(
        EmailIntegration.tenant_id == tenant_id, EmailIntegration.is_active.is_(True)
    )
    return int(session.scalar(stmt) or 0)


def disconnect_integration(
    session: Session, *, integration: EmailIntegration, now: datetime
) -> None:
    """Stop syncing and forget the secrets; the row stays for its history and stats."""
    integration.is_active = False
    if integration.disconnected_at is None:
        integration.disconnected_at = now
    session.flush()
    wipe_credentials(session, integration_id=integration.id)


def _same_mailbox(
    session: Session, *, tenant_id: int, user_id: int, provider: str, account_email: str | None
) -> EmailIntegration | None:
    if account_email is None:
        return None  # an unknown address cannot be matched; connect a new integration
    stmt = (
        select(EmailIntegration)
        .where(
            EmailIntegration.tenant_id == tenant_id,
            EmailIntegration.user_id == user_id,
            EmailIntegration.provider == provider,
            EmailIntegration.account_email == account_email,
        )
        .order_by(EmailIntegration.id.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


# --- status API: sync runs, their emails, jobs -------------------------------------------------


@dataclass(frozen=True)
class RunEmail:
    """An email a sync run published, with its ledger row (None while still pending) and the
    ids of the job postings created from it."""

    sync_id: uuid.UUID
    provider_message_id: str
    ledger: ProcessedEmail | None
    job_ids: tuple[int, ...]


def list_sync_runs(
    session: Session, *, tenant_id: int, integration_id: int | None = None, limit: int = 20
) -> list[SyncRun]:
    """The tenant's most recent sync runs, newest first."""
    stmt = select(SyncRun).where(SyncRun.tenant_id == tenant_id)
    if integration_id is not None:
        stmt = stmt.where(SyncRun.integration_id == integration_id)
    stmt = stmt.order_by(SyncRun.started_at.desc(), SyncRun.id).limit(limit)
    return list(session.scalars(stmt))


def get_sync_run(session: Session, *, tenant_id: int, sync_id: uuid.UUID) -> SyncRun | None:
    row = session.get(SyncRun, sync_id)
    if row is None or row.tenant_id != tenant_id:
        return None
    return row


def sync_run_emails(
    session: Session, *, tenant_id: int, sync_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[RunEmail]]:
    """Per run, its emails joined with the ledger and their jobs; every id in ``sync_ids`` gets
    an entry. Emails are ordered by received time (pending ones last), then message id."""
    result: dict[uuid.UUID, list[RunEmail]] = {sync_id: [] for sync_id in sync_ids}
    if not sync_ids:
        return result
    rows = session.execute(
        select(SyncRunEmail, SyncRun.integration_id, ProcessedEmail)
        .join(SyncRun, SyncRun.id == SyncRunEmail.sync_id)
        .outerjoin(
            ProcessedEmail,
            and_(
                ProcessedEmail.integration_id == SyncRun.integration_id,
                ProcessedEmail.provider_message_id == SyncRunEmail.provider_message_id,
                ProcessedEmail.tenant_id == tenant_id,
            ),
        )
        .where(SyncRunEmail.sync_id.in_(sync_ids), SyncRun.tenant_id == tenant_id)
        .order_by(ProcessedEmail.received_at.asc().nulls_last(), SyncRunEmail.provider_message_id)
    ).all()
    jobs = _job_ids_by_message(
        session,
        tenant_id=tenant_id,
        messages={(integration_id, email.provider_message_id) for email, integration_id, _ in rows},
    )
    for email, integration_id, ledger in rows:
        result[email.sync_id].append(
            RunEmail(
                sync_id=email.sync_id,
                provider_message_id=email.provider_message_id,
                ledger=ledger,
                job_ids=tuple(jobs.get((integration_id, email.provider_message_id), ())),
            )
        )
    return result


def _job_ids_by_message(
    session: Session, *, tenant_id: int, messages: set[tuple[int, str]]
) -> dict[tuple[int, str], list[int]]:
    found: dict[tuple[int, str], list[int]] = {}
    if not messages:
        return found
    stmt = (
        select(JobPosting.id, JobPosting.integration_id, JobPosting.provider_message_id)
        .where(
            JobPosting.tenant_id == tenant_id,
            JobPosting.integration_id.in_({i for i, _ in messages}),
            JobPosting.provider_message_id.in_({m for _, m in messages}),
        )
        .order_by(JobPosting.provider_message_id, JobPosting.job_index, JobPosting.id)
    )
    for job_id, integration_id, message_id in session.execute(stmt):
        if (integration_id, message_id) in messages:
            found.setdefault((integration_id, message_id), []).append(job_id)
    return found


def get_job(session: Session, *, tenant_id: int, job_id: int) -> JobPosting | None:
    row = session.get(JobPosting, job_id)
    if row is None or row.tenant_id != tenant_id:
        return None
    return row


def job_titles(session: Session, *, tenant_id: int, job_ids: Sequence[int]) -> dict[int, str]:
    """Titles of the tenant's jobs among ``job_ids``."""
    if not job_ids:
        return {}
    stmt = select(JobPosting.id, JobPosting.title).where(
        JobPosting.tenant_id == tenant_id, JobPosting.id.in_(set(job_ids))
    )
    return {row.id: row.title for row in session.execute(stmt)}
