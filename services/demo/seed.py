"""The demo tenant: a recruiter, candidates with preferred roles, a maildir integration (and a
colleague's, whose mailbox holds other vendors' copies of the same requirements)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import Provider
from services.db.api_keys import create_api_key
from services.db.models import Candidate, EmailIntegration, PortalUser, Tenant
from services.db.session import transaction

DEMO_TENANT = "Demo Staffing LLC"
DEMO_USER_EMAIL = "recruiter@demo.example.test"
DEMO_COLLEAGUE_EMAIL = "colleague@demo.example.test"
DEMO_CANDIDATES = {
    "Priya S.": ["Java Developer", "Sr Java Developer"],
    "Marcus T.": ["Data Engineer"],
    "Elena R.": ["DevOps Engineer"],
    "Wei L.": ["Python Developer"],
    "Aisha K.": ["Salesforce Developer"],
    "Tom B.": ["Business Analyst"],
}


@dataclass(frozen=True)
class DemoIds:
    tenant_id: int
    user_id: int
    integration_id: int
    api_key: str  # shown once; only its hash is stored
    # a colleague's mailbox at the same agency (vendor copies, one blast both got)
    colleague_integration_id: int | None = None


def seed_demo(session: Session, *, mailbox: Path, colleague_mailbox: Path | None = None) -> DemoIds:
    """Idempotent: a second call finds and returns the same rows."""
    tenant = session.scalar(select(Tenant).where(Tenant.name == DEMO_TENANT))
    if tenant is None:
        tenant = Tenant(name=DEMO_TENANT)
        session.add(tenant)
        session.flush()
    user = session.scalar(select(PortalUser).where(PortalUser.email == DEMO_USER_EMAIL))
    if user is None:
        user = PortalUser(tenant_id=tenant.id, email=DEMO_USER_EMAIL, name="Demo Recruiter")
        session.add(user)
        session.flush()
    existing = set(session.scalars(select(Candidate.name).where(Candidate.tenant_id == tenant.id)))
    for name, roles in DEMO_CANDIDATES.items():
        if name not in existing:
            session.add(Candidate(tenant_id=tenant.id, name=name, preferred_roles=roles))
    integration = _maildir_integration(session, tenant, user, DEMO_USER_EMAIL, mailbox)
    colleague = (
        _maildir_integration(session, tenant, user, DEMO_COLLEAGUE_EMAIL, colleague_mailbox)
        if colleague_mailbox is not None
        else None
    )
    session.flush()
    api_key, _ = create_api_key(session, tenant_id=tenant.id, name="demo")
    colleague_id = colleague.id if colleague is not None else None
    return DemoIds(tenant.id, user.id, integration.id, api_key, colleague_id)


def _maildir_integration(
    session: Session, tenant: Tenant, user: PortalUser, account_email: str, mailbox: Path
) -> EmailIntegration:
    integration = session.scalar(
        select(EmailIntegration).where(
            EmailIntegration.tenant_id == tenant.id,
            EmailIntegration.provider == Provider.MAILDIR.value,
            EmailIntegration.account_email == account_email,
        )
    )
    if integration is None:
        integration = EmailIntegration(
            tenant_id=tenant.id,
            user_id=user.id,
            provider=Provider.MAILDIR.value,
            account_email=account_email,
            config={"path": str(mailbox.resolve())},
            is_active=True,
            sync_frequency_minutes=15,
        )
        session.add(integration)
        session.flush()
    else:
        integration.config = {"path": str(mailbox.resolve())}
    return integration


@dataclass(frozen=True)
class MaildirTenant:
    tenant_id: int
    user_id: int
    api_key: str
    integrations: dict[int, Path]  # integration id → mailbox


def seed_maildir_tenant(
    sessions: sessionmaker[Session],
    mailboxes: Iterable[Path],
    *,
    candidates: Mapping[str, list[str]],
    label: str,
) -> MaildirTenant:
    """A fresh tenant with candidates and one active maildir integration per mailbox."""
    suffix = uuid.uuid4().hex[:8]
    with transaction(sessions) as session:
        tenant = Tenant(name=f"{label}-{suffix}")
        session.add(tenant)
        session.flush()
        user = PortalUser(
            tenant_id=tenant.id,
            email=f"recruiter-{suffix}@{label}.example.test",
            name=label.title(),
        )
        session.add(user)
        session.flush()
        for name, roles in candidates.items():
            session.add(Candidate(tenant_id=tenant.id, name=name, preferred_roles=roles))
        integrations: dict[int, Path] = {}
        for mailbox in mailboxes:
            integration = EmailIntegration(
                tenant_id=tenant.id,
                user_id=user.id,
                provider=Provider.MAILDIR.value,
                account_email=user.email,
                config={"path": str(mailbox.resolve())},
                is_active=True,
            )
            session.add(integration)
            session.flush()
            integrations[integration.id] = mailbox
        api_key, _ = create_api_key(session, tenant_id=tenant.id, name=label)
        return MaildirTenant(tenant.id, user.id, api_key, integrations)
